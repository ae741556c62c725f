//! A device on the network: one iroh endpoint that dials the account's devices and accepts
//! them. Sync and pairing each have their own ALPN; inside, the core's frames go back and
//! forth on one bi-directional stream.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use iroh::endpoint::{Connection, Incoming, RecvStream, SendStream, presets};
use iroh::{Endpoint, EndpointAddr, EndpointId, RelayMode, RelayUrl, SecretKey};
use kith_core::model::Device;
use kith_core::sync::Peer;
use kith_core::{Pairing, SyncSession};
use tokio::sync::oneshot;

use crate::{Invite, NetError, Shared, wire};

pub const SYNC_ALPN: &[u8] = b"kith/sync/1";
pub const PAIR_ALPN: &[u8] = b"kith/pair/1";
/// How long dialing a device may take before it counts as not reached.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How often `watch` looks for local changes the peers have not seen.
pub const WATCH_POLL: Duration = Duration::from_secs(1);
/// How often `watch` retries the devices it could not reach.
pub const WATCH_RETRY: Duration = Duration::from_secs(30);

/// Quiet this long (no change to send, no retry due), `watch` starts idle maintenance.
const WATCH_IDLE: Duration = Duration::from_secs(5);

/// Documents compacted per idle poll: each re-saves a bucket (a few ms at 20k contacts).
const IDLE_COMPACT_DOCS: u32 = 2;

#[derive(Debug, Clone)]
pub struct NodeOptions {
    /// The relay to use [default: the one in the account's settings].
    pub relay: Option<String>,
    /// Only through the relay, no direct paths (networks that block UDP; tests).
    pub relay_only: bool,
    /// Find the account's devices on the local network by mDNS.
    pub mdns: bool,
}

impl Default for NodeOptions {
    fn default() -> Self {
        Self { relay: None, relay_only: false, mdns: true }
    }
}

/// How the bytes went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    Direct,
    Relay,
}

impl Path {
    /// `direct` or `relay`, as reports and statuses name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Path::Direct => "direct",
            Path::Relay => "relay",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerOutcome {
    Synced {
        round_trips: usize,
        bytes_sent: u64,
        bytes_received: u64,
        entities_changed: usize,
        path: Path,
        duration_ms: u64,
    },
    /// Why the device was not synced: offline, no endpoint known, refused, a broken link.
    NotReached(String),
}

/// One device's result of a sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerReport {
    pub device: String,
    pub name: String,
    pub outcome: PeerOutcome,
}

/// The pairing a device is showing, waiting for its joiner.
struct Showing {
    pairing: Pairing,
    done: Option<oneshot::Sender<Result<Peer, NetError>>>,
}

pub struct Node<S: Shared> {
    endpoint: Endpoint,
    store: Arc<S>,
    relay: Option<RelayUrl>,
    showing: Mutex<Option<Showing>>,
    /// One round of syncs at a time: "Sync now" while `watch` is mid-round waits for it and
    /// then runs, instead of opening a second session to the same device alongside.
    syncing: tokio::sync::Mutex<()>,
}

fn failed(e: impl std::fmt::Display) -> NetError {
    NetError::Connection(e.to_string())
}

fn parse_endpoint(hex: &str) -> Result<EndpointId, NetError> {
    hex.parse()
        .map_err(|_| NetError::Kith(kith_core::InvalidInput::UnknownValue { field: "endpoint" }.into()))
}

