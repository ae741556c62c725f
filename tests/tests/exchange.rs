//! The exchange at an event: my card handed over as a QR code, an event session that tags every
//! capture, the lobby review, and bulk actions over a selection.

use std::sync::Arc;

use kith_core::capture::CardLine;
use kith_core::model::{Familiarity, MyCard, NewContact, Tier};
use kith_core::{
    BulkAction, CaptureOptions, ContactQuery, Error, FixedClock, InvalidInput, Kith, QR_BUDGET_BYTES,
    QR_MAX_VERSION, Selection,
};
use kith_scenarios::{DAY_MS, named, open_store, open_store_with};
use tempfile::TempDir;

fn ana() -> MyCard {
    MyCard {
        full_name: "Ana Reyes".into(),
        given: Some("Ana".into()),
        family: Some("Reyes".into()),
        title: Some("Head of Partnerships".into()),
        organization: Some("Brightwave Labs".into()),
        emails: vec!["ana.reyes@brightwave.io".into()],
        phones: vec!["(415) 555-0132".into()],
        websites: vec!["brightwave.io/ana".into()],
        address: Some("500 Howard St, San Francisco CA 94107".into()),
        note: None,
    }
}

#[test]
fn my_card_fits_a_qr_code_and_scans_back_with_every_field() {
    let dir = TempDir::new().unwrap();
    let mut me = open_store(&dir.path().join("me.db"));
    me.set_default_region("US").unwrap();
    let saved = me.set_card("professional", ana()).unwrap();
    assert_eq!(saved.phones, vec!["+14155550132"], "numbers are stored to dial from anywhere");
    me.set_card(
        "personal",
        MyCard { full_name: "Ana Reyes".into(), phones: vec!["+1 415 555 0199".into()], ..MyCard::default() },
    )
    .unwrap();
    assert_eq!(me.card_profiles().unwrap(), vec!["personal", "professional"]);

    let payload = me.card_payload("professional").unwrap();
    assert!(payload.qr_text.len() <= QR_BUDGET_BYTES, "{} bytes", payload.qr_text.len());
    assert!(payload.qr_version <= QR_MAX_VERSION && payload.qr_ecc == "M");
    assert_eq!(payload.qr_modules.len(), (payload.qr_width * payload.qr_width) as usize);
    assert_eq!(payload.qr_width, 17 + 4 * payload.qr_version as u32);
    assert!(payload.left_out.is_empty(), "{:?}", payload.left_out);

    // The other phone scans it.
    let other_dir = TempDir::new().unwrap();
    let mut other = open_store(&other_dir.path().join("other.db"));
    let draft = other.read_qr(&payload.qr_text).unwrap();
    assert_eq!(draft.name.as_ref().unwrap().value.full, "Ana Reyes");
    assert_eq!(draft.name.as_ref().unwrap().value.family.as_deref(), Some("Reyes"));
    assert_eq!(draft.title.as_ref().unwrap().value, "Head of Partnerships");
    assert_eq!(draft.organization.as_ref().unwrap().value, "Brightwave Labs");
    assert_eq!(draft.emails[0].value.value, "ana.reyes@brightwave.io");
    assert_eq!(draft.phones[0].value.raw, "+14155550132");
    assert_eq!(draft.websites[0].value, "https://brightwave.io/ana");
    assert_eq!(draft.addresses[0].value.street.as_deref(), Some("500 Howard St, San Francisco CA 94107"));
    let saved = other.save_capture(&draft, &CaptureOptions::default()).unwrap().contact;
    assert_eq!(saved.phones[0].e164.as_deref(), Some("+14155550132"));

    // The personal profile hands over only its own number.
    let personal = me.card_payload("personal").unwrap();
    assert!(personal.qr_text.contains("+14155550199") && !personal.qr_text.contains("brightwave"));
}

