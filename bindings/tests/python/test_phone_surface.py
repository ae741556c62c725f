"""The phone's whole surface through the generated bindings: pairing by code as frames, sealed
sync, revocation, bundles, the networking method, templates, settings, maintenance, and the
typed errors of each new export. Every export named here is counted by the parity test."""

import pytest

import kith


def open_store(tmp_path, name):
    return kith.Kith.open(str(tmp_path / f"{name}.db"), None, name)


def pair_by_code(shower, joiner):
    """The shell's job: carry frames between the devices; the core seals and checks them."""
    pairing = shower.start_pairing()
    code = pairing.code()
    assert code.startswith("KITH1") and pairing.expires_at() > 0
    start = joiner.join_pairing(code)
    assert start.pairing.code() is None
    frame = start.first_frame
    while frame is not None:
        reply = shower.pairing_receive(pairing, frame)
        if reply is None:
            break
        frame = joiner.pairing_receive(start.pairing, reply)
    assert pairing.is_complete() and start.pairing.is_complete()
    return pairing, start.pairing


def sync_by_frames(a, b):
    start = a.start_sync(b.device_id())
    session = b.accept_sync()
    frame = start.first_frame
    while frame is not None:
        reply = b.sync_receive(session, frame)
        if reply is None:
            break
        frame = a.sync_receive(start.session, reply)
    assert start.session.is_complete() and session.is_complete()
    assert session.peer() == a.device_id()
    return start.session.report()


def test_pairing_sync_revocation_and_bundles(tmp_path):
    phone, laptop = open_store(tmp_path, "phone"), open_store(tmp_path, "laptop")
    shown, joined = pair_by_code(phone, laptop)
    assert shown.peer().name == "laptop" and joined.peer().name == "phone"
    assert phone.device_name() == "phone"
    assert phone.only_peer() == laptop.device_id()
    names = {d.name for d in phone.devices()}
    assert names == {"phone", "laptop"}

    ana = laptop.add_contact(kith.NewContact(name="Ana Reyes", organization="Volta"))
    report = sync_by_frames(laptop, phone)
    assert report.complete and report.stats.bytes_sent > 0 and report.round_trips >= 1
    assert phone.contact(ana.id).full_name == "Ana Reyes"
    assert phone.sync_with(laptop).complete

    # A bundle for when no link exists.
    ben = laptop.add_contact(kith.NewContact(name="Ben Okafor"))
    sealed = laptop.export_bundle(phone.device_id())
    assert phone.import_bundle(sealed).entities_changed >= 1
    assert phone.contact(ben.id).full_name == "Ben Okafor"
    with pytest.raises(kith.KithError.Sync):
        phone.import_bundle(b"KITHBNDL")

    # A revoked device is refused before any document byte.
    phone.revoke_device(laptop.device_id())
    laptop.add_contact(kith.NewContact(name="After Revocation"))
    with pytest.raises(kith.KithError.Refused):
        sync_by_frames(laptop, phone)
    assert phone.contacts(kith.ContactQuery(search="revocation")) == []
    with pytest.raises(kith.KithError.InvalidInput):
        phone.revoke_device(phone.device_id())

    # A stranger with a good code shape but the wrong secret is never told "paired".
    stranger = open_store(tmp_path, "stranger")
    pairing = phone.start_pairing()
    good = pairing.code()
    with pytest.raises(kith.KithError.InvalidInput):
        stranger.join_pairing("KITH1" + "0" * 100)
    start = stranger.join_pairing(good)
    second = phone.pairing_receive(pairing, start.first_frame)
    third = stranger.pairing_receive(start.pairing, second)
    assert third is not None
    with pytest.raises(kith.KithError.Refused):
        stranger.pairing_receive(start.pairing, b"not a confirmation")
    assert not start.pairing.is_complete() and stranger.devices() == []
    pairing.restart()
    with pytest.raises(kith.KithError.InvalidInput):
        phone.pair_with(phone)


