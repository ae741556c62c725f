"""Kith's vCard 3.0 and 4.0 exports, read back by an outside parser (Python `vobject`, pinned by
scripts/test): every field of the contact as the bindings return it must come out the same.

Known differences, each checked here rather than hidden:
- `vobject` does not decode RFC 6868 parameter escapes (`^n` in LABEL); the test decodes them as
  an RFC 6868 reader does.
- `vobject` reads URL as a comma-separated text list, so a URL with a comma in it would be cut;
  the contact's URLs here have none (RFC 6350 types URL as a URI, which Kith writes unescaped).
"""

import pytest

import kith

vobject = pytest.importorskip("vobject", reason="vobject is not installed (scripts/test installs it)")

CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Tanaka;Yuki;;;\r\nFN:Yuki Tanaka\r\n"
    "X-PHONETIC-FIRST-NAME:ユキ\r\nX-PHONETIC-LAST-NAME:タナカ\r\nNICKNAME:Yu\r\n"
    "ORG:Acme\\, Inc.;Research;Robotics\r\nTITLE:Lead; Robotics\r\n"
    "item1.EMAIL;type=INTERNET:yuki@acme.com\r\nitem1.X-ABLabel:_$!<Work>!$_\r\n"
    "EMAIL;TYPE=HOME:yuki@example.org\r\n"
    "IMPP;X-SERVICE-TYPE=Skype:skype:yuki.t\r\nitem2.X-ABRELATEDNAMES:Kenji Tanaka\r\n"
    "item2.X-ABLabel:_$!<Spouse>!$_\r\nANNIVERSARY:2015-06-20\r\nX-TWITTER:@yukit\r\n"
    "TEL;TYPE=WORK:+1 415 555 0100\r\nTEL;TYPE=CELL:(415) 555-0187\r\n"
    "URL:https://acme.com/team?id=7;lang=ja\r\n"
    'ADR;TYPE=WORK;LABEL="500 Howard St, Suite 3^n94107 San Francisco CA":;;500 Howard St\\, Suite 3;San Francisco;CA;94107;USA\r\n'
    "BDAY:1990-05-17\r\nCATEGORIES:robotics,investor\r\nEND:VCARD\r\n"
).encode()

NOTES = 'Met at the mixer, then; lunch.\nBackslash \\ here, "quotes" too: a;b,c'


def rfc6868(value):
    out, i = [], 0
    while i < len(value):
        pair = value[i : i + 2]
        if pair in ("^n", "^N", "^'", "^^"):
            out.append({"^n": "\n", "^N": "\n", "^'": '"', "^^": "^"}[pair])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def children(card, name):
    return [c for c in card.getChildren() if c.name == name]


def label_of(prop):
    types = prop.params.get("TYPE", [])
    return ",".join(t.lower() for t in types) or None


@pytest.mark.parametrize("fmt", [kith.ExportFormat.V_CARD3, kith.ExportFormat.V_CARD4])
def test_vobject_reads_every_field_as_kith_wrote_it(tmp_path, fmt):
    k = kith.Kith.open(str(tmp_path / "kith.db"))
    k.import_contacts(CARD, None, False, "US", None)
    (contact,) = k.contacts(kith.ContactQuery())
    contact = k.set_notes(contact.id, NOTES)
    card = vobject.readOne(k.export_contacts(fmt))

    assert card.fn.value == contact.full_name
    assert (card.n.value.family, card.n.value.given) == (contact.family, contact.given)
    if fmt == kith.ExportFormat.V_CARD3:
        assert card.sort_string.value == contact.phonetic
    else:
        assert card.n.params["SORT-AS"] == [contact.phonetic]
    units = [f.value for f in contact.other_fields if f.property == "ORG" and f.label == "unit"]
    assert card.org.value == [contact.organization] + units == ["Acme, Inc.", "Research", "Robotics"]
    assert card.title.value == contact.title
    assert [(e.value, label_of(e)) for e in children(card, "EMAIL")] == [
        (e.value, e.kind) for e in contact.emails
    ]
    # A number is written as the person knows it when it carries its country code, else as E.164.
    written = [p.raw if p.raw.startswith("+") else p.e164 for p in contact.phones]
    assert [t.value for t in children(card, "TEL")] == written
    assert [u.value for u in children(card, "URL")] == contact.websites
    (adr,) = children(card, "ADR")
    (address,) = contact.addresses
    assert (adr.value.street, adr.value.city, adr.value.region, adr.value.code, adr.value.country) == (
        address.street,
        address.locality,
        address.region,
        address.postcode,
        address.country,
    )
    assert rfc6868(adr.params["LABEL"][0]) == address.label
    assert card.bday.value == contact.birthday
    assert card.note.value == contact.notes == NOTES
    assert sorted(card.categories.value) == sorted(contact.tags)
    others = [f for f in contact.other_fields if not (f.property == "ORG" and f.label == "unit")]
    assert len(others) == 5
    for field in others:
        got = [(c.value, label_of(c)) for c in children(card, field.property)]
        assert (field.value, field.label) in got, (field, got)
    k.close_store()