impl<S: Shared> Node<S> {
    /// Starts this device's endpoint (its key derived from the device key) and publishes where
    /// it can be dialed in the account's device list.
    pub async fn bind(store: Arc<S>, options: NodeOptions) -> Result<Arc<Self>, NetError> {
        let secret = store.with(|k| k.network_secret())?;
        let relay = match options.relay {
            Some(r) => Some(r),
            None => store.with(|k| k.relay_url())?,
        };
        let relay: Option<RelayUrl> = relay
            .map(|r| r.parse().map_err(|_| NetError::Kith(kith_core::InvalidInput::RelayUrl.into())))
            .transpose()?;
        let mut builder = Endpoint::builder(presets::Minimal)
            .secret_key(SecretKey::from_bytes(&secret))
            .alpns(vec![SYNC_ALPN.to_vec(), PAIR_ALPN.to_vec()])
            .relay_mode(match &relay {
                Some(url) => RelayMode::custom([url.clone()]),
                None => RelayMode::Disabled,
            });
        if options.relay_only {
            builder = builder.clear_ip_transports();
        }
        if options.mdns && !options.relay_only {
            builder = builder.address_lookup(iroh_mdns_address_lookup::MdnsAddressLookup::builder());
        }
        let endpoint = builder.bind().await.map_err(|e| NetError::Bind(e.to_string()))?;
        if relay.is_some() {
            // Registered with the relay, so devices elsewhere can reach this one from now on.
            let _ = tokio::time::timeout(CONNECT_TIMEOUT, endpoint.online()).await;
        }
        let me = endpoint.id().to_string();
        store.with(|k| {
            let device = k.device_id()?;
            k.set_device_endpoint(&device, &me)
        })?;
        Ok(Arc::new(Node {
            endpoint,
            store,
            relay,
            showing: Mutex::new(None),
            syncing: tokio::sync::Mutex::new(()),
        }))
    }

    /// This device's endpoint id (hex), known before any endpoint is bound (to admit it on a
    /// relay, say).
    pub fn endpoint_of(store: &S) -> Result<String, NetError> {
        let secret = store.with(|k| k.network_secret())?;
        Ok(SecretKey::from_bytes(&secret).public().to_string())
    }

    /// This device's endpoint id (hex).
    pub fn endpoint_id(&self) -> String {
        self.endpoint.id().to_string()
    }

    pub fn relay(&self) -> Option<String> {
        self.relay.as_ref().map(ToString::to_string)
    }

