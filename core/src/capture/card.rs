//! Card text -> draft. Each line is split into segments (two-column OCR glues columns with wide
//! gaps or bars), e-mails, links and phones are taken out with their labels, and what is left
//! is classified as name, title, organization, address or neither. The e-mail is the strongest
//! evidence: its local part points at the name, its domain at the organization.

use unicode_normalization::UnicodeNormalization;

use super::address::{self, AddressLine};
use super::lexicon::{
    CJK_ORG_MARKS, CJK_TITLE_WORDS, NOT_TITLE_WORDS, ORG_SUFFIXES, ORG_WORDS, OTHER_LABELS, TITLE_WORDS,
    is_word_in,
};
use super::names::{self, is_cjk};
use super::web::{self, Found};
use super::{CardLine, Draft, DraftEmail, DraftName, DraftPhone, MAX_LINE_CHARS, MAX_LINES, Scored, phones};
use crate::error::InvalidInput;
use crate::model::validate;

struct Segment {
    text: String,
    order: usize,
    /// The input line it came from (two columns read as one line give two segments).
    line: usize,
    /// Relative font size: line height over the median line height (1 without boxes).
    size: f32,
    confidence: f32,
}

/// Words that never start a person's name on a card (slogans, calls to action).
const NOT_NAME_WORDS: &[&str] = &[
    "thank",
    "thanks",
    "you",
    "welcome",
    "scan",
    "me",
    "visit",
    "us",
    "follow",
    "free",
    "call",
    "now",
    "the",
    "and",
    "for",
    "our",
    "your",
    "we",
    "with",
    "since",
    "best",
    "quality",
    "service",
    "services",
    "innovation",
    "excellence",
    "trusted",
    "building",
    "creating",
    "making",
    "think",
    "leading",
    "simply",
    "better",
    "future",
    "together",
    "smart",
    "global",
    "digital",
    "new",
    "sample",
    "card",
    "name",
    "business",
    "contact",
    "information",
    "lorem",
    "ipsum",
    "powered",
    "official",
    "partner",
];

/// Reads a card. `region` is the default for phone numbers printed without a country code.
pub fn read_card(lines: &[CardLine], region: Option<&str>) -> Result<Draft, InvalidInput> {
    let region_id = region.map(validate::region).transpose()?;
    let mut draft = Draft::default();
    let segments = segments(lines, &mut draft.warnings);
    let mut rests: Vec<(usize, String)> = Vec::new();
    for (i, seg) in segments.iter().enumerate() {
        let mut text = seg.text.clone();
        for (found, span) in web::find(&text) {
            let c = seg.confidence;
            match found {
                Found::Email(e) if !draft.emails.iter().any(|x| x.value.value == e) => draft
                    .emails
                    .push(Scored { value: DraftEmail { value: e, kind: None }, confidence: 0.98 * c }),
                Found::Website(w) if !draft.websites.iter().any(|x| x.value == w) => {
                    draft.websites.push(Scored { value: w, confidence: 0.9 * c })
                }
                Found::Social(s) if !draft.socials.iter().any(|x| x.value.url == s.url) => {
                    draft.socials.push(Scored { value: s, confidence: 0.9 * c })
                }
                _ => {}
            }
            blank(&mut text, span);
        }
        let postal = address::postal_code(&text);
        for found in phones::find(&text, region_id) {
            // "01310-100 São Paulo" is a postal code, not a number.
            if postal.is_some_and(|(s, e)| found.span.0 < e && s < found.span.1)
                && !found.raw.starts_with('+')
            {
                continue;
            }
            let confidence = if found.e164.is_some() { 0.95 } else { 0.6 } * seg.confidence;
            let phone = DraftPhone { raw: found.raw, e164: found.e164, kind: found.kind };
            let same = |p: &Scored<DraftPhone>| p.value.e164.is_some() && p.value.e164 == phone.e164;
            if !draft.phones.iter().any(same) {
                draft.phones.push(Scored { value: phone, confidence });
            }
            blank(&mut text, found.span);
        }
        let rest = strip_labels(&text);
        if rest.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            rests.push((i, rest));
        }
    }
    classify(&segments, &rests, &mut draft);
    Ok(draft)
}

