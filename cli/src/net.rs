//! Carrying sync and pairing over TCP: length-prefixed frames on a socket. The core decides
//! what to send; this file only moves bytes.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kith_core::sync::{
    FileKeyStore, Identity, KkInitiator, PairingCode, PairingInitiator, PairingResponder, Peer, Step,
    SyncSession, export_bundle, import_bundle, respond_kk,
};
use kith_core::{Error, InvalidInput, Store};
use serde_json::json;

use crate::Out;
use crate::cli::{BundleCommand, PairArgs, SyncArgs};

/// The largest sealed frame accepted from a socket.
const MAX_WIRE: usize = 2 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(30);

fn io(e: std::io::Error) -> Error {
    Error::Io(e)
}

fn send(stream: &mut TcpStream, bytes: &[u8]) -> Result<(), Error> {
    stream.write_all(&(bytes.len() as u32).to_be_bytes()).map_err(io)?;
    stream.write_all(bytes).map_err(io)?;
    stream.flush().map_err(io)
}

/// The next frame, or `None` when the peer closed the connection.
fn recv(stream: &mut TcpStream) -> Result<Option<Vec<u8>>, Error> {
    let mut len = [0u8; 4];
    match stream.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(io(e)),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_WIRE {
        return Err(kith_core::sync::SyncError::FrameTooLarge { size: len }.into());
    }
    let mut buf = vec![0u8; len];
    stream.read_exact(&mut buf).map_err(io)?;
    Ok(Some(buf))
}

fn connect(addr: &str) -> Result<TcpStream, Error> {
    let stream = TcpStream::connect(addr).map_err(io)?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
    Ok(stream)
}

pub fn key_path(explicit: Option<PathBuf>, db: &Path) -> PathBuf {
    explicit.unwrap_or_else(|| PathBuf::from(format!("{}.key", db.display())))
}

pub fn identity(key: &Path) -> Result<Identity, Error> {
    Identity::load_or_create(&FileKeyStore::new(key))
}

fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "kith device".into())
}

fn peer_json(p: &Peer) -> serde_json::Value {
    json!({"device_id": p.device_id, "name": p.name})
}

pub fn pair(store: &mut Store, me: &Identity, args: PairArgs, out: &Out) -> Result<(), Error> {
    let name = args.name.unwrap_or_else(host_name);
    let peer = match (args.show, args.listen, args.join, args.connect) {
        (true, Some(listen), None, _) => {
            let listener = TcpListener::bind(&listen).map_err(io)?;
            let (mut responder, code) = PairingResponder::new(me, &name)?;
            let text = code.encode();
            if out.json {
                println!("{}", json!({"code": text, "device_id": me.device_id, "listening": listen}));
            } else {
                let qr = qrcode::QrCode::new(text.as_bytes())
                    .map(|q| q.render::<qrcode::render::unicode::Dense1x2>().quiet_zone(true).build())
                    .unwrap_or_default();
                println!(
                    "{qr}\nPairing code: {text}\nOn the other device: kith pair --join {text} --connect {listen}"
                );
            }
            std::io::stdout().flush().map_err(io)?;
            let (mut stream, _) = listener.accept().map_err(io)?;
            stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
            let first = recv(&mut stream)?.ok_or(kith_core::sync::SyncError::Truncated)?;
            send(&mut stream, &responder.answer(&first)?)?;
            let third = recv(&mut stream)?.ok_or(kith_core::sync::SyncError::Truncated)?;
            responder.finish(&third)?
        }
        (false, None, Some(code), Some(addr)) => {
            let code = PairingCode::parse(&code)?;
            let mut stream = connect(&addr)?;
            let (initiator, first) = PairingInitiator::start(me, &code)?;
            send(&mut stream, &first)?;
            let second = recv(&mut stream)?.ok_or(kith_core::sync::SyncError::Truncated)?;
            let (peer, third) = initiator.finish(&second, &name)?;
            send(&mut stream, &third)?;
            peer
        }
        _ => {
            return Err(InvalidInput::Missing {
                field: "--show --listen ADDR, or --join CODE --connect ADDR",
            }
            .into());
        }
    };
    store.record_pairing(me, &name, &peer)?;
    out.emit(json!({"paired": peer_json(&peer), "device_id": me.device_id}), || {
        format!("Paired with {} ({}). Sync with: kith sync", peer.name, peer.device_id)
    });
    Ok(())
}

