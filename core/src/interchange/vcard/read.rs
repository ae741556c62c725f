//! A lenient vCard 2.1 / 3.0 / 4.0 reader for what phones and address books really export:
//! files in any charset with or without a `CHARSET` (UTF-16 from Windows Contacts, cp1252 from
//! Outlook, Shift_JIS from feature phones), quoted-printable, folded lines, `item1.` groups with
//! their `X-ABLabel`, bare 2.1 type parameters, base64 photos, comment and blank lines, cards
//! missing their `END:VCARD`. What Kith has no field for is kept as other fields; every value
//! changed or left out is named in the draft's warnings.

use base64::Engine;
use encoding_rs::Encoding;

use crate::capture::{Draft, DraftEmail, DraftName, DraftPhone, Scored, country_code};
use crate::error::InvalidInput;
use crate::model::{Address, MAX_PHOTO_BYTES, OtherField, Photo, limits};

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
    /// file's), with vCard escapes left in place for the structured split. A quoted-printable
    /// value without a `CHARSET` that is not UTF-8 (Outlook writes cp1252 so) is detected.
    fn text(&self, file_charset: &'static Encoding) -> String {
        if !self.is_quoted_printable() {
            return String::from_utf8_lossy(&self.value).into_owned();
        }
        let bytes = decode_qp(&self.value);
        let declared =
            self.param("CHARSET").and_then(|c| Encoding::for_label(c.trim_matches('"').as_bytes()));
        let charset = declared.unwrap_or(file_charset);
        if charset == encoding_rs::UTF_8 {
            match std::str::from_utf8(&bytes) {
                Ok(s) => return s.to_string(),
                Err(_) if declared.is_none() => return guess(&bytes).decode(&bytes).0.into_owned(),
                Err(_) => {}
            }
        }
        charset.decode(&bytes).0.into_owned()
    }

    fn is(&self, name: &str) -> bool {
        self.name == name && self.value.eq_ignore_ascii_case(b"VCARD")
    }
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// Everything in `bytes` that reads as vCards, with per-card warnings in each draft.
pub fn read(bytes: &[u8]) -> Result<Vec<Draft>, InvalidInput> {
    let (text, file_charset) = decode_file(bytes);
    let props: Vec<Property> = unfold(&text).iter().filter_map(|l| parse_line(l)).collect();
    let cards = split_cards(&props);
    if cards.is_empty() {
        return Err(InvalidInput::NoRecords { format: "vCard" });
    }
    Ok(cards
        .into_iter()
        .map(|(own, unterminated)| {
            let mut draft = to_draft(&own, file_charset);
            if unterminated {
                draft.warnings.insert(0, "the card had no END:VCARD; it was read up to the next card".into());
            }
            draft
        })
        .collect())
}

/// Each card's own properties, and whether it lacked its `END:VCARD`. A `BEGIN:VCARD` inside a
/// card that is closed later is a nested card (2.1's AGENT), left out; inside a card that never
/// closes, it is the next card: the exporter forgot an `END:VCARD`, and reading on would make
/// one person of two.
fn split_cards(props: &[Property]) -> Vec<(Vec<&Property>, bool)> {
    let mut end_of = vec![None; props.len()];
    let mut open = Vec::new();
    for (i, p) in props.iter().enumerate() {
        if p.is("BEGIN") {
            open.push(i);
        } else if p.is("END")
            && let Some(begin) = open.pop()
        {
            end_of[begin] = Some(i);
        }
    }
    let mut cards = Vec::new();
    let mut i = 0;
    while i < props.len() {
        if !props[i].is("BEGIN") {
            i += 1;
            continue;
        }
        match end_of[i] {
            Some(end) => {
                let mut depth = 0usize;
                let mut own = Vec::new();
                for p in &props[i + 1..end] {
                    if p.is("BEGIN") {
                        depth += 1;
                    } else if p.is("END") {
                        depth = depth.saturating_sub(1);
                    } else if depth == 0 {
                        own.push(p);
                    }
                }
                cards.push((own, false));
                i = end + 1;
            }
            None => {
                let next =
                    props[i + 1..].iter().position(|p| p.is("BEGIN")).map_or(props.len(), |k| i + 1 + k);
                let own: Vec<&Property> = props[i + 1..next].iter().filter(|p| !p.is("END")).collect();
                if !own.is_empty() {
                    cards.push((own, true));
                }
                i = next;
            }
        }
    }
    cards
}

