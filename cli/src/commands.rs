//! The commands that work on the user's database.

use kith_core::model::{
    ContactPatch, Direction, Familiarity, MeetingKind, Met, NewContact, NewFollowUp, NewMeeting,
};
use kith_core::{ContactQuery, Error, FollowUpQuery, Id, InvalidInput, Kith};
use serde_json::json;

use crate::cli::{AddArgs, Command, EditArgs, FollowUpCommand, ListArgs, MeetingCommand};
use crate::{Out, dates, json, seed, text};

/// The backup passphrase: from a file (its first line), else `$KITH_PASSPHRASE`.
pub fn passphrase(file: Option<&std::path::Path>) -> Result<String, Error> {
    let text = match file {
        Some(path) => crate::files::read_bounded(path, 4096)?,
        None => std::env::var("KITH_PASSPHRASE").map(String::into_bytes).unwrap_or_default(),
    };
    let text = String::from_utf8_lossy(&text);
    let line = text.lines().next().unwrap_or("").to_string();
    if line.is_empty() {
        return Err(
            InvalidInput::Missing { field: "passphrase (--passphrase-file or $KITH_PASSPHRASE)" }.into()
        );
    }
    Ok(line)
}

pub fn id(s: &str) -> Result<Id, Error> {
    Ok(s.parse::<Id>()?)
}

/// "" clears a field; anything else sets it.
fn clearable(v: Option<String>) -> Option<Option<String>> {
    v.map(|s| (!s.trim().is_empty()).then_some(s))
}

fn familiarity(v: Option<String>) -> Result<Option<Familiarity>, Error> {
    Ok(v.map(|f| f.parse()).transpose()?)
}

