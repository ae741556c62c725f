//! Phone numbers in a line of card text: find digit runs, repair OCR confusions only where
//! digits surround them, read the label in front (in many languages) and normalize to E.164.
//!
//! Repairs come before parsing on purpose: libphonenumber converts letters as vanity digits,
//! so `555-Ol87` would otherwise become a valid but wrong `555-6587`.

use phonenumber::Mode;

use super::lexicon::PHONE_LABELS;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundPhone {
    /// The number as printed (after OCR repair), extension included.
    pub raw: String,
    /// E.164 (with `;ext=` when there is one) when the number fits its region's plan.
    pub e164: Option<String>,
    pub kind: Option<String>,
    /// Byte range of the number, label and extension in the line, to blank them out.
    pub span: (usize, usize),
}

const SEPARATORS: &[char] = &[' ', '-', '.', '(', ')', '/', '\u{a0}', '–'];
const EXTENSION_MARKS: &[&str] = &["extension", "ext.", "ext", "x", "内線", "dw", "durchwahl", "poste", "#"];

fn confusable(c: char) -> Option<char> {
    match c {
        'O' | 'o' => Some('0'),
        'l' | 'I' | '|' => Some('1'),
        _ => None,
    }
}

/// Finds every phone number in `line`. `region` is the default for numbers without `+`.
pub fn find(line: &str, region: Option<phonenumber::country::Id>) -> Vec<FoundPhone> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut found = Vec::new();
    let mut label_from = 0; // char index where the text before the next number starts
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        let starts = c.is_ascii_digit() || c == '+' || (c == '(' && next_is_digit(&chars, i + 1));
        if !starts {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        while end < chars.len() && run_continues(&chars, end) {
            end += 1;
        }
        // Trailing separators belong to what follows.
        while end > start + 1 && SEPARATORS.contains(&chars[end - 1].1) && chars[end - 1].1 != ')' {
            end -= 1;
        }
        let digits: String = chars[start..end]
            .iter()
            .filter_map(|&(_, c)| if c.is_ascii_digit() { Some(c) } else { confusable(c) })
            .collect();
        let before: String = chars[label_from..start].iter().map(|&(_, c)| c).collect();
        let postal = before.trim_end().ends_with('〒');
        if !(7..=15).contains(&digits.len()) || postal {
            i = end;
            continue;
        }
        let (extension, after) = extension(&chars, end);
        let printed: String = chars[start..end].iter().map(|&(_, c)| c).collect();
        let repaired = repair(&printed);
        let raw = match &extension {
            Some(ext) => format!("{repaired} ext. {ext}"),
            None => repaired.clone(),
        };
        let (label, label_start) = label(&chars, label_from, start);
        let trailing = trailing_label(&chars, after);
        let kind = label.or(trailing.as_ref().map(|t| t.0.clone()));
        let after = trailing.map_or(after, |t| t.1);
        let e164 = normalize(&repaired, extension.as_deref(), region);
        let span_start = chars[label_start].0;
        let span_end = chars.get(after).map_or(line.len(), |&(b, _)| b);
        found.push(FoundPhone { raw, e164, kind, span: (span_start, span_end) });
        label_from = after;
        i = after.max(end);
    }
    found
}

fn next_is_digit(chars: &[(usize, char)], i: usize) -> bool {
    chars.get(i).is_some_and(|&(_, c)| c.is_ascii_digit())
}

/// Whether the char at `i` continues a number: digits and separators do; a confusable letter
/// does only with a digit (or another confusable followed by a digit) right after it and no
/// letter glued on either side.
fn run_continues(chars: &[(usize, char)], i: usize) -> bool {
    let c = chars[i].1;
    if c.is_ascii_digit() || SEPARATORS.contains(&c) {
        // "x" and "ext" end a number; a lone space before a word ends it too.
        if c == ' ' {
            return chars
                .get(i + 1)
                .is_some_and(|&(_, n)| n.is_ascii_digit() || n == '(' || confusable_digit(chars, i + 1));
        }
        return true;
    }
    confusable_digit(chars, i)
}

fn confusable_digit(chars: &[(usize, char)], i: usize) -> bool {
    let Some(&(_, c)) = chars.get(i) else { return false };
    if confusable(c).is_none() {
        return false;
    }
    let prev_letter = i > 0 && chars[i - 1].1.is_alphabetic() && confusable(chars[i - 1].1).is_none();
    if prev_letter {
        return false;
    }
    let mut j = i + 1;
    while let Some(&(_, n)) = chars.get(j) {
        if n.is_ascii_digit() {
            return true;
        }
        if confusable(n).is_none() || j - i > 2 {
            return false;
        }
        j += 1;
    }
    // At the end of the line, a confusable right after digits still counts.
    i > 0 && chars[i - 1].1.is_ascii_digit()
}

fn repair(printed: &str) -> String {
    printed.chars().map(|c| if c.is_ascii_digit() { c } else { confusable(c).unwrap_or(c) }).collect()
}

