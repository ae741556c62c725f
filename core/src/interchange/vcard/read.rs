//! A lenient vCard 2.1 / 3.0 / 4.0 reader for what phones and address books really export:
//! raw non-UTF-8 files, quoted-printable over any charset, folded lines, `item1.` groups, bare
//! 2.1 type parameters, base64 photos, comment and blank lines, a missing `END:VCARD`.

use base64::Engine;
use encoding_rs::Encoding;

use crate::capture::{Draft, DraftEmail, DraftName, DraftPhone, Scored};
use crate::error::InvalidInput;
use crate::model::{Address, MAX_PHOTO_BYTES, Photo};

/// One content line: `group.NAME;PARAM=VALUE:value`, with the value still raw bytes (a
/// quoted-printable value may decode to any charset).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Property {
    group: Option<String>,
    name: String,
    params: Vec<(String, String)>,
    value: Vec<u8>,
}

impl Property {
    fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// TYPE values, lower-cased, from `TYPE=A,B`, repeated `TYPE=`, and 2.1 bare parameters.
    fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE" || k.is_empty())
            .flat_map(|(_, v)| v.split(',').map(|t| t.trim_matches('"').to_lowercase()).collect::<Vec<_>>())
            .collect()
    }

    fn is_quoted_printable(&self) -> bool {
        self.params.iter().any(|(k, v)| {
            (k == "ENCODING" && v.eq_ignore_ascii_case("QUOTED-PRINTABLE"))
                || v.eq_ignore_ascii_case("QUOTED-PRINTABLE")
        })
    }

    fn is_base64(&self) -> bool {
        self.params.iter().any(|(k, v)| {
            (k == "ENCODING" && (v.eq_ignore_ascii_case("b") || v.eq_ignore_ascii_case("BASE64")))
                || v.eq_ignore_ascii_case("BASE64")
        })
    }

    /// The value as text: quoted-printable decoded, then decoded from its `CHARSET` (or the
    /// file's), with vCard escapes left in place for the structured split.
    fn text(&self, file_charset: &'static Encoding) -> String {
        let bytes = if self.is_quoted_printable() { decode_qp(&self.value) } else { self.value.clone() };
        let charset =
            self.param("CHARSET").and_then(|c| Encoding::for_label(c.as_bytes())).unwrap_or(file_charset);
        match std::str::from_utf8(&bytes) {
            Ok(s) if charset == encoding_rs::UTF_8 || !self.is_quoted_printable() => s.to_string(),
            _ => charset.decode(&bytes).0.into_owned(),
        }
    }
}

/// Everything in `bytes` that reads as vCards, with per-card warnings in each draft.
pub fn read(bytes: &[u8]) -> Result<Vec<Draft>, InvalidInput> {
    let (text, file_charset) = decode_file(bytes);
    let lines = unfold(&text);
    let mut cards: Vec<Vec<Property>> = Vec::new();
    let mut current: Option<Vec<Property>> = None;
    let mut depth = 0;
    for line in &lines {
        let Some(prop) = parse_line(line) else { continue };
        match (prop.name.as_str(), prop.value.to_ascii_uppercase().as_slice()) {
            ("BEGIN", b"VCARD") => {
                depth += 1;
                if depth == 1 {
                    current = Some(Vec::new());
                }
            }
            ("END", b"VCARD") => {
                depth -= 1;
                if depth == 0 {
                    cards.extend(current.take());
                }
                depth = depth.max(0);
            }
            _ if depth == 1 => current.get_or_insert_with(Vec::new).push(prop),
            _ => {}
        }
    }
    // A last card without END:VCARD still counts.
    cards.extend(current.take().filter(|c| !c.is_empty()));
    if cards.is_empty() {
        return Err(InvalidInput::NoRecords { format: "vCard" });
    }
    Ok(cards.iter().map(|props| to_draft(props, file_charset)).collect())
}

/// Files that are not UTF-8 (Japanese feature phones write raw Shift_JIS) are decoded with
/// their first `CHARSET=`, or with a detector's guess.
fn decode_file(bytes: &[u8]) -> (String, &'static Encoding) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), encoding_rs::UTF_8);
    }
    let declared = find_charset(bytes).and_then(|label| Encoding::for_label(label.as_bytes()));
    let encoding = declared.unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
        detector.feed(bytes, true);
        detector.guess(None, chardetng::Utf8Detection::Allow)
    });
    (encoding.decode(bytes).0.into_owned(), encoding)
}

