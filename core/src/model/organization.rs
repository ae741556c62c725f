use chrono::NaiveDate;

use crate::id::Id;

/// An employer. Its id is derived from its normalized name, so two devices that both meet
/// someone from "Acme" offline end up with one organization, not two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub id: Id,
    pub name: String,
}

impl Organization {
    pub fn id_for_name(name: &str) -> Id {
        let key: String = name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        Id::derived("kith/organization", &key)
    }
}

/// One stretch of a contact's working life. People change jobs; the history stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employment {
    pub id: Id,
    pub organization_id: Id,
    pub organization: String,
    pub title: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}
