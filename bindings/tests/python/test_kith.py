"""Every exported function of the Python bindings, each error variant a caller can meet, and
the change listener."""

import subprocess
import sys
import threading

import pytest

import kith

CARD = [
    "BRIGHTWAVE LABS",
    "Ana Reyes",
    "Head of Partnerships",
    "T +1 415 555 0132 | M (415) 555-0187",
    "ana.reyes@brightwave.io",
]


@pytest.fixture
def db(tmp_path):
    k = kith.Kith.open(str(tmp_path / "kith.db"))
    yield k
    k.close_store()


def lines(texts):
    return [kith.CardLine(text=t) for t in texts]


class Recorder(kith.ChangeListener):
    def __init__(self):
        self.events = []

    def on_change(self, event):
        self.events.append(event)


class Broken(kith.ChangeListener):
    def on_change(self, event):
        raise RuntimeError("listener bug")


def test_version_and_warm_up():
    assert kith.core_version()
    kith.warm_up()


def test_card_and_qr_reading(db):
    draft = db.read_card(lines(CARD), "US")
    assert draft.name.full == "Ana Reyes"
    assert draft.title.value == "Head of Partnerships"
    assert [p.e164 for p in draft.phones] == ["+14155550132", "+14155550187"]
    assert draft.phones[1].kind == "mobile"
    assert 0 < draft.emails[0].confidence <= 1
    boxed = db.read_card(
        [kith.CardLine(text="Ana Reyes", bounds=kith.Bounds(x=0, y=0, width=200, height=40), confidence=0.9),
         kith.CardLine(text="ana@acme.com", bounds=kith.Bounds(x=0, y=50, width=200, height=12), confidence=0.99)],
        None,
    )
    assert boxed.name.full == "Ana Reyes"
    qr = db.read_qr("MECARD:N:Okafor,Ben;EMAIL:ben@brightwave.io;;")
    assert qr.name.full == "Ben Okafor"
    assert db.read_card(lines(["Thank you for visiting!"]), "US").name is None


def test_contacts_round_trip(db):
    db.set_default_region("US")
    assert db.default_region() == "US"
    c = db.add_contact(kith.NewContact(name="Chen Wei", emails=["work:chen@volta.io"], phones=["(415) 555-2671"],
                                       tags=["climate"], met_event="Mixer", met_on="2026-11-20"))
    assert c.phones[0].e164 == "+14155552671"
    assert c.met_on == "2026-11-20"
    c = db.update_contact(c.id, kith.ContactChanges(title="CTO", add_tags=["vip"], familiarity=kith.Familiarity.FRIENDLY))
    assert c.title == "CTO" and "vip" in c.tags
    c = db.update_contact(c.id, kith.ContactChanges(clear=["title"]))
    assert c.title is None
    c = db.append_notes(c.id, "Wants a battery supplier")
    assert "battery" in c.notes
    assert db.contact(c.id).full_name == "Chen Wei"
    assert [x.id for x in db.contacts(kith.ContactQuery(search="chen"))] == [c.id]
    assert db.count_contacts() == 1
    db.delete_contact(c.id)
    assert db.count_contacts() == 0
    db.restore_contact(c.id)
    assert db.count_contacts() == 1
    assert db.conflicts() == []


def test_meetings_follow_ups_reminders_and_method(db):
    ana = db.add_contact(kith.NewContact(name="Ana Reyes"))
    m = db.log_meeting(kith.NewMeeting(kind=kith.MeetingKind.COFFEE, participants=[ana.id], purpose="catch up"))
    assert [x.id for x in db.meetings_with(ana.id)] == [m.id]
    f = db.add_follow_up(kith.NewFollowUp(what="Send the deck", due="2020-01-01", contact_id=ana.id,
                                          direction=kith.Direction.I_OWE))
    reminders = db.upcoming_reminders(7)
    assert reminders[0].follow_up_id == f.id and reminders[0].title == "Follow up with Ana Reyes"
    assert any(item.kind == kith.TodayKind.FOLLOW_UP for item in db.today())
    snoozed = db.snooze_follow_up(f.id, "2099-01-01")
    assert snoozed.snoozed_until == "2099-01-01"
    done = db.complete_follow_up(f.id)
    assert done.status == kith.FollowUpStatus.DONE
    need = db.add_need(ana.id, "a battery engineer", None)
    assert [n.id for n in db.needs(ana.id)] == [need]
    assert db.balance(ana.id).gave == 0


