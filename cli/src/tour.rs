//! `kith tour`: the product's story on a fresh temporary database. A card captured at a mixer on
//! the phone, notes jotted on the laptop, both devices editing offline, a merge, a conflict shown
//! and resolved, and what is due today.

use kith_core::capture::{CardLine, read_card};
use kith_core::model::{
    ContactPatch, Direction, ExchangeKind, Flow, MeetingKind, Met, NewContact, NewFollowUp, NewMeeting,
};
use kith_core::{Error, Kith};
use serde_json::json;

use crate::{Out, json, text};

struct Story {
    out_text: bool,
    lines: Vec<String>,
}

impl Story {
    fn say(&mut self, line: impl Into<String>) {
        let line = line.into();
        if self.out_text {
            println!("{line}");
        }
        self.lines.push(line);
    }
}

pub fn run(out: &Out) -> Result<(), Error> {
    let dir = tempfile::tempdir()?;
    let (phone_path, laptop_path) = (dir.path().join("phone.db"), dir.path().join("laptop.db"));
    let mut phone = Kith::open(&phone_path)?;
    let mut laptop = Kith::open(&laptop_path)?;
    let mut story = Story { out_text: !out.json, lines: Vec::new() };
    let today = phone.clock().today();

    story.say("== At the Climate Tech Mixer, on the phone (offline) ==");
    phone.set_default_region("US")?;
    // The camera's OCR hands the core lines of text; the person confirms the draft with one tap.
    let card: Vec<CardLine> = [
        "ACME ROBOTICS",
        "Ana Díaz",
        "Head of Data",
        "M (415) 555-2671",
        "ana.diaz@acme-robotics.com",
        "www.acme-robotics.com",
    ]
    .map(CardLine::plain)
    .to_vec();
    let draft = read_card(&card, Some("US"))?;
    story.say(format!(
        "Card read in one pass: {} · {} at {}, {} phone, {} e-mail, {} website",
        draft.name.as_ref().map_or("?", |n| n.value.full.as_str()),
        draft.title.as_ref().map_or("?", |t| t.value.as_str()),
        draft.organization.as_ref().map_or("?", |o| o.value.as_str()),
        draft.phones.len(),
        draft.emails.len(),
        draft.websites.len(),
    ));
    let mut new = draft.to_new_contact(Some("US"), Some("Climate Tech Mixer".into()), Some(today))?;
    new.met.place = Some("Berlin".into());
    new.tags = vec!["climate".into(), "hiring".into()];
    new.notes = Some("Her team is hiring a data engineer; wants an intro to a battery supplier.".into());
    let ana = phone.add_contact(new)?;
    story.say(format!("Captured {}", text::contact_line(&ana)));
    let ben = phone.add_contact(NewContact {
        name: "Ben Okafor".into(),
        organization: Some("Volta Cells".into()),
        title: Some("Founder".into()),
        met: Met { event: Some("Climate Tech Mixer".into()), introduced_by: Some(ana.id), ..Met::default() },
        ..NewContact::default()
    })?;
    story.say(format!("Ana introduced {}", text::contact_line(&ben)));
    phone.log_meeting(NewMeeting {
        kind: MeetingKind::Event,
        occurred_at: None,
        participants: vec![ana.id, ben.id],
        title: Some("Climate Tech Mixer".into()),
        purpose: Some("Meet two people in grid storage".into()),
        agenda: vec![],
        notes: Some("Ben makes sodium-ion cells; Ana needs a supplier.".into()),
        outcome: None,
        next_step: Some("Introduce Ana and Ben by e-mail".into()),
        asks: vec![],
    })?;
    let intro = phone.add_follow_up(NewFollowUp {
        what: "Introduce Ana and Ben by e-mail".into(),
        due: today,
        contact_id: Some(ana.id),
        meeting_id: None,
        direction: Direction::IOwe,
        kind: None,
    })?;
    story.say(format!("Follow-up set: {}", text::follow_up_line(&intro)));

    story.say("\n== Later, the laptop receives the phone's database ==");
    let first = laptop.merge_file(&phone_path)?;
    story.say(format!("Merged: {} documents, {} records", first.docs_changed, first.entities_changed));

    story.say("\n== Both devices edit offline ==");
    laptop.append_notes(ana.id, "Coffee next week: she prefers mornings.")?;
    laptop
        .update_contact(ana.id, ContactPatch { title: Some(Some("VP Data".into())), ..Default::default() })?;
    story.say("laptop: appended a note, set Ana's title to VP Data");
    phone.append_notes(ana.id, "Sent her the mixer photos.")?;
    phone.update_contact(
        ana.id,
        ContactPatch { title: Some(Some("Director of Data".into())), ..Default::default() },
    )?;
    story.say("phone:  appended a note, set Ana's title to Director of Data");

    story.say("\n== They meet again and merge both ways ==");
    laptop.merge_file(&phone_path)?;
    phone.merge_file(&laptop_path)?;
    let merged = laptop.contact(ana.id)?;
    story.say(format!("Both notes survived:\n  {}", merged.notes.replace('\n', "\n  ")));
    let conflicts = laptop.conflicts()?;
    for c in &conflicts {
        story.say(format!(
            "Conflict on {}: {:?}",
            c.conflict.field,
            c.conflict.values.iter().flatten().collect::<Vec<_>>()
        ));
    }
    let pick = conflicts
        .iter()
        .find(|c| c.conflict.field == "title")
        .and_then(|c| c.conflict.values.iter().position(|v| v.as_deref() == Some("VP Data")))
        .unwrap_or(0);
    laptop.resolve_conflict(ana.id, "title", pick)?;
    phone.merge_file(&laptop_path)?;
    let resolved = phone.contact(ana.id)?;
    story.say(format!(
        "Resolved on the laptop, merged to the phone: title is {} on both, {} conflict(s) left",
        resolved.title.clone().unwrap_or_default(),
        phone.conflicts()?.len()
    ));

    story.say("\n== The devices pair, and from now on sync over an encrypted session ==");
    phone.pair_with(&mut laptop)?;
    phone.sync_with(&mut laptop)?;
    let m = laptop.log_meeting(NewMeeting {
        kind: MeetingKind::Networking,
        occurred_at: None,
        participants: vec![ben.id],
        title: None,
        purpose: Some("Learn how Volta sells to utilities".into()),
        agenda: vec![],
        asks: vec!["two more names".into()],
        notes: Some("Ben suggested two people to talk to.".into()),
        outcome: None,
        next_step: None,
    })?;
    laptop.add_names_gained(m.id, &["Chen Wei".to_string(), "Dana Levi".to_string()], None)?;
    laptop.record_exchange(ana.id, Flow::Received, ExchangeKind::Advice, Some("pricing advice"))?;
    let run = laptop.sync_with(&mut phone)?;
    story.say(format!(
        "laptop -> phone: a networking meeting, two names gained, advice received; {} round trip(s), {} B out, {} B back",
        run.stats.frames_received, run.stats.bytes_sent, run.stats.bytes_received
    ));
    let noop = phone.sync_with(&mut laptop)?;
    story.say(format!(
        "nothing new: {} round trip, {} B",
        noop.stats.frames_received,
        noop.stats.bytes_sent + noop.stats.bytes_received
    ));

    story.say("\n== Today, on the phone ==");
    let due = phone.due_follow_ups()?;
    for item in phone.today()? {
        story.say(format!("  {} ({})", item.title, item.reason));
    }
    story.say("\n== Give and take with Ana ==");
    story.say(format!("  {}", phone.balance(ana.id)?.reading));
    let healthy = phone.doctor(false)?.is_healthy() && laptop.doctor(false)?.is_healthy();
    story.say(format!("\nBoth replicas consistent: {healthy}"));

    if out.json {
        out.emit(
            json!({
                "contact": json::contact(&resolved),
                "conflicts_seen": conflicts.iter().map(json::conflict).collect::<Vec<_>>(),
                "conflicts_left": phone.conflicts()?.len(),
                "due_today": due.iter().map(json::follow_up).collect::<Vec<_>>(),
                "consistent": healthy,
                "story": story.lines,
            }),
            String::new,
        );
    }
    Ok(())
}
