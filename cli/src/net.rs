//! Carrying sync and pairing over TCP: length-prefixed frames on a socket. The core's sessions
//! decide what every frame says and seal it; this file only moves bytes and waits.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use kith_core::sync::SyncError;
use kith_core::{Error, InvalidInput, Kith, Pairing, SyncSession};
use serde_json::json;

use crate::Out;
use crate::cli::{BundleCommand, PairArgs, SyncArgs};
use crate::text::count;

/// The largest sealed frame accepted from a socket.
const MAX_WIRE: usize = 5 * 1024 * 1024;
const TIMEOUT: Duration = Duration::from_secs(30);

fn io(e: std::io::Error) -> Error {
    Error::Io(e)
}

fn send(stream: &mut TcpStream, bytes: &[u8]) -> Result<(), Error> {
    stream.write_all(&(bytes.len() as u32).to_be_bytes()).map_err(io)?;
    stream.write_all(bytes).map_err(io)?;
    stream.flush().map_err(io)
}

/// Reads exactly `buf.len()` bytes by `deadline`. A read timeout alone would let a client
/// that sends one byte every few seconds hold the connection forever.
fn read_by(stream: &mut TcpStream, buf: &mut [u8], deadline: Instant) -> Result<bool, Error> {
    let mut filled = 0;
    while filled < buf.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io(std::io::Error::new(std::io::ErrorKind::TimedOut, "the peer is too slow")));
        }
        stream.set_read_timeout(Some(left)).map_err(io)?;
        match stream.read(&mut buf[filled..]) {
            Ok(0) if filled == 0 => return Ok(false),
            Ok(0) => return Err(io(std::io::ErrorKind::UnexpectedEof.into())),
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    Ok(true)
}

/// The next frame, or `None` when the peer closed the connection. Each frame must arrive
/// whole within `TIMEOUT`.
fn recv(stream: &mut TcpStream) -> Result<Option<Vec<u8>>, Error> {
    let deadline = Instant::now() + TIMEOUT;
    let mut len = [0u8; 4];
    if !read_by(stream, &mut len, deadline)? {
        return Ok(None);
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_WIRE {
        return Err(SyncError::FrameTooLarge { size: len }.into());
    }
    let mut buf = vec![0u8; len];
    if !read_by(stream, &mut buf, deadline)? {
        return Err(io(std::io::ErrorKind::UnexpectedEof.into()));
    }
    Ok(Some(buf))
}

fn connect(addr: &str) -> Result<TcpStream, Error> {
    let stream = TcpStream::connect(addr).map_err(io)?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
    Ok(stream)
}

pub fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "kith device".into())
}

/// Runs a frames-in, frames-out conversation on a socket until the core says it is done or
/// the peer closes. `first` is this side's opening frame, if it speaks first.
fn converse(
    stream: &mut TcpStream,
    first: Option<Vec<u8>>,
    mut receive: impl FnMut(&[u8]) -> Result<Option<Vec<u8>>, Error>,
) -> Result<(), Error> {
    if let Some(frame) = first {
        send(stream, &frame)?;
    }
    while let Some(frame) = recv(stream)? {
        match receive(&frame)? {
            Some(reply) => send(stream, &reply)?,
            None => break,
        }
    }
    Ok(())
}

pub fn pair(kith: &mut Kith, args: PairArgs, out: &Out) -> Result<(), Error> {
    let pairing = match (args.show, args.listen, args.join, args.connect) {
        (true, Some(listen), None, _) => show(kith, &listen, out)?,
        (false, None, Some(code), Some(addr)) => {
            let (mut pairing, first) = kith.join_pairing(&code)?;
            let mut stream = connect(&addr)?;
            converse(&mut stream, Some(first), |f| kith.pairing_receive(&mut pairing, f))?;
            pairing
        }
        _ => {
            return Err(InvalidInput::Missing {
                field: "--show --listen ADDR, or --join CODE --connect ADDR",
            }
            .into());
        }
    };
    // The joiner is paired only once the shower confirmed; a closed link before that is a refusal.
    let peer = pairing.peer().cloned().ok_or(SyncError::Handshake)?;
    let me = kith.device_id()?;
    out.emit(json!({"paired": {"device_id": peer.device_id, "name": peer.name}, "device_id": me}), || {
        format!("Paired with {} ({}). Sync with: kith sync", peer.name, peer.device_id)
    });
    Ok(())
}

