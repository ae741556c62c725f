//! Pairing and sync without addresses, over `kith-net`: the devices find each other by
//! endpoint id, directly on the LAN or hole-punched, else through the account's relay.

use std::sync::{Arc, Mutex};

use kith_core::{Error, Kith};
use kith_net::{Invite, NetError, Node, NodeOptions, Path, PeerOutcome, PeerReport};
use serde_json::{Value, json};

use crate::Out;
use crate::cli::NetArgs;
use crate::text::count;

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(Error::Io)
}

fn options(net: &NetArgs) -> NodeOptions {
    NodeOptions { relay: net.relay.clone(), relay_only: net.relay_only, mdns: !net.no_mdns }
}

/// Transport errors reach the user as the core's error kinds (exit codes included).
pub fn core_error(e: NetError) -> Error {
    match e {
        NetError::Kith(e) => e,
        other => Error::Sync(kith_core::sync::SyncError::Transport(other.to_string())),
    }
}

pub fn pair_show(kith: Kith, net: &NetArgs, out: &Out) -> Result<(), Error> {
    let store = Arc::new(Mutex::new(kith));
    let peer = runtime()?.block_on(async {
        let node = Node::bind(store.clone(), options(net)).await.map_err(core_error)?;
        let (invite, joined) = node.show_pairing().map_err(core_error)?;
        let text = invite.encode();
        if out.json {
            println!("{}", json!({"invite": text, "endpoint": node.endpoint_id(), "relay": node.relay()}));
        } else {
            let qr = qrcode::QrCode::new(text.as_bytes())
                .map(|q| q.render::<qrcode::render::unicode::Dense1x2>().quiet_zone(true).build())
                .unwrap_or_default();
            println!("{qr}\nOn the other device: kith pair --join '{text}'");
        }
        let serving = node.clone();
        let accept = tokio::spawn(async move { serving.serve(|_| {}).await });
        let peer = joined.await;
        node.close().await;
        let _ = accept.await;
        peer.map_err(core_error)
    })?;
    emit_paired(&peer, out);
    Ok(())
}

pub fn pair_join(kith: Kith, invite: &str, net: &NetArgs, out: &Out) -> Result<(), Error> {
    let invite = Invite::parse(invite).map_err(core_error)?;
    let store = Arc::new(Mutex::new(kith));
    let peer = runtime()?.block_on(async {
        let node = Node::bind(store.clone(), options(net)).await.map_err(core_error)?;
        let peer = node.join_pairing(&invite).await;
        node.close().await;
        peer.map_err(core_error)
    })?;
    emit_paired(&peer, out);
    Ok(())
}

fn emit_paired(peer: &kith_core::sync::Peer, out: &Out) {
    out.emit(json!({"paired": {"device_id": peer.device_id, "name": peer.name}}), || {
        format!("Paired with {} ({}). From now on: kith sync", peer.name, peer.device_id)
    });
}

fn report_json(r: &PeerReport) -> Value {
    match &r.outcome {
        PeerOutcome::Synced {
            round_trips,
            bytes_sent,
            bytes_received,
            entities_changed,
            path,
            duration_ms,
        } => {
            json!({
                "device": r.device, "name": r.name, "synced": true, "round_trips": round_trips,
                "bytes_sent": bytes_sent, "bytes_received": bytes_received,
                "entities_changed": entities_changed, "duration_ms": duration_ms,
                "path": path.as_str(),
            })
        }
        PeerOutcome::NotReached(why) => {
            json!({"device": r.device, "name": r.name, "synced": false, "error": why})
        }
    }
}

fn report_line(r: &PeerReport) -> String {
    match &r.outcome {
        PeerOutcome::Synced { round_trips, bytes_sent, bytes_received, entities_changed, path, .. } => {
            format!(
                "{}: synced {}, {}, {bytes_sent} B sent, {bytes_received} B received, {} changed",
                r.name,
                match path {
                    Path::Direct => "directly",
                    Path::Relay => "through the relay",
                },
                count(*round_trips, "round trip"),
                count(*entities_changed, "record"),
            )
        }
        PeerOutcome::NotReached(why) => format!("{}: not reached ({why})", r.name),
    }
}