#[test]
fn a_long_card_leaves_out_what_matters_least_from_the_qr_code_only() {
    let dir = TempDir::new().unwrap();
    let mut me = open_store(&dir.path().join("me.db"));
    let mut card = ana();
    card.phones = vec!["+1 415 555 0132".into(), "+44 20 7946 0958".into()];
    card.emails.push("ana@example.org".into());
    card.websites.push("https://linkedin.com/in/anareyes".into());
    card.note = Some("Ask me about partnerships in robotics and logistics, and the Lisbon meetup.".into());
    me.set_card("professional", card).unwrap();
    let payload = me.card_payload("professional").unwrap();
    assert!(payload.qr_text.len() <= QR_BUDGET_BYTES, "{}", payload.qr_text);
    assert_eq!(&payload.left_out[..2], ["note", "address"]);
    assert!(
        payload.vcf.contains("Lisbon") && payload.vcf.contains("+442079460958"),
        "the .vcf has every field"
    );
    assert!(payload.qr_text.contains("FN:Ana Reyes") && payload.qr_text.contains("+14155550132"));
}

#[test]
fn bad_card_input_is_refused_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let mut me = open_store(&dir.path().join("me.db"));
    me.set_card("professional", ana()).unwrap();
    let bad_email = MyCard { emails: vec!["not an address".into()], ..ana() };
    assert!(matches!(me.set_card("professional", bad_email), Err(Error::Invalid(InvalidInput::Email))));
    assert!(matches!(
        me.set_card("Pro fessional", ana()),
        Err(Error::Invalid(InvalidInput::UnknownValue { .. }))
    ));
    assert!(matches!(me.card("nope"), Err(Error::NotFound { .. })));
    assert_eq!(me.card("professional").unwrap().emails, ana().emails);
    me.delete_card("professional").unwrap();
    assert!(me.card_profiles().unwrap().is_empty());
}

#[test]
fn an_event_session_tags_every_capture_until_the_day_ends() {
    let dir = TempDir::new().unwrap();
    let clock = Arc::new(FixedClock::new(1_795_165_200_000));
    let mut kith = open_store_with(&dir.path().join("k.db"), clock.clone());
    kith.set_default_region("US").unwrap();
    let session = kith.start_event("SaaStr Annual", Some("San Mateo"), None).unwrap();
    assert_eq!(kith.current_event().unwrap(), Some(session.clone()));

    let card = |lines: &[&str]| lines.iter().map(|l| CardLine::plain(*l)).collect::<Vec<_>>();
    let draft = kith.read_card(&card(&["Ben Okafor", "Brightwave", "ben@brightwave.io"]), None).unwrap();
    let ben = kith.save_capture(&draft, &CaptureOptions::default()).unwrap().contact;
    clock.advance_ms(60_000);
    let chen = kith.add_contact(named("Chen Wei")).unwrap();
    for c in [&ben, &chen] {
        assert_eq!(c.met.event.as_deref(), Some("SaaStr Annual"));
        assert_eq!(c.met.place.as_deref(), Some("San Mateo"));
        assert_eq!(c.met.date, Some(session.date));
    }
    // An explicit "met at" wins over the session.
    let elsewhere = kith
        .add_contact(NewContact {
            met: kith_core::model::Met {
                event: Some("Lunch".into()),
                date: Some(session.date),
                ..Default::default()
            },
            ..named("Dana Lee")
        })
        .unwrap();
    assert_eq!(elsewhere.met.event.as_deref(), Some("Lunch"));

    // The lobby review: who, what each card lacked, most recent first.
    let review = kith.event_review(None).unwrap();
    let who: Vec<(&str, Vec<&str>)> =
        review.people.iter().map(|p| (p.contact.name.full.as_str(), p.missing.clone())).collect();
    assert_eq!(
        who,
        vec![
            ("Chen Wei", vec!["e-mail", "phone", "organization", "title"]),
            ("Ben Okafor", vec!["phone", "title"]),
        ]
    );
    assert_eq!(kith.weekly_review().unwrap().events, 2, "SaaStr and the lunch");

    // The next day the session is over on its own.
    clock.advance_ms(DAY_MS);
    assert_eq!(kith.current_event().unwrap(), None);
    let later = kith.add_contact(named("Eve Adams")).unwrap();
    assert_eq!(later.met.event, None);
    assert_eq!(kith.event_review(Some("SaaStr Annual")).unwrap().people.len(), 2);
    assert!(matches!(kith.event_review(None), Err(Error::Invalid(InvalidInput::Missing { .. }))));
}

