"""Two stores pair by invite and sync through the FFI sync service over a relay on loopback
(`kith relay`, admitting only their endpoints), with direct paths disabled. The relay process
is stopped by its id; every wait is bounded by the service's own timeouts."""

import json
import os
import subprocess

import pytest

import kith

KITH = os.environ.get(
    "KITH_BIN", os.path.join(os.path.dirname(__file__), "..", "..", "..", "target", "debug", "kith")
)


@pytest.fixture
def relay(tmp_path):
    if not os.path.exists(KITH):
        pytest.skip(f"the kith binary is not built at {KITH}")
    started = []

    def start(*endpoints):
        args = [KITH, "--db", str(tmp_path / "relay.db"), "--json", "relay", "--listen", "127.0.0.1:0"]
        for e in endpoints:
            args += ["--allow", e]
        proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        started.append(proc)
        return json.loads(proc.stdout.readline())["relay"]

    yield start
    for proc in started:
        proc.kill()
        proc.wait(timeout=10)


class Heard(kith.SyncObserver):
    def __init__(self):
        self.statuses = []

    def on_status(self, status):
        self.statuses.append(status)


def test_two_stores_pair_and_sync_through_the_service_over_a_relay(tmp_path, relay):
    a = kith.Kith.open(str(tmp_path / "a.db"), None, "phone")
    b = kith.Kith.open(str(tmp_path / "b.db"), None, "laptop")
    url = relay(a.endpoint_id(), b.endpoint_id())
    for store in (a, b):
        store.set_relay_url(url)
    options = kith.SyncServiceOptions(relay=None, relay_only=True, mdns=False)
    phone, laptop = a.sync_service(options), b.sync_service(options)
    assert phone.endpoint_id() == a.endpoint_id()
    phone.start()
    invite = phone.show_pairing()
    joined = laptop.join_pairing(invite)
    assert joined.name == "phone"
    assert phone.wait_for_pairing().name == "laptop"

    a.add_contact(kith.NewContact(name="Ana Reyes"))
    b.add_contact(kith.NewContact(name="Ben Okafor"))
    heard = Heard()
    laptop.set_observer(heard)
    (status,) = laptop.sync_now()
    assert status.reachable and status.path == "relay" and status.last_error is None, (
        status.path,
        status.last_error,
    )
    assert status.changed == 1 and status.last_synced_ms is not None
    assert heard.statuses == [status] and laptop.statuses() == [status]
    names = lambda store: sorted(c.full_name for c in store.contacts(kith.ContactQuery()))
    assert names(a) == names(b) == ["Ana Reyes", "Ben Okafor"]

    # The phone keeps in step on its own while started: a laptop edit reaches it on the next sync.
    b.add_contact(kith.NewContact(name="Chen Wei"))
    laptop.sync_now()
    assert "Chen Wei" in names(a)

    with pytest.raises(kith.KithError.InvalidInput):
        laptop.join_pairing("not an invite")
    with pytest.raises(kith.KithError.InvalidInput):
        laptop.wait_for_pairing()
    phone.stop()
    for service in (phone, laptop):
        service.shutdown()
    a.close_store()
    b.close_store()
