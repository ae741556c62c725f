//! Capture and interchange commands: read a card or a QR code, import and export files, find
//! and merge duplicates, and score the card reader.

use std::io::IsTerminal;
use std::path::Path;

use kith_core::capture::eval::{self, FIELDS};
use kith_core::capture::{Bounds, CardLine, Draft};
use kith_core::interchange::{self, Format};
use kith_core::{
    CaptureOptions, Error, ExportFormat, ImportAction, ImportItem, ImportOptions, InvalidInput, Kith,
};
use serde_json::{Value, json};

use crate::cli::{CaptureArgs, ImportArgs};
use crate::commands::id;
use crate::{Out, dates, json, text};

fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    crate::files::read_bounded(path, interchange::MAX_IMPORT_BYTES)
}

fn lines_from_json(value: &Value) -> Result<Vec<CardLine>, Error> {
    let items =
        value.as_array().ok_or(InvalidInput::UnknownValue { field: "lines-json (an array of lines)" })?;
    let number = |v: &Value, key: &str| v.get(key).and_then(Value::as_f64).map(|f| f as f32);
    items
        .iter()
        .map(|item| match item {
            Value::String(text) => Ok(CardLine::plain(text.clone())),
            Value::Object(_) => {
                let text = item
                    .get("text")
                    .and_then(Value::as_str)
                    .ok_or(InvalidInput::Missing { field: "text" })?;
                let bounds = item.get("bounds").map(|b| Bounds {
                    x: number(b, "x").unwrap_or(0.0),
                    y: number(b, "y").unwrap_or(0.0),
                    width: number(b, "width").unwrap_or(0.0),
                    height: number(b, "height").unwrap_or(0.0),
                });
                Ok(CardLine { text: text.to_string(), bounds, confidence: number(item, "confidence") })
            }
            _ => Err(InvalidInput::UnknownValue { field: "lines-json (strings or objects)" }.into()),
        })
        .collect()
}

fn draft_of(store: &Kith, args: &CaptureArgs) -> Result<Draft, Error> {
    if let Some(payload) = &args.qr {
        return store.read_qr(payload);
    }
    let lines = if let Some(path) = &args.lines_json {
        let bytes = read_file(path)?;
        let value: Value = serde_json::from_slice(&bytes)
            .map_err(|_| InvalidInput::UnknownValue { field: "lines-json (not JSON)" })?;
        lines_from_json(&value)?
    } else {
        let text = match (&args.text, &args.text_file) {
            (Some(t), _) => t.replace(" / ", "\n"),
            (None, Some(path)) => String::from_utf8_lossy(&read_file(path)?).into_owned(),
            (None, None) => return Err(InvalidInput::Missing { field: "card text" }.into()),
        };
        text.lines().map(CardLine::plain).collect()
    };
    store.read_card(&lines, args.region.as_deref())
}

pub fn capture(store: &mut Kith, args: CaptureArgs, out: &Out) -> Result<(), Error> {
    let draft = draft_of(store, &args)?;
    let today = store.clock().today();
    let follow_up_by = args.follow_up_by.as_deref().map(|d| dates::day(d, today)).transpose()?;
    if args.dry_run {
        out.emit(json::draft(&draft), || text::draft(&draft));
        return Ok(());
    }
    let options = CaptureOptions {
        region: args.region.clone(),
        met_at: args.met_at.clone(),
        met_on: None,
        follow_up_by,
        force_new: args.new,
    };
    let saved = store.save_capture(&draft, &options)?;
    let c = &saved.contact;
    let mut value = json::contact(c);
    value["capture"] = json!({
        "action": action_name(&saved.action),
        "evidence": saved.evidence.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "warnings": saved.warnings,
        "follow_up": saved.follow_up.as_ref().map(json::follow_up),
    });
    out.emit(value, || {
        let evidence = || saved.evidence.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
        let mut s = match &saved.action {
            ImportAction::Add => format!("Saved {}\n", text::contact_line(c)),
            ImportAction::LookAlike { contact } => format!(
                "Saved {} as a new contact; it looks like {contact} ({}): see kith duplicates\n",
                text::contact_line(c),
                evidence()
            ),
            _ => {
                let why = saved.evidence.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                format!("Already in Kith ({why}): {}\n", text::contact_line(c))
            }
        };
        if let ImportAction::Update { adds, .. } = &saved.action {
            s.push_str(&format!("  added {}\n", adds.join(", ")));
        }
        if let Some(f) = &saved.follow_up {
            s.push_str(&format!("  follow up by {}: {}\n", f.due, f.what));
        }
        s
    });
    Ok(())
}

