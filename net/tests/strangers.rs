//! Who may sync, through a relay on loopback: a paired device syncs; a stranger is kept out by
//! the relay, and one the relay lets through is refused by the device before any document byte;
//! a revoked device likewise. Every wait is bounded by the node's own timeouts.

use std::sync::{Arc, Mutex};

use kith_core::model::{Device, NewContact};
use kith_core::{Kith, KithOptions};
use kith_net::relay::{Admit, Relay};
use kith_net::{Node, NodeOptions, PeerOutcome, Shared};
use tempfile::TempDir;

fn store(dir: &TempDir, name: &str) -> Arc<Mutex<Kith>> {
    let options = KithOptions { device_name: name.into(), ..Default::default() };
    Arc::new(Mutex::new(Kith::open_with(dir.path().join(format!("{name}.db")), options).unwrap()))
}

fn options(relay: &str) -> NodeOptions {
    NodeOptions { relay: Some(relay.into()), relay_only: true, mdns: false }
}

/// The device record a dialer uses for `target`, as if it had learned it from the account.
fn device_of(target: &Arc<Mutex<Kith>>, endpoint: &str) -> Device {
    Device {
        id: target.with(|k| k.device_id()).unwrap(),
        name: "target".into(),
        public_key: String::new(),
        paired_at: 0,
        revoked_at: None,
        last_sync_at: None,
        endpoint: Some(endpoint.into()),
    }
}

fn count(store: &Arc<Mutex<Kith>>) -> u64 {
    store.with(|k| k.count_contacts()).unwrap()
}

fn named(name: &str) -> NewContact {
    NewContact { name: name.into(), ..Default::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_accounts_devices_get_through() {
    let dir = TempDir::new().unwrap();
    let (a, b, stranger) = (store(&dir, "a"), store(&dir, "b"), store(&dir, "stranger"));
    {
        let (mut a, mut b) = (a.lock().unwrap(), b.lock().unwrap());
        a.pair_with(&mut b).unwrap();
        a.add_contact(named("Ana Reyes")).unwrap();
    }
    // A relay admitting everyone, to reach the device's own check; and one admitting only the
    // endpoints it is told of.
    let open = Relay::spawn("127.0.0.1:0".parse().unwrap(), Arc::new(|_: &str| true)).await.unwrap();
    let known: Arc<Mutex<Vec<String>>> = Arc::default();
    let gate = known.clone();
    let admit: Admit = Arc::new(move |e: &str| gate.lock().unwrap().iter().any(|k| k == e));
    let closed = Relay::spawn("127.0.0.1:0".parse().unwrap(), admit).await.unwrap();

    let node_a = Node::bind(a.clone(), options(&open.url())).await.unwrap();
    let served = node_a.clone();
    let sessions: Arc<Mutex<Vec<bool>>> = Arc::default();
    let heard = sessions.clone();
    tokio::spawn(async move { served.serve(move |r| heard.lock().unwrap().push(r.is_ok())).await });
    let a_endpoint = node_a.endpoint_id();

    // The paired device syncs. Pairing over the network records both endpoints; the in-memory
    // pairing above did not, so the test records them as it would.
    let node_b = Node::bind(b.clone(), options(&open.url())).await.unwrap();
    let b_id = b.with(|k| k.device_id()).unwrap();
    let b_endpoint = node_b.endpoint_id();
    a.with(|k| k.set_device_endpoint(&b_id, &b_endpoint)).unwrap();
    let report = node_b.sync_peer(&device_of(&a, &a_endpoint)).await;
    assert!(matches!(report.outcome, PeerOutcome::Synced { .. }), "{report:?}");
    assert_eq!(count(&b), 1);

    // A stranger the relay lets through: the device refuses it before any document byte.
    stranger.with(|k| k.add_contact(named("Mallory"))).unwrap();
    let node_s = Node::bind(stranger.clone(), options(&open.url())).await.unwrap();
    let report = node_s.sync_peer(&device_of(&a, &a_endpoint)).await;
    assert!(matches!(report.outcome, PeerOutcome::NotReached(_)), "{report:?}");
    assert_eq!((count(&a), count(&stranger)), (1, 1), "nothing crossed either way");

    // A relay that does not admit the stranger keeps it off the relay altogether.
    known.lock().unwrap().push(a_endpoint.clone());
    let node_s2 = Node::bind(stranger.clone(), options(&closed.url())).await.unwrap();
    let report = node_s2.sync_peer(&device_of(&a, &a_endpoint)).await;
    assert!(matches!(report.outcome, PeerOutcome::NotReached(_)), "{report:?}");

    // A revoked device is refused like a stranger.
    a.with(|k| k.revoke_device(&b_id)).unwrap();
    a.with(|k| k.add_contact(named("Chen Wei"))).unwrap();
    let report = node_b.sync_peer(&device_of(&a, &a_endpoint)).await;
    assert!(matches!(report.outcome, PeerOutcome::NotReached(_)), "{report:?}");
    assert_eq!(count(&b), 1, "the revoked device learned nothing new");
    let heard = sessions.lock().unwrap().clone();
    assert_eq!(heard.first(), Some(&true), "the paired session was served: {heard:?}");
    assert!(heard[1..].iter().all(|ok| !ok), "every later one was refused: {heard:?}");

    for node in [node_a, node_b, node_s, node_s2] {
        node.close().await;
    }
    open.shutdown().await;
    closed.shutdown().await;
}