/// Lines, normalized (NFKC turns full-width digits and `＠` into ASCII), cut to the limits and
/// split where two columns were read as one line.
fn segments(lines: &[CardLine], warnings: &mut Vec<String>) -> Vec<Segment> {
    if lines.len() > MAX_LINES {
        warnings.push(format!("only the first {MAX_LINES} of {} lines were read", lines.len()));
    }
    let mut heights: Vec<f32> =
        lines.iter().filter_map(|l| l.bounds.map(|b| b.height)).filter(|h| *h > 0.0).collect();
    heights.sort_by(f32::total_cmp);
    let median = heights.get(heights.len() / 2).copied();
    let mut out = Vec::new();
    for (index, line) in lines.iter().take(MAX_LINES).enumerate() {
        let mut text = fold_full_width(&line.text);
        if text.chars().count() > MAX_LINE_CHARS {
            warnings
                .push(format!("a line of {} characters was cut to {MAX_LINE_CHARS}", text.chars().count()));
            text = text.chars().take(MAX_LINE_CHARS).collect();
        }
        let size = match (line.bounds, median) {
            (Some(b), Some(m)) if m > 0.0 => b.height / m,
            _ => 1.0,
        };
        let confidence = line.confidence.unwrap_or(1.0).clamp(0.0, 1.0);
        for part in split_columns(&text) {
            let part = part.trim();
            if !part.is_empty() {
                out.push(Segment { text: part.to_string(), order: out.len(), line: index, size, confidence });
            }
        }
    }
    out
}

/// Full-width forms (`０３－５５５５`, `＠`) become ASCII; other characters stay as printed
/// (full NFKC would also turn `3º` into `3o`).
fn fold_full_width(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let wide = ('\u{FF01}'..='\u{FF5E}').contains(&c) || c == '\u{3000}';
            let folded: Vec<char> = if wide { c.nfkc().collect() } else { vec![c] };
            folded
        })
        .collect()
}

