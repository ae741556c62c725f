//! Person names on cards: honorifics and credentials kept apart, CJK family-name-first,
//! particles and Spanish double surnames kept in the family name.

use super::DraftName;
use super::case::title_case;
use super::lexicon::{
    CJK_ADDRESS_MARKS, CJK_ORG_MARKS, CJK_TITLE_WORDS, COMPOUND_SURNAMES, CREDENTIALS, HONORIFICS,
    NAME_PARTICLES, ORG_SUFFIXES, ORG_WORDS, STREET_WORDS, TITLE_WORDS, is_word_in,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Han,
    Kana,
    Hangul,
    Other,
}

pub fn script_of(c: char) -> Script {
    match c as u32 {
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF => Script::Han,
        0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => Script::Hangul,
        _ if c.is_alphabetic() && (c as u32) < 0x0250 || (0x1E00..=0x1EFF).contains(&(c as u32)) => {
            Script::Latin
        }
        _ => Script::Other,
    }
}

pub fn is_cjk(text: &str) -> bool {
    let letters: Vec<Script> = text.chars().filter(|c| c.is_alphabetic()).map(script_of).collect();
    !letters.is_empty() && letters.iter().all(|s| matches!(s, Script::Han | Script::Kana | Script::Hangul))
}

/// Reads `text` as a person's name, or says it is not one.
pub fn parse(text: &str) -> Option<DraftName> {
    let text = text.trim().trim_end_matches([',', ';']);
    if is_cjk(text) {
        return parse_cjk(text);
    }
    if text.chars().any(|c| c.is_ascii_digit() || "@/:#&+()".contains(c)) {
        return None;
    }
    let (head, mut credentials) = split_credentials(text);
    let mut words: Vec<&str> = head.split_whitespace().collect();
    let mut honorific = Vec::new();
    while words.len() > 1 && is_word_in(HONORIFICS, words[0]) {
        honorific.push(words.remove(0));
    }
    // Trailing credentials written without a comma: "Ana Reyes PhD".
    while words.len() > 2 && is_credential(words[words.len() - 1]) {
        credentials.insert(0, words.pop().expect("len > 2").to_string());
    }
    if !(2..=5).contains(&words.len()) {
        return None;
    }
    let ok = words.iter().all(|w| {
        let first = w.chars().next().unwrap_or(' ');
        let letters = w.chars().all(|c| c.is_alphabetic() || "'’.-".contains(c));
        let particle = is_word_in(NAME_PARTICLES, w);
        letters && (first.is_uppercase() || particle) && script_of(first) == Script::Latin
    });
    let dictionary = words.iter().any(|w| {
        let w = w.trim_end_matches(',');
        is_word_in(TITLE_WORDS, w)
            || is_word_in(ORG_SUFFIXES, w)
            || is_word_in(ORG_WORDS, w)
            || is_word_in(STREET_WORDS, w)
    });
    if !ok || dictionary || words.iter().all(|w| is_word_in(NAME_PARTICLES, w)) {
        return None;
    }
    let shouting = words.iter().all(|w| w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
    let words: Vec<String> =
        words.iter().map(|w| if shouting { title_case(w) } else { w.to_string() }).collect();
    let given_end = 1 + words[1..].iter().take_while(|w| false_middle(w)).count();
    let given = words[..given_end].join(" ");
    let family = words[given_end..].join(" ");
    Some(DraftName {
        full: words.join(" "),
        given: Some(given),
        family: (!family.is_empty()).then_some(family),
        honorific: (!honorific.is_empty()).then(|| honorific.join(" ")),
        credentials: (!credentials.is_empty()).then(|| credentials.join(", ")),
        phonetic: None,
    })
}

/// A middle initial ("J.") stays with the given name; everything after it is the family name
/// (which keeps "de la Vega" and Spanish double surnames together).
fn false_middle(word: &str) -> bool {
    let letters = word.trim_end_matches('.');
    letters.chars().count() == 1 && word.ends_with('.')
}

fn is_credential(word: &str) -> bool {
    let w = word.trim_end_matches(',');
    is_word_in(CREDENTIALS, w) && w.chars().any(char::is_uppercase)
}

/// `Ana Reyes, PE, LEED AP` -> (`Ana Reyes`, [`PE`, `LEED AP`]).
fn split_credentials(text: &str) -> (String, Vec<String>) {
    let mut parts = text.split(',').map(str::trim);
    let head = parts.next().unwrap_or_default().to_string();
    let rest: Vec<String> = parts.filter(|p| !p.is_empty()).map(str::to_string).collect();
    if rest.iter().all(|p| p.split_whitespace().all(is_credential) || is_word_in(CREDENTIALS, p)) {
        (head, rest)
    } else {
        (text.to_string(), Vec::new())
    }
}

/// `山本 健一`, `山本健一`, `欧阳娜娜`, `김민준`: family name first.
fn parse_cjk(text: &str) -> Option<DraftName> {
    let not_a_name =
        CJK_TITLE_WORDS.iter().chain(CJK_ORG_MARKS).chain(CJK_ADDRESS_MARKS).any(|w| text.contains(w))
            || text.contains(['部', '課', '科', '株', '社', '所']);
    if not_a_name {
        return None;
    }
    let parts: Vec<&str> = text.split_whitespace().collect();
    let compact: String = parts.concat();
    let n = compact.chars().count();
    if !(2..=6).contains(&n) || parts.len() > 2 {
        return None;
    }
    let (family, given) = if parts.len() == 2 {
        (parts[0].to_string(), parts[1].to_string())
    } else {
        let family_len =
            if COMPOUND_SURNAMES.iter().any(|s| compact.starts_with(s)) || (n == 4 && !is_hangul(&compact)) {
                2
            } else {
                1
            };
        let family: String = compact.chars().take(family_len).collect();
        (family, compact.chars().skip(family_len).collect())
    };
    if given.is_empty() {
        return None;
    }
    // Japanese cards print "山本 健一" with a space; Chinese and Korean names usually run together.
    let full = if parts.len() == 2 { format!("{family} {given}") } else { compact };
    Some(DraftName {
        full,
        given: Some(given),
        family: Some(family),
        honorific: None,
        credentials: None,
        phonetic: None,
    })
}

fn is_hangul(text: &str) -> bool {
    text.chars().all(|c| script_of(c) == Script::Hangul)
}

/// How well `name` matches an e-mail's local part (`ana.reyes`, `areyes`, `ana`): 0 to 1.
pub fn email_affinity(name: &DraftName, local: &str) -> f32 {
    let local: String = local.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
    let ascii = |s: &str| -> String {
        s.to_lowercase().chars().map(fold_accent).filter(|c| c.is_ascii_alphanumeric()).collect()
    };
    let given = name.given.as_deref().map(ascii).unwrap_or_default();
    let family = name.family.as_deref().map(ascii).unwrap_or_default();
    let last_family =
        name.family.as_deref().and_then(|f| f.split_whitespace().last()).map(ascii).unwrap_or_default();
    let first_family =
        name.family.as_deref().and_then(|f| f.split_whitespace().next()).map(ascii).unwrap_or_default();
    let has = |part: &str| part.len() >= 2 && local.contains(part);
    if (has(&given) && (has(&family) || has(&last_family) || has(&first_family)))
        || (!given.is_empty()
            && (local.starts_with(&format!("{}{}", &given[..1], family))
                || local.starts_with(&format!("{}{}", &given[..1], first_family))))
    {
        1.0
    } else if has(&family) || has(&last_family) || has(&first_family) || (has(&given) && given.len() >= 3) {
        0.7
    } else {
        0.0
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        'ß' => 's',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> DraftName {
        parse(text).unwrap_or_else(|| panic!("{text} should read as a name"))
    }

    #[test]
    fn honorifics_and_credentials_are_kept_apart() {
        let n = name("Dr. Katrin Vogelsang");
        assert_eq!((n.full.as_str(), n.honorific.as_deref()), ("Katrin Vogelsang", Some("Dr.")));
        let n = name("Marcus Hale, PE, LEED AP");
        assert_eq!(n.full, "Marcus Hale");
        assert_eq!(n.credentials.as_deref(), Some("PE, LEED AP"));
    }

    #[test]
    fn family_names_with_particles_and_two_surnames() {
        let n = name("María José García Márquez");
        assert_eq!((n.given.as_deref(), n.family.as_deref()), (Some("María"), Some("José García Márquez")));
        let n = name("Lucía de la Vega-Solano");
        assert_eq!(n.family.as_deref(), Some("de la Vega-Solano"));
        let n = name("JAMES T. KIRK");
        assert_eq!((n.full.as_str(), n.given.as_deref()), ("James T. Kirk", Some("James T.")));
    }

    #[test]
    fn cjk_family_name_first() {
        let n = name("山本 健一");
        assert_eq!((n.family.as_deref(), n.given.as_deref()), (Some("山本"), Some("健一")));
        let n = name("欧阳娜娜");
        assert_eq!(n.family.as_deref(), Some("欧阳"));
        let n = name("김민준");
        assert_eq!((n.family.as_deref(), n.given.as_deref()), (Some("김"), Some("민준")));
    }

    #[test]
    fn titles_and_companies_are_not_names() {
        for text in [
            "Senior Software Engineer",
            "Brightwave Labs",
            "Acme GmbH",
            "123 Main Street",
            "we build bridges",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn email_affinity_of_common_patterns() {
        let n = name("Ana Reyes");
        assert_eq!(email_affinity(&n, "ana.reyes"), 1.0);
        assert_eq!(email_affinity(&n, "areyes"), 1.0);
        assert_eq!(email_affinity(&n, "info"), 0.0);
    }
}
