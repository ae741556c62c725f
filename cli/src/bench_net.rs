//! `kith bench --sync --net`: the same two devices as `--sync`, but over `kith-net` on loopback:
//! through an in-process relay (direct paths off), then directly (mDNS). Each sync dials anew,
//! so the no-op figure is the connection set-up plus one round trip.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use kith_core::model::{ContactPatch, NewContact};
use kith_core::{ContactQuery, Error, Id, Kith};
use kith_net::{Node, NodeOptions, PeerOutcome, Shared};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use serde_json::{Value, json};

use crate::bench::{fail, ms, status_kb};
use crate::p2p::core_error;

type Store = Arc<Mutex<Kith>>;

fn outcome(report: &kith_net::PeerReport, took: f64) -> Result<Value, Error> {
    match &report.outcome {
        PeerOutcome::Synced { round_trips, bytes_sent, bytes_received, path, .. } => Ok(json!({
            "round_trips": round_trips, "bytes_sent": bytes_sent, "bytes_received": bytes_received,
            "ms": (took * 10.0).round() / 10.0,
            "path": path.as_str(),
        })),
        PeerOutcome::NotReached(why) => Err(fail(&format!("not reached: {why}"))),
    }
}

/// 100 edits on each side (titles, notes, new contacts), as the in-process mixer does.
fn edits(a: &Store, b: &Store, ids: &[Id], round: usize, rng: &mut StdRng) -> Result<(), Error> {
    for (side, store) in [a, b].into_iter().enumerate() {
        let mut s = store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for i in 0..100 {
            let id = *ids.choose(rng).expect("contacts");
            match i % 3 {
                0 => drop(s.update_contact(
                    id,
                    ContactPatch { title: Some(Some(format!("N{round} S{side} {i}"))), ..Default::default() },
                )?),
                1 => drop(s.append_notes(id, &format!("net mixer {round}-{side}-{i}"))?),
                _ => drop(s.add_contact(NewContact {
                    name: format!("Net {round}-{side}-{i}"),
                    ..Default::default()
                })?),
            }
        }
    }
    Ok(())
}

pub fn measure_net(path: &Path, n: usize) -> Result<Value, Error> {
    let a: Store = Arc::new(Mutex::new(Kith::open(path)?));
    let b: Store = Arc::new(Mutex::new(Kith::open(path.with_extension("peer.db"))?));
    {
        let (mut a, mut b) = (a.lock().unwrap(), b.lock().unwrap());
        a.pair_with(&mut b)?;
    }
    let ids: Vec<Id> = a
        .with(|k| k.contacts(&ContactQuery { limit: 2000, ..Default::default() }))
        .map_err(core_error)?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async {
        let relay = kith_net::relay::Relay::spawn(
            "127.0.0.1:0".parse().expect("an address"),
            Arc::new(|_: &str| true),
        )
        .await
        .map_err(core_error)?;
        let mut figures = json!({"contacts": n});
        let mut rng = StdRng::seed_from_u64(9);
        for (label, options) in [
            ("relay", NodeOptions { relay: Some(relay.url()), relay_only: true, mdns: false }),
            ("direct", NodeOptions { relay: None, relay_only: false, mdns: true }),
        ] {
            let t = Instant::now();
            let node_a = Node::bind(a.clone(), options.clone()).await.map_err(core_error)?;
            let node_b = Node::bind(b.clone(), options).await.map_err(core_error)?;
            let bind_ms = ms(t);
            // Each learns the other's endpoint as a network pairing would record it.
            let (a_id, b_id) = (
                a.with(|k| k.device_id()).map_err(core_error)?,
                b.with(|k| k.device_id()).map_err(core_error)?,
            );
            a.with(|k| k.set_device_endpoint(&b_id, &node_b.endpoint_id())).map_err(core_error)?;
            b.with(|k| k.set_device_endpoint(&a_id, &node_a.endpoint_id())).map_err(core_error)?;
            let serving = node_a.clone();
            let server = tokio::spawn(async move { serving.serve(|_| {}).await });
            let device = || -> Result<kith_core::model::Device, Error> {
                b.with(|k| k.sync_peers())
                    .map_err(core_error)?
                    .into_iter()
                    .next()
                    .ok_or_else(|| fail("no peer"))
            };
            let mut v = json!({"bind_ms": (bind_ms * 10.0).round() / 10.0});
            if label == "relay" {
                let t = Instant::now();
                let first = node_b.sync_peer(&device()?).await;
                v["first_sync"] = outcome(&first, ms(t))?;
                node_b.sync_peer(&device()?).await;
            }
            edits(&a, &b, &ids, if label == "relay" { 1 } else { 2 }, &mut rng)?;
            let t = Instant::now();
            let mixer = node_b.sync_peer(&device()?).await;
            v["mixer"] = outcome(&mixer, ms(t))?;
            let t = Instant::now();
            let noop = node_b.sync_peer(&device()?).await;
            v["noop"] = outcome(&noop, ms(t))?;
            node_a.close().await;
            node_b.close().await;
            server.abort();
            figures[label] = v;
        }
        relay.shutdown().await;
        figures["peak_rss_mb"] = json!((status_kb("VmHWM:") as f64 / 1024.0 * 10.0).round() / 10.0);
        Ok(figures)
    })
}

pub fn print_net_figures(f: &Value) {
    println!(
        "== sync over kith-net on loopback, {} contacts ({}) ==",
        f["contacts"],
        crate::bench::seeded(f)
    );
    let first = &f["relay"]["first_sync"];
    println!(
        "  first sync, relay            {} round trips, {} B sent, {} B received, {} ms",
        first["round_trips"], first["bytes_sent"], first["bytes_received"], first["ms"]
    );
    for path in ["relay", "direct"] {
        let p = &f[path];
        let (m, noop) = (&p["mixer"], &p["noop"]);
        println!(
            "  mixer 100+100, {path:<7}      {} round trips, {} B + {} B, {} ms ({} path)",
            m["round_trips"], m["bytes_sent"], m["bytes_received"], m["ms"], m["path"]
        );
        println!(
            "  no-op (dial + 1 round), {path:<6} {} ms; endpoints bound in {} ms",
            noop["ms"], p["bind_ms"]
        );
    }
    println!(
        "  peak RSS                     {} MB (both devices and the relay in one process)",
        f["peak_rss_mb"]
    );
}
