//! Meeting templates per kind: a purpose, an opener and agenda items to start from. Built-in
//! defaults follow the career advice (a networking meeting opens by making clear no job is being
//! asked for); the user edits them, and edits replicate through the account settings.

use serde::{Deserialize, Serialize};

use crate::error::{InvalidInput, Result};
use crate::model::MeetingKind;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub purpose: String,
    pub opener: Option<String>,
    pub agenda: Vec<String>,
}

fn key(kind: MeetingKind) -> String {
    format!("template.{}", kind.as_str())
}

fn builtin(kind: MeetingKind) -> Template {
    let t = |purpose: &str, opener: Option<&str>, agenda: &[&str]| Template {
        purpose: purpose.into(),
        opener: opener.map(Into::into),
        agenda: agenda.iter().map(|a| a.to_string()).collect(),
    };
    match kind {
        MeetingKind::Networking => t(
            "Learn about their field and gain two more names",
            Some("I'm not asking you for a job; I'd value your advice and perspective."),
            &[
                "Their path and what their work is really like",
                "Trends and challenges in their field",
                "Feedback on my plans",
                "Two more people I should talk to",
                "How I can help them",
            ],
        ),
        MeetingKind::DirectContact => t(
            "Ask about a specific opening",
            None,
            &["The role and the team", "How my experience fits", "Next step in the process"],
        ),
        MeetingKind::Interview => t(
            "Show fit for the role",
            None,
            &["Research on the company", "Stories that show my results", "Questions for them", "Timeline"],
        ),
        MeetingKind::Event => t("Meet new people", None, &["Who to look for", "Follow-ups to promise"]),
        MeetingKind::Call => t("Catch up", None, &["Their news", "Open loops between us"]),
        MeetingKind::Message => t("Stay in touch", None, &[]),
        MeetingKind::Coffee => t("Keep the relationship warm", None, &["Their news", "What they need now"]),
    }
}

/// The template for a kind: the user's edit if any, else the built-in one.
pub(crate) fn template(store: &Store, kind: MeetingKind) -> Result<Template> {
    Ok(store
        .setting(&key(kind))?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_else(|| builtin(kind)))
}

pub(crate) fn templates(store: &Store) -> Result<Vec<(MeetingKind, Template)>> {
    MeetingKind::ALL.iter().map(|k| Ok((*k, template(store, *k)?))).collect()
}

pub(crate) fn set_template(store: &mut Store, kind: MeetingKind, template: &Template) -> Result<()> {
    if template.purpose.trim().is_empty() {
        return Err(InvalidInput::Missing { field: "purpose" }.into());
    }
    store.set_setting(&key(kind), &serde_json::to_string(template).expect("templates serialize"))
}
