//! Two replicas of one account, exchanging changes by merging each other's database file.

use std::sync::Arc;

use chrono::NaiveDate;
use kith_core::model::{
    Address, ContactPatch, Familiarity, MeetingKind, Met, NewContact, NewMeeting, OtherField, Photo,
    ReferralStatus, Tier,
};
use kith_core::{ContactQuery, FixedClock, Kith};
use kith_scenarios::{merge_both_ways, named, open_store, open_store_with};
use tempfile::TempDir;

fn pair(dir: &TempDir) -> (Kith, Kith) {
    let a = open_store(&dir.path().join("phone.db"));
    let b = open_store(&dir.path().join("laptop.db"));
    (a, b)
}

fn assert_same(a: &Kith, b: &Kith) {
    assert_eq!(
        a.diagnostics().read_model_dump().unwrap(),
        b.diagnostics().read_model_dump().unwrap(),
        "replicas read differently"
    );
}

#[test]
fn edits_to_different_fields_merge() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = pair(&dir);
    let c = a.add_contact(named("Chen Wei")).unwrap();
    merge_both_ways(&mut a, &mut b);
    a.update_contact(c.id, ContactPatch { title: Some(Some("CTO".into())), ..Default::default() }).unwrap();
    b.update_contact(c.id, ContactPatch { familiarity: Some(Familiarity::Friendly), ..Default::default() })
        .unwrap();
    merge_both_ways(&mut a, &mut b);
    for s in [&a, &b] {
        let c = s.contact(c.id).unwrap();
        assert_eq!(c.title.as_deref(), Some("CTO"));
        assert_eq!(c.familiarity, Familiarity::Friendly);
        assert!(c.conflicts.is_empty());
    }
    assert_same(&a, &b);
}

#[test]
fn the_same_field_on_both_sides_conflicts_until_picked() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = pair(&dir);
    let c = a.add_contact(named("Dana Levi")).unwrap();
    merge_both_ways(&mut a, &mut b);
    a.update_contact(c.id, ContactPatch { title: Some(Some("Partner".into())), ..Default::default() })
        .unwrap();
    b.update_contact(c.id, ContactPatch { title: Some(Some("Principal".into())), ..Default::default() })
        .unwrap();
    merge_both_ways(&mut a, &mut b);
    for s in [&a, &b] {
        let conflicts = s.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].conflict.field, "title");
        let mut values: Vec<_> = conflicts[0].conflict.values.iter().flatten().cloned().collect();
        values.sort();
        assert_eq!(values, vec!["Partner", "Principal"]);
    }
    assert_same(&a, &b);
    let listed = a.conflicts().unwrap()[0].conflict.values.clone();
    let pick = listed.iter().position(|v| v.as_deref() == Some("Principal")).unwrap();
    a.resolve_conflict(c.id, "title", pick).unwrap();
    assert!(a.conflicts().unwrap().is_empty());
    merge_both_ways(&mut a, &mut b);
    for s in [&a, &b] {
        assert!(s.conflicts().unwrap().is_empty());
        assert_eq!(s.contact(c.id).unwrap().title.as_deref(), Some("Principal"));
    }
    assert_same(&a, &b);
}

#[test]
fn concurrent_note_edits_both_survive() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = pair(&dir);
    let c = a.add_contact(named("Eli")).unwrap();
    a.set_notes(c.id, "Met at the booth.").unwrap();
    merge_both_ways(&mut a, &mut b);
    a.set_notes(c.id, "Met at the booth. Send the deck.").unwrap();
    b.set_notes(c.id, "Met at the big booth.").unwrap();
    merge_both_ways(&mut a, &mut b);
    let notes = a.contact(c.id).unwrap().notes;
    assert!(notes.contains("big") && notes.contains("Send the deck."), "{notes}");
    assert_same(&a, &b);
    assert!(a.conflicts().unwrap().is_empty());
}