#[test]
fn a_stopped_session_tags_nothing_more() {
    let dir = TempDir::new().unwrap();
    let mut kith = open_store(&dir.path().join("k.db"));
    assert_eq!(kith.stop_event().unwrap(), None);
    kith.start_event("Mixer", None, None).unwrap();
    assert_eq!(kith.stop_event().unwrap().map(|s| s.name), Some("Mixer".into()));
    assert_eq!(kith.add_contact(named("Ana")).unwrap().met.event, None);
    assert!(matches!(kith.start_event("  ", None, None), Err(Error::Invalid(InvalidInput::Missing { .. }))));
}

fn seeded(kith: &mut Kith) -> Vec<kith_core::Id> {
    ["Ana Reyes", "Ben Okafor", "Chen Wei", "Dana Lee"]
        .iter()
        .map(|n| {
            let met = kith_core::model::Met { event: Some("SaaStr".into()), ..Default::default() };
            kith.add_contact(NewContact { met, ..named(n) }).unwrap().id
        })
        .collect()
}

#[test]
fn bulk_actions_change_a_selection_in_one_write_and_report_counts() {
    let dir = TempDir::new().unwrap();
    let mut kith = open_store(&dir.path().join("k.db"));
    let ids = seeded(&mut kith);
    let event = Selection::Query(ContactQuery { event: Some("saastr".into()), ..ContactQuery::default() });

    let tagged = kith.bulk(&event, &BulkAction::AddTags(vec!["SaaStr-2026".into()])).unwrap();
    assert_eq!((tagged.selected, tagged.changed, tagged.unchanged), (4, 4, 0));
    let again = kith.bulk(&event, &BulkAction::AddTags(vec!["saastr-2026".into()])).unwrap();
    assert_eq!((again.changed, again.unchanged), (0, 4), "already tagged");

    let two = Selection::Ids(vec![ids[0], ids[1], ids[0]]);
    assert_eq!(kith.bulk(&two, &BulkAction::SetCadence(Some(30))).unwrap().changed, 2);
    assert_eq!(kith.bulk(&two, &BulkAction::SetTier(Some(Tier::Close))).unwrap().changed, 2);
    assert_eq!(kith.bulk(&two, &BulkAction::SetFamiliarity(Familiarity::Professional)).unwrap().changed, 2);
    let a = kith.contact(ids[0]).unwrap();
    assert_eq!(
        (a.cadence_days, a.tier, a.familiarity),
        (Some(30), Some(Tier::Close), Familiarity::Professional)
    );
    assert_eq!(kith.bulk(&two, &BulkAction::RemoveTags(vec!["saastr-2026".into()])).unwrap().changed, 2);

    let deleted = kith.bulk(&event, &BulkAction::Delete).unwrap();
    assert_eq!(deleted.changed, 4);
    assert_eq!(kith.count_contacts().unwrap(), 0);
    let gone = Selection::Query(ContactQuery { deleted: true, ..ContactQuery::default() });
    assert_eq!(kith.bulk(&gone, &BulkAction::Restore).unwrap().changed, 4);
    assert_eq!(kith.count_contacts().unwrap(), 4);
}

#[test]
fn a_bad_bulk_action_changes_nothing_at_all() {
    let dir = TempDir::new().unwrap();
    let mut kith = open_store(&dir.path().join("k.db"));
    let ids = seeded(&mut kith);
    let before: Vec<_> = ids.iter().map(|id| kith.contact(*id).unwrap()).collect();
    let unknown = kith_core::Id::new_v7(1);
    let with_unknown = Selection::Ids(vec![ids[0], unknown]);
    assert!(matches!(kith.bulk(&with_unknown, &BulkAction::Delete), Err(Error::NotFound { .. })));
    let all = Selection::Ids(ids.clone());
    assert!(matches!(
        kith.bulk(&all, &BulkAction::SetCadence(Some(0))),
        Err(Error::Invalid(InvalidInput::OutOfRange { .. }))
    ));
    assert!(matches!(
        kith.bulk(&all, &BulkAction::AddTags(vec![" ".into()])),
        Err(Error::Invalid(InvalidInput::EmptyTag))
    ));
    let after: Vec<_> = ids.iter().map(|id| kith.contact(*id).unwrap()).collect();
    assert_eq!(before, after);
}
