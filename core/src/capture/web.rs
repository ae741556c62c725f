//! E-mails, websites and social handles in a line of card text.

use linkify::{LinkFinder, LinkKind};

use super::Social;
use crate::model::validate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Email(String),
    Website(String),
    Social(Social),
}

/// Everything web-like in `text`, with the byte ranges to blank out.
pub fn find(text: &str) -> Vec<(Found, (usize, usize))> {
    // OCR reads `.com` as `.c0m` now and then; same-length repairs keep the byte ranges valid.
    let repaired = text.replace(".c0m", ".com").replace(".0rg", ".org").replace(".c0.", ".co.");
    let text = repaired.as_str();
    let mut finder = LinkFinder::new();
    finder.url_must_have_scheme(false);
    let mut found = Vec::new();
    for link in finder.links(text) {
        let span = (link.start(), link.end());
        let item = match link.kind() {
            LinkKind::Email => email(link.as_str()).map(Found::Email),
            LinkKind::Url => url(link.as_str()),
            _ => None,
        };
        if let Some(item) = item {
            found.push((item, span));
        }
    }
    found.extend(handles(text, &found));
    found
}

/// OCR reads `.com` as `.c0m` now and then; the top-level domain is letters only.
fn email(text: &str) -> Option<String> {
    let text = text.trim_end_matches('.');
    let (local, domain) = text.rsplit_once('@')?;
    let domain = match domain.rsplit_once('.') {
        Some((host, tld)) => format!("{host}.{}", tld.replace('0', "o").replace('1', "l")),
        None => return None,
    };
    validate::email(&format!("{local}@{domain}")).ok().map(|e| e.value)
}

const NETWORKS: &[(&str, &str)] = &[
    ("linkedin.com", "linkedin"),
    ("twitter.com", "twitter"),
    ("x.com", "twitter"),
    ("instagram.com", "instagram"),
    ("github.com", "github"),
    ("facebook.com", "facebook"),
    ("fb.com", "facebook"),
    ("wa.me", "whatsapp"),
    ("t.me", "telegram"),
];

fn url(text: &str) -> Option<Found> {
    let text = text.trim_end_matches(['.', ',', ')']);
    // A bare word with a dot ("Inc.Ltd", "S.A") is not a website: require a known shape.
    let with_scheme = if text.contains("://") { text.to_string() } else { format!("https://{text}") };
    let parsed = url::Url::parse(&with_scheme).ok()?;
    let host = parsed.host_str()?.trim_start_matches("www.").to_lowercase();
    let tld = host.rsplit('.').next()?;
    if !host.contains('.') || tld.len() < 2 || !tld.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    if let Some(&(_, network)) =
        NETWORKS.iter().find(|(domain, _)| host == *domain || host.ends_with(&format!(".{domain}")))
    {
        let path: Vec<&str> =
            parsed.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default();
        let handle = match (network, path.as_slice()) {
            ("linkedin", ["in" | "company", handle, ..]) => handle.to_string(),
            ("linkedin", _) => return Some(Found::Website(with_scheme)),
            (_, [handle, ..]) => handle.trim_start_matches('@').to_string(),
            _ => return Some(Found::Website(with_scheme)),
        };
        return Some(Found::Social(social(network, &handle)));
    }
    validate::url(&with_scheme).ok().map(Found::Website)
}

pub fn social(network: &str, handle: &str) -> Social {
    let url = match network {
        "linkedin" => format!("https://www.linkedin.com/in/{handle}"),
        "twitter" => format!("https://x.com/{handle}"),
        "instagram" => format!("https://www.instagram.com/{handle}"),
        "github" => format!("https://github.com/{handle}"),
        "facebook" => format!("https://www.facebook.com/{handle}"),
        "whatsapp" => format!("https://wa.me/{handle}"),
        "telegram" => format!("https://t.me/{handle}"),
        other => format!("https://{other}/{handle}"),
    };
    Social { network: network.to_string(), handle: handle.to_string(), url }
}