#[test]
fn delete_against_edit_stays_deleted_but_restores_with_the_edit() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = pair(&dir);
    let c = a.add_contact(named("Farah")).unwrap();
    merge_both_ways(&mut a, &mut b);
    a.delete_contact(c.id).unwrap();
    b.update_contact(c.id, ContactPatch { title: Some(Some("Founder".into())), ..Default::default() })
        .unwrap();
    merge_both_ways(&mut a, &mut b);
    for s in [&a, &b] {
        assert!(s.contacts(&ContactQuery::default()).unwrap().is_empty());
        assert!(s.contact(c.id).unwrap().deleted_at.is_some());
    }
    let restored = b.restore_contact(c.id).unwrap();
    assert_eq!(restored.title.as_deref(), Some("Founder"));
    merge_both_ways(&mut a, &mut b);
    assert_eq!(a.contact(c.id).unwrap().deleted_at, None);
    assert_same(&a, &b);
}

#[test]
fn tags_are_a_set_under_concurrency() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = pair(&dir);
    let mut new = named("Gil");
    new.tags = vec!["investor".into()];
    let c = a.add_contact(new).unwrap();
    merge_both_ways(&mut a, &mut b);
    a.update_contact(c.id, ContactPatch { add_tags: vec!["climate".into()], ..Default::default() }).unwrap();
    b.update_contact(
        c.id,
        ContactPatch { add_tags: vec!["climate".into(), "seed".into()], ..Default::default() },
    )
    .unwrap();
    b.update_contact(c.id, ContactPatch { remove_tags: vec!["investor".into()], ..Default::default() })
        .unwrap();
    merge_both_ways(&mut a, &mut b);
    assert_eq!(a.contact(c.id).unwrap().tags, vec!["climate", "seed"]);
    assert_same(&a, &b);
}

#[test]
fn the_same_organization_created_offline_on_both_sides_is_one() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = pair(&dir);
    let mut x = named("Hana");
    x.organization = Some("Acme".into());
    let mut y = named("Ivo");
    y.organization = Some("ACME".into());
    a.add_contact(x).unwrap();
    b.add_contact(y).unwrap();
    merge_both_ways(&mut a, &mut b);
    let at_acme =
        a.contacts(&ContactQuery { organization: Some("acme".into()), ..Default::default() }).unwrap();
    assert_eq!(at_acme.len(), 2);
    assert_eq!(at_acme[0].organization_id, at_acme[1].organization_id);
    assert_same(&a, &b);
}

#[test]
fn merging_is_idempotent_and_rejects_foreign_files() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = pair(&dir);
    a.add_contact(named("Jun")).unwrap();
    let first = b.merge_file(a.path()).unwrap();
    assert!(first.docs_changed >= 1);
    let again = b.merge_file(a.path()).unwrap();
    assert_eq!(again.docs_changed, 0);
    let before = b.diagnostics().read_model_dump().unwrap();
    let junk = dir.path().join("notes.txt");
    std::fs::write(&junk, "not a database at all, just some text that is long enough").unwrap();
    assert!(matches!(b.merge_file(&junk), Err(kith_core::Error::NotKith { .. })));
    assert!(junk.exists());
    assert!(b.merge_file(&dir.path().join("missing.db")).is_err());
    assert_eq!(b.diagnostics().read_model_dump().unwrap(), before);
}

/// A backup restored onto a new phone while the old one is still in use: both copies keep
/// writing, then merge. Each opened store writes as its own actor, so nothing collides.
#[test]
fn a_copied_database_edited_on_both_sides_merges_without_loss() {
    let dir = TempDir::new().unwrap();
    let old_path = dir.path().join("old-phone.db");
    let mut old = open_store(&old_path);
    let c = old.add_contact(named("Kai")).unwrap();
    old.diagnostics().checkpoint().unwrap();
    drop(old);
    let new_path = dir.path().join("new-phone.db");
    std::fs::copy(&old_path, &new_path).unwrap();
    let mut old = open_store(&old_path);
    let mut new = open_store(&new_path);
    old.update_contact(c.id, ContactPatch { title: Some(Some("Engineer".into())), ..Default::default() })
        .unwrap();
    old.append_notes(c.id, "old phone note").unwrap();
    let o2 = old.add_contact(named("Lior")).unwrap();
    new.update_contact(c.id, ContactPatch { add_tags: vec!["rust".into()], ..Default::default() }).unwrap();
    new.append_notes(c.id, "new phone note").unwrap();
    let n2 = new.add_contact(named("Mei")).unwrap();
    merge_both_ways(&mut old, &mut new);
    for s in [&old, &new] {
        let k = s.contact(c.id).unwrap();
        assert_eq!(k.title.as_deref(), Some("Engineer"));
        assert_eq!(k.tags, vec!["rust"]);
        assert!(k.notes.contains("old phone note") && k.notes.contains("new phone note"), "{}", k.notes);
        assert!(s.contact(o2.id).is_ok() && s.contact(n2.id).is_ok());
    }
    assert_same(&old, &new);
    for s in [&mut old, &mut new] {
        assert!(s.doctor(false).unwrap().is_healthy());
    }
}