fn action_name(action: &ImportAction) -> &'static str {
    match action {
        ImportAction::Add => "new",
        ImportAction::Update { .. } => "update",
        ImportAction::LookAlike { .. } => "look-alike",
        ImportAction::Exact { .. } | ImportAction::SameAsEarlier { .. } => "duplicate",
        ImportAction::Skip { .. } => "skip",
    }
}

fn items_json(items: &[ImportItem]) -> Value {
    json!(
        items
            .iter()
            .map(|i| {
                let (contact, detail) = match &i.action {
                    ImportAction::Update { contact, adds } => (Some(contact.to_string()), json!(adds)),
                    ImportAction::Exact { contact } | ImportAction::LookAlike { contact } => {
                        (Some(contact.to_string()), Value::Null)
                    }
                    ImportAction::SameAsEarlier { record } => (None, json!({"same_as_record": record + 1})),
                    ImportAction::Skip { reason } => (None, json!(reason)),
                    ImportAction::Add => (None, Value::Null),
                };
                json!({
                    "name": i.name,
                    "action": action_name(&i.action),
                    "contact": contact,
                    "detail": detail,
                    "evidence": i.evidence.iter().map(ToString::to_string).collect::<Vec<_>>(),
                    "warnings": i.warnings,
                })
            })
            .collect::<Vec<_>>()
    )
}

pub fn import(store: &mut Kith, args: ImportArgs, out: &Out) -> Result<(), Error> {
    let bytes = read_file(&args.file)?;
    let format = args.format.as_deref().map(str::parse::<Format>).transpose()?;
    let options = ImportOptions { region: args.region, met_at: args.met_at, met_on: None };
    let bar = (!out.json && !args.dry_run && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} records written")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let report = store.import_contacts(&bytes, format, &options, args.dry_run, &mut |done, total| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    })?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let listed = items_json(&report.items);
    let summary = &report.summary;
    if report.dry_run {
        out.emit(json!({"dry_run": true, "records": listed, "summary": summary_json(summary)}), || {
            let mut s = String::new();
            for (n, item) in report.items.iter().enumerate() {
                let evidence = item.evidence.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                let detail = match &item.action {
                    ImportAction::Update { adds, .. } => format!(" (adds {})", adds.join(", ")),
                    ImportAction::Skip { reason } => format!(" ({reason})"),
                    ImportAction::SameAsEarlier { record } => format!(" (same as record {})", record + 1),
                    _ => String::new(),
                };
                let evidence = if evidence.is_empty() { String::new() } else { format!(" [{evidence}]") };
                s.push_str(&format!(
                    "{:>5}  {:<10} {}{detail}{evidence}\n",
                    n + 1,
                    action_name(&item.action),
                    item.name
                ));
            }
            s.push_str(&summary_line(summary, "would be"));
            s
        });
        return Ok(());
    }
    out.emit(json!({"summary": summary_json(summary), "records": listed}), || {
        let mut s = summary_line(summary, "");
        for item in &report.items {
            let name = if item.name.is_empty() { "(no name)" } else { item.name.as_str() };
            if let ImportAction::Skip { reason } = &item.action {
                s.push_str(&format!("  skipped {name}: {reason}\n"));
            }
        }
        for item in &report.items {
            for warning in &item.warnings {
                s.push_str(&format!("  warning {}: {warning}\n", item.name));
            }
        }
        s
    });
    Ok(())
}

fn summary_json(s: &kith_core::ImportSummary) -> Value {
    json!({"added": s.added, "look_alikes": s.look_alikes, "updated": s.updated, "duplicates": s.duplicates, "skipped": s.skipped})
}

fn summary_line(s: &kith_core::ImportSummary, verb: &str) -> String {
    let verb = if verb.is_empty() { String::new() } else { format!("{verb} ") };
    let alike = if s.look_alikes > 0 {
        format!(" ({} look like stored contacts: see kith duplicates)", s.look_alikes)
    } else {
        String::new()
    };
    format!(
        "{} {verb}added{alike}, {} {verb}updated, {} duplicates, {} skipped\n",
        s.added, s.updated, s.duplicates, s.skipped
    )
}