/// One responder session on an accepted connection; the store is locked per frame, so other
/// connections' sessions go on between them.
fn serve(kith: &Mutex<&mut Kith>, stream: &mut TcpStream, out: &Out) -> Result<(), Error> {
    let lock = || kith.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let started = Instant::now();
    let mut session = lock().accept_sync()?;
    converse(stream, None, |f| lock().sync_receive(&mut session, f))?;
    // The peer closed the link: fine only once this side had said all it had.
    if !session.is_complete() {
        return Err(SyncError::Protocol("the session is incomplete: the peer closed the connection").into());
    }
    let kith = lock();
    let value = summary(&kith, &session, started)?;
    let report = session.report();
    let peer = report.peer.unwrap_or_default();
    out.emit(value, || {
        format!("Synced with {peer}: {} changed", count(report.stats.entities_changed, "record"))
    });
    Ok(())
}

/// Shows a code and keeps listening until its holder pairs or the code expires: a stranger who
/// connects first, or a mistyped code, does not spend it.
fn show(kith: &mut Kith, listen: &str, out: &Out) -> Result<Pairing, Error> {
    let listener = TcpListener::bind(listen).map_err(io)?;
    let mut pairing = kith.start_pairing()?;
    let text = pairing.code().expect("the showing side has a code");
    let me = kith.device_id()?;
    if out.json {
        println!("{}", json!({"code": text, "device_id": me, "listening": listen}));
    } else {
        let qr = qrcode::QrCode::new(text.as_bytes())
            .map(|q| q.render::<qrcode::render::unicode::Dense1x2>().quiet_zone(true).build())
            .unwrap_or_default();
        println!(
            "{qr}\nPairing code: {text}\nOn the other device: kith pair --join {text} --connect {listen}"
        );
    }
    std::io::stdout().flush().map_err(io)?;
    loop {
        let (mut stream, _) = listener.accept().map_err(io)?;
        stream.set_read_timeout(Some(TIMEOUT)).map_err(io)?;
        match converse(&mut stream, None, |f| kith.pairing_receive(&mut pairing, f)) {
            _ if pairing.is_complete() => return Ok(pairing),
            Err(e @ Error::Sync(SyncError::PairingExpired)) => return Err(e),
            Err(e) => eprintln!("kith: a pairing attempt failed ({e}); still waiting"),
            Ok(()) => eprintln!("kith: a pairing attempt ended early; still waiting"),
        }
        pairing.restart()?;
    }
}

fn summary(kith: &Kith, session: &SyncSession, started: Instant) -> Result<serde_json::Value, Error> {
    let report = session.report();
    let stats = report.stats;
    Ok(json!({
        "peer": report.peer,
        "complete": report.complete,
        "round_trips": report.round_trips,
        "frames_sent": stats.frames_sent,
        "frames_received": stats.frames_received,
        "bytes_sent": stats.bytes_sent,
        "bytes_received": stats.bytes_received,
        "buckets_changed": stats.docs_changed,
        "entities_changed": stats.entities_changed,
        "conflicts": kith.conflicts()?.len(),
        "duration_ms": started.elapsed().as_millis() as u64,
    }))
}

