//! Postal addresses on cards, by rules: street words with a number, postal-code shapes of the
//! common countries, country names, and CJK address marks. No address model fits on a phone
//! (libpostal needs ~2 GB), so the label is kept as printed and the parts are best effort.

use super::lexicon::{self, CJK_ADDRESS_MARKS, COUNTRIES, STREET_WORDS, is_word_in};
use super::names::is_cjk;
use crate::model::Address;

/// What a line contributes to an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressLine {
    Street,
    /// Holds a postal code (and usually the city).
    Postal,
    Country,
}

/// The ISO 3166 code of a country as an address writes it (`Deutschland`, `USA`, `fr`).
pub fn country_code(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches('.').to_lowercase();
    if name.len() == 2 && crate::model::validate::region(&name).is_ok() {
        return Some(name.to_ascii_uppercase());
    }
    lexicon::COUNTRY_CODES.iter().find(|(n, _)| *n == name).map(|(_, code)| code.to_string())
}

pub fn classify(line: &str) -> Option<AddressLine> {
    let lower = line.to_lowercase();
    let trimmed = lower.trim().trim_end_matches('.');
    if COUNTRIES.contains(&trimmed) {
        return Some(AddressLine::Country);
    }
    if postal_code(line).is_some() {
        return Some(AddressLine::Postal);
    }
    let has_digit = line.chars().any(|c| c.is_ascii_digit());
    if is_cjk_address(line) {
        return Some(AddressLine::Street);
    }
    let words: Vec<&str> =
        line.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let street_word = words.iter().any(|w| is_word_in(STREET_WORDS, w))
        || words.iter().any(|w| {
            let l = w.to_lowercase();
            [
                "straße", "strasse", "str.", "weg", "gasse", "allee", "straat", "gatan", "vägen", "vej",
                "gracht", "laan", "plein", "kade", "singel",
            ]
            .iter()
            .any(|s| l.ends_with(s) && l.len() > s.len() + 2)
        });
    let po_box = lower.contains("p.o. box") || lower.contains("po box") || lower.contains("postfach");
    if (street_word && has_digit) || po_box {
        return Some(AddressLine::Street);
    }
    None
}

fn is_cjk_address(line: &str) -> bool {
    let has_digit = line.chars().any(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
    let marks = CJK_ADDRESS_MARKS.iter().filter(|m| line.contains(*m)).count();
    line.starts_with('〒')
        || (marks >= 2 && (has_digit || is_cjk(line)))
        || (marks >= 1 && has_digit && !line.contains('@'))
}

/// The postal code on a line and the byte range it takes, for the common shapes: US ZIP after a
/// state code, UK and Canadian codes, 4-6 digit codes before or after a city, Japanese `〒`.
pub fn postal_code(line: &str) -> Option<(usize, usize)> {
    let words: Vec<(usize, &str)> = word_spans(line);
    for (i, &(start, word)) in words.iter().enumerate() {
        let w = word.trim_end_matches([',', '.']);
        let end = start + w.len();
        let prev = i.checked_sub(1).map(|j| words[j].1.trim_end_matches(','));
        let next = words.get(i + 1).map(|w| w.1);
        let digits = w.chars().filter(char::is_ascii_digit).count();
        let all_digits = w.chars().all(|c| c.is_ascii_digit() || c == '-');
        // US: "CA 94107" or "CA 94107-1234"
        if all_digits
            && (digits == 5 || digits == 9)
            && prev.is_some_and(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_uppercase()))
        {
            return Some((start, end));
        }
        // AU: "NSW 2000"
        if all_digits
            && digits == 4
            && prev.is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_uppercase()))
        {
            return Some((start, end));
        }
        // DE/FR/ES/IT/NL/CH/AT/Nordic: "10115 Berlin", "75008 Paris", "1012 AB Amsterdam"
        if all_digits
            && (4..=5).contains(&digits)
            && !w.contains('-')
            && next.is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase))
            && i + 1 < words.len()
        {
            let nl = next.is_some_and(|n| n.len() == 2 && n.chars().all(|c| c.is_ascii_uppercase()));
            let end = if nl { words[i + 1].0 + 2 } else { end };
            return Some((start, end));
        }
        // Japan: 〒100-0005 / Brazil 01310-100 / Poland 00-950
        if let Some(code) = w.strip_prefix('〒')
            && code.chars().filter(char::is_ascii_digit).count() == 7
        {
            return Some((start, end));
        }
        if w.len() == 9 && w.as_bytes()[5] == b'-' && digits == 8 {
            return Some((start, end));
        }
        // UK: "EC1A 1BB", "SW1A 2AA", "M1 1AE"; Canada: "M5V 2T6"
        if let Some(n) = next {
            let n = n.trim_end_matches([',', '.']);
            if uk_outward(w) && uk_inward(n) || canada(w, n) {
                return Some((start, words[i + 1].0 + n.len()));
            }
        }
    }
    None
}