/// Files are decoded by their byte-order mark, else as UTF-16 when every other byte is zero
/// (Windows Contacts), else as UTF-8 when they are, else with their first `CHARSET=` or a
/// detector's guess (Japanese feature phones write raw Shift_JIS, Outlook cp1252).
fn decode_file(bytes: &[u8]) -> (String, &'static Encoding) {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let text = encoding.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
        return (text, if encoding == encoding_rs::UTF_8 { encoding } else { encoding_rs::UTF_8 });
    }
    if let Some(utf16) = utf16_without_bom(bytes) {
        return (utf16.decode_without_bom_handling(bytes).0.into_owned(), encoding_rs::UTF_8);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_string(), encoding_rs::UTF_8);
    }
    let declared = find_charset(bytes).and_then(|label| Encoding::for_label(label.as_bytes()));
    let encoding = declared.unwrap_or_else(|| guess(bytes));
    (encoding.decode(bytes).0.into_owned(), encoding)
}

/// UTF-16 text that is mostly ASCII (as vCard syntax is) has a zero in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let zeros_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 >= pairs * 7 && even * 10 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even * 10 >= pairs * 7 && odd * 10 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
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

/// A parameter value: quotes off, RFC 6868's `^n`, `^'`, `^^` decoded, and the `\n` that
/// older writers (Kith's among them) put in labels read as a newline.
fn param_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.trim().trim_matches('"').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('^', Some('n' | 'N')) => out.push('\n'),
            ('^', Some('\'')) => out.push('"'),
            ('^', Some('^')) => out.push('^'),
            ('\\', Some('n' | 'N')) => out.push('\n'),
            _ => {
                out.push(c);
                continue;
            }
        }
        chars.next();
    }
    out
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

/// Properties a reader consumes elsewhere or that carry nothing for a person: never warned.
const SILENT: &[&str] = &[
    "VERSION",
    "PRODID",
    "REV",
    "UID",
    "KIND",
    "SOURCE",
    "NAME",
    "PROFILE",
    "CLASS",
    "MAILER",
    "X-ABUID",
    "X-ABLABEL",
    "X-ABSHOWAS",
    "X-PHONETIC-FIRST-NAME",
    "X-PHONETIC-MIDDLE-NAME",
    "X-PHONETIC-LAST-NAME",
    "SORT-STRING",
    "LABEL",
    "X-KITH-MET-EVENT",
];

/// Apple's `_$!<Other>!$_` labels are its built-in ones; anything else is the user's own text.
fn clean_label(raw: &str) -> String {
    let l = raw.trim();
    let l = l.strip_prefix("_$!<").and_then(|r| r.strip_suffix(">!$_")).unwrap_or(l);
    l.trim().to_lowercase()
}

/// Phone and e-mail kinds Kith knows; any other label is reported, not guessed at.
const KNOWN_KINDS: &[(&str, &str)] = &[
    ("mobile", "mobile"),
    ("cell", "mobile"),
    ("iphone", "mobile"),
    ("work", "work"),
    ("home", "home"),
    ("main", "main"),
    ("other", "other"),
    ("fax", "fax"),
    ("workfax", "fax"),
    ("homefax", "fax"),
];

