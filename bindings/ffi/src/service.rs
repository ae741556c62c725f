//! The phone's sync service: one object that keeps the account's devices in step over
//! `kith-net` (directly on the LAN, hole-punched, or through the account's relay), with a
//! status per device for the devices screen. The shells keep only permissions and lifecycle:
//! `start` when the app comes to the front, `sync_now` from a background task, `stop` when the
//! system takes the network away.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};

use kith_net::{Invite, NetError, Node, NodeOptions, PeerOutcome, PeerReport};

use crate::error::{KithError, Result};
use crate::kith::Kith;

/// A paired device as the sync service sees it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PeerStatus {
    pub device_id: String,
    pub name: String,
    /// Reached on the last attempt.
    pub reachable: bool,
    /// `direct` or `relay`, for the last sync.
    pub path: Option<String>,
    pub last_synced_ms: Option<i64>,
    pub last_error: Option<String>,
    /// Records the last sync changed here.
    pub changed: u32,
}

/// Hears each device's status as it changes (called on the service's own threads).
#[uniffi::export(with_foreign)]
pub trait SyncObserver: Send + Sync {
    fn on_status(&self, status: PeerStatus);
}

#[derive(Debug, Clone, Default, uniffi::Record)]
pub struct SyncServiceOptions {
    /// The relay to use [default: the account's].
    #[uniffi(default = None)]
    pub relay: Option<String>,
    /// Only through the relay (networks that block UDP).
    #[uniffi(default = false)]
    pub relay_only: bool,
    /// Find the account's devices on the local network.
    #[uniffi(default = true)]
    pub mdns: bool,
}

#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PairedDevice {
    pub device_id: String,
    pub name: String,
}

struct State {
    statuses: BTreeMap<String, PeerStatus>,
    observer: Option<Arc<dyn SyncObserver>>,
}

#[derive(uniffi::Object)]
pub struct SyncService {
    runtime: tokio::runtime::Runtime,
    node: Arc<Node<Kith>>,
    state: Arc<Mutex<State>>,
    running: Mutex<Option<tokio::task::JoinHandle<()>>>,
    /// The pairing being shown, until a device joins it.
    waiting: Mutex<Option<tokio::task::JoinHandle<std::result::Result<kith_core::sync::Peer, NetError>>>>,
}

impl State {
    fn record(&mut self, report: &PeerReport, now: i64) -> PeerStatus {
        let previous = self.statuses.get(&report.device).cloned();
        let status = match &report.outcome {
            PeerOutcome::Synced { path, entities_changed, .. } => PeerStatus {
                device_id: report.device.clone(),
                name: report.name.clone(),
                reachable: true,
                path: Some(path.as_str().into()),
                last_synced_ms: Some(now),
                last_error: None,
                changed: *entities_changed as u32,
            },
            PeerOutcome::NotReached(why) => PeerStatus {
                device_id: report.device.clone(),
                name: report.name.clone(),
                reachable: false,
                path: None,
                last_synced_ms: previous.and_then(|p| p.last_synced_ms),
                last_error: Some(why.clone()),
                changed: 0,
            },
        };
        self.statuses.insert(report.device.clone(), status.clone());
        status
    }
}

/// Records a report and tells the observer, outside the state lock.
fn publish(state: &Mutex<State>, report: &PeerReport) -> PeerStatus {
    let now = chrono::Utc::now().timestamp_millis();
    let (status, observer) = {
        let mut s = state.lock().unwrap_or_else(PoisonError::into_inner);
        (s.record(report, now), s.observer.clone())
    };
    if let Some(o) = observer {
        o.on_status(status.clone());
    }
    status
}

impl SyncService {
    pub(crate) fn open(kith: Arc<Kith>, options: SyncServiceOptions) -> Result<Arc<SyncService>> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("kith-sync")
            .enable_all()
            .build()
            .map_err(|e| KithError::Sync { reason: e.to_string() })?;
        let options =
            NodeOptions { relay: options.relay, relay_only: options.relay_only, mdns: options.mdns };
        let node = runtime.block_on(Node::bind(kith, options))?;
        let state = Arc::new(Mutex::new(State { statuses: BTreeMap::new(), observer: None }));
        Ok(Arc::new(SyncService {
            runtime,
            node,
            state,
            running: Mutex::new(None),
            waiting: Mutex::new(None),
        }))
    }
}

#[uniffi::export]
impl SyncService {
    /// This device's endpoint id.
    pub fn endpoint_id(&self) -> String {
        self.node.endpoint_id()
    }

    pub fn set_observer(&self, observer: Arc<dyn SyncObserver>) {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).observer = Some(observer);
    }

    /// Accepts the account's devices and syncs soon after each local change, until `stop`.
    pub fn start(&self) {
        let mut running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        if running.as_ref().is_some_and(|h| !h.is_finished()) {
            return;
        }
        let (node, state) = (self.node.clone(), self.state.clone());
        *running = Some(self.runtime.spawn(async move {
            let serving = node.clone();
            let heard = state.clone();
            let accept = tokio::spawn(async move {
                serving
                    .serve(move |outcome| {
                        if let Ok(report) = outcome {
                            publish(&heard, &report);
                        }
                    })
                    .await
            });
            node.watch(|report| {
                publish(&state, report);
            })
            .await;
            accept.abort();
        }));
    }

    /// Stops accepting and watching (the endpoint stays bound for `sync_now`).
    pub fn stop(&self) {
        if let Some(handle) = self.running.lock().unwrap_or_else(PoisonError::into_inner).take() {
            handle.abort();
        }
    }

    /// Syncs with every paired device it can reach, now (blocking: call it off the UI thread,
    /// or from the platform's background task).
    pub fn sync_now(&self) -> Result<Vec<PeerStatus>> {
        let reports = self.runtime.block_on(self.node.sync_all())?;
        Ok(reports.iter().map(|r| publish(&self.state, r)).collect())
    }

    /// The last known status of each device.
    pub fn statuses(&self) -> Vec<PeerStatus> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner).statuses.values().cloned().collect()
    }

    /// Shows a pairing: the invite for the QR code. `wait_for_pairing` then blocks until a
    /// device joined with it (or it expired). Accepting needs `start`.
    pub fn show_pairing(&self) -> Result<String> {
        let (invite, joined) = self.node.show_pairing()?;
        let pending = self.runtime.spawn(joined);
        *self.waiting.lock().unwrap_or_else(PoisonError::into_inner) = Some(pending);
        Ok(invite.encode())
    }

    pub fn wait_for_pairing(&self) -> Result<PairedDevice> {
        let pending = self.waiting.lock().unwrap_or_else(PoisonError::into_inner).take();
        let pending = pending.ok_or(KithError::InvalidInput {
            field: "pairing".into(),
            reason: "no pairing is being shown".into(),
        })?;
        let peer =
            self.runtime.block_on(pending).map_err(|e| KithError::Sync { reason: e.to_string() })??;
        Ok(PairedDevice { device_id: peer.device_id, name: peer.name })
    }

    /// Joins the pairing another device shows (the invite from its QR code).
    pub fn join_pairing(&self, invite: String) -> Result<PairedDevice> {
        let invite = Invite::parse(&invite)?;
        let peer = self.runtime.block_on(self.node.join_pairing(&invite))?;
        Ok(PairedDevice { device_id: peer.device_id, name: peer.name })
    }

    /// Closes the endpoint; the service cannot be used after. (Not `close`: Kotlin's
    /// `AutoCloseable.close` frees the object itself.)
    pub fn shutdown(&self) {
        self.stop();
        self.runtime.block_on(self.node.close());
    }
}
