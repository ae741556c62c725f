use chrono::NaiveDate;

use super::named_enum;
use super::network::Tier;
use super::organization::Employment;
use crate::id::Id;

named_enum!(
    /// How close a tie the contact wants; every suggestion respects it.
    Familiarity, "familiarity" {
        Unknown => "unknown",
        Professional => "professional",
        Friendly => "friendly",
        Personal => "personal",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonName {
    pub full: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub phonetic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub value: String,
    pub kind: Option<String>,
}

/// A phone number: `e164` is set when the number was verified against a region's numbering
/// plan; otherwise only the raw text is kept and the number is unverified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub e164: Option<String>,
    pub raw: String,
    pub kind: Option<String>,
}

/// A postal address: the label as written, plus the parts that could be told apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    pub kind: Option<String>,
    pub label: String,
    pub street: Option<String>,
    pub locality: Option<String>,
    pub region: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
}

/// A contact's picture, as imported from a vCard. Kept small: it travels in the contact's bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub media_type: String,
    pub bytes: Vec<u8>,
}

/// Photos above this size are refused (an import keeps the contact and warns).
pub const MAX_PHOTO_BYTES: usize = 512 * 1024;

/// A property Kith has no field of its own for (a nickname, an instant-messaging handle, a
/// related person, an anniversary, an organization's unit, an exporter's `X-` property), kept
/// as the source wrote it so that an export gives it back.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OtherField {
    /// The vCard property name, upper-case: `NICKNAME`, `IMPP`, `RELATED`, `X-SKYPE`, …
    pub property: String,
    /// Its type or label when the source gave one (`work`, `spouse`, `unit`, …).
    pub label: Option<String>,
    pub value: String,
}

/// How and where we met.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Met {
    pub event: Option<String>,
    pub place: Option<String>,
    pub date: Option<NaiveDate>,
    pub introduced_by: Option<Id>,
}

/// Two devices set the same field concurrently; every value is kept until the user picks one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldConflict {
    pub field: String,
    /// The competing values as display text (`None` for a cleared field), in the same order
    /// on every replica; the first is the one currently shown.
    pub values: Vec<Option<String>>,
}

/// A contact as the read model holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: Id,
    pub name: PersonName,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub organization_id: Option<Id>,
    pub emails: Vec<Email>,
    pub phones: Vec<Phone>,
    pub websites: Vec<String>,
    pub addresses: Vec<Address>,
    /// The photo's media type when the contact has one; the bytes come from `Store::photo`.
    pub photo_type: Option<String>,
    pub tags: Vec<String>,
    pub met: Met,
    pub familiarity: Familiarity,
    pub cadence_days: Option<u32>,
    pub tier: Option<Tier>,
    /// `YYYY-MM-DD`, or `--MM-DD` when the year is unknown.
    pub birthday: Option<String>,
    pub notes: String,
    /// Notes about family and private life, hidden when a contact is shown in a work context.
    pub personal_notes: String,
    pub other_fields: Vec<OtherField>,
    pub employment: Vec<Employment>,
    pub created_at: i64,
    pub updated_at: i64,
    pub deleted_at: Option<i64>,
    pub conflicts: Vec<FieldConflict>,
    /// Set when this contact was merged into another (it is then deleted until unmerged).
    pub merged_into: Option<Id>,
}

/// Input for a new contact, as typed or captured. Validation happens in the store.
#[derive(Debug, Clone, Default)]
pub struct NewContact {
    pub name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    /// How the name is said (from `X-PHONETIC-*` or `SORT-AS`): searched and shown with it.
    pub phonetic: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    /// `value` or `kind:value` (e.g. `work:ana@acme.com`).
    pub emails: Vec<String>,
    /// Raw phone text, optionally `kind:` prefixed; normalized with `region`.
    pub phones: Vec<String>,
    pub websites: Vec<String>,
    pub addresses: Vec<Address>,
    pub photo: Option<Photo>,
    pub tags: Vec<String>,
    pub met: Met,
    pub familiarity: Option<Familiarity>,
    pub cadence_days: Option<u32>,
    pub tier: Option<Tier>,
    pub birthday: Option<String>,
    pub notes: Option<String>,
    pub other_fields: Vec<OtherField>,
    /// Default region (ISO 3166 alpha-2) for phone numbers written without a country code.
    pub region: Option<String>,
    /// Keep numbers that fail the region's numbering plan as unverified instead of refusing
    /// the contact (capture and import do; typing a number does not).
    pub keep_unverified_phones: bool,
}

/// A change to some fields of a contact; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ContactPatch {
    pub name: Option<String>,
    pub given: Option<Option<String>>,
    pub family: Option<Option<String>>,
    pub phonetic: Option<Option<String>>,
    pub title: Option<Option<String>>,
    pub organization: Option<Option<String>>,
    pub emails: Option<Vec<String>>,
    pub phones: Option<Vec<String>>,
    pub websites: Option<Vec<String>>,
    pub addresses: Option<Vec<Address>>,
    pub photo: Option<Option<Photo>>,
    pub add_tags: Vec<String>,
    pub remove_tags: Vec<String>,
    pub met_event: Option<Option<String>>,
    pub met_place: Option<Option<String>>,
    pub met_date: Option<Option<NaiveDate>>,
    pub introduced_by: Option<Option<Id>>,
    pub familiarity: Option<Familiarity>,
    pub cadence_days: Option<Option<u32>>,
    pub tier: Option<Option<Tier>>,
    pub birthday: Option<Option<String>>,
    pub other_fields: Option<Vec<OtherField>>,
    pub region: Option<String>,
    pub keep_unverified_phones: bool,
}

impl ContactPatch {
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.given.is_none()
            && self.family.is_none()
            && self.phonetic.is_none()
            && self.title.is_none()
            && self.organization.is_none()
            && self.emails.is_none()
            && self.phones.is_none()
            && self.websites.is_none()
            && self.addresses.is_none()
            && self.photo.is_none()
            && self.add_tags.is_empty()
            && self.remove_tags.is_empty()
            && self.met_event.is_none()
            && self.met_place.is_none()
            && self.met_date.is_none()
            && self.introduced_by.is_none()
            && self.familiarity.is_none()
            && self.cadence_days.is_none()
            && self.tier.is_none()
            && self.birthday.is_none()
            && self.other_fields.is_none()
    }
}
