//! The networking method's commands: names gained, needs, give and take, loops, cadences,
//! referrals, network risk, Today and the weekly review.

use kith_core::method::Template;
use kith_core::model::{
    Direction, ExchangeKind, Flow, IntroStatus, MeetingKind, NeedStatus, ReferralStatus, Tier,
};
use kith_core::{Cadence, Error, InvalidInput, Kith};
use serde_json::json;

use crate::cli::{
    CadenceCommand, Command, MeetingCommand, NamesCommand, NeedCommand, NetworkCommand, ReferralCommand,
};
use crate::commands::id;
use crate::{Out, dates, json, text};

fn name_of(store: &Kith, contact: kith_core::Id) -> String {
    store.contact(contact).map(|c| c.name.full).unwrap_or_else(|_| contact.to_string())
}

pub fn meeting(store: &mut Kith, cmd: MeetingCommand, out: &Out) -> Result<(), Error> {
    match cmd {
        MeetingCommand::Show { id: target } => {
            let m = store.meeting(id(&target)?)?;
            let gained = store.introductions_from(m.id)?;
            let mut value = json::meeting(&m);
            value["names_gained"] = gained.iter().map(json::introduction).collect();
            out.emit(value, || {
                let with: Vec<String> = m.participants.iter().map(|p| name_of(store, *p)).collect();
                let mut s =
                    format!("{} {} with {}\n", m.kind, text::local_time(m.occurred_at), with.join(", "));
                for (label, v) in [("purpose", &m.purpose), ("outcome", &m.outcome), ("next", &m.next_step)] {
                    if let Some(v) = v {
                        s.push_str(&format!("  {label:<8} {v}\n"));
                    }
                }
                for a in &m.agenda {
                    s.push_str(&format!("  agenda   {a}\n"));
                }
                for a in &m.asks {
                    s.push_str(&format!("  asked    {a}\n"));
                }
                if !m.notes.is_empty() {
                    s.push_str(&format!("  notes    {}\n", m.notes.replace('\n', "\n           ")));
                }
                for i in &gained {
                    s.push_str(&format!("  gained   {} [{}]\n", name_of(store, i.contact), i.status));
                }
                s
            });
        }
        MeetingCommand::Templates { kind, purpose, opener, agenda } => {
            if let Some(kind) = kind {
                let kind: MeetingKind = kind.parse()?;
                let mut t = store.template(kind)?;
                if purpose.is_none() && opener.is_none() && agenda.is_empty() {
                    return Err(InvalidInput::Missing { field: "--purpose, --opener or --agenda" }.into());
                }
                if let Some(p) = purpose {
                    t.purpose = p;
                }
                if let Some(o) = opener {
                    t.opener = (!o.trim().is_empty()).then_some(o);
                }
                if !agenda.is_empty() {
                    t.agenda = agenda;
                }
                store.set_template(kind, &t)?;
            }
            let all = store.templates()?;
            out.emit(
                json!(all.iter().map(|(k, t)| json!({"kind": k.as_str(), "purpose": t.purpose, "opener": t.opener, "agenda": t.agenda})).collect::<Vec<_>>()),
                || all.iter().map(|(k, t)| template_text(*k, t)).collect(),
            );
        }
        MeetingCommand::Log { .. } | MeetingCommand::List { .. } => unreachable!("handled in commands"),
    }
    Ok(())
}

fn template_text(kind: MeetingKind, t: &Template) -> String {
    let mut s = format!("{kind}: {}\n", t.purpose);
    if let Some(o) = &t.opener {
        s.push_str(&format!("  opener: {o}\n"));
    }
    for a in &t.agenda {
        s.push_str(&format!("  - {a}\n"));
    }
    s
}

