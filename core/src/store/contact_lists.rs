//! A contact's list rows (e-mails, phones, websites, addresses, other fields, tags, employment),
//! rewritten only where a list changed. Each write of a contact stores a digest of each list on
//! its row; a list whose digest is unchanged keeps its rows. Deleting and re-inserting every
//! list was a tenth of a loaded mixer sync (seven deletes a contact, each a seek in a table
//! and its indexes), for edits that mostly change one register.

use std::fmt::Debug;

use rusqlite::{Connection, params};

use crate::error::Result;
use crate::model::Contact;

/// The lists, in the order their digests are stored.
#[derive(Clone, Copy)]
enum List {
    Emails,
    Phones,
    Websites,
    Addresses,
    OtherFields,
    Tags,
    Employment,
}

const LISTS: [List; 7] = [
    List::Emails,
    List::Phones,
    List::Websites,
    List::Addresses,
    List::OtherFields,
    List::Tags,
    List::Employment,
];

/// Bytes of one list's digest: a chance collision (2^-64 a write) would leave a list's old rows.
const DIGEST: usize = 8;

impl List {
    fn table(self) -> &'static str {
        match self {
            List::Emails => "contact_email",
            List::Phones => "contact_phone",
            List::Websites => "contact_website",
            List::Addresses => "contact_address",
            List::OtherFields => "contact_other_field",
            List::Tags => "contact_tag",
            List::Employment => "employment",
        }
    }

    /// Built from the values' `Debug` form, which spells every string out in quotes with its
    /// escapes and every absent value as `None`, so different lists do not share a form; a form
    /// that changes between builds only rewrites rows.
    fn digest(self, c: &Contact) -> [u8; DIGEST] {
        fn of(v: &impl Debug) -> [u8; DIGEST] {
            let hash = blake3::hash(format!("{v:?}").as_bytes());
            hash.as_bytes()[..DIGEST].try_into().expect("a blake3 hash is 32 bytes")
        }
        match self {
            List::Emails => of(&c.emails),
            List::Phones => of(&c.phones),
            List::Websites => of(&c.websites),
            List::Addresses => of(&c.addresses),
            List::OtherFields => of(&c.other_fields),
            List::Tags => of(&c.tags),
            List::Employment => of(&c.employment),
        }
    }

    fn insert(self, conn: &Connection, key: &str, c: &Contact) -> Result<()> {
        match self {
            List::Emails => {
                let mut stmt = conn.prepare_cached(
                    "INSERT INTO contact_email (contact_id, pos, value, kind) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (pos, e) in c.emails.iter().enumerate() {
                    stmt.execute(params![key, pos as i64, e.value, e.kind])?;
                }
            }
            List::Phones => {
                let mut stmt = conn.prepare_cached(
                    "INSERT INTO contact_phone (contact_id, pos, e164, raw, kind) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?;
                for (pos, p) in c.phones.iter().enumerate() {
                    stmt.execute(params![key, pos as i64, p.e164, p.raw, p.kind])?;
                }
            }
            List::Websites => {
                let mut stmt = conn.prepare_cached(
                    "INSERT INTO contact_website (contact_id, pos, url) VALUES (?1, ?2, ?3)",
                )?;
                for (pos, url) in c.websites.iter().enumerate() {
                    stmt.execute(params![key, pos as i64, url])?;
                }
            }
            List::Addresses => {
                let mut stmt = conn.prepare_cached(
                    "INSERT INTO contact_address (contact_id, pos, kind, label, street, locality, region,
                         postcode, country) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?;
                for (pos, a) in c.addresses.iter().enumerate() {
                    stmt.execute(params![
                        key, pos as i64, a.kind, a.label, a.street, a.locality, a.region, a.postcode,
                        a.country
                    ])?;
                }
            }
            List::OtherFields => {
                let mut stmt = conn.prepare_cached(
                    "INSERT INTO contact_other_field (contact_id, pos, property, label, value)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?;
                for (pos, f) in c.other_fields.iter().enumerate() {
                    stmt.execute(params![key, pos as i64, f.property, f.label, f.value])?;
                }
            }
            List::Tags => {
                let mut stmt =
                    conn.prepare_cached("INSERT INTO contact_tag (contact_id, tag) VALUES (?1, ?2)")?;
                for tag in &c.tags {
                    stmt.execute(params![key, tag])?;
                }
            }
            List::Employment => {
                let mut stmt = conn.prepare_cached(
                    "INSERT INTO employment (id, contact_id, organization_id, title, since, until)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?;
                for e in &c.employment {
                    stmt.execute(params![
                        e.id.to_string(),
                        key,
                        e.organization_id.to_string(),
                        e.title,
                        e.since.map(|d| d.to_string()),
                        e.until.map(|d| d.to_string())
                    ])?;
                }
            }
        }
        Ok(())
    }

    fn delete(self, conn: &Connection, key: &str) -> Result<()> {
        conn.prepare_cached(&format!("DELETE FROM {} WHERE contact_id = ?1", self.table()))?
            .execute([key])?;
        Ok(())
    }
}

/// The digests `write` compares against, as stored on the contact's row.
pub fn digests(c: &Contact) -> Vec<u8> {
    LISTS.iter().flat_map(|list| list.digest(c)).collect()
}

/// Writes the contact's list rows where `digests` (this write's) differ from `stored` (those on
/// its row before it): `None` for a contact new to the read model, which has no list rows yet;
/// `Some(None)` for a row without digests, whose every list is rewritten. Returns whether the
/// tags were written (the contact's needs are searched by them).
pub fn write(
    conn: &Connection,
    key: &str,
    c: &Contact,
    digests: &[u8],
    stored: Option<Option<&[u8]>>,
) -> Result<bool> {
    let mut tags_written = false;
    for (i, list) in LISTS.into_iter().enumerate() {
        let span = i * DIGEST..(i + 1) * DIGEST;
        match stored {
            None => {}
            Some(Some(before)) if before.get(span.clone()) == digests.get(span) => continue,
            Some(_) => list.delete(conn, key)?,
        }
        list.insert(conn, key, c)?;
        tags_written |= matches!(list, List::Tags);
    }
    Ok(tags_written)
}

/// Deletes every list row of a contact (its row goes too).
pub fn delete(conn: &Connection, key: &str) -> Result<()> {
    LISTS.into_iter().try_for_each(|list| list.delete(conn, key))
}