def test_capture_import_export_duplicates_merge(db, tmp_path):
    draft = db.read_card(lines(CARD), "US")
    saved = db.save_capture(draft, kith.CaptureOptions(region="US", met_at="SaaStr", follow_up_by="2026-12-01"))
    assert saved.action == kith.CaptureAction.ADDED
    assert saved.follow_up.due == "2026-12-01"
    again = db.save_capture(draft, kith.CaptureOptions(region="US"))
    assert again.action == kith.CaptureAction.ALREADY_KNOWN and again.contact.id == saved.contact.id
    vcf = b"BEGIN:VCARD\nVERSION:3.0\nFN:Ben Okafor\nEMAIL:ben@brightwave.io\nEND:VCARD\n"
    preview = db.import_contacts(vcf, None, True, None, None)
    assert (preview.added, db.count_contacts()) == (1, 1)
    report = db.import_contacts(vcf, "vcard", False, None, None)
    assert report.added == 1 and report.lines[0].action == "new"
    assert db.import_contacts(vcf, None, False, None, None).added == 0
    exported = db.export_contacts(kith.ExportFormat.V_CARD4)
    assert exported.count("BEGIN:VCARD") == 2 and "VERSION:4.0" in exported
    dup = db.add_contact(kith.NewContact(name="Ben Okafor", phones=["+14155550100"]))
    ben = [c for c in db.contacts(kith.ContactQuery(search="Ben")) if c.id != dup.id][0]
    assert len(db.duplicates()) == 1
    merged = db.merge_contacts(ben.id, dup.id).survivor
    assert merged.phones[0].e164 == "+14155550100"
    back = db.unmerge(dup.id)
    assert back.merged_into is None and db.count_contacts() == 3


def test_two_devices_sync_through_frames_and_conflicts_resolve(tmp_path):
    phone = kith.Kith.open(str(tmp_path / "phone.db"))
    laptop = kith.Kith.open(str(tmp_path / "laptop.db"))
    ana = phone.add_contact(kith.NewContact(name="Ana Reyes"))

    phone.pair_with(laptop)

    def sync(a, b):
        start = a.start_sync(b.device_id())
        responder = b.accept_sync()
        frame = start.first_frame
        while frame is not None:
            answer = b.sync_receive(responder, frame)
            if answer is None:
                break
            frame = a.sync_receive(start.session, answer)
        assert start.session.is_complete()
        return start.session.report().stats

    stats = sync(phone, laptop)
    assert stats.frames_sent >= 1
    assert laptop.contact(ana.id).full_name == "Ana Reyes"
    phone.update_contact(ana.id, kith.ContactChanges(title="Partner"))
    laptop.update_contact(ana.id, kith.ContactChanges(title="Principal"))
    sync(phone, laptop)
    sync(laptop, phone)
    conflicts = laptop.conflicts()
    assert len(conflicts) == 1 and conflicts[0].field == "title"
    pick = [v for v in conflicts[0].values].index("Principal")
    laptop.resolve_conflict(ana.id, "title", pick)
    assert laptop.contact(ana.id).title == "Principal"
    assert laptop.conflicts() == []


def test_listener_hears_changes_and_unsubscribes(db):
    recorder = Recorder()
    sub = db.subscribe(recorder)
    c = db.add_contact(kith.NewContact(name="Dana Levi"))
    assert recorder.events[-1].reason == kith.ChangeReason.LOCAL_EDIT
    assert recorder.events[-1].contact_ids == [c.id]
    sub.cancel()
    db.add_contact(kith.NewContact(name="Eli Levi"))
    assert len(recorder.events) == 1
    # Dropping the subscription handle unsubscribes too.
    other = Recorder()
    handle = db.subscribe(other)
    del handle
    import gc
    gc.collect()
    db.add_contact(kith.NewContact(name="Fay Levi"))
    assert other.events == []


def test_a_throwing_listener_does_not_poison_the_core(db):
    sub = db.subscribe(Broken())
    c = db.add_contact(kith.NewContact(name="Gil Levi"))
    assert db.contact(c.id).full_name == "Gil Levi"
    db.add_contact(kith.NewContact(name="Hal Levi"))
    assert db.count_contacts() == 2
    sub.cancel()


def test_error_variants(db, tmp_path):
    with pytest.raises(kith.KithError.InvalidInput) as bad_id:
        db.contact("not-an-id")
    assert bad_id.value.field == "id"
    with pytest.raises(kith.KithError.InvalidInput) as empty:
        db.add_contact(kith.NewContact(name="  "))
    assert empty.value.field == "name"
    with pytest.raises(kith.KithError.InvalidInput):
        db.read_card(lines(["x"]), "ZZ")
    with pytest.raises(kith.KithError.InvalidInput):
        db.read_qr("hello")
    with pytest.raises(kith.KithError.NotFound) as missing:
        db.contact("01a20150-6076-7d73-8d4f-fe3d85e92936")
    assert missing.value.kind == "contact"
    a = db.add_contact(kith.NewContact(name="Ivy Levi"))
    with pytest.raises(kith.KithError.Conflict):
        db.resolve_conflict(a.id, "title", 0)
    b = db.add_contact(kith.NewContact(name="Jo Levi"))
    db.merge_contacts(a.id, b.id)
    with pytest.raises(kith.KithError.Conflict):
        db.merge_contacts(a.id, b.id)
    responder = db.accept_sync()
    with pytest.raises(kith.KithError.Refused):
        db.sync_receive(responder, b"\x00garbage")
    assert db.count_contacts() == 1, "the malformed frame changed nothing"
    with pytest.raises(kith.KithError.Storage):
        kith.Kith.open(str(tmp_path / "no" / "such" / "folder" / "kith.db"))
    not_kith = tmp_path / "notes.txt"
    not_kith.write_bytes(b"just some text, not a database" * 100)
    with pytest.raises(kith.KithError.Incompatible):
        kith.Kith.open(str(not_kith))
    # Another process holding the write lock (locks are per process, so it must be another
    # one): Busy once the 5 s wait runs out.
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\n"
         "print('locked', flush=True)\n"
         "sys.stdin.readline()\n",
         str(tmp_path / "kith.db")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(kith.KithError.Busy):
            db.add_contact(kith.NewContact(name="Kim Levi"))
    finally:
        holder.communicate("done\n", timeout=10)
    db.add_contact(kith.NewContact(name="Kim Levi"))
    db.close_store()
    with pytest.raises(kith.KithError.Closed):
        db.count_contacts()