pub fn run(store: &mut Kith, command: Command, out: &Out) -> Result<(), Error> {
    match command {
        Command::Init { region, relay } => {
            if let Some(region) = region {
                store.set_default_region(&region)?;
            }
            if let Some(relay) = relay {
                store.set_relay_url(Some(relay.as_str()).filter(|r| !r.trim().is_empty()))?;
            }
            let (region, relay) = (store.default_region()?, store.relay_url()?);
            out.emit(json!({"db": store.path(), "region": region, "relay": relay}), || {
                format!(
                    "Kith database ready at {}{}{}",
                    store.path().display(),
                    region.map(|r| format!(" (region {r})")).unwrap_or_default(),
                    relay.map(|r| format!(", relay {r}")).unwrap_or_default()
                )
            });
        }
        Command::Add(args) => {
            let c = add(store, args)?;
            out.emit(json::contact(&c), || format!("Added {}", text::contact_line(&c)));
        }
        Command::Edit(args) => {
            let c = edit(store, args)?;
            out.emit(json::contact(&c), || format!("Updated {}", text::contact_line(&c)));
        }
        Command::Note { id: target, append, set, personal } => {
            let target = id(&target)?;
            let c = match (append, set, personal) {
                (Some(addition), _, true) => store.append_personal_notes(target, &addition)?,
                (None, Some(notes), true) => store.set_personal_notes(target, &notes)?,
                (Some(addition), _, false) => store.append_notes(target, &addition)?,
                (None, Some(notes), false) => store.set_notes(target, &notes)?,
                (None, None, _) => return Err(InvalidInput::Missing { field: "note" }.into()),
            };
            out.emit(json::contact(&c), || format!("Notes saved for {}", c.name.full));
        }
        Command::Show { id: target, work } => {
            let target = id(&target)?;
            let c = if work { store.work_view(target)? } else { store.contact(target)? };
            let meetings = store.meetings_with(c.id)?;
            let follow_ups =
                store.follow_ups(&FollowUpQuery { contact: Some(c.id), ..Default::default() })?;
            let needs = store.needs(Some(c.id))?;
            let balance = store.balance(c.id)?;
            let mut value = json::contact(&c);
            value["meetings"] = meetings.iter().map(json::meeting).collect();
            value["follow_ups"] = follow_ups.iter().map(json::follow_up).collect();
            value["needs"] = needs.iter().map(json::need).collect();
            value["balance"] = json::balance(&balance);
            out.emit(value, || {
                let mut card = text::contact_card(store, &c, &meetings, &follow_ups);
                for n in &needs {
                    card.push_str(&format!("  needs    {} [{}]\n", n.need.what, n.need.status));
                }
                card.push_str(&format!("  balance  {}\n", balance.reading));
                card
            });
        }
        Command::List(args) => list(store, args, out)?,
        Command::Delete { id: target } => {
            let c = store.delete_contact(id(&target)?)?;
            out.emit(json::contact(&c), || {
                format!("Deleted {} (kith restore {} brings it back)", c.name.full, c.id)
            });
        }
        Command::Restore { id: Some(target), .. } => {
            let c = store.restore_contact(id(&target)?)?;
            out.emit(json::contact(&c), || format!("Restored {}", text::contact_line(&c)));
        }
        Command::Conflicts => {
            let conflicts = store.conflicts()?;
            out.emit(json!(conflicts.iter().map(json::conflict).collect::<Vec<_>>()), || {
                if conflicts.is_empty() {
                    return "No conflicts.".into();
                }
                let mut s: String = conflicts.iter().map(|c| text::conflict_lines(store, c)).collect();
                s.push_str("Pick one with: kith resolve ID FIELD --pick N\n");
                s
            });
        }
        Command::Resolve { id: target, field, pick } => {
            let target = id(&target)?;
            if pick == 0 {
                return Err(InvalidInput::OutOfRange { field: "pick" }.into());
            }
            store.resolve_conflict(target, &field, pick - 1)?;
            out.emit(json!({"id": target.to_string(), "field": field, "resolved": true}), || {
                format!("Resolved {field}.")
            });
        }
        Command::Meeting(cmd) => meeting(store, cmd, out)?,
        Command::FollowUp(cmd) => follow_up(store, cmd, out)?,
        Command::Merge { other } => {
            let report = store.merge_file(&other)?;
            out.emit(json::merge(&report), || {
                format!(
                    "Merged {}: {} changed, {} updated, {}.",
                    other.display(),
                    text::count(report.docs_changed, "document"),
                    text::count(report.entities_changed, "record"),
                    text::count(report.conflicts, "open conflict")
                )
            });
        }
        Command::Seed { contacts, meetings, seed: s } => {
            let summary = seed::network(store, contacts, meetings.unwrap_or(contacts / 4), s)?;
            out.emit(
                json!({"contacts": summary.contacts, "meetings": summary.meetings, "follow_ups": summary.follow_ups,
                    "bulk_add_ms": summary.bulk_add_ms}),
                || {
                    format!(
                        "Seeded {} contacts ({:.0} ms in their bulk adds), {} meetings, {} follow-ups.",
                        summary.contacts, summary.bulk_add_ms, summary.meetings, summary.follow_ups
                    )
                },
            );
        }
        Command::Doctor { repair } => {
            let report = store.doctor(repair)?;
            out.emit(json::doctor(&report), || {
                let mut s = format!("Checked {}.\n", text::count(report.docs_checked, "document"));
                for p in &report.problems {
                    s.push_str(&format!("problem: {p}\n"));
                }
                for u in &report.unchecked {
                    s.push_str(&format!("not checked: {u}\n"));
                }
                s.push_str(match (report.is_healthy(), report.repaired) {
                    (true, _) => "All consistent.",
                    (false, true) => "Repaired: the read model was rebuilt from the documents.",
                    (false, false) => {
                        "Run `kith doctor --repair` to rebuild the read model from the documents."
                    }
                });
                s
            });
            if !report.is_healthy() && !report.repaired {
                std::process::exit(6);
            }
        }
        Command::Compact => {
            let n = store.compact()?;
            out.emit(json!({"compacted": n}), || format!("Compacted {}.", text::count(n, "document")));
        }
        Command::Backup { out: path, passphrase_file } => {
            let passphrase = passphrase(passphrase_file.as_deref())?;
            let bytes = store.backup(&path, &passphrase)?;
            out.emit(json!({"backup": path, "bytes": bytes}), || {
                format!(
                    "Backed up to {} ({bytes} bytes). Keep the passphrase: nothing opens it without.",
                    path.display()
                )
            });
        }
        Command::Tour | Command::Bench(_) | Command::Restore { id: None, .. } => {
            unreachable!("handled before opening the user's database")
        }
        other => crate::method_commands::run(store, other, out)?,
    }
    Ok(())
}

fn add(store: &mut Kith, a: AddArgs) -> Result<kith_core::model::Contact, Error> {
    let today = store.clock().today();
    let new = NewContact {
        name: a.name,
        given: a.given,
        family: a.family,
        title: a.title,
        organization: a.org,
        emails: a.emails,
        phones: a.phones,
        websites: a.websites,
        addresses: Vec::new(),
        photo: None,
        tags: a.tags,
        met: Met {
            event: a.met_at,
            place: a.met_place,
            date: a.met_on.map(|d| dates::day(&d, today)).transpose()?,
            introduced_by: a.introduced_by.map(|i| id(&i)).transpose()?,
        },
        familiarity: familiarity(a.familiarity)?,
        cadence_days: a.cadence.filter(|d| *d > 0),
        tier: a.tier.map(|t| t.parse()).transpose()?,
        birthday: a.birthday,
        notes: a.note,
        phonetic: None,
        other_fields: Vec::new(),
        region: a.region,
        keep_unverified_phones: false,
    };
    store.add_contact(new)
}

