//! A capture's writes in one transaction: the contact (new, or the stored one given only what
//! it lacked) and the follow-up the person promised. Deciding which is the use-case's job
//! (`kith::capture`); this only validates and commits.

use super::Store;
use super::contacts::{apply, create};
use super::interactions::write_follow_up;
use crate::error::Result;
use crate::id::Id;
use crate::model::{Contact, ContactPatch, FollowUp, NewContact, NewFollowUp};

pub(crate) struct CaptureWrite {
    pub contact: Id,
    /// Create the contact from this (else it is a stored one).
    pub new: Option<NewContact>,
    /// What a stored contact gains.
    pub patch: Option<ContactPatch>,
    /// The follow-up, for `contact`.
    pub follow_up: Option<NewFollowUp>,
}

impl Store {
    pub(crate) fn commit_capture(&mut self, w: CaptureWrite) -> Result<(Contact, Option<FollowUp>)> {
        let new = w.new.map(|n| self.check_new(n)).transpose()?;
        let patch = w.patch.map(|p| self.check(&p)).transpose()?;
        let now = self.clock.now_ms();
        let follow_up = match w.follow_up {
            // Checked before the contact exists (it is written in the same transaction).
            Some(f) => {
                let what = self.check_follow_up(&NewFollowUp { contact_id: None, ..f.clone() })?;
                Some((Id::new_v7(now), what, NewFollowUp { contact_id: Some(w.contact), ..f }))
            }
            None => None,
        };
        self.write(|b| {
            if let Some((checked, notes)) = &new {
                create(b, w.contact, checked, notes.as_deref())?;
            }
            if let Some(checked) = &patch {
                apply(b, w.contact, checked)?;
            }
            if let Some((id, what, f)) = &follow_up {
                write_follow_up(b, *id, what, f)?;
            }
            Ok(())
        })?;
        let follow_up = follow_up.map(|(id, _, _)| self.follow_up(id)).transpose()?;
        Ok((self.contact(w.contact)?, follow_up))
    }
}