fn word_spans(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out
}

fn uk_outward(w: &str) -> bool {
    let b = w.as_bytes();
    (2..=4).contains(&b.len())
        && b[0].is_ascii_uppercase()
        && b.iter().any(u8::is_ascii_digit)
        && b.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn uk_inward(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 3 && b[0].is_ascii_digit() && b[1].is_ascii_uppercase() && b[2].is_ascii_uppercase()
}

fn canada(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == 3
        && b.len() == 3
        && a[0].is_ascii_uppercase()
        && a[1].is_ascii_digit()
        && a[2].is_ascii_uppercase()
        && b[0].is_ascii_digit()
        && b[1].is_ascii_uppercase()
        && b[2].is_ascii_digit()
}

/// A short line starting with a house number ("12 Bishopsgate"), which counts as a street only
/// right before a postal-code line.
pub fn house_number_line(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    first.chars().all(|c| c.is_ascii_digit() || c == '-')
        && !first.is_empty()
        && first.len() <= 5
        && (1..=4).contains(&rest.len())
        && rest.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Builds the address from its lines (in card order).
pub fn assemble(lines: &[(String, AddressLine)]) -> Address {
    let label = lines.iter().map(|(l, _)| l.trim().trim_end_matches(',')).collect::<Vec<_>>().join("\n");
    let mut address = Address { label, ..Address::default() };
    let street: Vec<&str> = lines
        .iter()
        .filter(|(_, k)| *k == AddressLine::Street)
        .map(|(l, _)| l.trim().trim_end_matches(','))
        .collect();
    if !street.is_empty() {
        address.street = Some(street.join(", "));
    }
    if let Some((l, _)) = lines.iter().find(|(_, k)| *k == AddressLine::Country) {
        address.country = Some(l.trim().trim_end_matches('.').to_string());
    }
    if let Some((line, _)) = lines.iter().find(|(_, k)| *k == AddressLine::Postal) {
        let line = line.trim();
        if let Some((s, e)) = postal_code(line) {
            address.postcode = Some(line[s..e].trim_start_matches('〒').to_string());
            let before = line[..s].trim().trim_end_matches(',');
            let after = line[e..].trim().trim_start_matches(',').trim();
            // "San Francisco, CA 94107": city, then a state code before the ZIP.
            let (city, region) = match before.rsplit_once([' ', ',']) {
                Some((city, state)) if state.len() == 2 && state.chars().all(|c| c.is_ascii_uppercase()) => {
                    (city.trim().trim_end_matches(','), Some(state))
                }
                _ => (before, None),
            };
            let city = if city.is_empty() { after.split(',').next().unwrap_or("").trim() } else { city };
            address.locality = (!city.is_empty()).then(|| city.to_string());
            address.region = region.map(str::to_string);
        }
    }
    address
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_addresses() {
        assert_eq!(classify("500 Howard Street, Suite 400"), Some(AddressLine::Street));
        assert_eq!(classify("San Francisco, CA 94107"), Some(AddressLine::Postal));
        assert_eq!(classify("10115 Berlin"), Some(AddressLine::Postal));
        assert_eq!(classify("London EC1A 1BB"), Some(AddressLine::Postal));
        assert_eq!(classify("Friedrichstraße 68"), Some(AddressLine::Street));
        assert_eq!(classify("〒100-0005 東京都千代田区丸の内1-1-1"), Some(AddressLine::Postal));
        assert_eq!(classify("東京都千代田区丸の内1-1-1"), Some(AddressLine::Street));
        assert_eq!(classify("Germany"), Some(AddressLine::Country));
        assert_eq!(classify("Senior Software Engineer"), None);
        assert_eq!(classify("Head of Growth"), None);
    }

    #[test]
    fn parts_of_a_us_address() {
        let a = assemble(&[
            ("500 Howard Street, Suite 400".into(), AddressLine::Street),
            ("San Francisco, CA 94107".into(), AddressLine::Postal),
        ]);
        assert_eq!(a.locality.as_deref(), Some("San Francisco"));
        assert_eq!(a.region.as_deref(), Some("CA"));
        assert_eq!(a.postcode.as_deref(), Some("94107"));
        assert_eq!(a.label, "500 Howard Street, Suite 400\nSan Francisco, CA 94107");
    }
}