/// Splits on bars, bullets, tabs and runs of three or more spaces.
fn split_columns(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut spaces = 0;
    for c in text.chars() {
        if c == ' ' {
            spaces += 1;
            if spaces == 3 {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            if spaces > 3 {
                continue;
            }
        } else {
            spaces = 0;
        }
        if matches!(c, '|' | '•' | '·' | '\t' | '◦' | '▪') {
            parts.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

fn blank(text: &mut String, (start, end): (usize, usize)) {
    if start < end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end) {
        text.replace_range(start..end, &" ".repeat(end - start));
    }
}

/// Drops leftover labels (`E:`, `Web:`) and separators.
fn strip_labels(text: &str) -> String {
    // A label is a word ending in ':' anywhere ("E: … Web: …"), or a bare short label only where
    // the text is nothing but labels: the "W" of "Blvd W" is a street, not a label.
    let is_label = |w: &str, bare_allowed: bool| {
        let bare = w.trim_end_matches([':', '.']).to_lowercase();
        OTHER_LABELS.contains(&bare.as_str()) && (w.ends_with(':') || (bare_allowed && w.len() <= 2))
    };
    let all: Vec<&str> = text.split_whitespace().collect();
    let only_labels = all.iter().all(|w| is_label(w, true));
    let words: Vec<&str> = all.into_iter().filter(|w| !is_label(w, only_labels)).collect();
    words.join(" ").trim_matches(|c: char| c.is_whitespace() || ":|•·-–,;/".contains(c)).to_string()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Name,
    Title,
    Organization,
    Address(AddressLine),
}

struct Candidate {
    seg: usize,
    text: String,
    role: Role,
    score: f32,
    name: Option<DraftName>,
}

fn classify(segments: &[Segment], rests: &[(usize, String)], draft: &mut Draft) {
    let locals: Vec<String> = draft
        .emails
        .iter()
        .filter_map(|e| e.value.value.split_once('@').map(|(l, _)| l.to_string()))
        .collect();
    let domains: Vec<String> = draft
        .emails
        .iter()
        .filter_map(|e| web::domain_label(&e.value.value))
        .chain(draft.websites.iter().filter_map(|w| web::domain_label(&format!("x@{}", host(&w.value)))))
        .collect();
    let mut candidates = Vec::new();
    for (i, (seg, text)) in rests.iter().enumerate() {
        let s = &segments[*seg];
        let next_is_postal =
            rests.get(i + 1).is_some_and(|(_, t)| address::classify(t) == Some(AddressLine::Postal));
        if next_is_postal && address::classify(text).is_none() && address::house_number_line(text) {
            let role = Role::Address(AddressLine::Street);
            candidates.push(Candidate { seg: *seg, text: text.clone(), role, score: 0.7, name: None });
            continue;
        }
        candidates.extend(candidates_of(*seg, text, s, &locals, &domains));
    }
    let mut used = Vec::new();
    // Name first: the e-mail's local part is the best evidence there is.
    let name = best(&candidates, Role::Name, &used);
    if let Some(c) = name {
        used.push(c.seg);
        let mut n = c.name.clone().expect("name candidates carry a name");
        n.full = n.full.trim().to_string();
        draft.name = Some(Scored { value: n, confidence: c.score.min(1.0) * segments[c.seg].confidence });
    }
    if let Some(c) = best(&candidates, Role::Title, &used) {
        used.push(c.seg);
        // "Realtor® | Broker Associate": title parts split off the same line belong together.
        let line = segments.get(c.seg).map(|s| s.line);
        let mut parts = vec![(c.seg, clean(&c.text))];
        let same_line: Vec<&Candidate> = candidates
            .iter()
            .filter(|o| o.role == Role::Title && !used.contains(&o.seg))
            .filter(|o| line.is_some() && segments.get(o.seg).map(|s| s.line) == line)
            .collect();
        for other in same_line {
            used.push(other.seg);
            parts.push((other.seg, clean(&other.text)));
        }
        parts.sort();
        let value = parts.into_iter().map(|(_, t)| t).collect::<Vec<_>>().join(" | ");
        draft.title = Some(Scored { value, confidence: c.score.min(1.0) });
    }
    if let Some(c) = best(&candidates, Role::Organization, &used) {
        used.push(c.seg);
        draft.organization = Some(Scored { value: clean(&c.text), confidence: c.score.min(1.0) });
    }
    let mut lines: Vec<(String, AddressLine)> = Vec::new();
    let mut last_address_seg: Option<usize> = None;
    for c in candidates.iter().filter(|c| matches!(c.role, Role::Address(_)) && !used.contains(&c.seg)) {
        let Role::Address(kind) = c.role else { continue };
        // A country alone is an address line only next to one.
        if kind == AddressLine::Country && last_address_seg.is_none_or(|l| c.seg > l + 1) {
            continue;
        }
        lines.push((c.text.clone(), kind));
        last_address_seg = Some(c.seg);
    }
    if lines.iter().any(|(_, k)| *k != AddressLine::Country) {
        let confidence = if lines.iter().any(|(_, k)| *k == AddressLine::Postal) { 0.85 } else { 0.6 };
        draft.addresses.push(Scored { value: address::assemble(&lines), confidence });
    }
    // A lone name with nothing else is a slogan or a sign, not a business card.
    if draft.name.is_some()
        && draft.emails.is_empty()
        && draft.phones.is_empty()
        && draft.websites.is_empty()
        && draft.socials.is_empty()
        && draft.title.is_none()
        && draft.organization.is_none()
        && draft.addresses.is_empty()
    {
        draft.name = None;
    }
}

fn host(url: &str) -> String {
    url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default()
}

fn clean(text: &str) -> String {
    text.trim().trim_end_matches([',', ';']).trim().to_string()
}

fn best<'a>(candidates: &'a [Candidate], role: Role, used: &[usize]) -> Option<&'a Candidate> {
    candidates.iter().filter(|c| c.role == role && !used.contains(&c.seg) && c.score >= 0.45).fold(
        None,
        |best: Option<&Candidate>, c| match best {
            Some(b) if b.score >= c.score => Some(b),
            _ => Some(c),
        },
    )
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.' || c == '&' || c == '/'))
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect()
}

fn is_tagline(text: &str) -> bool {
    let words = words_of(text);
    let first = words.first().map(String::as_str).unwrap_or("");
    text.trim_end().ends_with(['!', '?', '.'])
        && !text.trim_end().ends_with("Inc.")
        && !text.trim_end().ends_with("Ltd.")
        && !text.trim_end().ends_with("Co.")
        && words.len() > 2
        || NOT_TITLE_WORDS.contains(&first)
        || words.len() > 8
        || text.starts_with(['"', '“', '«', '„'])
}

fn title_score(text: &str) -> f32 {
    if is_tagline(text) {
        return 0.0;
    }
    if is_cjk(text) {
        return if CJK_TITLE_WORDS.iter().any(|w| text.contains(w)) { 0.8 } else { 0.0 };
    }
    let words = words_of(text);
    let hits = words
        .iter()
        .filter(|w| is_word_in(TITLE_WORDS, w) || w.starts_with("co-") || w.starts_with("vice"))
        .count();
    match hits {
        0 => 0.0,
        _ if words.len() <= 6 => 0.8,
        _ => 0.55,
    }
}

/// Letters and digits only, lower-cased, with umlauts spelt out as domains spell them.
fn squash(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            c if c.is_alphanumeric() => out.extend(c.nfd().filter(|d| d.is_alphanumeric())),
            _ => {}
        }
    }
    out
}