pub fn sync(kith: &mut Kith, args: SyncArgs, out: &Out) -> Result<(), Error> {
    match (args.listen, args.connect) {
        (Some(listen), None) => {
            let listener = TcpListener::bind(&listen).map_err(io)?;
            let me = kith.device_id()?;
            if out.json {
                println!("{}", json!({"listening": listen, "device_id": me}));
            } else {
                println!("Waiting for paired devices on {listen} (this device is {me})");
            }
            std::io::stdout().flush().map_err(io)?;
            if args.once {
                let (mut stream, _) = listener.accept().map_err(io)?;
                let kith = Mutex::new(kith);
                return serve(&kith, &mut stream, out);
            }
            // Each connection in its own thread: a slow or silent client holds only its own.
            let kith = Mutex::new(kith);
            std::thread::scope(|scope| {
                for stream in listener.incoming() {
                    let Ok(mut stream) = stream else { continue };
                    let kith = &kith;
                    scope.spawn(move || {
                        if let Err(e) = serve(kith, &mut stream, out) {
                            // One bad peer must not stop a listening device.
                            eprintln!("kith: a sync session failed: {e}");
                        }
                    });
                }
            });
            Ok(())
        }
        (None, Some(addr)) => {
            let peer = match args.peer {
                Some(p) => p,
                None => kith.only_peer()?,
            };
            let started = Instant::now();
            let (mut session, first) = kith.start_sync(&peer)?;
            let mut stream = connect(&addr)?;
            converse(&mut stream, Some(first), |f| kith.sync_receive(&mut session, f))?;
            if !session.is_complete() {
                return Err(SyncError::Protocol("the connection closed mid-session").into());
            }
            let report = session.report();
            let value = summary(kith, &session, started)?;
            let conflicts = kith.conflicts()?.len();
            out.emit(value, || {
                let s = report.stats;
                format!(
                    "Synced with {peer}: {}, {} B sent, {} B received, {} changed, {}",
                    count(report.round_trips, "round trip"),
                    s.bytes_sent,
                    s.bytes_received,
                    count(s.entities_changed, "record"),
                    count(conflicts, "open conflict"),
                )
            });
            Ok(())
        }
        _ => Err(InvalidInput::Missing { field: "--listen ADDR or --connect ADDR" }.into()),
    }
}

pub fn devices(kith: &mut Kith, revoke: Option<String>, out: &Out) -> Result<(), Error> {
    if let Some(id) = revoke {
        kith.revoke_device(&id)?;
    }
    let me = kith.device_id()?;
    let conflicts = kith.conflicts()?.len();
    let rows = kith.devices()?;
    let value = json!({
        "this_device": me,
        "open_conflicts": conflicts,
        "devices": rows.iter().map(|v| json!({
            "id": v.device.id, "name": v.device.name, "this_device": v.this_device,
            "paired_at": crate::json::instant(v.device.paired_at),
            "revoked_at": v.device.revoked_at.map(crate::json::instant),
            "last_sync_at": v.device.last_sync_at.map(crate::json::instant),
            "pending_changes": v.pending,
        })).collect::<Vec<_>>(),
    });
    out.emit(value, || {
        if rows.is_empty() {
            return format!("No paired devices. This device is {me}.");
        }
        let mut s = String::new();
        for v in &rows {
            let d = &v.device;
            let state = match (v.this_device, d.revoked_at, d.last_sync_at) {
                (true, _, _) => "this device".to_string(),
                (_, Some(_), _) => "revoked".to_string(),
                (_, None, Some(at)) => {
                    format!("last sync {}, {} it has not seen", crate::text::local_time(at), v.pending)
                }
                (_, None, None) => format!("never synced, {} it has not seen", count(v.pending, "bucket")),
            };
            s.push_str(&format!("{}  {}  ({state})\n", d.id, d.name));
        }
        s.push_str(&format!("{conflicts} open conflict(s)\n"));
        s
    });
    Ok(())
}

pub fn bundle(kith: &mut Kith, cmd: BundleCommand, out: &Out) -> Result<(), Error> {
    match cmd {
        BundleCommand::Export { device, out: path } => {
            let bytes = kith.export_bundle(&device)?;
            crate::files::write_atomic(&path, &bytes)?;
            out.emit(json!({"file": path, "bytes": bytes.len(), "for": device}), || {
                format!("Wrote {} ({} bytes) for {device}", path.display(), bytes.len())
            });
        }
        BundleCommand::Import { file } => {
            // A bundle is at most MAX_BUNDLE plus its sealing; a bigger file is refused unread.
            let bytes = crate::files::read_bounded(&file, kith_core::sync::MAX_BUNDLE + (1 << 20))?;
            let report = kith.import_bundle(&bytes)?;
            out.emit(
                json!({"buckets_changed": report.docs_changed, "entities_changed": report.entities_changed}),
                || format!("Imported: {} changed", count(report.entities_changed, "record")),
            );
        }
    }
    Ok(())
}