fn summary(session: &SyncSession, store: &Store, started: Instant) -> Result<serde_json::Value, Error> {
    let stats = session.stats();
    Ok(json!({
        "peer": session.peer(),
        "round_trips": session.round_trips(),
        "frames_sent": stats.frames_sent,
        "frames_received": stats.frames_received,
        "bytes_sent": stats.bytes_sent,
        "bytes_received": stats.bytes_received,
        "buckets_changed": stats.docs_changed,
        "entities_changed": stats.entities_changed,
        "conflicts": store.conflicts()?.len(),
        "duration_ms": started.elapsed().as_millis() as u64,
    }))
}

fn only_peer(store: &Store, me: &Identity) -> Result<String, Error> {
    let others: Vec<_> =
        store.devices()?.into_iter().filter(|d| d.id != me.device_id && d.revoked_at.is_none()).collect();
    match others.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(kith_core::sync::SyncError::UnknownDevice.into()),
        _ => Err(InvalidInput::Missing { field: "--peer (several devices are paired)" }.into()),
    }
}

pub fn sync(store: &mut Store, me: &Identity, args: SyncArgs, out: &Out) -> Result<(), Error> {
    match (args.listen, args.connect) {
        (Some(listen), None) => {
            let listener = TcpListener::bind(&listen).map_err(io)?;
            if out.json {
                println!("{}", json!({"listening": listen, "device_id": me.device_id}));
            } else {
                println!("Waiting for paired devices on {listen} (this device is {})", me.device_id);
            }
            std::io::stdout().flush().map_err(io)?;
            loop {
                let (mut stream, _) = listener.accept().map_err(io)?;
                stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
                let started = Instant::now();
                let result = serve(store, me, &mut stream);
                match result {
                    Ok(session) => {
                        let value = summary(&session, store, started)?;
                        let (peer, stats) = (session.peer().to_string(), session.stats());
                        out.emit(value, || {
                            format!("Synced with {peer}: {} record(s) changed", stats.entities_changed)
                        });
                    }
                    // One bad peer must not stop a listening device; --once reports it.
                    Err(e) if !args.once => eprintln!("kith: a sync session failed: {e}"),
                    Err(e) => return Err(e),
                }
                if args.once {
                    return Ok(());
                }
            }
        }
        (None, Some(addr)) => {
            let peer = match args.peer {
                Some(p) => p,
                None => only_peer(store, me)?,
            };
            let started = Instant::now();
            let key = store.device_key(&peer)?;
            let mut stream = connect(&addr)?;
            let (initiator, first) = KkInitiator::start(&me.keypair, &me.device_id, &key)?;
            send(&mut stream, &first)?;
            let reply = recv(&mut stream)?.ok_or(kith_core::sync::SyncError::Handshake)?;
            let mut channel = initiator.finish(&reply)?;
            let (mut session, manifest) = SyncSession::initiate(store, &peer)?;
            send(&mut stream, &channel.seal(&manifest)?)?;
            while let Some(sealed) = recv(&mut stream)? {
                match session.receive(store, &channel.open(&sealed)?)? {
                    Step::Send(frame) => send(&mut stream, &channel.seal(&frame)?)?,
                    Step::Finished => break,
                }
            }
            if !session.is_complete() {
                return Err(kith_core::sync::SyncError::Protocol("the connection closed mid-session").into());
            }
            let stats = session.stats();
            let rounds = session.round_trips();
            let value = summary(&session, store, started)?;
            out.emit(value, || {
                format!(
                    "Synced with {peer}: {} round trip(s), {} B sent, {} B received, {} record(s) changed, {} open conflict(s)",
                    rounds, stats.bytes_sent, stats.bytes_received, stats.entities_changed,
                    store.conflicts().map(|c| c.len()).unwrap_or(0)
                )
            });
            Ok(())
        }
        _ => Err(InvalidInput::Missing { field: "--listen ADDR or --connect ADDR" }.into()),
    }
}

