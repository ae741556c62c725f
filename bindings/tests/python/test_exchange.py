"""The exchange at an event through the bindings: my card as a QR code another store scans, an
event session with its lobby review, bulk actions, and the errors each can raise."""

import pytest

import kith


@pytest.fixture
def db(tmp_path):
    k = kith.Kith.open(str(tmp_path / "kith.db"))
    k.set_default_region("US")
    yield k
    k.close_store()


def card(**fields):
    base = dict(
        full_name="Ana Reyes", given="Ana", family="Reyes", title="Head of Partnerships",
        organization="Brightwave Labs", emails=["ana@brightwave.io"], phones=["(415) 555-0132"],
        websites=["brightwave.io"], address=None, note=None,
    )
    base.update(fields)
    return kith.MyCard(**base)


def test_my_card_payload_scans_back_on_another_store(db, tmp_path):
    saved = db.set_card("professional", card())
    assert saved.phones == ["+14155550132"]
    db.set_card("personal", card(title=None, organization=None, emails=[], websites=[], phones=["+1 415 555 0199"]))
    assert db.card_profiles() == ["personal", "professional"]
    assert db.card("personal").phones == ["+14155550199"]
    payload = db.card_payload("professional")
    assert payload.qr_ecc == "M" and payload.qr_version <= 11 and len(payload.qr_text.encode()) <= 251
    assert len(payload.qr_modules) == payload.qr_width ** 2
    assert "FN:Ana Reyes" in payload.vcf

    other = kith.Kith.open(str(tmp_path / "other.db"))
    draft = other.read_qr(payload.qr_text)
    assert (draft.name.full, draft.organization.value, draft.title.value) == (
        "Ana Reyes", "Brightwave Labs", "Head of Partnerships")
    assert draft.phones[0].raw == "+14155550132" and draft.emails[0].value == "ana@brightwave.io"
    other.close_store()

    db.delete_card("personal")
    assert db.card_profiles() == ["professional"]
    with pytest.raises(kith.KithError.NotFound):
        db.card("personal")
    with pytest.raises(kith.KithError.InvalidInput):
        db.set_card("professional", card(emails=["not an address"]))
    with pytest.raises(kith.KithError.InvalidInput):
        db.card_payload("no such profile!")
    assert db.card("professional").emails == ["ana@brightwave.io"], "a refused edit changed nothing"


def test_event_session_tags_captures_and_the_lobby_review_lists_them(db):
    assert db.current_event() is None
    session = db.start_event("SaaStr", "San Mateo", None)
    assert db.current_event() == session
    draft = db.read_card([kith.CardLine(text=t) for t in ["Ben Okafor", "Brightwave", "ben@brightwave.io"]], None)
    ben = db.save_capture(draft, kith.CaptureOptions()).contact
    chen = db.add_contact(kith.NewContact(name="Chen Wei"))
    assert ben.met_event == chen.met_event == "SaaStr" and ben.met_place == "San Mateo"
    review = db.event_review(None)
    assert {p.contact.full_name for p in review.people} == {"Ben Okafor", "Chen Wei"}
    chen_row = [p for p in review.people if p.contact.id == chen.id][0]
    assert "e-mail" in chen_row.missing and "phone" in chen_row.missing
    assert db.weekly_review().events == 1
    assert db.stop_event() == session
    assert db.current_event() is None and db.stop_event() is None
    assert db.event_review("SaaStr").event == "SaaStr"
    with pytest.raises(kith.KithError.InvalidInput):
        db.event_review(None)
    with pytest.raises(kith.KithError.InvalidInput):
        db.start_event("SaaStr", None, "tomorrow-ish")


def test_bulk_actions_over_ids_and_queries(db):
    ids = [db.add_contact(kith.NewContact(name=n, met_event="Mixer")).id for n in ["Ana", "Ben", "Chen"]]
    mixer = kith.Selection.QUERY(kith.ContactQuery(event="Mixer"))
    report = db.bulk(mixer, kith.BulkAction.ADD_TAGS(["mixer-2026"]))
    assert (report.selected, report.changed, report.unchanged) == (3, 3, 0)
    two = kith.Selection.IDS(ids[:2])
    assert db.bulk(two, kith.BulkAction.SET_CADENCE(30)).changed == 2
    assert db.bulk(two, kith.BulkAction.SET_TIER(kith.Tier.CLOSE)).changed == 2
    assert db.bulk(two, kith.BulkAction.SET_FAMILIARITY(kith.Familiarity.PERSONAL)).changed == 2
    assert db.bulk(two, kith.BulkAction.REMOVE_TAGS(["mixer-2026"])).changed == 2
    assert db.contact(ids[0]).cadence_days == 30
    assert db.bulk(mixer, kith.BulkAction.DELETE()).changed == 3 and db.count_contacts() == 0
    deleted = kith.Selection.QUERY(kith.ContactQuery(deleted=True))
    assert db.bulk(deleted, kith.BulkAction.RESTORE()).changed == 3
    with pytest.raises(kith.KithError.InvalidInput):
        db.bulk(kith.Selection.IDS(["not-an-id"]), kith.BulkAction.DELETE())
    with pytest.raises(kith.KithError.InvalidInput):
        db.bulk(two, kith.BulkAction.SET_CADENCE(0))
    assert db.count_contacts() == 3


def test_the_relay_setting(db):
    assert db.relay_url() is None
    db.set_relay_url("http://relay.example:3340")
    assert db.relay_url() == "http://relay.example:3340/"
    with pytest.raises(kith.KithError.InvalidInput):
        db.set_relay_url("ftp://relay.example")
    db.set_relay_url(None)
    assert db.relay_url() is None