/// Syncs with every paired device it can reach and reports each; fails (exit code) only when
/// none was reached.
pub fn sync(kith: Kith, net: &NetArgs, out: &Out) -> Result<(), Error> {
    let store = Arc::new(Mutex::new(kith));
    let reports = runtime()?.block_on(async {
        let node = Node::bind(store.clone(), options(net)).await.map_err(core_error)?;
        let reports = node.sync_all().await;
        node.close().await;
        reports.map_err(core_error)
    })?;
    out.emit(json!({"devices": reports.iter().map(report_json).collect::<Vec<_>>()}), || {
        if reports.is_empty() {
            return "No paired devices: pair one with kith pair --show".into();
        }
        reports.iter().map(|r| report_line(r) + "\n").collect()
    });
    let reached = reports.iter().any(|r| matches!(r.outcome, PeerOutcome::Synced { .. }));
    if !reports.is_empty() && !reached {
        let why = reports.iter().map(report_line).collect::<Vec<_>>().join("; ");
        return Err(core_error(NetError::Unreachable(why)));
    }
    Ok(())
}

/// Stays up: accepts the account's devices and syncs with them soon after a local change, and
/// retries those not reached. Runs until interrupted.
pub fn watch(kith: Kith, net: &NetArgs, out: &Out) -> Result<(), Error> {
    let store = Arc::new(Mutex::new(kith));
    let json = out.json;
    runtime()?.block_on(async move {
        let node = Node::bind(store.clone(), options(net)).await.map_err(core_error)?;
        let line = move |r: &PeerReport| if json { report_json(r).to_string() } else { report_line(r) };
        if json {
            println!("{}", json!({"watching": true, "endpoint": node.endpoint_id(), "relay": node.relay()}));
        } else {
            println!(
                "Watching: syncing with this account's devices as they change (endpoint {})",
                node.endpoint_id()
            );
        }
        let serving = node.clone();
        tokio::spawn(async move {
            serving
                .serve(move |outcome| match outcome {
                    Ok(r) => println!("{}", line(&r)),
                    Err(e) => eprintln!("kith: a device's session failed: {e}"),
                })
                .await
        });
        node.watch(move |r| println!("{}", line(r))).await;
        Ok(())
    })
}

/// `kith relay`: admits this account's devices (read from the store at each connection) and
/// the endpoints given with `--allow`.
pub fn relay(kith: Kith, listen: &str, allow: Vec<String>, out: &Out) -> Result<(), Error> {
    let listen: std::net::SocketAddr = listen
        .parse()
        .map_err(|_| Error::Invalid(kith_core::InvalidInput::UnknownValue { field: "listen" }))?;
    let store = Arc::new(Mutex::new(kith));
    let admit_store = store.clone();
    let admit: kith_net::relay::Admit = Arc::new(move |endpoint: &str| {
        if allow.iter().any(|a| a.eq_ignore_ascii_case(endpoint)) {
            return true;
        }
        let mut kith = admit_store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kith.devices()
            .map(|list| {
                list.iter()
                    .any(|v| v.device.revoked_at.is_none() && v.device.endpoint.as_deref() == Some(endpoint))
            })
            .unwrap_or(false)
    });
    runtime()?.block_on(async {
        let relay = kith_net::relay::Relay::spawn(listen, admit).await.map_err(core_error)?;
        let url = relay.url();
        if out.json {
            println!("{}", json!({"relay": url}));
        } else {
            println!("Relay for this account's devices at {url}\nOn each device: kith init --relay {url}");
        }
        use std::io::Write;
        std::io::stdout().flush().map_err(Error::Io)?;
        std::future::pending::<()>().await;
        relay.shutdown().await;
        Ok(())
    })
}
