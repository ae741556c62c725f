//! Validation and normalization of what people type or capture. Every function returns the
//! stored form or a typed `InvalidInput`; none of them touches storage.

use chrono::NaiveDate;
use phonenumber::{Mode, country};

use super::{Address, Email, MAX_PHOTO_BYTES, OtherField, Phone, Photo};
use crate::error::InvalidInput;

/// Kinds accepted as a `kind:` prefix on e-mails and phones (`work:ana@acme.com`).
const KINDS: &[&str] = &["work", "home", "mobile", "cell", "personal", "fax", "main", "other"];

/// Trims and collapses inner white space; an empty result is `None`.
pub fn text(input: &str) -> Option<String> {
    let collapsed = input.split_whitespace().collect::<Vec<_>>().join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

pub fn optional_text(input: Option<&str>) -> Option<String> {
    input.and_then(text)
}

pub fn name(input: &str) -> Result<String, InvalidInput> {
    text(input).ok_or(InvalidInput::EmptyName)
}

fn split_kind(input: &str) -> (Option<String>, &str) {
    if let Some((prefix, rest)) = input.split_once(':') {
        let prefix = prefix.trim().to_ascii_lowercase();
        if KINDS.contains(&prefix.as_str()) {
            return (Some(prefix), rest.trim());
        }
    }
    (None, input.trim())
}

/// The typed form of a stored e-mail or phone (`work:ana@acme.com`), which `email` and `phone`
/// read back: how stored values are handed to a patch unchanged.
pub fn with_kind(kind: Option<&str>, value: &str) -> String {
    kind.map_or_else(|| value.to_string(), |k| format!("{k}:{value}"))
}

/// `ana@acme.com` or `work:ana@acme.com`; the domain is lower-cased, `mailto:` dropped.
pub fn email(input: &str) -> Result<Email, InvalidInput> {
    let (kind, value) = split_kind(input);
    let value = value.strip_prefix("mailto:").unwrap_or(value).trim();
    let (local, domain) = value.rsplit_once('@').ok_or(InvalidInput::Email)?;
    let value = format!("{local}@{}", domain.to_ascii_lowercase());
    let valid = email_address::EmailAddress::is_valid(&value)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.');
    if !valid {
        return Err(InvalidInput::Email);
    }
    Ok(Email { value, kind })
}

/// The key two e-mails are the same under (case-insensitive as mail providers treat them).
pub fn email_key(value: &str) -> String {
    value.to_lowercase()
}

pub fn region(input: &str) -> Result<country::Id, InvalidInput> {
    input.trim().to_ascii_uppercase().parse::<country::Id>().map_err(|_| InvalidInput::Region)
}

/// Normalizes to E.164 when the number carries a country code or a default region is known.
/// With a region, a number that does not fit its plan is an error; without one, a number we
/// cannot place is kept as raw text, unverified.
/// Compiled patterns the phone-number metadata keeps. Its default of 100 holds about ten
/// regions: a contact list or a stack of cards from many countries then recompiles patterns
/// on every number (measured: 1.5-5 ms per card instead of 0.1 ms). 1,000 hold every region
/// a person plausibly meets, for a few MB.
const PHONE_REGEX_CACHE: usize = 1000;

/// Call before any phone-number parse: sizes the metadata's regex cache once.
pub fn phone_metadata_ready() {
    static SIZED: std::sync::Once = std::sync::Once::new();
    SIZED.call_once(|| {
        let cache = phonenumber::metadata::DATABASE.cache();
        let mut cache = cache.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        cache.set_capacity(PHONE_REGEX_CACHE);
    });
}

pub fn phone(input: &str, default_region: Option<&str>) -> Result<Phone, InvalidInput> {
    phone_metadata_ready();
    let (kind, raw) = split_kind(input);
    let raw = text(raw).ok_or(InvalidInput::Missing { field: "phone" })?;
    if !raw.chars().any(|c| c.is_ascii_digit()) {
        return Err(InvalidInput::Phone { region: default_region.unwrap_or("??").to_uppercase() });
    }
    let region = default_region.map(region).transpose()?;
    // A number written with its country code is that country's, whatever the default region
    // (parsed against a region, "+33 1 42 68 53 00" was refused as "not a US number").
    let international = raw.trim_start().starts_with('+');
    let parsed = phonenumber::parse(if international { None } else { region }, &raw)
        .ok()
        .filter(phonenumber::is_valid);
    match (parsed, region) {
        (Some(number), _) => {
            let e164 = number.format().mode(Mode::E164).to_string();
            let e164 = match number.extension() {
                Some(ext) => format!("{e164};ext={}", ext.as_ref()),
                None => e164,
            };
            Ok(Phone { e164: Some(e164), raw, kind })
        }
        (None, Some(region)) => Err(InvalidInput::Phone { region: region.as_ref().to_string() }),
        (None, None) => Ok(Phone { e164: None, raw, kind }),
    }
}

/// The key two phones are the same under: E.164 when verified, else the digits.
/// Like `phone`, but a number that fails its region's plan is kept raw and unverified instead of
/// refused: what a card or an address book says is worth keeping even when it is odd.
pub fn phone_or_unverified(input: &str, default_region: Option<&str>) -> Result<Phone, InvalidInput> {
    match phone(input, default_region) {
        Err(InvalidInput::Phone { .. }) => {
            let (kind, raw) = split_kind(input);
            Ok(Phone { e164: None, raw: raw.to_string(), kind })
        }
        other => other,
    }
}

pub fn phone_key(phone: &Phone) -> String {
    match &phone.e164 {
        Some(e164) => e164.clone(),
        None => phone.raw.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect(),
    }
}

/// An http(s) URL; a bare `acme.com/team` gets `https://`.
pub fn url(input: &str) -> Result<String, InvalidInput> {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.chars().any(char::is_whitespace) {
        return Err(InvalidInput::Url);
    }
    let candidate = if trimmed.contains("://") { trimmed.to_string() } else { format!("https://{trimmed}") };
    let parsed = url::Url::parse(&candidate).map_err(|_| InvalidInput::Url)?;
    let host = parsed.host_str().ok_or(InvalidInput::Url)?;
    let scheme_ok = matches!(parsed.scheme(), "http" | "https");
    if !scheme_ok || !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
        return Err(InvalidInput::Url);
    }
    Ok(parsed.to_string())
}