pub fn run(store: &mut Kith, command: Command, out: &Out) -> Result<(), Error> {
    let today = store.clock().today();
    match command {
        Command::Names(cmd) => names(store, cmd, out)?,
        Command::Need(cmd) => need(store, cmd, out)?,
        Command::Gave(a) => exchange(store, Flow::Gave, a, out)?,
        Command::Received(a) => exchange(store, Flow::Received, a, out)?,
        Command::Balance { id: Some(target) } => {
            let b = store.balance(id(&target)?)?;
            out.emit(json::balance(&b), || b.reading.clone());
        }
        Command::Balance { id: None } => {
            let all = store.balances()?;
            out.emit(json!(all.iter().map(json::balance).collect::<Vec<_>>()), || {
                if all.is_empty() {
                    return "Nothing given or received yet. Record it with `kith gave` / `kith received`."
                        .into();
                }
                all.iter().map(|b| format!("{}  {}\n", b.contact, b.reading)).collect()
            });
        }
        Command::Match { text } => {
            let matches = store.match_needs(&text)?;
            out.emit(json!(matches.iter().map(|m| json::need(&m.need)).collect::<Vec<_>>()), || {
                if matches.is_empty() {
                    return "No open need matches that.".into();
                }
                matches
                    .iter()
                    .map(|m| {
                        format!("This could help {}: they need {}\n", m.need.contact_name, m.need.need.what)
                    })
                    .collect()
            });
        }
        Command::Loops { overdue_after, theirs_overdue_after } => {
            for (direction, value) in
                [(Direction::IOwe, overdue_after), (Direction::TheyOwe, theirs_overdue_after)]
            {
                if let Some(days) = value {
                    store.set_overdue_days(direction, days)?;
                }
            }
            let loops = store.open_loops()?;
            out.emit(json!(loops.iter().map(json::open_loop).collect::<Vec<_>>()), || {
                if loops.is_empty() {
                    return "No open loops.".into();
                }
                loops
                    .iter()
                    .map(|l| {
                        let flag = if l.overdue { "OVERDUE  " } else { "" };
                        let who = l.contact_name.clone().unwrap_or_default();
                        format!("{flag}{}  {who}: {}\n", l.reading, text::follow_up_line(&l.follow_up))
                    })
                    .collect()
            });
        }
        Command::Cadence(cmd) => cadence(store, cmd, out)?,
        Command::Drifting => {
            let drifting = store.drifting()?;
            out.emit(json!(drifting.iter().map(json::drift).collect::<Vec<_>>()), || {
                if drifting.is_empty() {
                    return "Nobody is drifting.".into();
                }
                drifting.iter().map(|d| format!("{}  {}: {}\n", d.contact, d.name, d.reason)).collect()
            });
        }
        Command::Referral(cmd) => referral(store, cmd, out)?,
        Command::Network(NetworkCommand::Risk { limit }) => {
            let r = store.network_risk(limit)?;
            let value = json!({
                "active_contacts": r.active_contacts,
                "hanging": r.hanging.iter().map(|h| json!({"contact": h.contact.to_string(), "name": h.name, "count": h.count})).collect::<Vec<_>>(),
                "employers": r.employers.iter().map(|e| json!({"organization": e.organization, "contacts": e.contacts, "share": e.share})).collect::<Vec<_>>(),
            });
            out.emit(value, || {
                let mut s = format!("{} active contacts.\n", r.active_contacts);
                for h in &r.hanging {
                    let reached = if h.count == 1 {
                        "1 contact was".to_string()
                    } else {
                        format!("{} contacts were", h.count)
                    };
                    s.push_str(&format!("If {} steps away, {reached} reached only through them.\n", h.name));
                }
                for e in &r.employers {
                    s.push_str(&format!(
                        "{:.0}% of your active contacts work at {} ({}).\n",
                        e.share * 100.0,
                        e.organization,
                        e.contacts
                    ));
                }
                s
            });
        }
        Command::Today => {
            let items = store.today()?;
            out.emit(json!(items.iter().map(json::today_item).collect::<Vec<_>>()), || {
                if items.is_empty() {
                    return format!("Nothing needs you today ({today}).");
                }
                let mut s = format!("Today, {today}:\n");
                for (i, item) in items.iter().enumerate() {
                    s.push_str(&format!("{:>3}. {} ({})\n", i + 1, item.title, item.reason));
                }
                s
            });
        }
        Command::Review { week: _ } => {
            let r = store.weekly_review()?;
            let y = store.yield_report()?;
            let value = json!({
                "from": r.from.to_string(), "to": r.to.to_string(),
                "networking_meetings": r.networking_meetings, "names_gained": r.names_gained,
                "yield_per_meeting": r.yield_per_meeting, "target_yield": y.target,
                "gave": r.gave, "received": r.received,
                "loops_opened": r.loops_opened, "loops_closed": r.loops_closed,
                "contacts_touched": r.contacts_touched,
                "events": r.events, "met_at_events": r.met_at_events,
                "trend": r.trend.iter().map(|(w, n)| json!({"week_of": w.to_string(), "names_gained": n})).collect::<Vec<_>>(),
            });
            out.emit(value, || {
                let trend: Vec<String> = r.trend.iter().map(|(_, n)| n.to_string()).collect();
                format!(
                    "Week {} to {}\n  networking meetings {}, names gained {} ({:.1} per meeting, target {})\n  gave {}, received {}\n  loops opened {}, closed {}\n  contacts touched {}\n  events {}, people met at them {}\n  names per week, last four: {}\n",
                    r.from, r.to, r.networking_meetings, r.names_gained, r.yield_per_meeting, y.target,
                    r.gave, r.received, r.loops_opened, r.loops_closed, r.contacts_touched, r.events,
                    r.met_at_events, trend.join(" -> ")
                )
            });
        }
        other => unreachable!("not a method command: {other:?}"),
    }
    Ok(())
}

