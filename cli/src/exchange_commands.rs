//! The exchange at an event: my card, event sessions and bulk actions.

use kith_core::model::MyCard;
use kith_core::{BulkAction, ContactQuery, Error, EventReview, InvalidInput, Kith, Selection};
use serde_json::{Value, json};

use crate::cli::{BulkArgs, CardCommand, CardSetArgs, EventCommand};
use crate::commands::id;
use crate::{Out, dates, files, json};

pub fn card(store: &mut Kith, cmd: CardCommand, out: &Out) -> Result<(), Error> {
    match cmd {
        CardCommand::Set(args) => {
            let CardSetArgs {
                profile,
                name,
                given,
                family,
                title,
                org,
                emails,
                phones,
                websites,
                address,
                note,
            } = *args;
            let card = MyCard {
                full_name: name,
                given,
                family,
                title,
                organization: org,
                emails,
                phones,
                websites,
                address,
                note,
            };
            let saved = store.set_card(&profile, card)?;
            out.emit(card_json(&profile, &saved), || format!("Card profile {profile} saved."));
        }
        CardCommand::Show { profile, qr, vcf } => {
            let card = store.card(&profile)?;
            let payload = store.card_payload(&profile)?;
            if let Some(path) = &vcf {
                files::write_atomic(path, payload.vcf.as_bytes())?;
            }
            let mut value = card_json(&profile, &card);
            value["qr"] = json!({
                "text": payload.qr_text, "bytes": payload.qr_text.len(), "version": payload.qr_version,
                "ecc": payload.qr_ecc, "left_out": payload.left_out,
            });
            out.emit(value, || {
                let mut text = String::new();
                if qr {
                    text.push_str(&draw(payload.qr_width as usize, &payload.qr_modules));
                }
                text.push_str(&format!(
                    "{} ({profile})\n{}QR code: {} bytes, version {}, error correction {}{}\n",
                    card.full_name,
                    [card.title.as_deref(), card.organization.as_deref()]
                        .into_iter()
                        .flatten()
                        .map(|l| format!("  {l}\n"))
                        .collect::<String>(),
                    payload.qr_text.len(),
                    payload.qr_version,
                    payload.qr_ecc,
                    if payload.left_out.is_empty() {
                        String::new()
                    } else {
                        format!(" (left out: {})", payload.left_out.join(", "))
                    }
                ));
                if let Some(path) = &vcf {
                    text.push_str(&format!("Wrote {}\n", path.display()));
                }
                text
            });
        }
        CardCommand::List => {
            let profiles = store.card_profiles()?;
            out.emit(json!(profiles), || {
                if profiles.is_empty() {
                    "No card yet: kith card set --name \"Your Name\" …".into()
                } else {
                    profiles.join("\n")
                }
            });
        }
        CardCommand::Delete { profile } => {
            store.delete_card(&profile)?;
            out.emit(json!({"deleted": profile}), || format!("Card profile {profile} removed."));
        }
    }
    Ok(())
}

fn card_json(profile: &str, c: &MyCard) -> Value {
    json!({
        "profile": profile, "name": c.full_name, "given": c.given, "family": c.family,
        "title": c.title, "organization": c.organization, "emails": c.emails, "phones": c.phones,
        "websites": c.websites, "address": c.address, "note": c.note,
    })
}

/// The QR code in a terminal: two module rows per text row, with a four-module quiet zone.
fn draw(width: usize, modules: &[bool]) -> String {
    let quiet = 4;
    let dark = |x: isize, y: isize| {
        let (x, y) = (x - quiet, y - quiet);
        x >= 0
            && y >= 0
            && (x as usize) < width
            && (y as usize) < width
            && modules[y as usize * width + x as usize]
    };
    let size = width as isize + 2 * quiet;
    let mut out = String::new();
    for y in (0..size).step_by(2) {
        for x in 0..size {
            // Light modules print as ink on a dark terminal's background: invert for scanners.
            out.push(match (dark(x, y), dark(x, y + 1)) {
                (false, false) => '█',
                (false, true) => '▀',
                (true, false) => '▄',
                (true, true) => ' ',
            });
        }
        out.push('\n');
    }
    out
}