/// Tags are case-insensitive labels: trimmed, inner space collapsed, lower-cased.
pub fn tag(input: &str) -> Result<String, InvalidInput> {
    text(input).map(|t| t.to_lowercase()).ok_or(InvalidInput::EmptyTag)
}

/// An other field: a vCard property name (letters, digits, `-`; stored upper-case) and a value.
pub fn other_field(input: &OtherField) -> Result<OtherField, InvalidInput> {
    let property = input.property.trim().to_ascii_uppercase();
    if property.is_empty() || !property.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(InvalidInput::UnknownValue { field: "other field property" });
    }
    let value = text(&input.value).ok_or(InvalidInput::Missing { field: "other field value" })?;
    Ok(OtherField { property, label: optional_text(input.label.as_deref()), value })
}

/// A birthday: `YYYY-MM-DD`, or `--MM-DD` / `MM-DD` when the year is not known.
pub fn birthday(input: &str) -> Result<String, InvalidInput> {
    let s = input.trim();
    if let Ok(d) = date(s) {
        return Ok(d.to_string());
    }
    let md = s.trim_start_matches('-');
    // 2000 is a leap year, so 02-29 is accepted.
    NaiveDate::parse_from_str(&format!("2000-{md}"), "%Y-%m-%d").map_err(|_| InvalidInput::Date)?;
    Ok(format!("--{md}"))
}

pub fn date(input: &str) -> Result<NaiveDate, InvalidInput> {
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").map_err(|_| InvalidInput::Date)
}

/// An address needs a label (parts alone are joined into one); parts are trimmed.
pub fn address(input: &Address) -> Result<Address, InvalidInput> {
    let part = |p: &Option<String>| optional_text(p.as_deref());
    let parts = [&input.street, &input.locality, &input.region, &input.postcode, &input.country];
    let label = match input.label.trim() {
        "" => parts.iter().filter_map(|p| part(p)).collect::<Vec<_>>().join(", "),
        label => label.lines().filter_map(text).collect::<Vec<_>>().join("\n"),
    };
    if label.is_empty() {
        return Err(InvalidInput::Missing { field: "address" });
    }
    Ok(Address {
        kind: part(&input.kind).map(|k| k.to_lowercase()),
        label,
        street: part(&input.street),
        locality: part(&input.locality),
        region: part(&input.region),
        postcode: part(&input.postcode),
        country: part(&input.country),
    })
}

