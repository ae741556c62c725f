//! Looking up contacts that are the same person in the read model: exactly by E.164 number or
//! e-mail, then by the pure name + organization match in `capture::dedup`, blocked by family
//! name so a look-up reads a handful of rows, not the whole network.

use std::collections::BTreeMap;

use rusqlite::Connection;

use super::Store;
use crate::capture::dedup::{Evidence, Probe, fuzzy};
use crate::error::Result;
use crate::id::Id;
use crate::model::Contact;
use crate::model::validate::email_key;

#[derive(Debug, Clone, PartialEq)]
pub struct DuplicatePair {
    pub a: Contact,
    pub b: Contact,
    pub evidence: Vec<Evidence>,
}

fn ids(conn: &Connection, sql: &str, key: &str) -> Result<Vec<Id>> {
    let rows: Vec<String> =
        conn.prepare_cached(sql)?.query_map([key], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().filter_map(|r| r.parse().ok()).collect())
}

impl Store {
    /// The stored contact `probe` most likely is, with the evidence; exact matches first.
    pub fn find_duplicate(&self, probe: &Probe) -> Result<Option<(Id, Vec<Evidence>)>> {
        for email in &probe.emails {
            let found = ids(
                &self.conn,
                "SELECT e.contact_id FROM contact_email e JOIN contact c ON c.id = e.contact_id
                  WHERE lower(e.value) = ?1 AND c.deleted_at IS NULL ORDER BY c.created_at LIMIT 1",
                &email_key(email),
            )?;
            if let Some(id) = found.first() {
                return Ok(Some((*id, vec![Evidence::SameEmail(email.clone())])));
            }
        }
        for phone in &probe.phones {
            let found = ids(
                &self.conn,
                "SELECT p.contact_id FROM contact_phone p JOIN contact c ON c.id = p.contact_id
                  WHERE p.e164 = ?1 AND c.deleted_at IS NULL ORDER BY c.created_at LIMIT 1",
                phone,
            )?;
            if let Some(id) = found.first() {
                return Ok(Some((*id, vec![Evidence::SamePhone(phone.clone())])));
            }
        }
        Ok(self.look_alikes(probe, 1)?.into_iter().next())
    }

    /// Up to `limit` stored contacts that look like `probe` by name (and organization), with
    /// the evidence, in the order they were created.
    pub fn look_alikes(&self, probe: &Probe, limit: usize) -> Result<Vec<(Id, Vec<Evidence>)>> {
        let block = probe.block();
        if block.is_empty() {
            return Ok(Vec::new());
        }
        let candidates = ids(
            &self.conn,
            "SELECT id FROM contact WHERE deleted_at IS NULL AND lower(family) = ?1
             UNION SELECT id FROM contact INDEXED BY contact_without_family
                    WHERE family IS NULL AND deleted_at IS NULL AND lower(full_name) LIKE '%' || ?1
             LIMIT 200",
            &block,
        )?;
        let mut out = Vec::new();
        for id in candidates {
            let c = self.contact(id)?;
            if let Some(evidence) = fuzzy(probe, &Probe::of(&c)) {
                out.push((id, evidence));
                if out.len() == limit {
                    break;
                }
            }
        }
        Ok(out)
    }

    /// Pairs of live contacts that look like one person, with the evidence.
    pub fn duplicates(&self) -> Result<Vec<DuplicatePair>> {
        let mut pairs: BTreeMap<(Id, Id), Vec<Evidence>> = BTreeMap::new();
        let mut add = |a: Id, b: Id, e: Evidence| {
            let key = if a < b { (a, b) } else { (b, a) };
            pairs.entry(key).or_default().push(e);
        };
        for (sql, evidence) in [
            (
                "SELECT lower(e.value), group_concat(DISTINCT e.contact_id) FROM contact_email e
                   JOIN contact c ON c.id = e.contact_id WHERE c.deleted_at IS NULL
                  GROUP BY lower(e.value) HAVING count(DISTINCT e.contact_id) > 1",
                Evidence::SameEmail as fn(String) -> Evidence,
            ),
            (
                "SELECT p.e164, group_concat(DISTINCT p.contact_id) FROM contact_phone p
                   JOIN contact c ON c.id = p.contact_id WHERE c.deleted_at IS NULL AND p.e164 IS NOT NULL
                  GROUP BY p.e164 HAVING count(DISTINCT p.contact_id) > 1",
                Evidence::SamePhone,
            ),
        ] {
            let rows: Vec<(String, String)> = self
                .conn
                .prepare(sql)?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (value, members) in rows {
                let members: Vec<Id> = members.split(',').filter_map(|m| m.parse().ok()).collect();
                for (i, a) in members.iter().enumerate() {
                    for b in &members[i + 1..] {
                        add(*a, *b, evidence(value.clone()));
                    }
                }
            }
        }
        // Fuzzy: compare within blocks of the same folded family name.
        let rows: Vec<(String, String, Option<String>, Option<String>)> = self
            .conn
            .prepare(
                "SELECT c.id, c.full_name, c.family, (SELECT o.name FROM organization o WHERE o.id = c.organization_id)
                   FROM contact c WHERE c.deleted_at IS NULL",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut blocks: BTreeMap<String, Vec<(Id, Probe)>> = BTreeMap::new();
        for (id, name, family, organization) in rows {
            let Ok(id) = id.parse::<Id>() else { continue };
            let probe = Probe { name, family, organization, ..Probe::default() };
            blocks.entry(probe.block()).or_default().push((id, probe));
        }
        for (block, members) in blocks {
            if block.is_empty() || members.len() > 500 {
                continue;
            }
            for (i, (a, pa)) in members.iter().enumerate() {
                for (b, pb) in &members[i + 1..] {
                    if let Some(evidence) = fuzzy(pa, pb) {
                        for e in evidence {
                            add(*a, *b, e);
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        for ((a, b), evidence) in pairs {
            out.push(DuplicatePair { a: self.contact(a)?, b: self.contact(b)?, evidence });
        }
        // Exact evidence first, then by name.
        out.sort_by(|x, y| {
            let exact = |p: &DuplicatePair| !p.evidence.iter().any(Evidence::is_exact);
            (exact(x), &x.a.name.full).cmp(&(exact(y), &y.a.name.full))
        });
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(name: &str, org: Option<&str>) -> Probe {
        Probe { name: name.into(), organization: org.map(str::to_string), ..Probe::default() }
    }

    #[test]
    fn fuzzy_needs_the_organization_unless_names_are_identical() {
        assert!(
            fuzzy(&probe("Jon Reyes", Some("Acme, Inc.")), &probe("Jonathan Reyes", Some("ACME"))).is_none()
        );
        assert!(fuzzy(&probe("Ana Reyes", Some("Acme, Inc.")), &probe("Ana Reyes", Some("ACME"))).is_some());
        assert!(
            fuzzy(&probe("Ana María Reyes", Some("Acme")), &probe("Ana Maria Reyes", Some("Acme Labs")))
                .is_some()
        );
        assert!(fuzzy(&probe("José Núñez", None), &probe("Jose Nunez", None)).is_some());
        assert!(fuzzy(&probe("Ana Reyes", Some("Acme")), &probe("Ana Reyes", Some("Globex"))).is_none());
        assert!(fuzzy(&probe("Ana Reyes", None), &probe("Ana Ruiz", None)).is_none());
        assert!(fuzzy(&probe("Dana Sato", Some("Acme")), &probe("Hana Sato", Some("Acme"))).is_none());
    }
}