/// Reads one card's properties into a draft, naming in its warnings every value it changed or
/// left out.
fn to_draft(props: &[&Property], charset: &'static Encoding) -> Draft {
    let mut draft = Draft::default();
    let mut name = DraftName::default();
    let mut fallback_title = None;
    let mut notes = Vec::new();
    let mut prefer: Vec<bool> = Vec::new();
    let mut phonetic: [Option<String>; 3] = [None, None, None];
    let mut sort_as = None;
    let labels: std::collections::HashMap<&str, String> = props
        .iter()
        .filter(|p| p.name == "X-ABLABEL")
        .filter_map(|p| Some((p.group.as_deref()?, clean_label(&unescape(&p.text(charset))))))
        .collect();
    let other = |draft: &mut Draft, property: &str, label: Option<String>, value: String| {
        let Some(value) = non_empty(value) else { return };
        if value.chars().count() > limits::LINE {
            draft.warnings.push(format!("{property} left out: longer than {} characters", limits::LINE));
        } else if draft.other_fields.len() >= limits::ITEMS {
            draft.warnings.push(format!("{property} left out: more than {} other fields", limits::ITEMS));
        } else {
            draft.other_fields.push(OtherField { property: property.to_string(), label, value });
        }
    };
    for p in props {
        let text = || p.text(charset);
        let label = p.group.as_deref().and_then(|g| labels.get(g)).cloned();
        // A kind from the TYPE parameters, else from the group's label; a label Kith has no
        // kind for is named in a warning rather than dropped unseen.
        let kind = |draft: &mut Draft, allowed: &[(&str, &str)], what: &str, value: &str| {
            kind_of(&p.types(), allowed).filter(|k| !k.is_empty()).or_else(|| {
                let label = label.as_deref()?;
                let known = KNOWN_KINDS.iter().find(|(l, _)| *l == label).map(|(_, k)| k.to_string());
                if known.is_none() {
                    draft.warnings.push(format!("label {label:?} of {what} {value} not kept"));
                }
                known
            })
        };
        match p.name.as_str() {
            "FN" if name.full.is_empty() => name.full = unescape(&text()),
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
                sort_as = p.param("SORT-AS").map(|s| components(&param_text(s), ',').join(" "));
            }
            "X-PHONETIC-FIRST-NAME" => phonetic[0] = non_empty(unescape(&text())),
            "X-PHONETIC-MIDDLE-NAME" => phonetic[1] = non_empty(unescape(&text())),
            "X-PHONETIC-LAST-NAME" => phonetic[2] = non_empty(unescape(&text())),
            "SORT-STRING" => sort_as = sort_as.or_else(|| non_empty(unescape(&text()))),
            // Japanese 2.1 phones put the reading of the name in SOUND;X-IRMC-N.
            "SOUND"
                if p.params.iter().any(|(k, v)| k == "X-IRMC-N" || v.eq_ignore_ascii_case("X-IRMC-N")) =>
            {
                let parts = components(&text(), ';').into_iter().filter_map(non_empty).collect::<Vec<_>>();
                sort_as = sort_as.or_else(|| non_empty(parts.join(" ")));
            }
            // Android writes a nickname as its own data row.
            "X-ANDROID-CUSTOM"
                if String::from_utf8_lossy(&p.value).starts_with("vnd.android.cursor.item/nickname;") =>
            {
                let parts = components(&text(), ';');
                other(&mut draft, "NICKNAME", None, parts.get(1).cloned().unwrap_or_default());
            }
            "ORG" => {
                let mut parts = components(&text(), ';').into_iter().filter_map(non_empty);
                if draft.organization.is_none() {
                    draft.organization = parts.next().map(Scored::certain);
                    for unit in parts {
                        other(&mut draft, "ORG", Some("unit".into()), unit);
                    }
                } else {
                    other(&mut draft, "ORG", None, parts.collect::<Vec<_>>().join(", "));
                }
            }
            "TITLE" if draft.title.is_none() => {
                draft.title = non_empty(unescape(&text())).map(Scored::certain);
            }
            "TITLE" => other(&mut draft, "TITLE", None, unescape(&text())),
            "ROLE" => fallback_title = fallback_title.or_else(|| non_empty(unescape(&text()))),
            "EMAIL" => {
                if let Some(value) = non_empty(unescape(&text())) {
                    let kind = kind(&mut draft, EMAIL_KINDS, "e-mail", &value);
                    draft.emails.push(Scored::certain(DraftEmail { value, kind }));
                }
            }
            "TEL" => {
                let value = unescape(&text());
                let raw = value.strip_prefix("tel:").unwrap_or(&value).replace(";ext=", " ext. ");
                let raw = dialling_pauses(&raw, &mut draft.warnings);
                if raw.chars().any(|c| c.is_ascii_digit()) {
                    let types = p.types();
                    prefer.push(types.iter().any(|t| t == "pref") || p.param("PREF").is_some());
                    let kind = kind(&mut draft, PHONE_KINDS, "number", &raw);
                    draft.phones.push(Scored::certain(DraftPhone { raw, e164: None, kind }));
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
                if let Some(mut address) = address(p, &text()) {
                    if address.kind.is_none() {
                        address.kind = label.clone().filter(|l| l == "work" || l == "home");
                    }
                    draft.addresses.push(Scored::certain(address));
                }
            }
            "BDAY" if draft.birthday.is_none() => {
                let value = unescape(&text());
                draft.birthday = birthday(&value);
                if draft.birthday.is_none() {
                    other(&mut draft, "BDAY", None, value);
                }
            }
            "NOTE" => notes.extend(non_empty(unescape(&text()).replace("\r\n", "\n").replace('\r', "\n"))),
            "CATEGORIES" => {
                draft.tags.extend(components(&text(), ',').into_iter().filter_map(non_empty));
            }
            "PHOTO" => photo(p, &mut draft),
            "X-KITH-MET-EVENT" => draft.met_event = non_empty(unescape(&text())),
            "NICKNAME" => {
                for nick in components(&text(), ',') {
                    other(&mut draft, "NICKNAME", None, nick);
                }
            }
            "IMPP" => {
                let service = p.param("X-SERVICE-TYPE").map(|s| s.to_lowercase()).or(label).or_else(|| {
                    p.types()
                        .into_iter()
                        .find(|t| !matches!(t.as_str(), "pref" | "home" | "work" | "internet"))
                });
                other(&mut draft, "IMPP", service, unescape(&text()));
            }
            "RELATED" | "X-ABRELATEDNAMES" => {
                let relation = label.or_else(|| p.types().into_iter().next());
                other(&mut draft, "RELATED", relation, unescape(&text()));
            }
            "ANNIVERSARY" | "X-ANNIVERSARY" => other(&mut draft, "ANNIVERSARY", None, unescape(&text())),
            "X-ABDATE" if label.as_deref() == Some("anniversary") => {
                other(&mut draft, "ANNIVERSARY", None, unescape(&text()))
            }
            "AGENT" => {
                draft.warnings.push("an AGENT (another person's card inside this one) left out".into())
            }
            name if SILENT.contains(&name) => {}
            name if p.is_base64() || String::from_utf8_lossy(&p.value).starts_with("data:") => {
                draft.warnings.push(format!("{name} left out: binary data"));
            }
            "FN" | "BDAY" => draft.warnings.push(format!("a second {} left out", p.name)),
            name => {
                let label = label.or_else(|| {
                    let types = p.types();
                    (!types.is_empty()).then(|| types.join(","))
                });
                other(&mut draft, name, label, unescape(&text()));
            }
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
    name.phonetic = phonetic_name(&name, phonetic).or(sort_as);
    if !name.full.is_empty() || name.given.is_some() || name.family.is_some() {
        draft.name = Some(Scored::certain(name));
    }
    draft.notes = (!notes.is_empty()).then(|| notes.join("\n"));
    draft.region = own_region(&draft);
    draft
}

/// `X-PHONETIC-*` parts in the order the name is written (family first when it is).
fn phonetic_name(name: &DraftName, [given, middle, family]: [Option<String>; 3]) -> Option<String> {
    let family_first =
        name.family.as_deref().is_some_and(|f| name.full.starts_with(f) && name.given.is_some());
    let parts = if family_first { [family, given, middle] } else { [given, middle, family] };
    non_empty(parts.into_iter().flatten().collect::<Vec<_>>().join(" "))
}

/// The country the card itself points to: the first number written with a country code, else
/// the first address's country.
fn own_region(draft: &Draft) -> Option<String> {
    crate::model::validate::phone_metadata_ready();
    let from_number = draft.phones.iter().find_map(|p| {
        let raw = p.value.raw.trim_start();
        if !raw.starts_with('+') {
            return None;
        }
        let number = phonenumber::parse(None, raw).ok()?;
        Some(number.country().id()?.as_ref().to_string())
    });
    from_number.or_else(|| draft.addresses.iter().find_map(|a| country_code(a.value.country.as_deref()?)))
}

/// Pause (`p`, `,`) and wait (`w`, `;`) characters tell a dialler to send the digits after them
/// once the call connects: usually an extension. They are kept as one, with a warning.
fn dialling_pauses(raw: &str, warnings: &mut Vec<String>) -> String {
    let dial = |c: char| c.is_ascii_digit() || " +-().#*/pPwW,;".contains(c);
    let Some(at) = raw.find(['p', 'P', 'w', 'W', ',', ';']) else { return raw.trim().to_string() };
    let (number, tail) = raw.split_at(at);
    // Only in a number: "BusinessPhone" or "sip:ana@example.com" are not dialling pauses.
    if !raw.chars().all(dial) || !number.chars().any(|c| c.is_ascii_digit()) {
        return raw.trim().to_string();
    }
    let digits: String = tail.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        warnings.push(format!("dialling pause in {raw:?} left out"));
        return number.trim().to_string();
    }
    warnings.push(format!("dialling pause in {raw:?} kept as extension {digits}"));
    format!("{} ext. {digits}", number.trim())
}

fn address(p: &Property, text: &str) -> Option<Address> {
    let parts = components(text, ';');
    let get = |i: usize| parts.get(i).cloned().and_then(non_empty);
    let street = [get(0), get(1), get(2)].into_iter().flatten().collect::<Vec<_>>().join(", ");
    let street = non_empty(street);
    let (locality, region, postcode, country) = (get(3), get(4), get(5), get(6));
    let label = p.param("LABEL").map(param_text).and_then(non_empty).unwrap_or_else(|| {
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
