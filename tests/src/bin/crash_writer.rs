//! Test helper for the crash-safety scenario: writes to the store in a loop and reports each
//! write on stdout only after it committed, until it is killed.

use std::io::Write;

use kith_core::Kith;
use kith_core::model::NewContact;

fn main() {
    let path = std::env::args().nth(1).expect("usage: crash_writer DB");
    let mut store = Kith::open(&path).expect("store opens");
    let mut out = std::io::stdout().lock();
    for i in 0u64.. {
        let contact = NewContact {
            name: format!("Writer {i}"),
            tags: vec![format!("batch{}", i % 7)],
            notes: Some(format!("first note {i}")),
            ..NewContact::default()
        };
        let c = store.add_contact(contact).expect("add commits");
        writeln!(out, "add {}", c.id).expect("stdout");
        out.flush().expect("stdout");
        store.append_notes(c.id, &format!("appended {i}")).expect("note commits");
        writeln!(out, "note {} appended {i}", c.id).expect("stdout");
        out.flush().expect("stdout");
    }
}
