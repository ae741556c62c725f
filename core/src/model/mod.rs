//! The domain in plain Rust types: what a contact, an organization, a meeting and a follow-up
//! are, the inputs that create or change them, and the validation those inputs pass through.
//! Nothing here knows about Automerge or SQLite.

mod card;
mod contact;
mod device;
mod event;
mod follow_up;
pub mod limits;
mod meeting;
mod network;
mod organization;
pub mod validate;

pub use card::MyCard;
pub use contact::{
    Address, Contact, ContactPatch, Email, Familiarity, FieldConflict, MAX_PHOTO_BYTES, Met, NewContact,
    OtherField, PersonName, Phone, Photo,
};
pub use device::Device;
pub use event::EventSession;
pub use follow_up::{Direction, FollowUp, FollowUpStatus, NewFollowUp};
pub use meeting::{Meeting, MeetingKind, NewMeeting};
pub use network::{
    Exchange, ExchangeKind, Flow, IntroStatus, Introduction, LoopKind, Need, NeedStatus, Referral,
    ReferralEvent, ReferralStatus, Tier,
};
pub use organization::{Employment, Organization};

/// Declares a closed set of string-named values (stored and shown by name) with parsing.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::error::InvalidInput;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                $(if wanted == $text { return Ok($name::$variant); })+
                Err(crate::error::InvalidInput::UnknownValue { field: $field })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use named_enum;
