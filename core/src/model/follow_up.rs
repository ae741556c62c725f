use chrono::NaiveDate;

use super::named_enum;
use super::network::LoopKind;
use crate::id::Id;

named_enum!(
    /// Who owes whom: a reply I promised, or an intro they promised me.
    Direction, "direction" {
        IOwe => "i_owe",
        TheyOwe => "they_owe",
    }
);

named_enum!(
    FollowUpStatus, "status" {
        Open => "open",
        Done => "done",
        Cancelled => "cancelled",
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub id: Id,
    pub what: String,
    /// A calendar date in the user's time zone ("follow up by Friday"), not an instant.
    pub due: NaiveDate,
    pub contact_id: Option<Id>,
    pub meeting_id: Option<Id>,
    pub direction: Direction,
    pub kind: Option<LoopKind>,
    pub status: FollowUpStatus,
    pub snoozed_until: Option<NaiveDate>,
    pub done_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewFollowUp {
    pub what: String,
    pub due: NaiveDate,
    pub contact_id: Option<Id>,
    pub meeting_id: Option<Id>,
    pub direction: Direction,
    pub kind: Option<LoopKind>,
}
