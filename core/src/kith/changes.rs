//! Change events: which entities a call changed and why, so a shell refreshes exactly the
//! screens that show them.

use crate::doc::entities::Kind;
use crate::id::Id;
use crate::store::Changed;

/// Why the data changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeReason {
    LocalEdit,
    Capture,
    Import,
    /// Another database file or two contacts merged.
    Merge,
    /// A sync session or a bundle from another device.
    Sync,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEvent {
    pub reason: ChangeReason,
    /// Contacts changed, and contacts whose meetings or last touch moved with what changed (a
    /// meeting's participants, an exchange's contact).
    pub contacts: Vec<Id>,
    pub meetings: Vec<Id>,
    pub follow_ups: Vec<Id>,
    /// Introductions, needs, exchanges, referrals and organizations.
    pub others: Vec<Id>,
    /// Settings, templates or paired devices changed.
    pub settings: bool,
}

impl ChangeEvent {
    pub(crate) fn from_changed(reason: ChangeReason, changed: Changed) -> Option<Self> {
        if changed.entities.is_empty() && !changed.settings {
            return None;
        }
        let mut event = ChangeEvent {
            reason,
            contacts: Vec::new(),
            meetings: Vec::new(),
            follow_ups: Vec::new(),
            others: Vec::new(),
            settings: changed.settings,
        };
        for e in changed.entities {
            match e.kind {
                Kind::Contact => event.contacts.push(e.id),
                Kind::Meeting => event.meetings.push(e.id),
                Kind::FollowUp => event.follow_ups.push(e.id),
                _ => event.others.push(e.id),
            }
        }
        Some(event)
    }

    /// How many entities changed.
    pub fn len(&self) -> usize {
        self.contacts.len() + self.meetings.len() + self.follow_ups.len() + self.others.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0 && !self.settings
    }
}