fn find_charset(bytes: &[u8]) -> Option<String> {
    let upper = bytes.to_ascii_uppercase();
    let at = upper.windows(8).position(|w| w == b"CHARSET=")? + 8;
    let label: Vec<u8> = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
        .copied()
        .collect();
    String::from_utf8(label).ok()
}

/// Logical lines: folded continuations (leading space or tab) joined, quoted-printable soft
/// breaks (`=` at the end) joined, blank and `#` comment lines dropped.
fn unfold(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut qp_open = false;
    for raw in text.split(['\n', '\r']) {
        if raw.is_empty() {
            continue;
        }
        if qp_open && let Some(last) = out.last_mut() {
            last.pop(); // the soft break's '='
            last.push_str(raw.trim_start());
            qp_open = raw.ends_with('=');
            continue;
        }
        if raw.starts_with([' ', '\t'])
            && let Some(last) = out.last_mut()
        {
            last.push_str(&raw[1..]);
            continue;
        }
        if raw.starts_with('#') {
            continue;
        }
        let upper = raw.to_ascii_uppercase();
        qp_open = upper.contains("QUOTED-PRINTABLE") && raw.ends_with('=') && raw.contains(':');
        out.push(raw.to_string());
    }
    out
}

fn parse_line(line: &str) -> Option<Property> {
    // The value starts at the first ':' outside a quoted parameter value.
    let mut in_quotes = false;
    let colon = line.char_indices().find(|&(_, c)| {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        c == ':' && !in_quotes
    })?;
    let (head, value) = (&line[..colon.0], &line[colon.0 + 1..]);
    let mut parts = split_unquoted(head, ';').into_iter();
    let full_name = parts.next()?.trim().to_string();
    let (group, name) = match full_name.rsplit_once('.') {
        Some((g, n)) => (Some(g.to_string()), n.to_ascii_uppercase()),
        None => (None, full_name.to_ascii_uppercase()),
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '/')
    {
        return None;
    }
    let params = parts
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_uppercase(), v.trim().to_string()),
            None => (String::new(), p.trim().to_string()),
        })
        .collect();
    Some(Property { group, name, params, value: value.as_bytes().to_vec() })
}

fn split_unquoted(text: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut in_quotes = false;
    for c in text.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if c == sep && !in_quotes {
            out.push(String::new());
        } else {
            out.last_mut().expect("never empty").push(c);
        }
    }
    out
}