def test_threads_share_one_kith(db):
    def add(n):
        for i in range(10):
            db.add_contact(kith.NewContact(name=f"Thread{n} Person{i}"))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert db.count_contacts() == 40


def test_bad_input_on_writing_paths_changes_nothing(db):
    ana = db.add_contact(kith.NewContact(name="Ana Reyes"))
    before = db.export_contacts(kith.ExportFormat.V_CARD4)
    with pytest.raises(kith.KithError.InvalidInput) as junk:
        db.import_contacts(bytes(range(256)) * 8, None, False, None, None)
    assert junk.value.field == "file"
    with pytest.raises(kith.KithError.InvalidInput):
        db.import_contacts(b"Name,Company\nAna,Acme\n", "linkedin-csv", False, None, None)
    with pytest.raises(kith.KithError.InvalidInput) as fmt:
        db.import_contacts(b"BEGIN:VCARD\nFN:x\nEND:VCARD\n", "pdf", False, None, None)
    assert fmt.value.field == "format"
    with pytest.raises(kith.KithError.InvalidInput) as clear:
        db.update_contact(ana.id, kith.ContactChanges(clear=["name"]))
    assert clear.value.field == "clear"
    f = db.add_follow_up(kith.NewFollowUp(what="Send the deck", due="2030-01-01", contact_id=ana.id,
                                          direction=kith.Direction.I_OWE))
    with pytest.raises(kith.KithError.InvalidInput):
        db.snooze_follow_up(f.id, "next tuesday")
    with pytest.raises(kith.KithError.InvalidInput):
        db.add_follow_up(kith.NewFollowUp(what="x", due="2030-13-01", direction=kith.Direction.I_OWE))
    empty = db.read_card(lines(["Thank you for visiting!"]), "US")
    with pytest.raises(kith.KithError.InvalidInput):
        db.save_capture(empty, kith.CaptureOptions())
    draft = db.read_card(lines(CARD), "US")
    with pytest.raises(kith.KithError.InvalidInput):
        db.save_capture(draft, kith.CaptureOptions(follow_up_by="soon"))
    assert db.count_contacts() == 1
    assert db.export_contacts(kith.ExportFormat.V_CARD4) == before
    assert db.snooze_follow_up(f.id, "2030-02-01").snoozed_until == "2030-02-01"


def test_default_database_path_follows_kith_db(monkeypatch, tmp_path):
    # The desktop app and the CLI open the same store: $KITH_DB, else the platform data dir.
    monkeypatch.setenv("KITH_DB", str(tmp_path / "laptop.db"))
    assert kith.default_database_path() == str(tmp_path / "laptop.db")


def test_a_meeting_with_names_gained_is_one_step_and_bad_names_store_nothing(db):
    ana = db.add_contact(kith.NewContact(name="Ana Reyes"))
    meeting = kith.NewMeeting(kind=kith.MeetingKind.NETWORKING, participants=[ana.id])
    with pytest.raises(kith.KithError.InvalidInput):
        db.log_meeting_with_names(meeting, ["Chen Wei", "   "])
    assert db.meetings_with(ana.id) == [] and db.count_contacts() == 1
    m = db.log_meeting_with_names(meeting, ["Chen Wei", "Dana Levi"])
    assert sorted(n.name for n in db.names_not_contacted()) == ["Chen Wei", "Dana Levi"]
    assert {i.meeting_id for i in db.introductions_from(m.id)} == {m.id}


def test_qr_code_of_an_invite_is_square_and_empty_text_is_refused(db):
    qr = db.qr_code("kith:pair/ABCD@0123?relay=http%3A%2F%2F127.0.0.1%3A1")
    assert len(qr.modules) == qr.width * qr.width and any(qr.modules)
    with pytest.raises(kith.KithError.InvalidInput):
        db.qr_code("")


def test_writes_leave_compaction_to_idle_maintenance(db):
    ana = db.add_contact(kith.NewContact(name="Ana Reyes"))
    for i in range(80):
        db.append_notes(ana.id, f"line {i}")
    # Eighty small edits of one bucket: due for compaction, left by the writes to maintenance.
    assert db.maintain(0) == 0
    assert db.maintain(8) == 1
    assert db.maintain(8) == 0
    assert db.contact(ana.id).notes.endswith("line 79") and db.doctor(False).healthy
