//! MECARD (NTT DoCoMo's QR contact format) and ZXing's BIZCARD: `MECARD:KEY:value;…;;`.
//! Tolerates lower-case keys, stray spaces, and a missing final `;;`.

use crate::capture::{Draft, DraftEmail, DraftName, DraftPhone, Scored};
use crate::model::Address;

/// Reads one MECARD or BIZCARD payload; `None` when `text` is neither.
pub fn read(text: &str) -> Option<Draft> {
    let text = text.trim();
    let upper = text.get(..8).map(str::to_ascii_uppercase).unwrap_or_default();
    let (biz, body) = if upper.starts_with("MECARD:") {
        (false, &text[7..])
    } else if upper.starts_with("BIZCARD:") {
        (true, &text[8..])
    } else {
        return None;
    };
    let fields = fields(body);
    let draft = if biz { bizcard(&fields) } else { mecard(&fields) };
    Some(draft)
}

/// `KEY:value` pairs split on unescaped `;`, values unescaped.
fn fields(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = body.chars();
    let mut push = |item: &mut String| {
        if let Some((k, v)) = item.split_once(':') {
            let v = v.trim();
            if !v.is_empty() {
                out.push((k.trim().to_ascii_uppercase(), v.to_string()));
            }
        }
        item.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            // Keep escaped separators as placeholders until the key is split off.
            '\\' => match chars.next() {
                Some(':') => current.push('\u{E000}'),
                Some(other) => current.push(other),
                None => {}
            },
            ';' => push(&mut current),
            c => current.push(c),
        }
    }
    push(&mut current);
    out.into_iter().map(|(k, v)| (k, v.replace('\u{E000}', ":"))).collect()
}

fn phone(raw: &str, kind: Option<&str>) -> Scored<DraftPhone> {
    Scored::certain(DraftPhone { raw: raw.to_string(), e164: None, kind: kind.map(str::to_string) })
}

fn mecard(fields: &[(String, String)]) -> Draft {
    let mut d = Draft::default();
    for (key, value) in fields {
        match key.as_str() {
            "N" => {
                let (family, given) = match value.split_once(',') {
                    Some((f, g)) => (Some(f.trim().to_string()), Some(g.trim().to_string())),
                    None => (None, Some(value.clone())),
                };
                let full = [given.as_deref(), family.as_deref()]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                d.name = Some(Scored::certain(DraftName { full, given, family, ..DraftName::default() }));
            }
            "TEL" => d.phones.push(phone(value, None)),
            "TEL-AV" => d.phones.push(phone(value, Some("mobile"))),
            "EMAIL" => d.emails.push(Scored::certain(DraftEmail { value: value.clone(), kind: None })),
            "URL" => d.websites.push(Scored::certain(value.clone())),
            "ORG" => d.organization = Some(Scored::certain(value.clone())),
            "TITLE" => d.title = Some(Scored::certain(value.clone())),
            "NOTE" | "MEMO" => d.notes = Some(value.clone()),
            "BDAY" => {
                let digits: String = value.chars().filter(char::is_ascii_digit).collect();
                if digits.len() == 8 {
                    d.birthday = Some(format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]));
                }
            }
            "ADR" => d.addresses.push(Scored::certain(address(value))),
            _ => {}
        }
    }
    d
}

fn bizcard(fields: &[(String, String)]) -> Draft {
    let mut d = Draft::default();
    let get = |k: &str| fields.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let (given, family) = (get("N"), get("X"));
    if given.is_some() || family.is_some() {
        let full = [given.as_deref(), family.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        d.name = Some(Scored::certain(DraftName { full, given, family, ..DraftName::default() }));
    }
    d.title = get("T").map(Scored::certain);
    d.organization = get("C").map(Scored::certain);
    for (key, value) in fields {
        match key.as_str() {
            "B" => d.phones.push(phone(value, Some("work"))),
            "M" => d.phones.push(phone(value, Some("mobile"))),
            "F" => d.phones.push(phone(value, Some("fax"))),
            "E" => d.emails.push(Scored::certain(DraftEmail { value: value.clone(), kind: None })),
            "A" => d.addresses.push(Scored::certain(address(value))),
            _ => {}
        }
    }
    d
}

/// ADR is seven comma-separated parts (as in vCard) or free text.
fn address(value: &str) -> Address {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    if parts.len() == 7 {
        let get = |i: usize| Some(parts[i].to_string()).filter(|s| !s.is_empty());
        let street = [get(0), get(1), get(2)].into_iter().flatten().collect::<Vec<_>>().join(", ");
        let label = [Some(street.clone()), get(3), get(4), get(5), get(6)]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        return Address {
            kind: None,
            label,
            street: Some(street).filter(|s| !s.is_empty()),
            locality: get(3),
            region: get(4),
            postcode: get(5),
            country: get(6),
        };
    }
    Address { label: value.to_string(), ..Address::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mecard_with_escapes_lower_case_keys_and_no_terminator() {
        let d = read("MECARD:n:Reyes,Ana;TEL:+14155550132;EMAIL:ana@acme.com;NOTE:met at SaaStr\\; ask about Q3;ORG:Acme\\: Labs").unwrap();
        let name = d.name.unwrap().value;
        assert_eq!((name.full.as_str(), name.family.as_deref()), ("Ana Reyes", Some("Reyes")));
        assert_eq!(d.notes.as_deref(), Some("met at SaaStr; ask about Q3"));
        assert_eq!(d.organization.unwrap().value, "Acme: Labs");
        assert_eq!(d.phones.len(), 1);
    }

    #[test]
    fn bizcard_fields() {
        let d = read("BIZCARD:N:Sean;X:Owen;T:Software Engineer;C:Google;A:76 9th Avenue, New York, NY 10011;B:+12125551212;M:+12125551214;E:srowen@google.com;;").unwrap();
        assert_eq!(d.name.unwrap().value.full, "Sean Owen");
        assert_eq!(d.phones[1].value.kind.as_deref(), Some("mobile"));
        assert_eq!(d.addresses[0].value.label, "76 9th Avenue, New York, NY 10011");
    }

    #[test]
    fn other_text_is_not_a_mecard() {
        assert_eq!(read("hello"), None);
        assert_eq!(read("MECARD"), None);
    }
}