def test_the_method_on_the_phone(tmp_path):
    db = open_store(tmp_path, "phone")
    dana = db.add_contact(kith.NewContact(name="Dana Levi", organization="Volta"))
    template = db.template(kith.MeetingKind.NETWORKING)
    assert "two more names" in template.purpose
    assert len(db.templates()) == 7
    db.set_template(kith.MeetingKind.COFFEE, kith.Template(purpose="Keep warm", opener=None, agenda=["News"]))
    assert db.template(kith.MeetingKind.COFFEE).agenda == ["News"]
    with pytest.raises(kith.KithError.InvalidInput):
        db.set_template(kith.MeetingKind.COFFEE, kith.Template(purpose=" ", opener=None, agenda=[]))

    meeting = db.log_meeting_from_template(kith.NewMeeting(kind=kith.MeetingKind.NETWORKING, participants=[dana.id]))
    assert meeting.purpose == template.purpose and meeting.agenda
    assert db.meeting(meeting.id).id == meeting.id
    gained = db.add_names_gained(meeting.id, ["Chen Wei", "Eli Moss"], None)
    assert len(gained) == 2 and all(g.introducer_id == dana.id for g in gained)
    assert len(db.introductions_from(meeting.id)) == 2
    assert db.yield_report().names_gained == 2
    waiting = db.names_not_contacted()
    assert {w.name for w in waiting} == {"Chen Wei", "Eli Moss"}
    met = db.set_introduction_status(gained[0].id, kith.IntroStatus.MET)
    assert met.status == kith.IntroStatus.MET
    chen = gained[0].contact_id
    fay = db.add_contact(kith.NewContact(name="Fay Ng"))
    assert db.add_introduction(chen, fay.id, None).introducer_id == chen
    assert any(len(c.names) >= 3 for c in db.chains(5))
    assert any("Chen Wei" in (item.title + item.reason) or item.kind == kith.TodayKind.NAME_TO_CONTACT for item in db.today())

    need = db.add_need(dana.id, "a battery engineer", None)
    assert db.needs(dana.id)[0].what == "a battery engineer"
    assert db.match_needs("job lead: battery engineers at Volta")[0].need.id == need
    db.review_need(need, "2027-01-15")
    assert db.needs(None)[0].review_on == "2027-01-15"
    assert isinstance(db.needs_to_review(), list)
    db.set_need_status(need, kith.NeedStatus.HELPED)
    assert db.needs(dana.id)[0].status == kith.NeedStatus.HELPED

    db.record_exchange(dana.id, kith.Flow.RECEIVED, kith.ExchangeKind.ADVICE, "pricing")
    assert db.balance(dana.id).received == 1 and db.balances()[0].name == "Dana Levi"

    db.add_follow_up(kith.NewFollowUp(what="Send the deck", due="2020-01-01", contact_id=dana.id, direction=kith.Direction.I_OWE))
    db.set_overdue_days(kith.Direction.I_OWE, 3)
    assert db.settings().i_owe_overdue_days == 3
    assert any(l.overdue for l in db.open_loops())
    with pytest.raises(kith.KithError.InvalidInput):
        db.set_overdue_days(kith.Direction.THEY_OWE, 0)
    db.set_tier_days(kith.Tier.CLOSE, 10)
    assert db.settings().close_days == 10
    assert db.set_cadence(dana.id, kith.Cadence(days=None, tier=kith.Tier.CLOSE)).tier == kith.Tier.CLOSE
    assert db.set_cadence(dana.id, kith.Cadence(days=None, tier=None)).cadence_days is None
    assert isinstance(db.drifting(), list)

    referral = db.add_referral(chen, None, "Volta", "strong engineer")
    db.update_referral(referral, kith.ReferralStatus.HIRED, "started in May")
    r = db.referrals()[0]
    assert r.status == kith.ReferralStatus.HIRED and len(r.history) >= 2
    risk = db.network_risk(5)
    assert risk.hanging and risk.hanging[0].name == "Dana Levi", "the network hangs on the introducer"
    review = db.weekly_review()
    assert review.names_gained == 2 and len(review.trend) == 4


