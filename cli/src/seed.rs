//! A realistic synthetic network for demos and benchmarks: people from many places with
//! employers, titles, tags, events where they were met, introductions, notes, meetings and
//! follow-ups. Deterministic for a given seed.

use chrono::Duration;
use kith_core::model::{
    Direction, ExchangeKind, Familiarity, Flow, LoopKind, MeetingKind, Met, NewContact, NewFollowUp,
    NewMeeting, Tier,
};
use kith_core::{Error, Id, Kith};
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};

const GIVEN: &[&str] = &[
    "Ana", "Ben", "Chen", "Dana", "Elif", "Farah", "Gustavo", "Hana", "Ivan", "Jun", "Kofi", "Lena", "Mateo",
    "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf",
    "Zoe", "José", "Søren", "Amélie", "Björn", "Chiara", "Dmitri", "Esra", "Fatima", "Giorgos", "Hiroshi",
    "Ines", "Jakub", "Kavya", "Luis",
];
const FAMILY: &[&str] = &[
    "Díaz",
    "Okafor",
    "Wang",
    "Levi",
    "Yılmaz",
    "Haddad",
    "Pereira",
    "Sato",
    "Petrov",
    "Kim",
    "Mensah",
    "Schmidt",
    "García López",
    "Rahman",
    "Nakamura",
    "Sharma",
    "O'Brien",
    "Moreau",
    "Lindqvist",
    "Aziz",
    "Patel",
    "Novak",
    "Li",
    "Hernández",
    "Demir",
    "Nguyen",
    "Núñez",
    "Jørgensen",
    "Rossi",
    "Kowalski",
    "Andersson",
    "Ivanova",
    "Costa",
    "Müller",
];
const ORG_WORDS: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Hooli",
    "Vandelay",
    "Soylent",
    "Aperture",
    "Black Mesa",
    "Massive",
    "Oscorp",
    "Wonka",
    "Gringotts",
    "Nakatomi",
    "Virtucon",
    "Monarch",
];
const ORG_KINDS: &[&str] =
    &["Robotics", "Capital", "Health", "Energy", "Labs", "Logistics", "Analytics", "Foods", "Bank", "Studio"];
const TITLES: &[&str] = &[
    "Software Engineer",
    "Product Manager",
    "Head of Data",
    "VP Engineering",
    "Founder",
    "Recruiter",
    "Designer",
    "Partner",
    "CFO",
    "Sales Director",
    "Research Scientist",
    "Operations Lead",
    "Chief of Staff",
    "Talent Partner",
];
const TAGS: &[&str] = &[
    "investor",
    "mentor",
    "hiring",
    "climate",
    "fintech",
    "ai",
    "design",
    "alumni",
    "speaker",
    "recruiter",
    "vip",
    "rust",
];
const EVENTS: &[&str] = &[
    "Climate Tech Mixer",
    "RustConf",
    "Founders Breakfast",
    "Alumni Night",
    "Web Summit",
    "Data Council",
    "Women in Product",
    "Hiring Fair",
    "Design Week",
    "Fintech Forum",
];
const PLACES: &[&str] =
    &["Berlin", "Lisbon", "San Francisco", "Nairobi", "Toronto", "Singapore", "São Paulo", "London", "Tokyo"];
/// What people say about the people they meet: a note is one to three of these, filled in.
const NOTES: &[&str] = &[
    "Wants an intro to a battery supplier.",
    "Hiring two senior engineers next quarter.",
    "Raising a seed round in the spring.",
    "Loves climbing; two kids.",
    "Moving to {place} in March.",
    "Asked about our pricing for schools.",
    "Knows the CTO at {org}.",
    "Met through the Climate Tech podcast.",
    "Interested in mentoring career switchers.",
    "Switching from consulting into product design.",
    "Running a grid storage pilot with the city.",
    "Former colleague of {other} at {org}.",
    "Prefers e-mail to calls; replies within a day.",
    "Speaks at {event} every year.",
    "Looking for a co-founder with a sales background.",
];

