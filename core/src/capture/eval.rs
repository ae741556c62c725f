//! The accuracy harness: compares drafts with expected fields and counts, per field, true and
//! false positives and misses. Values are compared after light normalization (case, spacing,
//! trailing punctuation, address line breaks) so that formatting does not count as an error.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::{CardLine, Draft, read_card};
use crate::error::{Error, InvalidInput};

/// The fields scored, in report order.
pub const FIELDS: &[&str] = &["name", "title", "organization", "email", "phone", "website", "address"];

/// What a card should yield, read from `NAME.expected.json`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expected {
    pub region: Option<String>,
    pub fields: BTreeMap<&'static str, Vec<String>>,
}

impl Expected {
    pub fn from_json(value: &Value) -> Self {
        let one = |key: &str| {
            value.get(key).and_then(Value::as_str).map(|s| vec![s.to_string()]).unwrap_or_default()
        };
        let many = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default()
        };
        let fields = BTreeMap::from([
            ("name", one("name")),
            ("title", one("title")),
            ("organization", one("organization")),
            ("email", many("emails")),
            ("phone", many("phones")),
            ("website", many("websites")),
            ("address", one("address")),
        ]);
        Self { region: value.get("region").and_then(Value::as_str).map(str::to_string), fields }
    }

    pub fn is_negative(&self) -> bool {
        self.fields.values().all(Vec::is_empty)
    }
}

/// One card of a corpus: `NAME.txt` (one OCR line per line) and `NAME.expected.json`.
#[derive(Debug, Clone)]
pub struct Card {
    pub name: String,
    pub lines: Vec<CardLine>,
    pub expected: Expected,
}

/// Every `NAME.txt` in `dir` that has a `NAME.expected.json` beside it, by name.
pub fn load_dir(dir: &Path) -> Result<Vec<Card>, Error> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok()?.strip_suffix(".txt").map(str::to_string))
        .filter(|n| dir.join(format!("{n}.expected.json")).exists())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = String::from_utf8_lossy(&std::fs::read(dir.join(format!("{name}.txt")))?).into_owned();
            let expected: Value =
                serde_json::from_slice(&std::fs::read(dir.join(format!("{name}.expected.json")))?)
                    .map_err(|_| InvalidInput::UnknownValue { field: "expected.json (not JSON)" })?;
            let lines = text.lines().map(CardLine::plain).collect();
            Ok(Card { name, lines, expected: Expected::from_json(&expected) })
        })
        .collect()
}

/// Reads every card and scores the drafts.
pub fn score(cards: &[Card]) -> Result<Report, InvalidInput> {
    let mut report = Report::default();
    for card in cards {
        report.add(&card.name, &card.expected, &read_card(&card.lines, card.expected.region.as_deref())?);
    }
    Ok(report)
}

/// What the reader produced, as comparable strings per field.
pub fn produced(draft: &Draft) -> BTreeMap<&'static str, Vec<String>> {
    let opt = |v: Option<&String>| v.cloned().into_iter().collect::<Vec<_>>();
    BTreeMap::from([
        ("name", opt(draft.name.as_ref().map(|n| &n.value.full))),
        ("title", opt(draft.title.as_ref().map(|t| &t.value))),
        ("organization", opt(draft.organization.as_ref().map(|o| &o.value))),
        ("email", draft.emails.iter().map(|e| e.value.value.clone()).collect()),
        (
            "phone",
            draft
                .phones
                .iter()
                .map(|p| p.value.e164.clone().unwrap_or_else(|| p.value.raw.clone()))
                .collect(),
        ),
        (
            "website",
            draft
                .websites
                .iter()
                .map(|w| w.value.clone())
                .chain(draft.socials.iter().map(|s| s.value.url.clone()))
                .collect(),
        ),
        ("address", draft.addresses.iter().map(|a| a.value.label.clone()).collect()),
    ])
}

fn normalize(field: &str, value: &str) -> String {
    let value = if field == "address" { value.replace('\n', ", ") } else { value.to_string() };
    let mut v = value.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    if field == "website" {
        v = v
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_start_matches("www.")
            .to_string();
    }
    v.trim_end_matches(['/', '.', ',']).to_string()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_positives: u32,
    pub false_positives: u32,
    pub misses: u32,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.false_positives)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.true_positives, self.true_positives + self.misses)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 { 1.0 } else { f64::from(a) / f64::from(b) }
}

/// A field the reader got wrong on one card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    pub card: String,
    pub field: &'static str,
    pub expected: Vec<String>,
    pub produced: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Report {
    pub fields: BTreeMap<&'static str, Counts>,
    pub cards: u32,
    pub cards_all_right: u32,
    pub negative_cards: u32,
    /// Fields produced from cards that have none (the target is zero).
    pub fields_from_negatives: u32,
    pub misses: Vec<Miss>,
}

impl Report {
    pub fn add(&mut self, card: &str, expected: &Expected, draft: &Draft) {
        let produced = produced(draft);
        let mut all_right = true;
        for &field in FIELDS {
            let want: Vec<String> =
                expected.fields.get(field).into_iter().flatten().map(|v| normalize(field, v)).collect();
            let got: Vec<String> =
                produced.get(field).into_iter().flatten().map(|v| normalize(field, v)).collect();
            let counts = self.fields.entry(field).or_default();
            let hits = got.iter().filter(|g| want.contains(g)).count() as u32;
            counts.true_positives += hits;
            counts.false_positives += got.len() as u32 - hits;
            counts.misses += want.iter().filter(|w| !got.contains(w)).count() as u32;
            if hits as usize != want.len() || hits as usize != got.len() {
                all_right = false;
                self.misses.push(Miss {
                    card: card.to_string(),
                    field,
                    expected: expected.fields.get(field).cloned().unwrap_or_default(),
                    produced: produced.get(field).cloned().unwrap_or_default(),
                });
            }
        }
        self.cards += 1;
        self.cards_all_right += u32::from(all_right);
        if expected.is_negative() {
            self.negative_cards += 1;
            self.fields_from_negatives += produced.values().map(|v| v.len() as u32).sum::<u32>();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_hits_misses_and_extras() {
        let expected = Expected::from_json(&serde_json::json!({
            "name": "Ana Reyes", "emails": ["ana@acme.com"], "phones": ["+14155550132"], "title": "CEO"
        }));
        let lines: Vec<CardLine> =
            ["Ana Reyes", "ana@acme.com", "+1 415 555 0132", "+1 415 555 0199"].map(CardLine::plain).to_vec();
        let draft = read_card(&lines, Some("US")).unwrap();
        let mut report = Report::default();
        report.add("ana", &expected, &draft);
        assert_eq!(report.fields["name"].true_positives, 1);
        assert_eq!(report.fields["phone"], Counts { true_positives: 1, false_positives: 1, misses: 0 });
        assert_eq!(report.fields["title"], Counts { true_positives: 0, false_positives: 0, misses: 1 });
        assert_eq!(report.cards_all_right, 0);
    }
}
