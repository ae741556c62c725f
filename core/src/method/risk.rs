//! Where the network hangs on one person, and how much of it sits at one employer.
//!
//! The graph starts at me. I reach a contact directly when I met them myself (no introducer) or
//! at a logged meeting; otherwise through whoever introduced them. Colleagues reach each other
//! through their employer. A contact X
//! *dominates* Y when every path from me to Y passes through X (petgraph's dominator tree):
//! if X steps away, Y was reached only through X.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use petgraph::algo::dominators;
use petgraph::graph::{DiGraph, NodeIndex};
use rusqlite::OptionalExtension;

use crate::error::Result;
use crate::id::Id;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hanging {
    pub contact: Id,
    pub name: String,
    /// Contacts reached only through this one.
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EmployerShare {
    pub organization: String,
    pub contacts: usize,
    /// Of all active contacts, 0.0 to 1.0.
    pub share: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RiskReport {
    pub active_contacts: usize,
    /// People through whom others hang, most first.
    pub hanging: Vec<Hanging>,
    /// Employers by share of active contacts, largest first.
    pub employers: Vec<EmployerShare>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Node {
    Me,
    Contact(usize),
    Employer,
}

/// Who introduced a contact: the first introduction naming an introducer, else the contact's own
/// field. The one definition both reads below use.
const INTRODUCER: &str = "coalesce((SELECT i.introducer_id FROM introduction i WHERE i.contact_id = c.id
        AND i.introducer_id IS NOT NULL ORDER BY i.created_at, i.id LIMIT 1), c.introduced_by)";

/// What the report read of each active contact, digested: its name, employer, introducer and
/// whether a live meeting reaches it. Every edge of the graph and every name shown comes from
/// these (and from organizations' names), so a write that leaves the digests of the contacts it
/// touched alike cannot change the report.
pub(crate) struct RiskInputs(HashMap<Id, u64>);

fn digest(name: &str, organization: Option<&str>, introducer: Option<&str>, met: bool) -> u64 {
    let mut h = DefaultHasher::new();
    (name, organization, introducer, met).hash(&mut h);
    h.finish()
}

impl RiskInputs {
    /// Whether `contact` reads now as it did for the report (absent or deleted then and now).
    pub(crate) fn holds(&self, store: &Store, contact: Id) -> Result<bool> {
        let now: Option<u64> = store
            .connection()
            .prepare_cached(&format!(
                "SELECT c.full_name, c.organization_id, {INTRODUCER},
                        EXISTS (SELECT 1 FROM meeting_participant p WHERE p.contact_id = c.id AND p.live)
                   FROM contact c WHERE c.id = ?1 AND c.deleted_at IS NULL"
            ))?
            .query_row([contact.to_string()], |r| {
                let (name, org, by): (String, Option<String>, Option<String>) =
                    (r.get(0)?, r.get(1)?, r.get(2)?);
                Ok(digest(&name, org.as_deref(), by.as_deref(), r.get(3)?))
            })
            .optional()?;
        Ok(now == self.0.get(&contact).copied())
    }
}

pub(crate) fn network_risk(store: &Store, limit: usize) -> Result<(RiskReport, RiskInputs)> {
    let conn = store.connection();
    let contacts: Vec<(String, String, Option<String>, Option<String>)> = conn
        .prepare(&format!(
            "SELECT c.id, c.full_name, c.organization_id, {INTRODUCER}
               FROM contact c WHERE c.deleted_at IS NULL ORDER BY c.id"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut graph: DiGraph<Node, ()> = DiGraph::with_capacity(contacts.len() + 1, contacts.len() * 2);
    let me = graph.add_node(Node::Me);
    let mut index: HashMap<&str, NodeIndex> = HashMap::with_capacity(contacts.len());
    for (i, (id, ..)) in contacts.iter().enumerate() {
        index.insert(id.as_str(), graph.add_node(Node::Contact(i)));
    }
    let mut employers: HashMap<&str, (NodeIndex, usize)> = HashMap::new();
    for (id, _, org, introducer) in &contacts {
        let node = index[id.as_str()];
        match introducer.as_deref().and_then(|i| index.get(i)) {
            Some(&by) if by != node => {
                graph.add_edge(by, node, ());
            }
            _ => {
                graph.add_edge(me, node, ());
            }
        }
        if let Some(org) = org {
            let entry = employers.entry(org.as_str()).or_insert_with(|| (graph.add_node(Node::Employer), 0));
            entry.1 += 1;
            graph.add_edge(node, entry.0, ());
            graph.add_edge(entry.0, node, ());
        }
    }
    // Meetings: I was there, so every participant is reached directly. (Co-participants reach
    // each other too, but a direct edge from me already dominates any such path, so those edges
    // cannot change who hangs on whom and are left out: 50k meetings stay cheap.)
    let mut met = vec![false; contacts.len()];
    let mut stmt = conn.prepare("SELECT DISTINCT contact_id FROM meeting_participant WHERE live")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let contact: String = row.get(0)?;
        if let Some(&node) = index.get(contact.as_str()) {
            graph.add_edge(me, node, ());
            if let Node::Contact(i) = graph[node] {
                met[i] = true;
            }
        }
    }
    let inputs = RiskInputs(
        contacts
            .iter()
            .zip(&met)
            .filter_map(|((id, name, org, by), met)| {
                Some((id.parse().ok()?, digest(name, org.as_deref(), by.as_deref(), *met)))
            })
            .collect(),
    );

    let tree = dominators::simple_fast(&graph, me);
    let mut hanging_count = vec![0usize; contacts.len()];
    for node in graph.node_indices() {
        if !matches!(graph[node], Node::Contact(_)) {
            continue;
        }
        // Credit every contact above this one in the dominator tree.
        let mut up = tree.immediate_dominator(node);
        while let Some(d) = up {
            if let Node::Contact(i) = graph[d] {
                hanging_count[i] += 1;
            }
            up = tree.immediate_dominator(d);
        }
    }
    let mut hanging: Vec<Hanging> = hanging_count
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .filter_map(|(i, n)| {
            let (id, name, ..) = &contacts[i];
            Some(Hanging { contact: id.parse().ok()?, name: name.clone(), count: *n })
        })
        .collect();
    hanging.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.contact.cmp(&b.contact)));
    hanging.truncate(limit);

    let active = contacts.len();
    let mut shares: Vec<EmployerShare> = Vec::new();
    // Only the largest employers are named: one look-up each, not one per employer.
    let mut by_size: Vec<(&str, usize)> = employers.iter().map(|(org, (_, n))| (*org, *n)).collect();
    by_size.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    for (org, n) in by_size.into_iter().take(limit) {
        let name: String = conn
            .prepare_cached("SELECT name FROM organization WHERE id = ?1")?
            .query_row([org], |r| r.get(0))
            .unwrap_or_else(|_| org.to_string());
        shares.push(EmployerShare {
            organization: name,
            contacts: n,
            share: n as f64 / active.max(1) as f64,
        });
    }
    shares.sort_by(|a, b| b.contacts.cmp(&a.contacts).then_with(|| a.organization.cmp(&b.organization)));
    Ok((RiskReport { active_contacts: active, hanging, employers: shares }, inputs))
}