/// A meeting's purpose and what was talked about, by kind.
fn meeting_text(kind: MeetingKind, f: &Fill) -> (String, Vec<String>, String) {
    let (purpose, agenda, notes) = match kind {
        MeetingKind::Networking => (
            "Learn how {org} hires and gain two more names",
            &["Their path into the field", "What the team needs next year", "Two people I should talk to"][..],
            "Walked through how {org} builds its teams. Suggested I talk to {other}.",
        ),
        MeetingKind::DirectContact => (
            "Ask about the opening on their team",
            &["The role and the team", "How my experience fits"][..],
            "The role is still open; they will share it with the hiring manager.",
        ),
        MeetingKind::Interview => (
            "Interview for the {title} role",
            &["Stories that show results", "Questions about the roadmap"][..],
            "Second round with the team lead. Next step is a case study.",
        ),
        MeetingKind::Event => (
            "Meet people at {event}",
            &["Who to look for", "Follow-ups to promise"][..],
            "Busy evening at {event}; swapped cards and promised to send the deck.",
        ),
        MeetingKind::Call => (
            "Catch up on their move to {place}",
            &["Their news", "Open loops between us"][..],
            "They settled in {place} and are building a new team.",
        ),
        MeetingKind::Message => (
            "Stay in touch",
            &["Congratulate them on the new role"][..],
            "Sent congratulations on the new role; they asked to meet next month.",
        ),
        MeetingKind::Coffee => (
            "Keep the relationship warm",
            &["Their news", "What they need now"][..],
            "Coffee near the office. They are looking for {want}.",
        ),
    };
    (f.fill(purpose), agenda.iter().map(|a| f.fill(a)).collect(), f.fill(notes))
}

/// Loops people really leave open: what I owe and what I am owed.
const I_OWE: &[(&str, LoopKind)] = &[
    ("Send {first} the pitch deck", LoopKind::Article),
    ("Intro {first} to {other}", LoopKind::Intro),
    ("Recommend {first} for the {title} role", LoopKind::Recommendation),
    ("Reply to {first} about the pilot", LoopKind::Reply),
    ("Share the grid storage article with {first}", LoopKind::Article),
];
const THEY_OWE: &[(&str, LoopKind)] = &[
    ("{first} to send the hiring plan", LoopKind::Other),
    ("{first} to intro me to their CTO", LoopKind::Intro),
    ("{first} to share the pricing sheet", LoopKind::Article),
    ("{first} to reply about the role", LoopKind::Reply),
];
const OUTCOMES: &[&str] = &[
    "Agreed to send the deck by Friday.",
    "They will intro me to their CTO.",
    "Follow up in two weeks.",
    "Got two names to talk to next.",
];
const WANTS: &[&str] = &[
    "an intro to a climate investor",
    "a senior backend engineer",
    "advice on moving into product",
    "a designer for the team",
    "feedback on a pitch deck",
    "a mentor in fintech",
];

/// The words a template's holes are filled with, drawn for one person or meeting.
struct Fill {
    first: String,
    other: String,
    org: String,
    place: String,
    event: String,
    title: String,
    want: String,
}

impl Fill {
    fn draw(rng: &mut StdRng, first: &str, orgs: &[String]) -> Self {
        let pick = |rng: &mut StdRng, list: &[&str]| list.choose(rng).expect("non-empty").to_string();
        Fill {
            first: first.to_string(),
            other: format!("{} {}", pick(rng, GIVEN), pick(rng, FAMILY)),
            org: orgs.choose(rng).expect("orgs").clone(),
            place: pick(rng, PLACES),
            event: pick(rng, EVENTS),
            title: pick(rng, TITLES),
            want: pick(rng, WANTS),
        }
    }

    fn fill(&self, template: &str) -> String {
        template
            .replace("{first}", &self.first)
            .replace("{other}", &self.other)
            .replace("{org}", &self.org)
            .replace("{place}", &self.place)
            .replace("{event}", &self.event)
            .replace("{title}", &self.title)
            .replace("{want}", &self.want)
    }
}

pub struct Summary {
    pub contacts: usize,
    pub meetings: usize,
    pub follow_ups: usize,
    /// Time spent in the bulk adds of the contacts alone (the import a phone waits for).
    pub bulk_add_ms: f64,
}

