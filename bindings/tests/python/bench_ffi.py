"""FFI figures from Python: the cost of a small call and of listing 1,000 contacts. Figures,
not a pass/fail timing (these machines are shared). Run by bindings/bench.sh."""

import sys
import tempfile
import time

import conftest  # noqa: F401  (puts the generated module on the path)
import kith


def per_call(fn, n):
    for _ in range(n // 10):
        fn()
    started = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - started) / n


with tempfile.TemporaryDirectory() as tmp:
    k = kith.Kith.open(f"{tmp}/k.db")
    for i in range(1000):
        k.add_contact(kith.NewContact(name=f"Person {i}", emails=[f"p{i}@example.com"]))
    small = per_call(kith.core_version, 20000)
    count = per_call(k.count_contacts, 5000)
    region = per_call(k.default_region, 5000)
    listing = per_call(lambda: k.contacts(kith.ContactQuery(limit=1000)), 20)
    card = per_call(lambda: k.read_card([kith.CardLine(text=t) for t in
                                            ["Ana Reyes", "ana@acme.com", "M +1 415 555 0187"]], "US"), 500)
    print(f"python-ffi: small call {small * 1e6:.2f} us, count_contacts {count * 1e6:.2f} us, "
          f"default_region {region * 1e6:.2f} us, listing 1,000 contacts {listing * 1e3:.2f} ms, read_card {card * 1e3:.3f} ms")
    k.close_store()
sys.exit(0)
