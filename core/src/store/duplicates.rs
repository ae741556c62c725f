//! Finding contacts that are the same person: exactly by E.164 number or e-mail, then fuzzily
//! by name and organization (Jaro-Winkler on accent-folded names, blocked by family name so a
//! look-up reads a handful of rows, not the whole network).

use std::collections::BTreeMap;

use rusqlite::Connection;
use unicode_normalization::UnicodeNormalization;

use super::Store;
use crate::error::Result;
use crate::id::Id;
use crate::model::Contact;
use crate::model::validate::email_key;

/// Why two contacts look like one person.
#[derive(Debug, Clone, PartialEq)]
pub enum Evidence {
    SameEmail(String),
    SamePhone(String),
    /// Jaro-Winkler similarity of the folded names, 0 to 1.
    SimilarName(f64),
    SameOrganization(String),
}

impl Evidence {
    pub fn is_exact(&self) -> bool {
        matches!(self, Evidence::SameEmail(_) | Evidence::SamePhone(_))
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evidence::SameEmail(e) => write!(f, "same e-mail {e}"),
            Evidence::SamePhone(p) => write!(f, "same phone {p}"),
            Evidence::SimilarName(s) => write!(f, "similar name ({:.0}%)", s * 100.0),
            Evidence::SameOrganization(o) => write!(f, "same organization {o}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DuplicatePair {
    pub a: Contact,
    pub b: Contact,
    pub evidence: Vec<Evidence>,
}

/// What is known of a person to look for: from a draft being imported, or a stored contact.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    pub name: String,
    pub family: Option<String>,
    pub organization: Option<String>,
    pub emails: Vec<String>,
    /// E.164 numbers only: raw numbers are too loose to call two people one.
    pub phones: Vec<String>,
}

/// Names this close (Jaro-Winkler) at the same organization are one person.
const SAME_NAME_AT_SAME_ORG: f64 = 0.92;
/// Names this close with no organization to compare are one person.
const SAME_NAME: f64 = 0.985;
const SAME_ORG: f64 = 0.8;

pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An organization name without its legal form, for comparing "Acme, Inc." with "ACME".
fn fold_org(text: &str) -> String {
    const FORMS: &[&str] =
        &["inc", "llc", "ltd", "gmbh", "ag", "sa", "sl", "corp", "co", "plc", "bv", "limited", "corporation"];
    fold(text).split_whitespace().filter(|w| !FORMS.contains(w)).collect::<Vec<_>>().join(" ")
}

/// Compares two people by name and organization; `None` when they do not look alike.
pub fn fuzzy(a: &Probe, b: &Probe) -> Option<Vec<Evidence>> {
    let (na, nb) = (fold(&a.name), fold(&b.name));
    if na.is_empty() || nb.is_empty() {
        return None;
    }
    // "Dana Sato" and "Hana Sato" are two people however close the strings are: names that
    // start differently never match.
    if na.chars().next() != nb.chars().next() {
        return None;
    }
    let name = strsim::jaro_winkler(&na, &nb);
    let org = match (&a.organization, &b.organization) {
        (Some(x), Some(y)) => {
            let (x, y) = (fold_org(x), fold_org(y));
            let prefix = x.len().min(y.len()) >= 3 && (x.starts_with(&y) || y.starts_with(&x));
            Some(
                (!x.is_empty() && (prefix || strsim::normalized_levenshtein(&x, &y) >= SAME_ORG))
                    .then_some(()),
            )
        }
        _ => None,
    };
    match org {
        Some(Some(())) if name >= SAME_NAME_AT_SAME_ORG => Some(vec![
            Evidence::SimilarName(name),
            Evidence::SameOrganization(a.organization.clone().unwrap_or_default()),
        ]),
        None if name >= SAME_NAME => Some(vec![Evidence::SimilarName(name)]),
        _ => None,
    }
}

impl Probe {
    pub fn of(c: &Contact) -> Self {
        Probe {
            name: c.name.full.clone(),
            family: c.name.family.clone(),
            organization: c.organization.clone(),
            emails: c.emails.iter().map(|e| email_key(&e.value)).collect(),
            phones: c.phones.iter().filter_map(|p| p.e164.clone()).collect(),
        }
    }

    /// The key fuzzy comparisons are blocked by: the folded family name (or last name word).
    pub fn block(&self) -> String {
        let family = self
            .family
            .clone()
            .unwrap_or_else(|| self.name.split_whitespace().last().unwrap_or("").to_string());
        fold(&family)
    }
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