/// One responder session on an accepted connection.
fn serve(store: &mut Store, me: &Identity, stream: &mut TcpStream) -> Result<SyncSession, Error> {
    let first = recv(stream)?.ok_or(kith_core::sync::SyncError::Truncated)?;
    let (mut channel, reply, peer) = respond_kk(&me.keypair, &first, |id| store.device_key(id))?;
    send(stream, &reply)?;
    let mut session = SyncSession::respond(&peer);
    while let Some(sealed) = recv(stream)? {
        match session.receive(store, &channel.open(&sealed)?)? {
            Step::Send(frame) => send(stream, &channel.seal(&frame)?)?,
            Step::Finished => break,
        }
    }
    Ok(session)
}

pub fn devices(store: &mut Store, me: &Identity, revoke: Option<String>, out: &Out) -> Result<(), Error> {
    if let Some(id) = revoke {
        if id == me.device_id {
            return Err(
                InvalidInput::UnknownValue { field: "device (this device cannot revoke itself)" }.into()
            );
        }
        store.revoke_device(&id)?;
    }
    let conflicts = store.conflicts()?.len();
    let mut rows = Vec::new();
    for d in store.devices()? {
        let pending = if d.id == me.device_id { 0 } else { store.pending_for(&d.id)? };
        rows.push((d, pending));
    }
    let value = json!({
        "this_device": me.device_id,
        "open_conflicts": conflicts,
        "devices": rows.iter().map(|(d, pending)| json!({
            "id": d.id, "name": d.name, "this_device": d.id == me.device_id,
            "paired_at": crate::json::instant(d.paired_at),
            "revoked_at": d.revoked_at.map(crate::json::instant),
            "last_sync_at": d.last_sync_at.map(crate::json::instant),
            "pending_changes": pending,
        })).collect::<Vec<_>>(),
    });
    out.emit(value, || {
        if rows.is_empty() {
            return format!("No paired devices. This device is {}.", me.device_id);
        }
        let mut s = String::new();
        for (d, pending) in &rows {
            let state = match (d.id == me.device_id, d.revoked_at, d.last_sync_at) {
                (true, _, _) => "this device".to_string(),
                (_, Some(_), _) => "revoked".to_string(),
                (_, None, Some(at)) => {
                    format!("last sync {}, {pending} bucket(s) it has not seen", crate::text::local_time(at))
                }
                (_, None, None) => format!("never synced, {pending} bucket(s) it has not seen"),
            };
            s.push_str(&format!("{}  {}  ({state})\n", d.id, d.name));
        }
        s.push_str(&format!("{conflicts} open conflict(s)\n"));
        s
    });
    Ok(())
}

pub fn bundle(store: &mut Store, me: &Identity, cmd: BundleCommand, out: &Out) -> Result<(), Error> {
    match cmd {
        BundleCommand::Export { device, out: path } => {
            let bytes = export_bundle(store, me, &device)?;
            // Write aside, then rename: a half-written bundle never looks complete.
            let tmp = path.with_extension("partial");
            std::fs::write(&tmp, &bytes).map_err(io)?;
            std::fs::rename(&tmp, &path).map_err(io)?;
            out.emit(json!({"file": path, "bytes": bytes.len(), "for": device}), || {
                format!("Wrote {} ({} bytes) for {device}", path.display(), bytes.len())
            });
        }
        BundleCommand::Import { file } => {
            let bytes = std::fs::read(&file).map_err(io)?;
            let report = import_bundle(store, me, &bytes)?;
            out.emit(
                json!({"buckets_changed": report.docs_changed, "entities_changed": report.entities_changed}),
                || format!("Imported: {} record(s) changed", report.entities_changed),
            );
        }
    }
    Ok(())
}