/// A name as an e-mail's local part: lower case, accents dropped ("Søren Yılmaz" -> "soren.yilmaz").
fn ascii(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => Some('a'),
            'é' | 'è' | 'ê' | 'ë' => Some('e'),
            'í' | 'ì' | 'î' | 'ï' | 'ı' => Some('i'),
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => Some('o'),
            'ú' | 'ù' | 'û' | 'ü' => Some('u'),
            'ñ' => Some('n'),
            'ç' => Some('c'),
            'ş' => Some('s'),
            'ğ' => Some('g'),
            c if c.is_ascii_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

fn person(rng: &mut StdRng, orgs: &[String], introducers: &[Id]) -> NewContact {
    let given = *GIVEN.choose(rng).expect("names");
    let family = *FAMILY.choose(rng).expect("names");
    let org = orgs.choose(rng).expect("orgs").clone();
    let domain: String =
        org.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>() + ".com";
    let local = format!("{}.{}", ascii(given), ascii(family));
    let n_tags = rng.random_range(0..=3);
    let notes = rng.random_bool(0.6).then(|| {
        let fill = Fill::draw(rng, given, orgs);
        let n = rng.random_range(1..=3);
        NOTES.choose_multiple(rng, n).map(|t| fill.fill(t)).collect::<Vec<_>>().join(" ")
    });
    NewContact {
        name: format!("{given} {family}"),
        given: Some(given.into()),
        family: Some(family.into()),
        title: rng.random_bool(0.85).then(|| TITLES.choose(rng).expect("titles").to_string()),
        organization: rng.random_bool(0.9).then_some(org),
        emails: rng
            .random_bool(0.8)
            .then(|| format!("work:{local}{}@{domain}", rng.random_range(1..100)))
            .into_iter()
            .collect(),
        phones: rng
            .random_bool(0.6)
            .then(|| format!("mobile:+1 415 555 {:04}", rng.random_range(0..10_000)))
            .into_iter()
            .collect(),
        websites: Vec::new(),
        addresses: Vec::new(),
        photo: None,
        tags: (0..n_tags).map(|_| TAGS.choose(rng).expect("tags").to_string()).collect(),
        met: Met {
            event: rng.random_bool(0.7).then(|| EVENTS.choose(rng).expect("events").to_string()),
            place: rng.random_bool(0.5).then(|| PLACES.choose(rng).expect("places").to_string()),
            date: None,
            introduced_by: (!introducers.is_empty() && rng.random_bool(0.15))
                .then(|| *introducers.choose(rng).expect("non-empty")),
        },
        familiarity: Some(
            *[Familiarity::Professional, Familiarity::Friendly, Familiarity::Personal, Familiarity::Unknown]
                .choose(rng)
                .expect("values"),
        ),
        cadence_days: rng.random_bool(0.15).then(|| *[30u32, 90, 180].choose(rng).expect("cadences")),
        tier: rng.random_bool(0.2).then(|| *Tier::ALL.choose(rng).expect("tiers")),
        birthday: rng
            .random_bool(0.2)
            .then(|| format!("--{:02}-{:02}", rng.random_range(1..=12), rng.random_range(1..=28))),
        notes,
        phonetic: None,
        other_fields: Vec::new(),
        region: None,
        keep_unverified_phones: false,
    }
}

/// Adds `n` contacts, `meetings` meetings, n/10 follow-ups, and needs and exchanges for a
/// tenth of the contacts each.
pub fn network(store: &mut Kith, n: usize, meetings: usize, seed: u64) -> Result<Summary, Error> {
    let mut rng = StdRng::seed_from_u64(seed);
    // Seeding touches every bucket many times: keep them all loaded while it runs.
    store.set_loaded_docs_capacity(store.diagnostics().layout().doc_count());
    let org_count = (n / 25).clamp(12, 800);
    let orgs: Vec<String> = (0..org_count)
        .map(|i| {
            format!(
                "{} {}{}",
                ORG_WORDS[i % ORG_WORDS.len()],
                ORG_KINDS[(i / ORG_WORDS.len()) % ORG_KINDS.len()],
                if i >= 200 { format!(" {}", i / 200) } else { String::new() }
            )
        })
        .collect();
    // First the people everyone else may have been introduced by, then the rest.
    let first = n.div_ceil(5);
    let early: Vec<NewContact> = (0..first).map(|_| person(&mut rng, &orgs, &[])).collect();
    let mut names: Vec<String> = early.iter().map(|c| c.given.clone().unwrap_or_default()).collect();
    let adding = std::time::Instant::now();
    let mut ids = store.add_contacts(early)?;
    let mut bulk_add_ms = crate::bench::ms(adding);
    let introducers = ids.clone();
    let rest: Vec<NewContact> = (first..n).map(|_| person(&mut rng, &orgs, &introducers)).collect();
    names.extend(rest.iter().map(|c| c.given.clone().unwrap_or_default()));
    let adding = std::time::Instant::now();
    ids.extend(store.add_contacts(rest)?);
    bulk_add_ms += crate::bench::ms(adding);
    let first_names: std::collections::HashMap<Id, String> = ids.iter().copied().zip(names).collect();

    let now = store.clock().now_ms();
    let kinds = MeetingKind::ALL;
    let meetings: Vec<NewMeeting> = (0..meetings)
        .map(|_| {
            let mut participants = vec![*ids.choose(&mut rng).expect("contacts")];
            if rng.random_bool(0.3) {
                participants.push(*ids.choose(&mut rng).expect("contacts"));
                participants.dedup();
            }
            let kind = *kinds.choose(&mut rng).expect("kinds");
            // Half the networking meetings are recent: a campaign under way, not only history.
            let days_ago = if kind == MeetingKind::Networking && rng.random_bool(0.5) {
                rng.random_range(0..28)
            } else {
                rng.random_range(0..365)
            };
            let fill = Fill::draw(&mut rng, "them", &orgs);
            let (purpose, agenda, notes) = meeting_text(kind, &fill);
            NewMeeting {
                kind,
                occurred_at: Some(now - days_ago * 86_400_000),
                participants,
                title: None,
                purpose: Some(purpose),
                agenda,
                notes: Some(notes),
                outcome: rng
                    .random_bool(0.5)
                    .then(|| OUTCOMES.choose(&mut rng).expect("outcomes").to_string()),
                next_step: None,
                asks: if kind == MeetingKind::Networking { vec!["two more names".into()] } else { vec![] },
            }
        })
        .collect();
    // Who each networking meeting was with: the names it yields come from them.
    let networking: Vec<Option<Id>> =
        meetings.iter().map(|m| (m.kind == MeetingKind::Networking).then(|| m.participants[0])).collect();
    let meeting_ids = store.log_meetings(meetings)?;
    let meeting_count = meeting_ids.len();
    // Networking meetings yield names, as the method asks: up to three each, and now and then
    // none (a meeting worth a second look). The names are people of the network not yet
    // introduced, so the network keeps the size asked for.
    let mut unintroduced: Vec<Id> = ids[first..].to_vec();
    unintroduced.shuffle(&mut rng);
    for (id, by) in meeting_ids.iter().zip(&networking).filter_map(|(id, by)| Some((id, (*by)?))).take(60) {
        for _ in 0..rng.random_range(0..=3) {
            let Some(name) = unintroduced.pop() else { break };
            if name != by {
                store.add_introduction(by, name, Some(*id))?;
            }
        }
    }

    let today = store.clock().today();
    let follow_ups: Vec<NewFollowUp> = (0..n / 10)
        .map(|_| {
            let who = *ids.choose(&mut rng).expect("contacts");
            let first = first_names.get(&who).cloned().unwrap_or_default();
            let fill = Fill::draw(&mut rng, &first, &orgs);
            let direction = if rng.random_bool(0.7) { Direction::IOwe } else { Direction::TheyOwe };
            let bank = if direction == Direction::IOwe { I_OWE } else { THEY_OWE };
            let (what, kind) = bank.choose(&mut rng).expect("loops");
            NewFollowUp {
                what: fill.fill(what),
                due: today + Duration::days(rng.random_range(-20..30)),
                contact_id: Some(who),
                meeting_id: None,
                direction,
                kind: Some(*kind),
            }
        })
        .collect();
    let follow_ups = store.add_follow_ups(follow_ups)?.len();
    let kinds = ExchangeKind::ALL;
    for _ in 0..n / 10 {
        let who = *ids.choose(&mut rng).expect("contacts");
        let review = today + Duration::days(rng.random_range(-30..60));
        store.add_need(who, WANTS.choose(&mut rng).expect("wants"), Some(review))?;
        let flow = if rng.random_bool(0.5) { Flow::Gave } else { Flow::Received };
        // Some ties lean one way: several favors received and nothing given back yet.
        let times = if rng.random_bool(0.15) { 3 } else { 1 };
        for _ in 0..times {
            store.record_exchange(who, flow, *kinds.choose(&mut rng).expect("kinds"), None)?;
        }
    }
    store.set_loaded_docs_capacity(8);
    store.compact()?;
    Ok(Summary { contacts: ids.len(), meetings: meeting_count, follow_ups, bulk_add_ms })
}
