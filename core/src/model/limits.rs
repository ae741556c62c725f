//! How big a user-visible value may be. Automerge keeps every character of a text's history,
//! so one 31 MB note took 10 GB to import and 17 GB to edit; these bounds keep any single write
//! small enough for a phone, and each is a clear error naming the field.

use super::{ContactPatch, NewContact, NewFollowUp, NewMeeting, OtherField};
use crate::error::InvalidInput;

/// Names, titles, organizations, events, places, companies.
pub const SHORT_TEXT: usize = 300;
/// Notes on a contact or a meeting (about 30 printed pages).
pub const NOTES: usize = 100_000;
/// A follow-up's "what", a need, an agenda item, an exchange's or referral's note.
pub const LINE: usize = 2_000;
pub const TAG: usize = 100;
/// Tags added at once, e-mails, phones, websites, addresses, agenda items, names gained.
pub const ITEMS: usize = 100;

pub fn text(field: &'static str, value: &str, max: usize) -> Result<(), InvalidInput> {
    if value.chars().count() > max { Err(InvalidInput::TooLong { field, max }) } else { Ok(()) }
}

fn opt(field: &'static str, value: Option<&str>, max: usize) -> Result<(), InvalidInput> {
    value.map_or(Ok(()), |v| text(field, v, max))
}

pub fn items<T>(field: &'static str, list: &[T], max: usize) -> Result<(), InvalidInput> {
    if list.len() > max { Err(InvalidInput::TooMany { field, max }) } else { Ok(()) }
}

pub fn contact(c: &NewContact) -> Result<(), InvalidInput> {
    text("name", &c.name, SHORT_TEXT)?;
    opt("notes", c.notes.as_deref(), NOTES)?;
    patch_fields(
        [("given", c.given.as_deref()), ("family", c.family.as_deref()), ("title", c.title.as_deref())],
        [
            ("organization", c.organization.as_deref()),
            ("met_event", c.met.event.as_deref()),
            ("met_place", c.met.place.as_deref()),
        ],
    )?;
    opt("phonetic", c.phonetic.as_deref(), SHORT_TEXT)?;
    other_fields(&c.other_fields)?;
    lists(&c.emails, &c.phones, &c.websites, c.addresses.len(), &c.tags)
}

pub fn other_fields(fields: &[OtherField]) -> Result<(), InvalidInput> {
    items("other_fields", fields, ITEMS)?;
    fields.iter().try_for_each(|f| {
        text("other_fields", &f.property, TAG)?;
        opt("other_fields", f.label.as_deref(), SHORT_TEXT)?;
        text("other_fields", &f.value, LINE)
    })
}

fn inner(v: &Option<Option<String>>) -> Option<&str> {
    v.as_ref().and_then(|x| x.as_deref())
}

pub fn patch(p: &ContactPatch) -> Result<(), InvalidInput> {
    opt("name", p.name.as_deref(), SHORT_TEXT)?;
    patch_fields(
        [("given", inner(&p.given)), ("family", inner(&p.family)), ("title", inner(&p.title))],
        [
            ("organization", inner(&p.organization)),
            ("met_event", inner(&p.met_event)),
            ("met_place", inner(&p.met_place)),
        ],
    )?;
    opt("phonetic", inner(&p.phonetic), SHORT_TEXT)?;
    if let Some(fields) = &p.other_fields {
        other_fields(fields)?;
    }
    let empty: &[String] = &[];
    lists(
        p.emails.as_deref().unwrap_or(empty),
        p.phones.as_deref().unwrap_or(empty),
        p.websites.as_deref().unwrap_or(empty),
        p.addresses.as_ref().map_or(0, Vec::len),
        &p.add_tags,
    )
}

fn patch_fields(
    a: [(&'static str, Option<&str>); 3],
    b: [(&'static str, Option<&str>); 3],
) -> Result<(), InvalidInput> {
    a.into_iter().chain(b).try_for_each(|(field, value)| opt(field, value, SHORT_TEXT))
}

fn lists(
    emails: &[String],
    phones: &[String],
    websites: &[String],
    addresses: usize,
    tags: &[String],
) -> Result<(), InvalidInput> {
    items("emails", emails, ITEMS)?;
    items("phones", phones, ITEMS)?;
    items("websites", websites, ITEMS)?;
    if addresses > ITEMS {
        return Err(InvalidInput::TooMany { field: "addresses", max: ITEMS });
    }
    items("tags", tags, ITEMS)?;
    emails.iter().chain(phones).chain(websites).try_for_each(|v| text("value", v, SHORT_TEXT))?;
    tags.iter().try_for_each(|t| text("tag", t, TAG))
}

pub fn meeting(m: &NewMeeting) -> Result<(), InvalidInput> {
    opt("title", m.title.as_deref(), SHORT_TEXT)?;
    opt("purpose", m.purpose.as_deref(), LINE)?;
    opt("notes", m.notes.as_deref(), NOTES)?;
    opt("outcome", m.outcome.as_deref(), LINE)?;
    opt("next_step", m.next_step.as_deref(), LINE)?;
    items("agenda", &m.agenda, ITEMS)?;
    items("asks", &m.asks, ITEMS)?;
    items("participants", &m.participants, ITEMS)?;
    m.agenda.iter().chain(&m.asks).try_for_each(|a| text("agenda", a, LINE))
}

pub fn follow_up(f: &NewFollowUp) -> Result<(), InvalidInput> {
    text("what", &f.what, LINE)
}