fn decode_qp(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex =
                std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

/// Splits a structured value on unescaped `sep` and unescapes each part.
fn components(value: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n' | 'N') => out.last_mut().expect("never empty").push('\n'),
                Some(other) => out.last_mut().expect("never empty").push(other),
                None => {}
            },
            c if c == sep => out.push(String::new()),
            c => out.last_mut().expect("never empty").push(c),
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

fn unescape(value: &str) -> String {
    components(value, '\u{0}').concat()
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn kind_of(types: &[String], allowed: &[(&str, &str)]) -> Option<String> {
    allowed.iter().find(|(t, _)| types.iter().any(|x| x == t)).map(|(_, k)| k.to_string())
}

const PHONE_KINDS: &[(&str, &str)] = &[
    ("cell", "mobile"),
    ("fax", "fax"),
    ("work", "work"),
    ("home", "home"),
    ("main", "main"),
    ("x-mobile", "mobile"),
];
const EMAIL_KINDS: &[(&str, &str)] = &[("work", "work"), ("home", "home"), ("internet", "")];

fn to_draft(props: &[Property], charset: &'static Encoding) -> Draft {
    let mut draft = Draft::default();
    let mut name = DraftName::default();
    let mut fallback_title = None;
    let mut notes = Vec::new();
    let mut prefer: Vec<bool> = Vec::new();
    for p in props {
        let text = || p.text(charset);
        match p.name.as_str() {
            "FN" => name.full = unescape(&text()),
            "N" => {
                let parts = components(&text(), ';');
                let get = |i: usize| parts.get(i).cloned().and_then(non_empty);
                name.family = get(0);
                name.given = match (get(1), get(2)) {
                    (Some(g), Some(m)) => Some(format!("{g} {m}")),
                    (g, _) => g,
                };
                name.honorific = get(3);
                name.credentials = get(4);
            }
            "ORG" if draft.organization.is_none() => {
                let parts = components(&text(), ';');
                if let Some(org) = parts.first().cloned().and_then(non_empty) {
                    draft.organization = Some(Scored::certain(org));
                }
            }
            "TITLE" if draft.title.is_none() => {
                draft.title = non_empty(unescape(&text())).map(Scored::certain);
            }
            "ROLE" => fallback_title = fallback_title.or_else(|| non_empty(unescape(&text()))),
            "EMAIL" => {
                if let Some(value) = non_empty(unescape(&text())) {
                    let kind = kind_of(&p.types(), EMAIL_KINDS).filter(|k| !k.is_empty());
                    draft.emails.push(Scored::certain(DraftEmail { value, kind }));
                }
            }
            "TEL" => {
                let value = unescape(&text());
                let raw = value.strip_prefix("tel:").unwrap_or(&value).replace(";ext=", " ext. ");
                // Pause and wait characters are dialling instructions, not digits.
                let raw: String =
                    raw.chars().filter(|c| !matches!(c, 'p' | 'P' | 'w' | 'W' | ',' | ';')).collect();
                if raw.chars().any(|c| c.is_ascii_digit()) {
                    let types = p.types();
                    prefer.push(types.iter().any(|t| t == "pref") || p.param("PREF").is_some());
                    let kind = kind_of(&types, PHONE_KINDS);
                    draft.phones.push(Scored::certain(DraftPhone {
                        raw: raw.trim().to_string(),
                        e164: None,
                        kind,
                    }));
                }
            }
            "URL" => {
                if let Some(url) = non_empty(unescape(&text())) {
                    draft.websites.push(Scored::certain(url));
                }
            }
            "X-SOCIALPROFILE" => {
                if let Some(url) = non_empty(unescape(&text())).filter(|u| u.contains('/')) {
                    draft.websites.push(Scored::certain(url));
                }
            }
            "ADR" => {
                if let Some(address) = address(p, &text()) {
                    draft.addresses.push(Scored::certain(address));
                }
            }
            "BDAY" => draft.birthday = birthday(&unescape(&text())),
            "NOTE" => notes.extend(non_empty(unescape(&text()).replace("\r\n", "\n").replace('\r', "\n"))),
            "CATEGORIES" => {
                draft.tags.extend(components(&text(), ',').into_iter().filter_map(non_empty));
            }
            "PHOTO" => photo(p, &mut draft),
            "X-KITH-MET-EVENT" => draft.met_event = non_empty(unescape(&text())),
            _ => {}
        }
    }
    // Preferred numbers first, as the address book showed them.
    if prefer.iter().any(|p| *p) {
        let mut phones: Vec<(bool, Scored<DraftPhone>)> = prefer.into_iter().zip(draft.phones).collect();
        phones.sort_by_key(|(p, _)| !*p);
        draft.phones = phones.into_iter().map(|(_, ph)| ph).collect();
    }
    if draft.title.is_none() {
        draft.title = fallback_title.map(Scored::certain);
    }
    name.full = name.full.trim().to_string();
    if name.full.is_empty() {
        name.full = [name.honorific.as_deref(), name.given.as_deref(), name.family.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
    }
    if !name.full.is_empty() || name.given.is_some() || name.family.is_some() {
        draft.name = Some(Scored::certain(name));
    }
    draft.notes = (!notes.is_empty()).then(|| notes.join("\n"));
    draft
}

fn address(p: &Property, text: &str) -> Option<Address> {
    let parts = components(text, ';');
    let get = |i: usize| parts.get(i).cloned().and_then(non_empty);
    let street = [get(0), get(1), get(2)].into_iter().flatten().collect::<Vec<_>>().join(", ");
    let street = non_empty(street);
    let (locality, region, postcode, country) = (get(3), get(4), get(5), get(6));
    let label =
        p.param("LABEL").map(|l| unescape(l.trim_matches('"'))).and_then(non_empty).unwrap_or_else(|| {
            let city_line = [postcode.as_deref(), locality.as_deref(), region.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            [street.clone(), non_empty(city_line), country.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n")
        });
    let label = non_empty(label)?;
    let kind = kind_of(&p.types(), &[("work", "work"), ("home", "home")]);
    Some(Address { kind, label, street, locality, region, postcode, country })
}

/// `1990-05-17`, `19900517`, `--0517`, `--05-17`, `1990-05-17T00:00:00Z`.
fn birthday(value: &str) -> Option<String> {
    let date = value.trim().split('T').next().unwrap_or("");
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    if date.starts_with("--") && digits.len() == 4 {
        return Some(format!("--{}-{}", &digits[..2], &digits[2..]));
    }
    if digits.len() == 8 {
        let iso = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]);
        return chrono::NaiveDate::parse_from_str(&iso, "%Y-%m-%d").ok().map(|_| iso);
    }
    None
}

fn photo(p: &Property, draft: &mut Draft) {
    let raw = String::from_utf8_lossy(&p.value);
    let (media_type, data) = if let Some(rest) = raw.strip_prefix("data:") {
        // 4.0: data:image/jpeg;base64,....
        match rest.split_once(',') {
            Some((meta, data)) => {
                (meta.split(';').next().unwrap_or("image/jpeg").to_string(), data.to_string())
            }
            None => return,
        }
    } else if p.is_base64() {
        let kind = p
            .param("TYPE")
            .map(str::to_string)
            .or_else(|| {
                p.params
                    .iter()
                    .find(|(k, v)| k.is_empty() && !v.eq_ignore_ascii_case("BASE64"))
                    .map(|(_, v)| v.clone())
            })
            .unwrap_or_else(|| "jpeg".into())
            .to_lowercase();
        let kind = if kind.contains('/') { kind } else { format!("image/{kind}") };
        (kind, raw.to_string())
    } else {
        draft.warnings.push("a photo given as a link was not fetched".into());
        return;
    };
    let data: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    // Base64 takes 4 chars per 3 bytes: refuse oversized photos before decoding them.
    if data.len() / 4 * 3 > MAX_PHOTO_BYTES {
        draft.warnings.push(format!(
            "photo of about {} KB left out (limit {} KB)",
            data.len() / 4 * 3 / 1024,
            MAX_PHOTO_BYTES / 1024
        ));
        return;
    }
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    match engine.decode(data.as_bytes()) {
        Ok(bytes) if !bytes.is_empty() => draft.photo = Some(Photo { media_type, bytes }),
        _ => draft.warnings.push("photo could not be decoded".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_21_card_with_quoted_printable_and_bare_types() {
        let v = b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=C3=BCrgen\r\nTEL;CELL;PREF:+49 171 2345678\r\nTEL;WORK:030 1234567\r\nEMAIL;INTERNET:j@example.de\r\nBDAY:--0517\r\nEND:VCARD\r\n";
        let cards = read(v).unwrap();
        let d = &cards[0];
        assert_eq!(d.name.as_ref().unwrap().value.full, "Jürgen Müller");
        assert_eq!(d.phones[0].value.kind.as_deref(), Some("mobile"));
        assert_eq!(d.birthday.as_deref(), Some("--05-17"));
    }

    #[test]
    fn folded_lines_groups_and_missing_end() {
        let v = "BEGIN:VCARD\nVERSION:3.0\nFN:Ana\n  Reyes\nitem1.EMAIL;type=INTERNET:ana@acme.com\nitem1.X-ABLabel:_$!<Other>!$_\nADR;TYPE=WORK:;;500 Howard St;San Francisco;CA;94107;USA\n";
        let cards = read(v.as_bytes()).unwrap();
        assert_eq!(cards[0].name.as_ref().unwrap().value.full, "Ana Reyes");
        assert_eq!(cards[0].emails[0].value.value, "ana@acme.com");
        assert_eq!(cards[0].addresses[0].value.postcode.as_deref(), Some("94107"));
    }

    #[test]
    fn junk_is_an_error_not_a_panic() {
        assert!(matches!(read(&[0xff, 0x00, 0x13, 0x37]), Err(InvalidInput::NoRecords { .. })));
        assert!(read(b"BEGIN:VCARD\nFN:x\nPHOTO;ENCODING=b:!!!notbase64\nEND:VCARD").is_ok());
    }
}
