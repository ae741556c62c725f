//! Whether two records are the same person, as pure functions: evidence, the probe a record is
//! reduced to, accent folding, and the fuzzy name + organization match (Jaro-Winkler on folded
//! names). The store looks candidates up; this decides.

use unicode_normalization::UnicodeNormalization;

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
