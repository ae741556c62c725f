//! Writes contacts as vCard 3.0 (what most phones import) or 4.0 (RFC 6350): CRLF lines folded
//! at 75 octets on character boundaries, UTF-8 throughout. Escaping is what outside readers
//! (Python `vobject`, JavaScript `ical.js`) read back exactly: `\;` only inside structured
//! values (N, ADR, ORG), none in URLs, RFC 6868 `^` escapes inside quoted parameters.

use base64::Engine;

use crate::model::{Contact, MyCard, OtherField, Photo};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V3,
    V4,
}

/// Appends one contact's vCard to `out`.
pub fn write(out: &mut String, c: &Contact, photo: Option<&Photo>, version: Version) {
    let v4 = version == Version::V4;
    line(out, "BEGIN:VCARD");
    line(out, if v4 { "VERSION:4.0" } else { "VERSION:3.0" });
    line(out, &format!("UID:urn:uuid:{}", c.id));
    line(out, &format!("FN:{}", text(&c.name.full)));
    let n = [c.name.family.as_deref(), c.name.given.as_deref(), None, None, None]
        .map(|p| component(p.unwrap_or("")))
        .join(";");
    match (&c.name.phonetic, v4) {
        (Some(phonetic), true) => line(out, &format!("N;SORT-AS={}:{n}", param(&phonetic.replace(',', " ")))),
        (Some(phonetic), false) => {
            line(out, &format!("N:{n}"));
            line(out, &format!("SORT-STRING:{}", text(phonetic)));
        }
        (None, _) => line(out, &format!("N:{n}")),
    }
    let (units, others): (Vec<&OtherField>, Vec<&OtherField>) =
        c.other_fields.iter().partition(|f| f.property == "ORG" && f.label.as_deref() == Some("unit"));
    if let Some(org) = &c.organization {
        let units: String = units.iter().map(|u| format!(";{}", component(&u.value))).collect();
        line(out, &format!("ORG:{}{units}", component(org)));
    }
    if let Some(title) = &c.title {
        line(out, &format!("TITLE:{}", text(title)));
    }
    for e in &c.emails {
        line(out, &format!("EMAIL{}:{}", types(e.kind.as_deref(), v4), text(&e.value)));
    }
    for p in &c.phones {
        let kind = p.kind.as_deref().map(|k| if k == "mobile" { "cell" } else { k });
        // The number as the person knows it, when it carries its country code; E.164 otherwise,
        // so that an importer without our default region still reads the same number.
        let self_contained = p.raw.trim_start().starts_with('+') || p.e164.is_none();
        let number = if self_contained { p.raw.clone() } else { p.e164.clone().unwrap_or_default() };
        line(out, &format!("TEL{}:{}", types(kind, v4), text(&number.replace(";ext=", " ext. "))));
    }
    // A URL's value type is URI, not text: no escapes, which readers would keep literally.
    for url in &c.websites {
        line(out, &format!("URL:{}", url.replace(['\r', '\n'], "")));
    }
    for a in &c.addresses {
        let parts = [
            None,
            None,
            a.street.as_deref(),
            a.locality.as_deref(),
            a.region.as_deref(),
            a.postcode.as_deref(),
            a.country.as_deref(),
        ]
        .map(|p| component(p.unwrap_or("")))
        .join(";");
        let label = format!(";LABEL={}", param(&a.label));
        line(out, &format!("ADR{}{label}:{parts}", types(a.kind.as_deref(), v4)));
    }
    if let Some(b) = &c.birthday {
        // A birthday without a year: `--MMDD` (4.0) or ISO 8601's `--MM-DD` (3.0).
        match (b.strip_prefix("--"), v4) {
            (Some(md), true) => line(out, &format!("BDAY:--{}", md.replace('-', ""))),
            _ => line(out, &format!("BDAY:{b}")),
        }
    }
    if !c.notes.is_empty() {
        line(out, &format!("NOTE:{}", text(&c.notes)));
    }
    if !c.tags.is_empty() {
        line(out, &format!("CATEGORIES:{}", c.tags.iter().map(|t| text(t)).collect::<Vec<_>>().join(",")));
    }
    if let Some(event) = &c.met.event {
        line(out, &format!("X-KITH-MET-EVENT:{}", text(event)));
    }
    for f in others {
        let label = f.label.as_deref().map(|l| format!(";TYPE={}", param(l))).unwrap_or_default();
        line(out, &format!("{}{label}:{}", f.property, text(&f.value)));
    }
    if let Some(p) = photo {
        let data = base64::engine::general_purpose::STANDARD.encode(&p.bytes);
        if v4 {
            line(out, &format!("PHOTO:data:{};base64,{data}", p.media_type));
        } else {
            let kind = p.media_type.trim_start_matches("image/").to_uppercase();
            line(out, &format!("PHOTO;ENCODING=b;TYPE={kind}:{data}"));
        }
    }
    line(out, &format!("REV:{}", rev(c.updated_at, v4)));
    line(out, "END:VCARD");
}