/// Every field a new contact can carry, for comparing the two ways a contact gets them.
fn everything() -> NewContact {
    NewContact {
        name: "Ines Duarte".into(),
        given: Some("Ines".into()),
        family: Some("Duarte".into()),
        phonetic: Some("ee-nesh".into()),
        title: Some("Head of Data".into()),
        organization: Some("Lumen Health".into()),
        emails: vec!["work:ines@lumen.example".into(), "ines.d@mail.example".into()],
        phones: vec!["mobile:+1 415 555 0101".into(), "+1 212 555 0199".into()],
        websites: vec!["https://lumen.example/ines".into()],
        addresses: vec![Address {
            kind: Some("work".into()),
            label: "1 Market St, San Francisco".into(),
            street: Some("1 Market St".into()),
            locality: Some("San Francisco".into()),
            region: None,
            postcode: Some("94105".into()),
            country: Some("US".into()),
        }],
        photo: Some(Photo { media_type: "image/png".into(), bytes: vec![0x89, b'P', b'N', b'G', 1, 2, 3] }),
        tags: vec!["data".into(), "vip".into()],
        met: Met {
            event: Some("Health Summit".into()),
            place: Some("Lisbon".into()),
            date: NaiveDate::from_ymd_opt(2026, 5, 4),
            introduced_by: None,
        },
        familiarity: Some(Familiarity::Friendly),
        cadence_days: Some(45),
        tier: Some(Tier::Close),
        birthday: Some("--07-14".into()),
        notes: Some("Wants intros to hospital CIOs.".into()),
        other_fields: vec![OtherField { property: "NICKNAME".into(), label: None, value: "Nes".into() }],
        region: None,
        keep_unverified_phones: false,
    }
}

