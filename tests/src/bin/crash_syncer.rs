//! Test helper for the crash-safety scenario of sync: two paired stores in one process add
//! contacts and sync frame by frame in a loop, reporting each write after it committed and
//! each completed session, until the process is killed.

use std::io::Write;

use kith_core::Kith;
use kith_core::model::NewContact;

fn main() {
    let mut args = std::env::args().skip(1);
    let (a_path, b_path) = (args.next().expect("usage: crash_syncer A B"), args.next().expect("B"));
    let mut a = Kith::open(&a_path).expect("a opens");
    let mut b = Kith::open(&b_path).expect("b opens");
    // Paired once; a pairing cut short by a kill is simply done again.
    let b_id = b.device_id().expect("b key");
    if a.devices().expect("devices").iter().all(|d| d.device.id != b_id)
        || b.devices().expect("devices").len() < 2
    {
        a.pair_with(&mut b).expect("pairing");
    }
    let mut out = std::io::stdout().lock();
    for i in 0u64.. {
        let c = a
            .add_contact(NewContact { name: format!("From A {i}"), ..NewContact::default() })
            .expect("a adds");
        writeln!(out, "add-a {}", c.id).expect("stdout");
        let c = b
            .add_contact(NewContact { name: format!("From B {i}"), ..NewContact::default() })
            .expect("b adds");
        writeln!(out, "add-b {}", c.id).expect("stdout");
        out.flush().expect("stdout");
        // One session, frame by frame, so a kill can land between any two of them.
        let (mut mine, first) = a.start_sync(&b_id).expect("session starts");
        let mut theirs = b.accept_sync().expect("accept");
        let mut to_b = Some(first);
        while let Some(frame) = to_b.take() {
            let Some(reply) = b.sync_receive(&mut theirs, &frame).expect("b receives") else { break };
            to_b = a.sync_receive(&mut mine, &reply).expect("a receives");
        }
        writeln!(out, "synced").expect("stdout");
        out.flush().expect("stdout");
    }
}
