//! The networking method's records: names gained through introductions, what contacts need,
//! what was given and received, and referrals I made.

use chrono::NaiveDate;

use super::named_enum;
use crate::id::Id;

named_enum!(
    /// How far a name gained has come: just a name, contacted, or met.
    IntroStatus, "status" {
        Named => "named",
        Contacted => "contacted",
        Met => "met",
    }
);

named_enum!(
    NeedStatus, "status" {
        Open => "open",
        Helped => "helped",
        Closed => "closed",
    }
);

named_enum!(
    /// Which way something went between me and a contact.
    Flow, "direction" {
        Gave => "gave",
        Received => "received",
    }
);

named_enum!(
    ExchangeKind, "kind" {
        Introduction => "introduction",
        Referral => "referral",
        Advice => "advice",
        Recommendation => "recommendation",
        Information => "information",
        Favor => "favor",
    }
);

named_enum!(
    /// What became of someone I recommended.
    ReferralStatus, "status" {
        Pending => "pending",
        Hired => "hired",
        Declined => "declined",
        PartedWell => "parted_well",
        PartedBadly => "parted_badly",
    }
);

named_enum!(
    /// What an open loop is about; a recommendation owed weighs most.
    LoopKind, "kind" {
        Reply => "reply",
        Intro => "intro",
        Recommendation => "recommendation",
        Article => "article",
        Other => "other",
    }
);

named_enum!(
    /// Keep-in-touch tiers; each has a cadence in days kept in the account settings.
    Tier, "tier" {
        Close => "close",
        Regular => "regular",
        Occasional => "occasional",
    }
);

impl Tier {
    pub fn default_days(self) -> u32 {
        match self {
            Tier::Close => 30,
            Tier::Regular => 90,
            Tier::Occasional => 180,
        }
    }
}

/// A name gained: `introducer` (if any) put me in touch with `contact`, at `meeting` (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Introduction {
    pub id: Id,
    pub introducer: Option<Id>,
    pub contact: Id,
    pub meeting: Option<Id>,
    pub status: IntroStatus,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub id: Id,
    pub contact: Id,
    pub what: String,
    pub status: NeedStatus,
    pub review_on: Option<NaiveDate>,
    pub reviewed_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub id: Id,
    pub contact: Id,
    pub flow: Flow,
    pub kind: ExchangeKind,
    pub note: Option<String>,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralEvent {
    pub status: ReferralStatus,
    pub at: i64,
    pub note: Option<String>,
}

/// I recommended `candidate` to a contact or to a company; what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub id: Id,
    pub candidate: Id,
    pub to_contact: Option<Id>,
    pub company: Option<String>,
    pub status: ReferralStatus,
    pub note: Option<String>,
    /// Every status it went through, oldest first.
    pub history: Vec<ReferralEvent>,
    pub created_at: i64,
    pub updated_at: i64,
}
