//! A realistic synthetic network for demos and benchmarks: people from many places with
//! employers, titles, tags, events where they were met, introductions, notes, meetings and
//! follow-ups. Deterministic for a given seed.

use chrono::Duration;
use kith_core::model::{
    Direction, ExchangeKind, Familiarity, Flow, MeetingKind, Met, NewContact, NewFollowUp, NewMeeting, Tier,
};
use kith_core::{Error, Id, Kith};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
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
const WORDS: &[&str] = &[
    "wants",
    "intro",
    "to",
    "a",
    "battery",
    "supplier",
    "hiring",
    "senior",
    "engineers",
    "next",
    "quarter",
    "raising",
    "seed",
    "round",
    "loves",
    "climbing",
    "two",
    "kids",
    "moving",
    "to",
    "Lisbon",
    "asked",
    "about",
    "our",
    "pricing",
    "knows",
    "the",
    "CTO",
    "at",
    "Globex",
    "send",
    "deck",
    "follow",
    "up",
    "after",
    "conference",
    "met",
    "through",
    "podcast",
    "interested",
    "in",
    "mentoring",
    "career",
    "switch",
    "product",
    "design",
    "grid",
    "storage",
    "pilot",
];

pub struct Summary {
    pub contacts: usize,
    pub meetings: usize,
    pub follow_ups: usize,
}

fn sentence(rng: &mut StdRng, words: usize) -> String {
    let mut s: Vec<&str> = (0..words).map(|_| *WORDS.choose(rng).expect("words")).collect();
    s.dedup();
    let mut out = s.join(" ");
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out + "."
}

fn person(rng: &mut StdRng, orgs: &[String], introducers: &[Id]) -> NewContact {
    let given = *GIVEN.choose(rng).expect("names");
    let family = *FAMILY.choose(rng).expect("names");
    let org = orgs.choose(rng).expect("orgs").clone();
    let domain: String =
        org.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>() + ".com";
    let local: String = given.to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let n_tags = rng.random_range(0..=3);
    let notes = rng.random_bool(0.6).then(|| {
        let n = rng.random_range(1..=4);
        (0..n)
            .map(|_| {
                let words = rng.random_range(6..14);
                sentence(rng, words)
            })
            .collect::<Vec<_>>()
            .join(" ")
    });
    NewContact {
        name: format!("{given} {family}"),
        given: Some(given.into()),
        family: Some(family.into()),
        title: rng.random_bool(0.85).then(|| TITLES.choose(rng).expect("titles").to_string()),
        organization: rng.random_bool(0.9).then_some(org),
        emails: rng
            .random_bool(0.8)
            .then(|| format!("work:{local}.{}@{domain}", rng.random_range(1..999)))
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
        region: None,
        keep_unverified_phones: false,
    }
}

/// Adds `n` contacts, `meetings` meetings, n/10 follow-ups, and needs and exchanges for a
/// tenth of the contacts each.
pub fn network(store: &mut Kith, n: usize, meetings: usize, seed: u64) -> Result<Summary, Error> {
    let mut rng = StdRng::seed_from_u64(seed);
    // Seeding touches every bucket many times: keep them all loaded while it runs.
    store.set_loaded_docs_capacity(129);
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
    let mut ids = store.add_contacts((0..first).map(|_| person(&mut rng, &orgs, &[])).collect())?;
    let introducers = ids.clone();
    let rest: Vec<NewContact> = (first..n).map(|_| person(&mut rng, &orgs, &introducers)).collect();
    ids.extend(store.add_contacts(rest)?);

    let now = store.clock().now_ms();
    let kinds = MeetingKind::ALL;
    let meetings: Vec<NewMeeting> = (0..meetings)
        .map(|_| {
            let mut participants = vec![*ids.choose(&mut rng).expect("contacts")];
            if rng.random_bool(0.3) {
                participants.push(*ids.choose(&mut rng).expect("contacts"));
                participants.dedup();
            }
            NewMeeting {
                kind: *kinds.choose(&mut rng).expect("kinds"),
                occurred_at: Some(now - rng.random_range(0..365) * 86_400_000),
                participants,
                title: None,
                purpose: Some(sentence(&mut rng, 5)),
                agenda: vec![sentence(&mut rng, 4)],
                notes: Some(sentence(&mut rng, 12)),
                outcome: rng.random_bool(0.5).then(|| sentence(&mut rng, 5)),
                next_step: None,
                asks: vec![],
            }
        })
        .collect();
    let meeting_count = store.log_meetings(meetings)?.len();

    let today = store.clock().today();
    let follow_ups: Vec<NewFollowUp> = (0..n / 10)
        .map(|_| NewFollowUp {
            what: sentence(&mut rng, 5),
            due: today + Duration::days(rng.random_range(-20..30)),
            contact_id: Some(*ids.choose(&mut rng).expect("contacts")),
            meeting_id: None,
            direction: if rng.random_bool(0.7) { Direction::IOwe } else { Direction::TheyOwe },
            kind: None,
        })
        .collect();
    let follow_ups = store.add_follow_ups(follow_ups)?.len();
    const WANTS: &[&str] = &[
        "an intro to a climate investor",
        "a senior backend engineer",
        "advice on moving into product",
        "a designer for the team",
        "feedback on a pitch deck",
        "a mentor in fintech",
    ];
    let kinds = ExchangeKind::ALL;
    for _ in 0..n / 10 {
        let who = *ids.choose(&mut rng).expect("contacts");
        let review = today + Duration::days(rng.random_range(-30..60));
        store.add_need(who, WANTS.choose(&mut rng).expect("wants"), Some(review))?;
        let flow = if rng.random_bool(0.5) { Flow::Gave } else { Flow::Received };
        store.record_exchange(who, flow, *kinds.choose(&mut rng).expect("kinds"), None)?;
    }
    store.set_loaded_docs_capacity(8);
    store.compact()?;
    Ok(Summary { contacts: ids.len(), meetings: meeting_count, follow_ups })
}