/// My card as vCard 3.0, the version every phone's camera reads: no UID or REV, so that a QR
/// code carries only what the other person needs.
pub fn write_card(card: &MyCard) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCARD");
    line(&mut out, "VERSION:3.0");
    let n = [card.family.as_deref(), card.given.as_deref(), None, None, None]
        .map(|p| component(p.unwrap_or("")))
        .join(";");
    line(&mut out, &format!("N:{n}"));
    line(&mut out, &format!("FN:{}", text(&card.full_name)));
    if let Some(org) = &card.organization {
        line(&mut out, &format!("ORG:{}", component(org)));
    }
    if let Some(title) = &card.title {
        line(&mut out, &format!("TITLE:{}", text(title)));
    }
    for phone in &card.phones {
        line(&mut out, &format!("TEL:{}", text(phone)));
    }
    for email in &card.emails {
        line(&mut out, &format!("EMAIL:{}", text(email)));
    }
    for url in &card.websites {
        line(&mut out, &format!("URL:{}", url.replace(['\r', '\n'], "")));
    }
    if let Some(address) = &card.address {
        // The whole address in the street component, lines kept: readers show it as written.
        line(&mut out, &format!("ADR:;;{};;;;", component(address)));
    }
    if let Some(note) = &card.note {
        line(&mut out, &format!("NOTE:{}", text(note)));
    }
    line(&mut out, "END:VCARD");
    out
}

fn types(kind: Option<&str>, v4: bool) -> String {
    match kind {
        Some(k) if v4 => format!(";TYPE={}", k.to_lowercase()),
        Some(k) => format!(";TYPE={}", k.to_uppercase()),
        None => String::new(),
    }
}

fn rev(ms: i64, v4: bool) -> String {
    let t = chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default();
    if v4 { t.format("%Y%m%dT%H%M%SZ").to_string() } else { t.format("%Y-%m-%dT%H:%M:%SZ").to_string() }
}

/// A text value: backslash, comma (the list separator) and newline escaped. A semicolon is
/// escaped only inside structured values (`component`): `ical.js` keeps `\;` literally in FN.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One component of a structured value (N, ADR, ORG), where `;` separates components.
fn component(value: &str) -> String {
    text(value).replace(';', "\\;")
}

/// A parameter value, quoted, with RFC 6868's `^n`, `^'` and `^^` for newline, quote and caret.
fn param(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '^' => out.push_str("^^"),
            '\n' => out.push_str("^n"),
            '"' => out.push_str("^'"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes a content line folded at 75 octets, never inside a UTF-8 sequence.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole() {
        let mut out = String::new();
        line(&mut out, &format!("NOTE:{}", "ü".repeat(100)));
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(out.replace("\r\n ", "").trim_end(), format!("NOTE:{}", "ü".repeat(100)));
    }

    #[test]
    fn escapes_structure_characters_only_where_they_structure() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b;c\\\\d\\ne");
        assert_eq!(component("a,b;c"), "a\\,b\\;c");
        assert_eq!(param("1 Main St\n\"Loft\" ^2"), "\"1 Main St^n^'Loft^' ^^2\"");
    }
}