pub fn export(store: &mut Kith, format: &str, out_path: Option<&Path>, out: &Out) -> Result<(), Error> {
    let body = store.export_contacts(format.parse::<ExportFormat>()?)?;
    match out_path {
        Some(path) => {
            crate::files::write_atomic(path, body.as_bytes())?;
            let count = store.count_contacts()?;
            out.emit(json!({"exported": count, "format": format, "out": path}), || {
                format!("Exported {count} contacts to {}", path.display())
            });
        }
        None => print!("{body}"),
    }
    Ok(())
}

pub fn duplicates(store: &Kith, out: &Out) -> Result<(), Error> {
    let pairs = store.duplicates()?;
    let value = json!(
        pairs
            .iter()
            .map(|p| json!({
                "a": json::contact(&p.a),
                "b": json::contact(&p.b),
                "evidence": p.evidence.iter().map(ToString::to_string).collect::<Vec<_>>(),
            }))
            .collect::<Vec<_>>()
    );
    out.emit(value, || {
        if pairs.is_empty() {
            return "No suspected duplicates.".into();
        }
        let mut s = String::new();
        for p in &pairs {
            let evidence = p.evidence.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
            s.push_str(&format!(
                "{}\n{}\n  {evidence}\n",
                text::contact_line(&p.a),
                text::contact_line(&p.b)
            ));
        }
        s.push_str("Merge one pair with: kith merge-contacts KEEP OTHER\n");
        s
    });
    Ok(())
}

pub fn merge_contacts(store: &mut Kith, keep: &str, other: &str, out: &Out) -> Result<(), Error> {
    let merge = store.merge_contacts(id(keep)?, id(other)?)?;
    let mut value = json::contact(&merge.survivor);
    value["merge"] = json!({
        "absorbed": merge.absorbed.to_string(),
        "references_moved": merge.references_moved,
        "values_added": merge.values_added,
    });
    out.emit(value, || {
        format!(
            "Merged into {}: {} references moved, {} values added. Undo with: kith unmerge {}",
            text::contact_line(&merge.survivor),
            merge.references_moved,
            merge.values_added,
            merge.absorbed
        )
    });
    Ok(())
}

pub fn unmerge(store: &mut Kith, target: &str, out: &Out) -> Result<(), Error> {
    let c = store.unmerge(id(target)?)?;
    out.emit(json::contact(&c), || format!("Unmerged {}", text::contact_line(&c)));
    Ok(())
}

/// Scores the card reader on a directory of `NAME.txt` + `NAME.expected.json` pairs.
pub fn eval_capture(dir: &Path, verbose: bool, out: &Out) -> Result<(), Error> {
    let cards = eval::load_dir(dir)?;
    if cards.is_empty() {
        return Err(InvalidInput::NoRecords { format: "NAME.txt + NAME.expected.json" }.into());
    }
    let report = eval::score(&cards)?;
    let fields: Vec<Value> = FIELDS
        .iter()
        .map(|f| {
            let c = report.fields[f];
            json!({"field": f, "precision": c.precision(), "recall": c.recall(), "f1": c.f1(),
                   "true_positives": c.true_positives, "false_positives": c.false_positives, "misses": c.misses})
        })
        .collect();
    let value = json!({
        "cards": report.cards,
        "cards_all_right": report.cards_all_right,
        "negative_cards": report.negative_cards,
        "fields_from_negative_cards": report.fields_from_negatives,
        "fields": fields,
        "misses": report.misses.iter().map(|m| json!({"card": m.card, "field": m.field, "expected": m.expected, "produced": m.produced})).collect::<Vec<_>>(),
    });
    out.emit(value, || {
        let mut s = format!("{:<13} {:>9} {:>9} {:>9}\n", "field", "precision", "recall", "F1");
        for f in FIELDS {
            let c = report.fields[f];
            s.push_str(&format!("{f:<13} {:>9.3} {:>9.3} {:>9.3}\n", c.precision(), c.recall(), c.f1()));
        }
        s.push_str(&format!(
            "{} cards, every field right on {} ({:.0}%); {} fields from {} cards that have none\n",
            report.cards,
            report.cards_all_right,
            100.0 * f64::from(report.cards_all_right) / f64::from(report.cards.max(1)),
            report.fields_from_negatives,
            report.negative_cards
        ));
        if verbose {
            for m in &report.misses {
                s.push_str(&format!(
                    "  {:<28} {:<12} expected {:?} got {:?}\n",
                    m.card, m.field, m.expected, m.produced
                ));
            }
        }
        s
    });
    Ok(())
}