fn edit(store: &mut Kith, a: EditArgs) -> Result<kith_core::model::Contact, Error> {
    let target = id(&a.id)?;
    let today = store.clock().today();
    let list = |values: Vec<String>, clear: bool| (clear || !values.is_empty()).then_some(values);
    let patch = ContactPatch {
        name: a.name,
        given: clearable(a.given),
        family: clearable(a.family),
        title: clearable(a.title),
        organization: clearable(a.org),
        emails: list(a.emails, a.clear_emails),
        phones: list(a.phones, a.clear_phones),
        websites: (!a.websites.is_empty()).then_some(a.websites),
        add_tags: a.add_tags,
        remove_tags: a.remove_tags,
        met_event: clearable(a.met_at),
        met_place: clearable(a.met_place),
        met_date: clearable(a.met_on).map(|d| d.map(|d| dates::day(&d, today)).transpose()).transpose()?,
        introduced_by: clearable(a.introduced_by).map(|i| i.map(|i| id(&i)).transpose()).transpose()?,
        familiarity: familiarity(a.familiarity)?,
        cadence_days: a.cadence.map(|d| (d > 0).then_some(d)),
        tier: clearable(a.tier).map(|t| t.map(|t| t.parse()).transpose()).transpose()?,
        birthday: clearable(a.birthday),
        region: a.region,
        ..ContactPatch::default()
    };
    store.update_contact(target, patch)
}

fn list(store: &Kith, a: ListArgs, out: &Out) -> Result<(), Error> {
    let q = ContactQuery {
        search: a.search,
        tag: a.tag,
        event: a.met_at,
        organization: a.org,
        deleted: a.deleted,
        limit: a.limit,
        offset: a.offset,
    };
    let contacts = store.contacts(&q)?;
    out.emit(json!(contacts.iter().map(json::contact).collect::<Vec<_>>()), || {
        if contacts.is_empty() {
            return "No contacts.".into();
        }
        contacts.iter().map(|c| text::contact_line(c) + "\n").collect()
    });
    Ok(())
}

fn meeting(store: &mut Kith, cmd: MeetingCommand, out: &Out) -> Result<(), Error> {
    match cmd {
        MeetingCommand::Log {
            with,
            kind,
            at,
            title,
            purpose,
            agenda,
            asks,
            template,
            notes,
            outcome,
            next_step,
        } => {
            let participants = with.iter().map(|w| id(w)).collect::<Result<Vec<_>, _>>()?;
            let kind: MeetingKind = kind.parse()?;
            let (now, today) = (store.clock().now_ms(), store.clock().today());
            let occurred_at = at.map(|t| dates::instant(&t, now, today)).transpose()?;
            let new = NewMeeting {
                kind,
                occurred_at,
                participants,
                title,
                purpose,
                agenda,
                notes,
                outcome,
                next_step,
                asks,
            };
            let m = if template { store.log_meeting_from_template(new)? } else { store.log_meeting(new)? };
            out.emit(json::meeting(&m), || {
                format!("Logged {} {} ({})", m.kind, m.id, text::local_time(m.occurred_at))
            });
        }
        MeetingCommand::List { with } => {
            let meetings = store.meetings_with(id(&with)?)?;
            out.emit(json!(meetings.iter().map(json::meeting).collect::<Vec<_>>()), || {
                if meetings.is_empty() {
                    return "No meetings.".into();
                }
                meetings
                    .iter()
                    .map(|m| {
                        let what = m.title.clone().or(m.purpose.clone()).unwrap_or_default();
                        format!("{}  {} {} {what}\n", m.id, text::local_time(m.occurred_at), m.kind)
                    })
                    .collect()
            });
        }
        other => crate::method_commands::meeting(store, other, out)?,
    }
    Ok(())
}

fn follow_up(store: &mut Kith, cmd: FollowUpCommand, out: &Out) -> Result<(), Error> {
    let today = store.clock().today();
    let f = match cmd {
        FollowUpCommand::Add { what, due, contact, meeting, they_owe, kind } => {
            store.add_follow_up(NewFollowUp {
                what,
                due: dates::day(&due, today)?,
                contact_id: contact.map(|c| id(&c)).transpose()?,
                meeting_id: meeting.map(|m| id(&m)).transpose()?,
                direction: if they_owe { Direction::TheyOwe } else { Direction::IOwe },
                kind: kind.map(|k| k.parse()).transpose()?,
            })?
        }
        FollowUpCommand::Done { id: target } => store.complete_follow_up(id(&target)?)?,
        FollowUpCommand::Snooze { id: target, until } => {
            store.snooze_follow_up(id(&target)?, dates::day(&until, today)?)?
        }
        FollowUpCommand::List { all } => {
            let items =
                if all { store.follow_ups(&FollowUpQuery::default())? } else { store.due_follow_ups()? };
            out.emit(json!(items.iter().map(json::follow_up).collect::<Vec<_>>()), || {
                if items.is_empty() {
                    return if all { "No follow-ups.".into() } else { "Nothing due today.".into() };
                }
                items.iter().map(|f| text::follow_up_line(f) + "\n").collect()
            });
            return Ok(());
        }
    };
    out.emit(json::follow_up(&f), || text::follow_up_line(&f));
    Ok(())
}
