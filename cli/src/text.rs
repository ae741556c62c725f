//! Human-readable output.

use std::fmt::Write;

use chrono::{DateTime, Local};
use kith_core::model::{Contact, Direction, FollowUp, Meeting};
use kith_core::{ConflictEntry, Kith};

pub fn local_time(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

fn role(c: &Contact) -> Option<String> {
    match (&c.title, &c.organization) {
        (Some(t), Some(o)) => Some(format!("{t} at {o}")),
        (Some(t), None) => Some(t.clone()),
        (None, Some(o)) => Some(o.clone()),
        (None, None) => None,
    }
}

pub fn contact_line(c: &Contact) -> String {
    let mut line = format!("{}  {}", c.id, c.name.full);
    if let Some(role) = role(c) {
        let _ = write!(line, " · {role}");
    }
    if !c.tags.is_empty() {
        let _ = write!(line, "  #{}", c.tags.join(" #"));
    }
    if !c.conflicts.is_empty() {
        let _ = write!(line, "  [{} conflict(s)]", c.conflicts.len());
    }
    line
}

pub fn contact_card(store: &Kith, c: &Contact, meetings: &[Meeting], follow_ups: &[FollowUp]) -> String {
    let mut out = format!("{}\n  id       {}\n", c.name.full, c.id);
    let mut row = |label: &str, value: String| {
        let _ = writeln!(out, "  {label:<8} {value}");
    };
    if let Some(role) = role(c) {
        row("role", role);
    }
    for e in &c.emails {
        row("email", with_kind(&e.value, &e.kind));
    }
    for p in &c.phones {
        let number = match &p.e164 {
            Some(e164) => e164.clone(),
            None => format!("{} (unverified)", p.raw),
        };
        row("phone", with_kind(&number, &p.kind));
    }
    for w in &c.websites {
        row("web", w.clone());
    }
    if let Some(phonetic) = &c.name.phonetic {
        row("said", phonetic.clone());
    }
    for f in &c.other_fields {
        let label = f.label.as_deref().map(|l| format!(" ({l})")).unwrap_or_default();
        row(&f.property.to_lowercase(), format!("{}{label}", f.value));
    }
    if !c.tags.is_empty() {
        row("tags", c.tags.join(", "));
    }
    let mut met: Vec<String> = [c.met.event.clone(), c.met.place.clone(), c.met.date.map(|d| d.to_string())]
        .into_iter()
        .flatten()
        .collect();
    if let Some(by) = c.met.introduced_by {
        let name = store.contact(by).map(|b| b.name.full).unwrap_or_else(|_| by.to_string());
        met.push(format!("introduced by {name}"));
    }
    if !met.is_empty() {
        row("met", met.join(", "));
    }
    row("ties", c.familiarity.as_str().to_string());
    if let Some(days) = c.cadence_days {
        row("cadence", format!("every {days} days"));
    }
    for job in c.employment.iter().filter(|j| j.until.is_some()) {
        let title = job.title.as_deref().map(|t| format!("{t}, ")).unwrap_or_default();
        row(
            "was",
            format!(
                "{title}{} (until {})",
                job.organization,
                job.until.map(|d| d.to_string()).unwrap_or_default()
            ),
        );
    }
    if let Some(deleted) = c.deleted_at {
        row("deleted", format!("{} (kith restore {})", local_time(deleted), c.id));
    }
    if !c.notes.is_empty() {
        let _ = writeln!(out, "  notes");
        for line in c.notes.lines() {
            let _ = writeln!(out, "    {line}");
        }
    }
    for m in meetings {
        let what = m.title.clone().or(m.purpose.clone()).unwrap_or_default();
        let _ = writeln!(out, "  meeting  {} {} {what}", local_time(m.occurred_at), m.kind);
    }
    for f in follow_ups {
        let _ = writeln!(out, "  todo     {}", follow_up_line(f));
    }
    for conflict in &c.conflicts {
        let _ = writeln!(out, "  ! {} was edited on two devices:", conflict.field);
        for (i, v) in conflict.values.iter().enumerate() {
            let _ = writeln!(out, "      {}) {}", i + 1, v.as_deref().unwrap_or("(empty)"));
        }
        let _ = writeln!(out, "    kith resolve {} {} --pick N", c.id, conflict.field);
    }
    out
}

fn with_kind(value: &str, kind: &Option<String>) -> String {
    match kind {
        Some(k) => format!("{value} ({k})"),
        None => value.to_string(),
    }
}

pub fn follow_up_line(f: &FollowUp) -> String {
    let who = match f.direction {
        Direction::IOwe => "I owe",
        Direction::TheyOwe => "they owe",
    };
    let snoozed = f.snoozed_until.map(|d| format!(" (snoozed until {d})")).unwrap_or_default();
    format!("{}  due {}  [{}, {}] {}{snoozed}", f.id, f.due, f.status, who, f.what)
}

pub fn conflict_lines(store: &Kith, c: &ConflictEntry) -> String {
    let subject = match c.kind {
        "contact" => store.contact(c.entity_id).map(|x| x.name.full).unwrap_or_default(),
        other => other.to_string(),
    };
    let mut out = format!("{} {} ({}): {}\n", c.kind, c.entity_id, subject, c.conflict.field);
    for (i, v) in c.conflict.values.iter().enumerate() {
        let _ = writeln!(out, "  {}) {}", i + 1, v.as_deref().unwrap_or("(empty)"));
    }
    out
}

/// A draft as a person reviews it before saving.
pub fn draft(d: &kith_core::capture::Draft) -> String {
    if d.is_empty() {
        return "Nothing usable on this card.\n".into();
    }
    let mut s = String::new();
    let pct = |c: f32| format!("{:>3.0}%", c * 100.0);
    if let Some(n) = &d.name {
        let extra = [n.value.honorific.as_deref(), n.value.credentials.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>();
        let extra = if extra.is_empty() { String::new() } else { format!(" ({})", extra.join("; ")) };
        let _ = writeln!(s, "  name          {}  {}{extra}", pct(n.confidence), n.value.full);
    }
    for (label, field) in [("title", &d.title), ("organization", &d.organization)] {
        if let Some(f) = field {
            let _ = writeln!(s, "  {label:<13} {}  {}", pct(f.confidence), f.value);
        }
    }
    for e in &d.emails {
        let _ = writeln!(s, "  e-mail        {}  {}", pct(e.confidence), e.value.value);
    }
    for p in &d.phones {
        let number = p.value.e164.clone().unwrap_or_else(|| format!("{} (unverified)", p.value.raw));
        let kind = p.value.kind.as_deref().map(|k| format!(" [{k}]")).unwrap_or_default();
        let _ = writeln!(s, "  phone         {}  {number}{kind}", pct(p.confidence));
    }
    for w in &d.websites {
        let _ = writeln!(s, "  website       {}  {}", pct(w.confidence), w.value);
    }
    for so in &d.socials {
        let _ = writeln!(s, "  {:<13} {}  {}", so.value.network, pct(so.confidence), so.value.url);
    }
    for a in &d.addresses {
        let _ = writeln!(s, "  address       {}  {}", pct(a.confidence), a.value.label.replace('\n', ", "));
    }
    for w in &d.warnings {
        let _ = writeln!(s, "  warning       {w}");
    }
    s
}

/// "1 name", "3 names".
pub fn count(n: usize, unit: &str) -> String {
    if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
}
