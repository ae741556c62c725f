use super::named_enum;
use crate::id::Id;

named_enum!(
    /// Networking meeting, direct contact and interview are different things with different
    /// purposes; the kind drives templates and the method's reports.
    MeetingKind, "kind" {
        Networking => "networking",
        DirectContact => "direct_contact",
        Interview => "interview",
        Event => "event",
        Call => "call",
        Message => "message",
        Coffee => "coffee",
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: Id,
    pub kind: MeetingKind,
    /// When it happened (ms UTC); shown in local time.
    pub occurred_at: i64,
    pub participants: Vec<Id>,
    pub title: Option<String>,
    pub purpose: Option<String>,
    pub agenda: Vec<String>,
    /// What I asked for (advice, names, information); never a job in a networking meeting.
    pub asks: Vec<String>,
    pub notes: String,
    pub outcome: Option<String>,
    pub next_step: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub deleted_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub kind: MeetingKind,
    pub occurred_at: Option<i64>,
    pub participants: Vec<Id>,
    pub title: Option<String>,
    pub purpose: Option<String>,
    pub agenda: Vec<String>,
    pub asks: Vec<String>,
    pub notes: Option<String>,
    pub outcome: Option<String>,
    pub next_step: Option<String>,
}