    /// Where this endpoint listens: its bound sockets, with an unspecified address replaced by
    /// loopback (the same machine) and the addresses iroh found for it (the local network).
    fn direct_addrs(&self) -> Vec<std::net::SocketAddr> {
        let mut out: Vec<std::net::SocketAddr> = self.endpoint.addr().ip_addrs().copied().collect();
        for bound in self.endpoint.bound_sockets() {
            if bound.ip().is_unspecified() && bound.is_ipv4() {
                out.push(std::net::SocketAddr::from(([127, 0, 0, 1], bound.port())));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn addr(&self, endpoint: EndpointId, relay: Option<&RelayUrl>) -> EndpointAddr {
        match relay.or(self.relay.as_ref()) {
            Some(url) => EndpointAddr::new(endpoint).with_relay_url(url.clone()),
            None => EndpointAddr::new(endpoint),
        }
    }

    async fn dial(&self, addr: EndpointAddr, alpn: &[u8]) -> Result<Connection, NetError> {
        match tokio::time::timeout(CONNECT_TIMEOUT, self.endpoint.connect(addr, alpn)).await {
            Err(_) => Err(NetError::Unreachable(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()))),
            Ok(Err(e)) => Err(NetError::Unreachable(e.to_string())),
            Ok(Ok(conn)) => Ok(conn),
        }
    }

    /// Syncs with every paired device it can reach, one after another, and says how each went.
    pub async fn sync_all(&self) -> Result<Vec<PeerReport>, NetError> {
        let _round = self.syncing.lock().await;
        let peers = self.store.with(|k| k.sync_peers())?;
        let mut out = Vec::with_capacity(peers.len());
        for device in &peers {
            out.push(self.sync_peer(device).await);
        }
        Ok(out)
    }

    pub async fn sync_peer(&self, device: &Device) -> PeerReport {
        let outcome = match self.try_sync(device).await {
            Ok(outcome) => outcome,
            Err(e) => PeerOutcome::NotReached(e.to_string()),
        };
        PeerReport { device: device.id.clone(), name: device.name.clone(), outcome }
    }

    async fn try_sync(&self, device: &Device) -> Result<PeerOutcome, NetError> {
        let started = Instant::now();
        let endpoint = device.endpoint.as_deref().ok_or_else(|| NetError::NoEndpoint(device.name.clone()))?;
        let conn = self.dial(self.addr(parse_endpoint(endpoint)?, None), SYNC_ALPN).await?;
        let (mut send, mut recv) = conn.open_bi().await.map_err(failed)?;
        let (mut session, first) = self.store.with(|k| k.start_sync(&device.id))?;
        let talked = converse(&mut send, &mut recv, Some(first), |f| {
            self.store.with(|k| k.sync_receive(&mut session, f))
        })
        .await;
        let path = path_of(&conn);
        // A device that refused this one closed the connection saying why.
        if let Some(iroh::endpoint::ConnectionError::ApplicationClosed(close)) = conn.close_reason()
            && !session.is_complete()
        {
            return Err(NetError::Refused(String::from_utf8_lossy(&close.reason).into_owned()));
        }
        conn.close(0u32.into(), b"done");
        talked?;
        synced(&session, path, started)
    }

    /// Accepts the account's devices until the endpoint closes: each connection in its own
    /// task, so a slow peer holds only its own. `on_session` hears each accepted session's end.
    pub async fn serve(
        self: &Arc<Self>,
        on_session: impl Fn(Result<PeerReport, NetError>) + Send + Sync + 'static,
    ) {
        let on_session = Arc::new(on_session);
        while let Some(incoming) = self.endpoint.accept().await {
            let (node, on_session) = (self.clone(), on_session.clone());
            tokio::spawn(async move {
                if let Some(outcome) = node.handle(incoming).await {
                    on_session(outcome);
                }
            });
        }
    }

    async fn handle(&self, incoming: Incoming) -> Option<Result<PeerReport, NetError>> {
        let conn = match incoming.await {
            Ok(conn) => conn,
            Err(e) => return Some(Err(failed(e))),
        };
        match conn.alpn() {
            SYNC_ALPN => Some(self.answer_sync(conn).await),
            PAIR_ALPN => {
                self.answer_pairing(conn).await;
                None
            }
            _ => {
                conn.close(1u32.into(), b"unknown protocol");
                None
            }
        }
    }

    async fn answer_sync(&self, conn: Connection) -> Result<PeerReport, NetError> {
        let started = Instant::now();
        let remote = conn.remote_id().to_string();
        // Only the account's devices: a stranger's connection ends before a frame is read. The
        // sealed session inside refuses unknown and revoked devices again, by their keys.
        let peers = self.store.with(|k| k.sync_peers())?;
        let Some(device) = peers.into_iter().find(|d| d.endpoint.as_deref() == Some(remote.as_str())) else {
            conn.close(2u32.into(), b"not a device of this account");
            return Err(NetError::Refused(format!("endpoint {remote} is not a paired device")));
        };
        let (mut send, mut recv) = conn.accept_bi().await.map_err(failed)?;
        let mut session = self.store.with(|k| k.accept_sync())?;
        let talked =
            converse(&mut send, &mut recv, None, |f| self.store.with(|k| k.sync_receive(&mut session, f)))
                .await;
        let path = path_of(&conn);
        // The dialer hangs up once it has everything; a complete session is what counts.
        if !session.is_complete() {
            talked?;
        }
        let outcome = synced(&session, path, started)?;
        conn.close(0u32.into(), b"done");
        Ok(PeerReport { device: device.id, name: device.name, outcome })
    }

    /// Shows a pairing: returns the invite to put in a QR code, and a future that ends when a
    /// device joined with it (or the code expired). A stranger who connects first, or a
    /// mistyped code, does not spend it.
    pub fn show_pairing(
        &self,
    ) -> Result<(Invite, impl std::future::Future<Output = Result<Peer, NetError>> + use<S>), NetError> {
        let pairing = self.store.with(|k| k.start_pairing())?;
        let code = pairing.code().expect("the showing side has a code");
        let expires_in = Duration::from_millis(
            (pairing.expires_at() - self.store.with(|k| Ok(k.clock().now_ms()))?).max(0) as u64,
        );
        let (done, wait) = oneshot::channel();
        *self.showing.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some(Showing { pairing, done: Some(done) });
        let invite =
            Invite { code, endpoint: self.endpoint_id(), relay: self.relay(), addrs: self.direct_addrs() };
        let waited = async move {
            match tokio::time::timeout(expires_in, wait).await {
                Ok(Ok(peer)) => peer,
                Ok(Err(_)) => Err(NetError::Connection("the pairing was abandoned".into())),
                Err(_) => Err(NetError::Kith(kith_core::sync::SyncError::PairingExpired.into())),
            }
        };
        Ok((invite, waited))
    }

    async fn answer_pairing(&self, conn: Connection) {
        // One joiner at a time; the showing pairing is taken while it talks.
        let Some(mut showing) = self.showing.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
        else {
            conn.close(3u32.into(), b"no pairing is being shown");
            return;
        };
        let remote = conn.remote_id().to_string();
        let talked = async {
            let (mut send, mut recv) = conn.accept_bi().await.map_err(failed)?;
            converse(&mut send, &mut recv, None, |f| {
                self.store.with(|k| k.pairing_receive(&mut showing.pairing, f))
            })
            .await
        }
        .await;
        match (talked, showing.pairing.peer().cloned()) {
            (_, Some(peer)) => {
                let recorded =
                    self.store.with(|k| k.set_device_endpoint(&peer.device_id, &remote)).map(|()| peer);
                if let Some(done) = showing.done.take() {
                    let _ = done.send(recorded);
                }
            }
            // A failed attempt leaves the code showing for the right device.
            _ => {
                if showing.pairing.restart().is_ok() {
                    *self.showing.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(showing);
                }
            }
        }
    }

    /// Joins a pairing shown on another device, reaching it by the invite's endpoint and relay.
    /// The joiner adopts the inviter's relay when the account has none yet.
    pub async fn join_pairing(&self, invite: &Invite) -> Result<Peer, NetError> {
        let relay: Option<RelayUrl> = invite.relay.as_deref().and_then(|r| r.parse().ok());
        let endpoint = parse_endpoint(&invite.endpoint)?;
        let mut addr = self.addr(endpoint, relay.as_ref());
        for direct in &invite.addrs {
            addr = addr.with_ip_addr(*direct);
        }
        let conn = self.dial(addr, PAIR_ALPN).await?;
        let (mut send, mut recv) = conn.open_bi().await.map_err(failed)?;
        let (mut pairing, first) = self.store.with(|k| k.join_pairing(&invite.code))?;
        let talked = converse(&mut send, &mut recv, Some(first), |f| {
            self.store.with(|k| k.pairing_receive(&mut pairing, f))
        })
        .await;
        conn.close(0u32.into(), b"done");
        talked?;
        // Paired only once the shower confirmed; a link closed before that is a refusal.
        let peer =
            pairing.peer().cloned().ok_or(NetError::Kith(kith_core::sync::SyncError::Handshake.into()))?;
        self.store.with(|k| {
            k.set_device_endpoint(&peer.device_id, &invite.endpoint)?;
            if k.relay_url()?.is_none()
                && let Some(relay) = &invite.relay
            {
                k.set_relay_url(Some(relay))?;
            }
            Ok(())
        })?;
        Ok(peer)
    }

    /// Keeps the account's devices in step until the endpoint closes: syncs soon after a local
    /// change they have not seen (checked every `WATCH_POLL`), and retries the devices not
    /// reached every `WATCH_RETRY` (so a device that comes online is synced within it).
    pub async fn watch(&self, on_report: impl Fn(&PeerReport) + Send + Sync) {
        let mut since_retry = Duration::ZERO;
        let mut quiet = Duration::ZERO;
        // Something may be due for compaction: set by a sync round and every `WATCH_RETRY` (local
        // writes need not make a round: a device with no peer yet), cleared once maintenance
        // finds nothing, so an idle node does not scan the chunk table every second.
        let mut untidy = true;
        let mut since_tidy = Duration::ZERO;
        let mut any_failed = true;
        while !self.endpoint.is_closed() {
            tokio::time::sleep(WATCH_POLL).await;
            since_retry += WATCH_POLL;
            let pending = self
                .store
                .with(|k| k.devices())
                .map(|d| d.iter().any(|v| !v.this_device && v.device.revoked_at.is_none() && v.pending > 0))
                .unwrap_or(false);
            if !(pending || (any_failed && since_retry >= WATCH_RETRY)) {
                // Idle: the core's writes leave compaction to now, a few documents at a time so
                // a call from the screen never waits long for the lock.
                quiet += WATCH_POLL;
                since_tidy += WATCH_POLL;
                if since_tidy >= WATCH_RETRY {
                    untidy = true;
                }
                if untidy && quiet >= WATCH_IDLE {
                    since_tidy = Duration::ZERO;
                    untidy = self.store.with(|k| k.maintain(IDLE_COMPACT_DOCS)).map_or(true, |n| n > 0);
                }
                continue;
            }
            quiet = Duration::ZERO;
            untidy = true;
            since_retry = Duration::ZERO;
            let Ok(reports) = self.sync_all().await else { continue };
            any_failed = reports.iter().any(|r| matches!(r.outcome, PeerOutcome::NotReached(_)));
            for r in &reports {
                on_report(r);
            }
        }
    }

    /// Closes the endpoint: connections end, `serve` and `watch` return.
    pub async fn close(&self) {
        self.endpoint.close().await;
    }
}

/// What a finished session did, or why it is not finished.
fn synced(session: &SyncSession, path: Path, started: Instant) -> Result<PeerOutcome, NetError> {
    if !session.is_complete() {
        return Err(NetError::Connection(
            "the connection closed mid-session; nothing half-applied, sync again".into(),
        ));
    }
    let report = session.report();
    Ok(PeerOutcome::Synced {
        round_trips: report.round_trips,
        bytes_sent: report.stats.bytes_sent,
        bytes_received: report.stats.bytes_received,
        entities_changed: report.stats.entities_changed,
        path,
        duration_ms: started.elapsed().as_millis() as u64,
    })
}

/// The path the connection settled on: direct when any selected path is an IP path.
fn path_of(conn: &Connection) -> Path {
    let paths = conn.paths();
    let selected = paths.iter().find(|p| p.is_selected());
    match selected {
        Some(p) if p.remote_addr().is_relay() => Path::Relay,
        Some(_) => Path::Direct,
        None if paths.iter().any(|p| p.remote_addr().is_ip()) => Path::Direct,
        None => Path::Relay,
    }
}

/// Frames in, frames out, until the core says it is done or the peer finishes its stream.
async fn converse(
    send: &mut SendStream,
    recv: &mut RecvStream,
    first: Option<Vec<u8>>,
    mut receive: impl FnMut(&[u8]) -> Result<Option<Vec<u8>>, NetError>,
) -> Result<(), NetError> {
    if let Some(frame) = first {
        wire::send(send, &frame).await?;
    }
    while let Some(frame) = wire::recv(recv).await? {
        match receive(&frame)? {
            Some(reply) => wire::send(send, &reply).await?,
            None => break,
        }
    }
    let _ = send.finish();
    Ok(())
}