fn org_score(text: &str, domains: &[String]) -> f32 {
    let squashed = squash(text);
    let domain_hit = domains.iter().any(|d| {
        d.len() >= 3
            && (squashed.contains(d.as_str()) || (squashed.len() >= 4 && d.contains(squashed.as_str())))
    });
    let lower_words = words_of(text);
    let suffix =
        lower_words.iter().any(|w| is_word_in(ORG_SUFFIXES, w) || is_word_in(ORG_SUFFIXES, &format!("{w}.")))
            || ORG_SUFFIXES.iter().filter(|s| s.contains(' ')).any(|s| text.to_lowercase().contains(s));
    let cjk_mark = CJK_ORG_MARKS.iter().any(|m| text.contains(m));
    let word = lower_words.iter().any(|w| is_word_in(ORG_WORDS, w)) || lower_words.iter().any(|w| w == "&");
    let mut score: f32 = 0.0;
    if suffix || cjk_mark {
        score = 0.9;
    } else if word {
        score = 0.55;
    }
    if domain_hit {
        score = score.max(0.7) + 0.2;
    }
    if is_tagline(text) && !suffix {
        score = 0.0;
    }
    score
}

fn candidates_of(
    seg: usize,
    text: &str,
    s: &Segment,
    locals: &[String],
    domains: &[String],
) -> Vec<Candidate> {
    let mut out = Vec::new();
    if let Some(kind) = address::classify(text) {
        out.push(Candidate {
            seg,
            text: text.to_string(),
            role: Role::Address(kind),
            score: 0.8,
            name: None,
        });
        return out;
    }
    // "Ana Reyes, CEO" or "Ana Reyes – Founder": a name and a title on one line.
    if let Some((left, right)) = text.split_once([',', '–']).or_else(|| text.split_once(" - "))
        && let (Some(n), true) = (names::parse(left), title_score(right) > 0.0)
    {
        let score = name_score(&n, s, locals);
        out.push(Candidate { seg, text: left.trim().to_string(), role: Role::Name, score, name: Some(n) });
        out.push(Candidate {
            seg: seg + 10_000,
            text: right.trim().to_string(),
            role: Role::Title,
            score: 0.75,
            name: None,
        });
        return out;
    }
    let org = org_score(text, domains);
    let title = title_score(text);
    let first_word = words_of(text).into_iter().next().unwrap_or_default();
    let name = (!NOT_NAME_WORDS.contains(&first_word.as_str()) && !is_tagline(text))
        .then(|| names::parse(text))
        .flatten();
    if let Some(n) = name {
        let affinity = locals.iter().map(|l| names::email_affinity(&n, l)).fold(0.0, f32::max);
        // A name-shaped line that spells the e-mail's domain is the organization ("Harrow Finch").
        if org < 0.7 || affinity > 0.0 {
            let score = name_score(&n, s, locals);
            out.push(Candidate { seg, text: text.to_string(), role: Role::Name, score, name: Some(n) });
        }
    }
    if title > 0.0 && org < 0.9 {
        out.push(Candidate { seg, text: text.to_string(), role: Role::Title, score: title, name: None });
    }
    let shouting = text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
        && text.split_whitespace().count() <= 3
        && !is_cjk(text);
    let org = if org == 0.0 && shouting && title == 0.0 { 0.5 } else { org };
    if org > 0.0 {
        out.push(Candidate {
            seg,
            text: text.to_string(),
            role: Role::Organization,
            score: org + 0.02 * (s.size - 1.0),
            name: None,
        });
    }
    out
}