fn names(store: &mut Kith, cmd: NamesCommand, out: &Out) -> Result<(), Error> {
    match cmd {
        NamesCommand::Add { meeting, names, by } => {
            let by = by.map(|b| id(&b)).transpose()?;
            let added = store.add_names_gained(id(&meeting)?, &names, by)?;
            out.emit(json!(added.iter().map(json::introduction).collect::<Vec<_>>()), || {
                added
                    .iter()
                    .map(|i| format!("Gained {} ({})\n", name_of(store, i.contact), i.contact))
                    .collect()
            });
        }
        NamesCommand::Introduce { by, contact, meeting } => {
            let meeting = meeting.map(|m| id(&m)).transpose()?;
            let i = store.add_introduction(id(&by)?, id(&contact)?, meeting)?;
            out.emit(json::introduction(&i), || {
                format!(
                    "{} introduced {}",
                    name_of(store, id(&by).expect("parsed above")),
                    name_of(store, i.contact)
                )
            });
        }
        NamesCommand::List => {
            let waiting = store.names_not_contacted()?;
            let y = store.yield_report()?;
            let value = json!({
                "not_contacted": waiting.iter().map(|n| {
                    let mut v = json::introduction(&n.introduction);
                    v["name"] = json!(n.name);
                    v["introducer_name"] = json!(n.introducer);
                    v["age_days"] = json!(n.age_days);
                    v
                }).collect::<Vec<_>>(),
                "yield_per_meeting": y.per_meeting,
                "target": y.target,
            });
            out.emit(value, || {
                let mut s = format!(
                    "Yield: {:.1} names per networking meeting (target {}).\n",
                    y.per_meeting, y.target
                );
                if waiting.is_empty() {
                    s.push_str("Every name gained has been contacted.\n");
                }
                for n in &waiting {
                    let by = n.introducer.as_deref().map(|b| format!(" (from {b})")).unwrap_or_default();
                    let waited = match n.age_days {
                        0 => "named today".to_string(),
                        days => format!("waiting {}", kith_core::method::span(days)),
                    };
                    s.push_str(&format!("{}  {}{by}, {waited}\n", n.introduction.id, n.name));
                }
                s
            });
        }
        NamesCommand::Status { id: target, status } => {
            let status: IntroStatus = status.parse()?;
            let i = store.set_introduction_status(id(&target)?, status)?;
            out.emit(json::introduction(&i), || format!("{} is now {}", name_of(store, i.contact), i.status));
        }
        NamesCommand::Yield => {
            let y = store.yield_report()?;
            let value = json!({
                "networking_meetings": y.networking_meetings,
                "names_gained": y.names_gained,
                "per_meeting": y.per_meeting,
                "target": y.target,
                "by_month": y.by_month.iter().map(|(m, meetings, names)| json!({"month": m, "meetings": meetings, "names": names})).collect::<Vec<_>>(),
                "by_introducer": y.by_introducer.iter().map(|(i, name, n)| json!({"contact": i.to_string(), "name": name, "names": n})).collect::<Vec<_>>(),
                "barren_meetings": y.barren.iter().map(|(m, at)| json!({"meeting": m.to_string(), "at": json::instant(*at)})).collect::<Vec<_>>(),
            });
            out.emit(value, || {
                let mut s = format!(
                    "{} from {}: {:.1} per meeting (target {}).\n",
                    text::count(y.names_gained, "name"),
                    text::count(y.networking_meetings, "networking meeting"),
                    y.per_meeting,
                    y.target
                );
                for (m, meetings, names) in &y.by_month {
                    s.push_str(&format!(
                        "  {m}: {} from {}\n",
                        text::count(*names, "name"),
                        text::count(*meetings, "meeting")
                    ));
                }
                for (_, name, n) in &y.by_introducer {
                    s.push_str(&format!("  {name} gave you {}\n", text::count(*n, "name")));
                }
                for (m, at) in &y.barren {
                    s.push_str(&format!(
                        "  no names yet from meeting {m} ({}): revisit\n",
                        text::local_time(*at)
                    ));
                }
                s
            });
        }
        NamesCommand::Chains { limit } => {
            let chains = store.chains(limit)?;
            out.emit(
                json!(chains.iter().map(|c| json!({"depth": c.depth(), "people": c.people.iter().map(|(i, n)| json!({"id": i.to_string(), "name": n})).collect::<Vec<_>>()})).collect::<Vec<_>>()),
                || {
                    if chains.is_empty() {
                        return "No introduction chains yet.".into();
                    }
                    chains
                        .iter()
                        .map(|c| c.people.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(" -> ") + "\n")
                        .collect()
                },
            );
        }
    }
    Ok(())
}