def test_contacts_meetings_and_maintenance_exports(tmp_path):
    db = open_store(tmp_path, "phone")
    ids = db.add_contacts([kith.NewContact(name="Gil Roy"), kith.NewContact(name="Hana Ito")])
    assert len(ids) == 2
    gil = ids[0]
    db.set_notes(gil, "Met at the mixer")
    db.set_personal_notes(gil, "Has two kids")
    db.append_personal_notes(gil, "Loves climbing")
    assert db.contact(gil).personal_notes == "Has two kids\nLoves climbing"
    work = db.work_view(gil)
    assert work.personal_notes == "" and work.notes == "Met at the mixer"
    assert db.photo(gil) is None
    assert db.path().endswith("phone.db")
    meetings = db.log_meetings([kith.NewMeeting(kind=kith.MeetingKind.CALL, participants=[gil])])
    assert len(meetings) == 1
    fus = db.add_follow_ups([kith.NewFollowUp(what="Call back", due="2030-01-01", contact_id=gil, direction=kith.Direction.THEY_OWE)])
    reopened = db.reopen_follow_up(db.complete_follow_up(fus[0]).id)
    assert reopened.status == kith.FollowUpStatus.OPEN
    assert db.follow_up(fus[0]).what == "Call back"
    assert len(db.follow_ups(gil)) == 1 and db.due_follow_ups() == []
    exported = db.export_contacts(kith.ExportFormat.JSON)
    assert '"Gil Roy"' in exported and "BEGIN:VCARD" in db.export_contacts(kith.ExportFormat.V_CARD3)
    other = open_store(tmp_path, "other")
    other.add_contact(kith.NewContact(name="Ivo Pak"))
    merged = db.merge_file(str(tmp_path / "other.db"))
    assert merged.entities_changed >= 1 and db.count_contacts() == 3
    assert db.doctor(False).healthy
    assert db.compact() >= 0
    db.set_busy_timeout(100)
    db.set_loaded_docs_capacity(4)
    with pytest.raises(kith.KithError.InvalidInput):
        db.upcoming_reminders(100000)
    with pytest.raises(kith.KithError.InvalidInput):
        db.log_meetings([kith.NewMeeting(kind=kith.MeetingKind.CALL, participants=["not-an-id"])])
    with pytest.raises(kith.KithError.NotFound):
        db.meeting("01a20150-6076-7d73-8d4f-fe3d85e92936")
    with pytest.raises(kith.KithError.Storage):
        db.merge_file(str(tmp_path / "missing.db"))
    with pytest.raises(kith.KithError.Refused):
        db.only_peer()


def test_a_qr_vcard_keeps_photo_tags_and_event_through_review_and_save(tmp_path):
    import base64

    db = open_store(tmp_path, "phone")
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64).decode()
    payload = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lena Park\r\nEMAIL:lena@park.example\r\n"
        f"CATEGORIES:climate,investor\r\nPHOTO;ENCODING=b;TYPE=PNG:{png}\r\nEND:VCARD\r\n"
    )
    draft = db.read_qr(payload)
    assert draft.photo is not None and draft.photo.media_type.lower().endswith("png")
    assert sorted(draft.tags) == ["climate", "investor"]
    saved = db.save_capture(draft, kith.CaptureOptions(met_at="Climate Week"))
    assert saved.action == kith.CaptureAction.ADDED
    assert saved.contact.has_photo and sorted(saved.contact.tags) == ["climate", "investor"]
    assert db.photo(saved.contact.id).bytes.startswith(b"\x89PNG")
    # The same card again is the same person; a look-alike is saved new and listed.
    assert db.save_capture(db.read_qr(payload), kith.CaptureOptions()).action == kith.CaptureAction.ALREADY_KNOWN
    alike = db.read_qr("MECARD:N:Park,Lena;EMAIL:l.park@other.example;;")
    outcome = db.save_capture(alike, kith.CaptureOptions())
    assert outcome.action == kith.CaptureAction.ADDED_LOOK_ALIKE and outcome.evidence
    assert db.count_contacts() == 2
    assert len(db.duplicates()) == 1, "the look-alike is listed for the user to merge or keep"


def test_a_lost_key_is_said_clearly(tmp_path):
    import os

    phone, laptop = open_store(tmp_path, "phone"), open_store(tmp_path, "laptop")
    assert not phone.lost_pairing()
    phone.pair_with(laptop)
    assert not phone.lost_pairing()
    phone.close_store()
    os.remove(str(tmp_path / "phone.db.key"))
    again = open_store(tmp_path, "phone")
    assert again.lost_pairing(), "a new key for a paired store is reported"
    with pytest.raises(kith.KithError.Refused):
        again.sync_with(laptop)


def test_a_backup_restores_on_a_new_phone(tmp_path):
    phone = open_store(tmp_path, "phone")
    ana = phone.add_contact(kith.NewContact(name="Ana Díaz"))
    out = str(tmp_path / "phone.kithbackup")
    with pytest.raises(kith.KithError.InvalidInput) as weak:
        phone.backup(out, "short")
    assert weak.value.field == "passphrase"
    assert phone.backup(out, "correct horse battery") > 0
    new = tmp_path / "new"
    new.mkdir()
    with pytest.raises(kith.KithError.InvalidInput) as wrong:
        kith.Kith.restore_backup(out, "wrong passphrase!", str(new / "kith.db"), False)
    assert wrong.value.field == "passphrase"
    restored = kith.Kith.restore_backup(out, "correct horse battery", str(new / "kith.db"), False)
    assert restored.contact(ana.id).full_name == "Ana Díaz"
    with pytest.raises(kith.KithError.InvalidInput):
        kith.Kith.restore_backup(out, "correct horse battery", str(new / "kith.db"), False)