/// An extension right after the number: `ext. 401`, `x401`, `内線 12`.
fn extension(chars: &[(usize, char)], end: usize) -> (Option<String>, usize) {
    let rest: String = chars[end..].iter().map(|&(_, c)| c).collect();
    let trimmed = rest.trim_start_matches([' ', ',', ';']);
    let lower = trimmed.to_lowercase();
    for mark in EXTENSION_MARKS {
        if let Some(after_mark) = lower.strip_prefix(mark) {
            let after_mark = after_mark.trim_start_matches([' ', '.', ':']);
            let printed: String =
                after_mark.chars().take_while(|&c| c.is_ascii_digit() || confusable(c).is_some()).collect();
            let digits = repair(&printed);
            if printed.chars().any(|c| c.is_ascii_digit()) && digits.len() <= 6 {
                let consumed_lower = lower.len() - after_mark.len() + digits.len();
                // Lower-casing keeps these marks' lengths, so the count maps back to chars.
                let consumed = rest.len() - trimmed.len() + consumed_lower;
                let consumed_chars = rest[..consumed.min(rest.len())].chars().count();
                return (Some(digits), end + consumed_chars);
            }
        }
    }
    (None, end)
}

/// The label right before a number (`M`, `Tel.:`, `携帯`), and where it starts.
fn label(chars: &[(usize, char)], from: usize, start: usize) -> (Option<String>, usize) {
    let before: String = chars[from..start].iter().map(|&(_, c)| c).collect();
    let trimmed = before.trim_end_matches(|c: char| c.is_whitespace() || ":.|•·-–/(".contains(c));
    let word_start = trimmed
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '.'))
        .map_or(0, |(b, c)| b + c.len_utf8());
    let word = trimmed[word_start..].trim_matches('.').to_lowercase();
    match lookup(&word) {
        Some(kind) => {
            let chars_before = trimmed[..word_start].chars().count();
            (Some(kind.to_string()), from + chars_before)
        }
        None => (None, start),
    }
}

/// A label after the number, in parentheses: `+1 415 555 0199 (mobile)`.
fn trailing_label(chars: &[(usize, char)], after: usize) -> Option<(String, usize)> {
    let rest: String = chars[after..].iter().map(|&(_, c)| c).collect();
    let trimmed = rest.trim_start();
    let inner = trimmed.strip_prefix('(')?;
    let close = inner.find(')')?;
    let kind = lookup(&inner[..close].trim().trim_matches('.').to_lowercase())?;
    let consumed = rest.len() - trimmed.len() + 1 + close + 1;
    Some((kind.to_string(), after + rest[..consumed].chars().count()))
}

fn lookup(word: &str) -> Option<&'static str> {
    PHONE_LABELS.iter().find(|(label, _)| *label == word).map(|&(_, kind)| kind)
}

/// E.164 when the number fits its plan; old Mexican mobiles (`+52 1 …`) are retried without
/// the `1`. `None` keeps the number unverified.
fn normalize(
    repaired: &str,
    extension: Option<&str>,
    region: Option<phonenumber::country::Id>,
) -> Option<String> {
    crate::model::validate::phone_metadata_ready();
    let dial: String = repaired.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    let parse = |text: &str| phonenumber::parse(region, text).ok().filter(phonenumber::is_valid);
    let number =
        parse(&dial).or_else(|| dial.strip_prefix("+521").and_then(|rest| parse(&format!("+52{rest}"))))?;
    let e164 = number.format().mode(Mode::E164).to_string();
    Some(match extension {
        Some(ext) => format!("{e164};ext={ext}"),
        None => e164,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn us() -> Option<phonenumber::country::Id> {
        Some(phonenumber::country::Id::US)
    }

    #[test]
    fn labels_and_kinds() {
        let found = find("T +1 415 555 0132 | M (415) 555-0187", us());
        let kinds: Vec<_> =
            found.iter().map(|f| (f.e164.clone().unwrap(), f.kind.clone().unwrap())).collect();
        assert_eq!(kinds, [("+14155550132".into(), "work".into()), ("+14155550187".into(), "mobile".into())]);
    }

    #[test]
    fn ocr_letters_are_repaired_only_next_to_digits() {
        let found = find("Mobile: (415) 555-Ol87", us());
        assert_eq!(found[0].e164.as_deref(), Some("+14155550187"));
        assert_eq!(found[0].kind.as_deref(), Some("mobile"));
        assert!(find("Tel Aviv Office", us()).is_empty());
    }

    #[test]
    fn extensions_and_foreign_labels() {
        let found = find("Tel. (212) 555-0156 ext. 401", us());
        assert_eq!(found[0].e164.as_deref(), Some("+12125550156;ext=401"));
        let found = find("携帯 090-1234-5678", Some(phonenumber::country::Id::JP));
        assert_eq!(found[0].kind.as_deref(), Some("mobile"));
        assert_eq!(found[0].e164.as_deref(), Some("+819012345678"));
        let found = find("Mobil +49 171 2345678  Fax +49 30 1234567", None);
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].kind.as_deref(), Some("fax"));
    }

    #[test]
    fn postcodes_and_short_numbers_are_not_phones() {
        assert!(find("〒100-0005 東京都千代田区", Some(phonenumber::country::Id::JP)).is_empty());
        assert!(find("Suite 400, 94107", us()).is_empty());
    }

    #[test]
    fn unverified_numbers_are_kept() {
        let found = find("M 07700 900123", Some(phonenumber::country::Id::GB));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].e164, None);
        assert_eq!(found[0].raw, "07700 900123");
    }
}