/// A new contact is written into its bucket whole, as one value; it must read, sync and merge
/// exactly as one built field by field through edits.
#[test]
fn a_contact_created_whole_is_the_contact_built_field_by_field() {
    let dir = TempDir::new().unwrap();
    let clock = Arc::new(FixedClock::at_date(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()));
    let mut a = open_store_with(&dir.path().join("phone.db"), clock.clone());
    let mut b = open_store_with(&dir.path().join("laptop.db"), clock);
    let new = everything();
    let whole = a.add_contact(new.clone()).unwrap();
    let built = a.add_contact(named(&new.name)).unwrap();
    let patch = ContactPatch {
        name: Some(new.name.clone()),
        given: Some(new.given.clone()),
        family: Some(new.family.clone()),
        phonetic: Some(new.phonetic.clone()),
        title: Some(new.title.clone()),
        organization: Some(new.organization.clone()),
        emails: Some(new.emails.clone()),
        phones: Some(new.phones.clone()),
        websites: Some(new.websites.clone()),
        addresses: Some(new.addresses.clone()),
        photo: Some(new.photo.clone()),
        add_tags: new.tags.clone(),
        met_event: Some(new.met.event.clone()),
        met_place: Some(new.met.place.clone()),
        met_date: Some(new.met.date),
        familiarity: new.familiarity,
        cadence_days: Some(new.cadence_days),
        tier: Some(new.tier),
        birthday: Some(new.birthday.clone()),
        other_fields: Some(new.other_fields.clone()),
        ..Default::default()
    };
    a.update_contact(built.id, patch).unwrap();
    a.set_notes(built.id, new.notes.as_deref().unwrap()).unwrap();
    let (whole, mut built) = (a.contact(whole.id).unwrap(), a.contact(built.id).unwrap());
    assert_eq!(whole.employment.len(), 1, "the organization opened a stretch");
    assert_eq!(a.photo(whole.id).unwrap(), a.photo(built.id).unwrap());
    // Ids are minted per contact and per stretch; everything else must match.
    built.id = whole.id;
    built.employment.iter_mut().zip(&whole.employment).for_each(|(b, w)| b.id = w.id);
    assert_eq!(built, whole);

    // On another device it is the same contact, and concurrent edits of it merge.
    merge_both_ways(&mut a, &mut b);
    assert_eq!(b.contact(whole.id).unwrap(), whole);
    a.update_contact(whole.id, ContactPatch { add_tags: vec!["hiring".into()], ..Default::default() })
        .unwrap();
    b.update_contact(
        whole.id,
        ContactPatch { emails: Some(vec!["work:ines@lumen.example".into()]), ..Default::default() },
    )
    .unwrap();
    a.append_notes(whole.id, "Met again in Porto.").unwrap();
    merge_both_ways(&mut a, &mut b);
    for s in [&a, &b] {
        let c = s.contact(whole.id).unwrap();
        assert_eq!(c.tags, ["data", "hiring", "vip"]);
        assert_eq!(c.emails.len(), 1);
        assert!(c.notes.ends_with("Met again in Porto."), "{}", c.notes);
        assert!(c.conflicts.is_empty());
    }
    assert_same(&a, &b);
}

/// Meetings, follow-ups and the method's records are written whole too: every container a later
/// edit or a peer writes into must exist, and concurrent appends to a referral's history merge.
#[test]
fn meetings_and_records_written_whole_read_back_and_merge() {
    let dir = TempDir::new().unwrap();
    let (mut a, mut b) = pair(&dir);
    let ana = a.add_contact(named("Ana Lobo")).unwrap().id;
    let ben = a.add_contact(named("Ben Ode")).unwrap().id;
    let logged = a
        .log_meeting(NewMeeting {
            kind: MeetingKind::Networking,
            occurred_at: Some(1_780_000_000_000),
            participants: vec![ana, ben, ana],
            title: Some("Coffee".into()),
            purpose: Some("Advice on the move to product".into()),
            agenda: vec!["Her path".into(), "  ".into(), "Two names".into()],
            asks: vec!["Who else should I talk to?".into()],
            notes: Some("Suggested Chen and Dara.".into()),
            outcome: None,
            next_step: Some("Thank-you note".into()),
        })
        .unwrap();
    let mut participants = vec![ana, ben];
    participants.sort();
    let mut read = a.meeting(logged.id).unwrap();
    read.participants.sort();
    assert_eq!(read.participants, participants);
    assert_eq!(read.agenda, ["Her path", "Two names"]);
    assert_eq!(read.asks, ["Who else should I talk to?"]);
    assert_eq!(read.notes, "Suggested Chen and Dara.");
    assert_eq!((read.outcome, read.next_step.as_deref()), (None, Some("Thank-you note")));
    let referral = a.add_referral(ana, Some(ben), Some("Acme"), None).unwrap();

    merge_both_ways(&mut a, &mut b);
    assert_eq!(b.meeting(logged.id).unwrap(), a.meeting(logged.id).unwrap());
    a.update_referral(referral, ReferralStatus::Hired, Some("started in May")).unwrap();
    b.update_referral(referral, ReferralStatus::Declined, Some("role filled")).unwrap();
    merge_both_ways(&mut a, &mut b);
    for s in [&a, &b] {
        let r = s.referrals().unwrap().into_iter().find(|r| r.id == referral).unwrap();
        let mut steps: Vec<&str> = r.history.iter().map(|e| e.status.as_str()).collect();
        steps.sort();
        assert_eq!(steps, ["declined", "hired", "pending"], "both appends survive");
    }
    assert_same(&a, &b);
}