pub fn event(store: &mut Kith, cmd: EventCommand, out: &Out) -> Result<(), Error> {
    match cmd {
        EventCommand::Start { name, place, date } => {
            let today = store.clock().today();
            let date = date.map(|d| dates::day(&d, today)).transpose()?;
            let s = store.start_event(&name, place.as_deref(), date)?;
            out.emit(json!({"event": s.name, "place": s.place, "date": s.date.to_string()}), || {
                format!(
                    "At {}{} on {}: every card captured and contact added is met there until the day ends.",
                    s.name,
                    s.place.as_deref().map(|p| format!(", {p}")).unwrap_or_default(),
                    s.date
                )
            });
        }
        EventCommand::Stop => {
            let stopped = store.stop_event()?;
            out.emit(json!({"stopped": stopped.as_ref().map(|s| s.name.clone())}), || match &stopped {
                Some(s) => format!("Stopped {}.", s.name),
                None => "No event was running.".into(),
            });
        }
        EventCommand::Show => {
            let current = store.current_event()?;
            let value = current.as_ref().map_or(
                Value::Null,
                |s| json!({"event": s.name, "place": s.place, "date": s.date.to_string()}),
            );
            out.emit(value, || match &current {
                Some(s) => format!("At {} ({})", s.name, s.date),
                None => "No event running.".into(),
            });
        }
        EventCommand::Review { name } => {
            let review = store.event_review(name.as_deref())?;
            out.emit(review_json(&review), || review_text(&review));
        }
    }
    Ok(())
}

fn review_json(r: &EventReview) -> Value {
    json!({
        "event": r.event,
        "people": r.people.iter().map(|p| json!({
            "contact": json::contact(&p.contact), "missing": p.missing,
        })).collect::<Vec<_>>(),
    })
}

fn review_text(r: &EventReview) -> String {
    if r.people.is_empty() {
        return format!("Nobody met at {} yet.", r.event);
    }
    let mut text = format!("{}: {} people\n", r.event, r.people.len());
    for p in &r.people {
        let missing =
            if p.missing.is_empty() { String::new() } else { format!("  (no {})", p.missing.join(", no ")) };
        text.push_str(&format!("  {}  {}{missing}\n", p.contact.id, p.contact.name.full));
        if let Some(first) = p.contact.notes.lines().next() {
            text.push_str(&format!("      {first}\n"));
        }
    }
    text
}

pub fn bulk(store: &mut Kith, a: BulkArgs, out: &Out) -> Result<(), Error> {
    let selection = if a.ids.is_empty() {
        if a.search.is_none() && a.tag.is_none() && a.met_at.is_none() && a.org.is_none() && !a.deleted {
            return Err(InvalidInput::Missing {
                field: "a selection (--ids, --search, --tag, --met-at, --org or --deleted)",
            }
            .into());
        }
        Selection::Query(ContactQuery {
            search: a.search,
            tag: a.tag,
            event: a.met_at,
            organization: a.org,
            deleted: a.deleted,
            ..ContactQuery::default()
        })
    } else {
        Selection::Ids(a.ids.iter().map(|i| id(i)).collect::<Result<_, _>>()?)
    };
    fn none_or(v: &str) -> Option<&str> {
        (!v.eq_ignore_ascii_case("none")).then_some(v)
    }
    let action = if !a.add_tags.is_empty() {
        BulkAction::AddTags(a.add_tags)
    } else if !a.remove_tags.is_empty() {
        BulkAction::RemoveTags(a.remove_tags)
    } else if let Some(c) = &a.cadence {
        let days = none_or(c)
            .map(|d| d.parse::<u32>().map_err(|_| InvalidInput::OutOfRange { field: "cadence" }))
            .transpose()?;
        BulkAction::SetCadence(days)
    } else if let Some(t) = &a.tier {
        BulkAction::SetTier(none_or(t).map(str::parse).transpose()?)
    } else if let Some(f) = &a.familiarity {
        BulkAction::SetFamiliarity(f.parse()?)
    } else if a.delete {
        BulkAction::Delete
    } else {
        BulkAction::Restore
    };
    let r = store.bulk(&selection, &action)?;
    out.emit(json!({"selected": r.selected, "changed": r.changed, "unchanged": r.unchanged}), || {
        format!("{} selected: {} changed, {} already so.", r.selected, r.changed, r.unchanged)
    });
    Ok(())
}