fn need(store: &mut Kith, cmd: NeedCommand, out: &Out) -> Result<(), Error> {
    let today = store.clock().today();
    match cmd {
        NeedCommand::Add { contact, what, review_on } => {
            let review_on = review_on.map(|d| dates::day(&d, today)).transpose()?;
            let contact = id(&contact)?;
            let need_id = store.add_need(contact, &what, review_on)?;
            let view = store.needs(Some(contact))?.into_iter().find(|n| n.need.id == need_id);
            let view = view.ok_or_else(|| Error::NotFound { kind: "need", id: need_id.to_string() })?;
            out.emit(json::need(&view), || format!("Noted: {} needs {}", view.contact_name, view.need.what));
        }
        NeedCommand::List { contact, review } => {
            let contact = contact.map(|c| id(&c)).transpose()?;
            let needs = if review { store.needs_to_review()? } else { store.needs(contact)? };
            out.emit(json!(needs.iter().map(json::need).collect::<Vec<_>>()), || {
                if needs.is_empty() {
                    return "No needs.".into();
                }
                needs
                    .iter()
                    .map(|n| {
                        let why = n.review_reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
                        format!(
                            "{}  {}: {} [{}]{why}\n",
                            n.need.id, n.contact_name, n.need.what, n.need.status
                        )
                    })
                    .collect()
            });
        }
        NeedCommand::Done { id: target, helped } => {
            let status = if helped { NeedStatus::Helped } else { NeedStatus::Closed };
            store.set_need_status(id(&target)?, status)?;
            out.emit(json!({"id": target, "status": status.as_str()}), || format!("Need marked {status}."));
        }
        NeedCommand::Reviewed { id: target, next } => {
            let next = next.map(|d| dates::day(&d, today)).transpose()?;
            store.review_need(id(&target)?, next)?;
            out.emit(json!({"id": target, "reviewed": true}), || "Need reviewed.".into());
        }
    }
    Ok(())
}

