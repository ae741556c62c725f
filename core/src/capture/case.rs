//! Readable capitals: cards print organizations in capitals ("ACME ROBOTICS"); a contact list
//! reads better as "Acme Robotics". Short words stay capitals (IBM, AI, NYC), legal forms take
//! their usual spelling (GmbH, Inc., LLC), and anything already in mixed case is left alone.

/// Small words that are words, not acronyms, when a name is all capitals.
const LOWER_WORDS: &[&str] =
    &["and", "of", "the", "for", "de", "la", "le", "du", "der", "und", "y", "et", "&"];

/// Legal forms and their usual spelling.
const LEGAL: &[(&str, &str)] = &[
    ("GMBH", "GmbH"),
    ("INC", "Inc"),
    ("INC.", "Inc."),
    ("LTD", "Ltd"),
    ("LTD.", "Ltd."),
    ("CORP", "Corp"),
    ("CORP.", "Corp."),
    ("CO.", "Co."),
    ("BV", "BV"),
    ("LLC", "LLC"),
    ("LLP", "LLP"),
    ("PLC", "PLC"),
    ("AG", "AG"),
    ("SA", "SA"),
    ("SAS", "SAS"),
    ("SRL", "SRL"),
    ("SPA", "SpA"),
];

/// "o'neill-smith" -> "O'Neill-Smith": a capital after every word break, the rest lower case.
pub(super) fn title_case(word: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in word.chars() {
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        upper = "-'’/ ".contains(c);
    }
    out
}

/// The organization as a person would write it, or `None` when the text is not all capitals
/// (or not in a cased script) and reads fine as printed.
pub fn readable_organization(text: &str) -> Option<String> {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.iter().any(|c| c.is_uppercase()) && !letters.iter().any(|c| c.is_lowercase());
    // One short word ("IBM", "3M") is an acronym, not a shout.
    if !all_caps || letters.len() <= 4 {
        return None;
    }
    let words: Vec<String> = text
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            if let Some((_, spelled)) = LEGAL.iter().find(|(caps, _)| *caps == w || *caps == bare) {
                return w.replacen(bare, spelled.trim_end_matches('.'), 1);
            }
            if i > 0 && LOWER_WORDS.contains(&bare.to_lowercase().as_str()) {
                return w.to_lowercase();
            }
            let alpha = bare.chars().filter(|c| c.is_alphabetic()).count();
            if alpha <= 3 && !LOWER_WORDS.contains(&bare.to_lowercase().as_str()) {
                w.to_string()
            } else {
                title_case(w)
            }
        })
        .collect();
    let readable = words.join(" ");
    (readable != text).then_some(readable)
}

#[cfg(test)]
mod tests {
    use super::readable_organization as r;

    #[test]
    fn capitals_read_as_words_and_acronyms_stay() {
        assert_eq!(r("ACME ROBOTICS").as_deref(), Some("Acme Robotics"));
        assert_eq!(r("BRIGHTWAVE LABS").as_deref(), Some("Brightwave Labs"));
        assert_eq!(r("IBM RESEARCH").as_deref(), Some("IBM Research"));
        assert_eq!(r("MÜLLER & SÖHNE GMBH").as_deref(), Some("Müller & Söhne GmbH"));
        assert_eq!(r("BANK OF THE WEST").as_deref(), Some("Bank of the West"));
        assert_eq!(r("GLOBEX INC.").as_deref(), Some("Globex Inc."));
        assert_eq!(r("O'NEILL-SMITH PARTNERS").as_deref(), Some("O'Neill-Smith Partners"));
        assert_eq!(r("IBM"), None, "one short word is an acronym");
        assert_eq!(r("Acme Robotics"), None, "mixed case reads fine");
        assert_eq!(r("株式会社サンプル商事"), None, "no cased letters");
    }
}