const HANDLE_LABELS: &[(&str, &str)] = &[
    ("linkedin", "linkedin"),
    ("twitter", "twitter"),
    ("x", "twitter"),
    ("instagram", "instagram"),
    ("ig", "instagram"),
    ("insta", "instagram"),
    ("github", "github"),
    ("gh", "github"),
    ("telegram", "telegram"),
];

/// `in/handle`, and `@handle` after a network's label (`Twitter: @ana`, `IG @ana`).
fn handles(text: &str, taken: &[(Found, (usize, usize))]) -> Vec<(Found, (usize, usize))> {
    let mut out = Vec::new();
    let mut offset = 0;
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .map(|w| {
            let start = offset;
            offset += w.len() + 1;
            (start, w)
        })
        .collect();
    for (i, &(start, word)) in words.iter().enumerate() {
        if taken.iter().any(|(_, (s, e))| start >= *s && start < *e) {
            continue;
        }
        let end = start + word.len();
        let clean = word.trim_end_matches([',', ';', '.']);
        if let Some(handle) = clean.strip_prefix("in/").filter(|h| is_handle(h)) {
            out.push((Found::Social(social("linkedin", handle)), (start, end)));
            continue;
        }
        let Some(handle) = clean.strip_prefix('@').filter(|h| is_handle(h)) else { continue };
        let label = i.checked_sub(1).map(|j| words[j].1.trim_end_matches(':').to_lowercase());
        let network =
            label.as_deref().and_then(|l| HANDLE_LABELS.iter().find(|(k, _)| *k == l)).map(|&(_, n)| n);
        if let Some(network) = network {
            let label_start = words[i - 1].0;
            out.push((Found::Social(social(network, handle)), (label_start, end)));
        }
    }
    out
}

fn is_handle(h: &str) -> bool {
    (2..=60).contains(&h.len()) && h.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// The part of an e-mail's domain that names the organization (`harrowfinch` in
/// `ana@mail.harrowfinch.co.uk`), unless the domain is a free-mail provider.
pub fn domain_label(email: &str) -> Option<String> {
    let domain = email.rsplit_once('@')?.1.to_lowercase();
    if super::lexicon::FREE_MAIL.contains(&domain.as_str()) {
        return None;
    }
    let parts: Vec<&str> = domain.split('.').collect();
    // Skip second-level public suffixes such as co.uk, com.au, co.jp.
    let short_sld = |p: &str| ["co", "com", "ac", "or", "ne", "org", "gov", "edu", "net", "gob"].contains(&p);
    let label = match parts.as_slice() {
        [.., label, sld, _tld] if short_sld(sld) => label,
        [.., label, _tld] => label,
        _ => return None,
    };
    Some(label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_emails_sites_and_handles() {
        let found: Vec<Found> =
            find("ana@brightwave.io · www.brightwave.io · in/anareyes").into_iter().map(|f| f.0).collect();
        assert_eq!(found[0], Found::Email("ana@brightwave.io".into()));
        assert_eq!(found[1], Found::Website("https://www.brightwave.io/".into()));
        assert!(matches!(&found[2], Found::Social(s) if s.network == "linkedin" && s.handle == "anareyes"));
        let found: Vec<Found> =
            find("Twitter: @ana_r  linkedin.com/in/ana-reyes").into_iter().map(|f| f.0).collect();
        assert_eq!(found.len(), 2);
        assert!(
            found
                .iter()
                .any(|f| matches!(f, Found::Social(s) if s.network == "twitter" && s.handle == "ana_r"))
        );
    }

    #[test]
    fn ocr_zero_in_top_level_domain() {
        assert_eq!(email("jo@acme.c0m").as_deref(), Some("jo@acme.com"));
    }

    #[test]
    fn organization_label_of_a_domain() {
        assert_eq!(domain_label("a@mail.harrowfinch.co.uk").as_deref(), Some("harrowfinch"));
        assert_eq!(domain_label("a@brightwave.io").as_deref(), Some("brightwave"));
        assert_eq!(domain_label("a@gmail.com"), None);
    }
}