fn exchange(store: &mut Kith, flow: Flow, a: crate::cli::ExchangeArgs, out: &Out) -> Result<(), Error> {
    let contact = id(&a.contact)?;
    let kind: ExchangeKind = a.kind.parse()?;
    let exchange = store.record_exchange(contact, flow, kind, a.note.as_deref())?;
    let b = store.balance(contact)?;
    let mut value = json::balance(&b);
    value["exchange"] = json!(exchange.to_string());
    out.emit(value, || format!("Recorded. {}", b.reading));
    Ok(())
}

fn cadence(store: &mut Kith, cmd: CadenceCommand, out: &Out) -> Result<(), Error> {
    match cmd {
        CadenceCommand::Set { id: target, days, tier, none } => {
            let cadence = match (days, tier, none) {
                (Some(d), _, _) => Cadence::Days(d),
                (None, Some(t), _) => Cadence::Tier(t.parse::<Tier>()?),
                (None, None, true) => Cadence::Never,
                (None, None, false) => {
                    return Err(InvalidInput::Missing { field: "--days, --tier or --none" }.into());
                }
            };
            let c = store.set_cadence(id(&target)?, cadence)?;
            out.emit(json::contact(&c), || {
                let how = match (c.cadence_days, c.tier) {
                    (Some(d), _) => format!("every {d} days"),
                    (None, Some(t)) => format!("tier {t}"),
                    (None, None) => "no cadence (never nagged)".into(),
                };
                format!("{}: {how}", c.name.full)
            });
        }
        CadenceCommand::Tiers { close, regular, occasional } => {
            for (tier, days) in
                [(Tier::Close, close), (Tier::Regular, regular), (Tier::Occasional, occasional)]
            {
                if let Some(d) = days {
                    store.set_tier_days(tier, d)?;
                }
            }
            let s = store.settings()?;
            out.emit(
                json!({"close": s.close_days, "regular": s.regular_days, "occasional": s.occasional_days}),
                || {
                    format!(
                        "close every {} days, regular {}, occasional {}",
                        s.close_days, s.regular_days, s.occasional_days
                    )
                },
            );
        }
    }
    Ok(())
}

fn referral(store: &mut Kith, cmd: ReferralCommand, out: &Out) -> Result<(), Error> {
    match cmd {
        ReferralCommand::Add { candidate, to, company, note } => {
            let to = to.map(|t| id(&t)).transpose()?;
            let rid = store.add_referral(id(&candidate)?, to, company.as_deref(), note.as_deref())?;
            let r = store
                .referrals()?
                .into_iter()
                .find(|r| r.id == rid)
                .ok_or_else(|| Error::NotFound { kind: "referral", id: rid.to_string() })?;
            out.emit(json::referral(&r), || format!("Referral {} recorded (pending).", r.id));
        }
        ReferralCommand::Update { id: target, status, note } => {
            let status: ReferralStatus = status.parse()?;
            let rid = id(&target)?;
            store.update_referral(rid, status, note.as_deref())?;
            let r = store
                .referrals()?
                .into_iter()
                .find(|r| r.id == rid)
                .ok_or_else(|| Error::NotFound { kind: "referral", id: rid.to_string() })?;
            out.emit(json::referral(&r), || {
                format!("Referral {} is now {}.", r.id, r.status.as_str().replace('_', " "))
            });
        }
        ReferralCommand::List => {
            let all = store.referrals()?;
            out.emit(json!(all.iter().map(json::referral).collect::<Vec<_>>()), || {
                if all.is_empty() {
                    return "No referrals yet.".into();
                }
                all.iter()
                    .map(|r| {
                        let to = match (r.to_contact, &r.company) {
                            (Some(c), _) => name_of(store, c),
                            (None, Some(co)) => co.clone(),
                            (None, None) => String::new(),
                        };
                        // The path only once it went somewhere: "pending -> hired".
                        let steps: Vec<String> =
                            r.history.iter().map(|e| e.status.as_str().replace('_', " ")).collect();
                        let path = if steps.len() > 1 {
                            format!(" ({})", steps.join(" -> "))
                        } else {
                            String::new()
                        };
                        let outcome = r.status.as_str().replace('_', " ");
                        format!("{}  {} -> {}: {outcome}{path}\n", r.id, name_of(store, r.candidate), to)
                    })
                    .collect()
            });
        }
    }
    Ok(())
}