/// The key two addresses are the same under: the label, case and spacing aside.
pub fn address_key(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

pub fn photo(input: &Photo) -> Result<Photo, InvalidInput> {
    if input.bytes.is_empty() || input.bytes.len() > MAX_PHOTO_BYTES {
        return Err(InvalidInput::OutOfRange { field: "photo" });
    }
    let media_type = input.media_type.trim().to_ascii_lowercase();
    if !media_type.starts_with("image/") || media_type.len() > 64 {
        return Err(InvalidInput::UnknownValue { field: "photo" });
    }
    Ok(Photo { media_type, bytes: input.bytes.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_with_its_country_code_parses_under_any_region() {
        for (raw, e164) in [("+33 1 42 68 53 00", "+33142685300"), ("+86 138 0013 8000", "+8613800138000")] {
            assert_eq!(phone(raw, Some("US")).unwrap().e164.as_deref(), Some(e164), "{raw}");
            assert_eq!(phone(raw, None).unwrap().e164.as_deref(), Some(e164), "{raw}");
        }
        assert_eq!(phone("(415) 555-2671", Some("US")).unwrap().e164.as_deref(), Some("+14155552671"));
        assert!(phone("+33 1", Some("US")).is_err(), "too short for France is still refused");
    }

    #[test]
    fn names_must_have_content() {
        assert_eq!(name("  Ana   María  ").unwrap(), "Ana María");
        assert_eq!(name(" \t "), Err(InvalidInput::EmptyName));
    }

    #[test]
    fn emails_are_checked_and_normalized() {
        let e = email("work:Ana.Diaz@ACME.com").unwrap();
        assert_eq!(e.value, "Ana.Diaz@acme.com");
        assert_eq!(e.kind.as_deref(), Some("work"));
        assert_eq!(email("mailto:ana@acme.io").unwrap().value, "ana@acme.io");
        for bad in ["ana", "ana@", "@acme.com", "ana@acme", "ana@@acme.com", "ana @acme.com"] {
            assert_eq!(email(bad), Err(InvalidInput::Email), "{bad}");
        }
    }

    #[test]
    fn phones_normalize_with_a_region() {
        let p = phone("mobile:(415) 555-2671", Some("us")).unwrap();
        assert_eq!(p.e164.as_deref(), Some("+14155552671"));
        assert_eq!(p.kind.as_deref(), Some("mobile"));
        assert_eq!(phone("030 1234567", Some("DE")).unwrap().e164.as_deref(), Some("+49301234567"));
    }

    #[test]
    fn phones_with_country_code_need_no_region() {
        let p = phone("+44 20 7946 0958", None).unwrap();
        assert_eq!(p.e164.as_deref(), Some("+442079460958"));
    }

    #[test]
    fn unplaceable_phones_stay_raw_without_a_region() {
        let p = phone("555 0100", None).unwrap();
        assert_eq!(p.e164, None);
        assert_eq!(p.raw, "555 0100");
    }

    #[test]
    fn bad_phones_are_typed_errors() {
        assert!(matches!(phone("12", Some("US")), Err(InvalidInput::Phone { .. })));
        assert!(matches!(phone("call me", None), Err(InvalidInput::Phone { .. })));
        assert_eq!(phone("555 0100", Some("XX")), Err(InvalidInput::Region));
    }

    #[test]
    fn urls_get_a_scheme_and_need_a_host() {
        assert_eq!(url("acme.com/team").unwrap(), "https://acme.com/team");
        assert_eq!(url("http://ana.dev").unwrap(), "http://ana.dev/");
        for bad in ["", "not a url", "ftp://acme.com", "https://localhost", "acme"] {
            assert_eq!(url(bad), Err(InvalidInput::Url), "{bad}");
        }
    }

    #[test]
    fn tags_and_dates() {
        assert_eq!(tag("  Climate   Tech ").unwrap(), "climate tech");
        assert_eq!(tag(""), Err(InvalidInput::EmptyTag));
        assert_eq!(date("2026-11-20").unwrap(), NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
        assert_eq!(date("20/11/2026"), Err(InvalidInput::Date));
    }
}