fn name_score(n: &DraftName, s: &Segment, locals: &[String]) -> f32 {
    let affinity = locals.iter().map(|l| names::email_affinity(n, l)).fold(0.0, f32::max);
    let early = if s.order < 3 { 0.1 } else { 0.0 };
    let size = ((s.size - 1.0) * 0.1).clamp(0.0, 0.1);
    0.5 + 0.4 * affinity + early + size
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(text: &str, region: &str) -> Draft {
        let lines: Vec<CardLine> = text.lines().map(CardLine::plain).collect();
        read_card(&lines, Some(region)).expect("valid region")
    }

    #[test]
    fn a_plain_us_card() {
        let d = card(
            "BRIGHTWAVE LABS\nAna Reyes\nHead of Partnerships\nT +1 415 555 0132 | M (415) 555-0187\nana.reyes@brightwave.io\nwww.brightwave.io\n500 Howard Street, Suite 400\nSan Francisco, CA 94107",
            "US",
        );
        assert_eq!(d.name.as_ref().unwrap().value.full, "Ana Reyes");
        assert_eq!(d.title.as_ref().unwrap().value, "Head of Partnerships");
        assert_eq!(d.organization.as_ref().unwrap().value, "BRIGHTWAVE LABS");
        assert_eq!(d.phones.len(), 2);
        assert_eq!(d.addresses[0].value.postcode.as_deref(), Some("94107"));
    }

    #[test]
    fn slogans_and_empty_cards_yield_nothing() {
        assert!(card("Thank you for visiting!\nScan me", "US").is_empty());
        assert!(card("", "US").is_empty());
        assert!(card("~~~ ### ***\n|||", "US").is_empty());
        assert!(card("Building Better Futures Together.", "US").is_empty());
    }

    #[test]
    fn a_japanese_card() {
        let d = card(
            "株式会社サンプル商事\n営業部 部長\n山本 健一\n〒100-0005 東京都千代田区丸の内1-1-1\nTEL 03-1234-5678\n携帯 090-1234-5678\nk.yamamoto@sample-shoji.co.jp",
            "JP",
        );
        assert_eq!(d.name.as_ref().unwrap().value.family.as_deref(), Some("山本"));
        assert_eq!(d.organization.as_ref().unwrap().value, "株式会社サンプル商事");
        assert_eq!(d.title.as_ref().unwrap().value, "営業部 部長");
        assert_eq!(d.phones.iter().filter(|p| p.value.kind.as_deref() == Some("mobile")).count(), 1);
        assert_eq!(d.addresses.len(), 1);
    }

    #[test]
    fn huge_input_is_cut_with_a_warning() {
        let line = "x".repeat(100_000);
        let d = read_card(&[CardLine::plain(line)], Some("US")).unwrap();
        assert!(!d.warnings.is_empty());
        assert!(d.is_empty());
    }

    #[test]
    fn short_words_are_labels_only_when_alone() {
        let d = card("Ana Reyes\nana@acme.ca\n1250 René-Lévesque Blvd W\nMontréal, QC H3B 4W8", "CA");
        assert_eq!(d.addresses[0].value.label, "1250 René-Lévesque Blvd W\nMontréal, QC H3B 4W8");
        assert_eq!(strip_labels("W: www.acme.com"), "www.acme.com");
        assert_eq!(strip_labels("E"), "");
    }

    #[test]
    fn unknown_region_is_refused() {
        assert_eq!(read_card(&[], Some("ZZ")), Err(InvalidInput::Region));
    }
}
