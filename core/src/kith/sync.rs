//! A secure sync session with a paired device, as frames. The initiator's first frame opens a
//! Noise KK handshake between the two devices' known keys; an unknown or revoked device is
//! refused there, before any document byte. Every later frame is sealed, and carries one round
//! of the sans-I/O sync protocol. Each received round is stored in one transaction before the
//! answer is built, so a link dropped at any point loses nothing.

use super::{ChangeReason, Kith};
use crate::error::Result;
use crate::sync::{self, Channel, KkInitiator, Step, SyncError, SyncStats, respond_kk, session};

enum Stage {
    /// Initiator: sent the handshake; waiting for the reply.
    Handshake {
        peer: String,
        initiator: Box<KkInitiator>,
    },
    /// Responder: waiting for a device's handshake.
    AwaitHandshake,
    Open {
        channel: Box<Channel>,
        session: session::SyncSession,
    },
    Failed,
}

/// One sync session (either side). Feed it the peer's frames with `Kith::sync_receive`.
pub struct SyncSession {
    stage: Stage,
    peer: Option<String>,
}

/// What a session did, as the initiator or the responder saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub peer: Option<String>,
    /// Both sides reached the end of the protocol.
    pub complete: bool,
    pub round_trips: usize,
    pub stats: SyncStats,
}

impl SyncSession {
    /// The peer's device id: known from the start for the initiator, after the handshake for
    /// the responder.
    pub fn peer(&self) -> Option<&str> {
        self.peer.as_deref()
    }

    /// True once this side has nothing more to say: the transport may close.
    pub fn is_complete(&self) -> bool {
        matches!(&self.stage, Stage::Open { session, .. } if session.is_complete())
    }

    pub fn report(&self) -> SyncReport {
        let (round_trips, stats) = match &self.stage {
            Stage::Open { session, .. } => (session.round_trips(), session.stats()),
            _ => (0, SyncStats::default()),
        };
        SyncReport { peer: self.peer.clone(), complete: self.is_complete(), round_trips, stats }
    }
}

impl Kith {
    /// Starts a sync with a paired device; send the returned frame to it.
    pub fn start_sync(&mut self, peer: &str) -> Result<(SyncSession, Vec<u8>)> {
        let me = self.identity()?;
        let key = sync::device_key(&self.store, peer)?;
        let (initiator, first) = KkInitiator::start(&me.keypair, &me.device_id, &key)?;
        let stage = Stage::Handshake { peer: peer.to_string(), initiator: Box::new(initiator) };
        Ok((SyncSession { stage, peer: Some(peer.to_string()) }, first))
    }

    /// Waits for a paired device to start a sync; feed its frames to `sync_receive`.
    pub fn accept_sync(&mut self) -> Result<SyncSession> {
        self.identity()?;
        Ok(SyncSession { stage: Stage::AwaitHandshake, peer: None })
    }

    /// Takes the peer's frame; returns the frame to send back, or `None` when this side is done.
    /// Everything a frame carried is stored before this returns.
    pub fn sync_receive(&mut self, session: &mut SyncSession, frame: &[u8]) -> Result<Option<Vec<u8>>> {
        let stage = std::mem::replace(&mut session.stage, Stage::Failed);
        match self.advance_sync(session, stage, frame) {
            Ok((stage, reply)) => {
                session.stage = stage;
                Ok(reply)
            }
            Err(e) => {
                // A failed session gives its memory back as a finished one does (nothing to give
                // when it failed before holding any); the session's error is the one to report.
                let _ = self.store.release_session();
                Err(e)
            }
        }
    }

    /// One frame's step: the next stage and the frame to send back, if any.
    fn advance_sync(
        &mut self,
        session: &mut SyncSession,
        stage: Stage,
        frame: &[u8],
    ) -> Result<(Stage, Option<Vec<u8>>)> {
        Ok(match stage {
            Stage::Handshake { peer, initiator } => {
                let mut channel = initiator.finish(frame)?;
                let (sync, manifest) =
                    self.record(ChangeReason::Sync, |s| session::SyncSession::initiate(s, &peer))?;
                let sealed = channel.seal(&manifest)?;
                (Stage::Open { channel: Box::new(channel), session: sync }, Some(sealed))
            }
            Stage::AwaitHandshake => {
                let me = self.identity()?;
                let store = &self.store;
                let (channel, reply, peer) =
                    respond_kk(&me.keypair, frame, |id| sync::device_key(store, id))?;
                session.peer = Some(peer.clone());
                (
                    Stage::Open { channel: Box::new(channel), session: session::SyncSession::respond(&peer) },
                    Some(reply),
                )
            }
            Stage::Open { mut channel, session: mut sync } => {
                let plain = channel.open(frame)?;
                let step = self.record(ChangeReason::Sync, |s| sync.receive(s, &plain))?;
                let reply = match step {
                    Step::Send(bytes) => Some(channel.seal(&bytes)?),
                    Step::Finished => None,
                };
                (Stage::Open { channel, session: sync }, reply)
            }
            Stage::Failed => return Err(SyncError::Protocol("frame after the session failed").into()),
        })
    }

    /// Syncs with another open store in this process through a real sealed session, frames
    /// passed in memory (a second device on the same machine, benchmarks, binding tests).
    pub fn sync_with(&mut self, other: &mut Kith) -> Result<SyncReport> {
        let peer = other.device_id()?;
        let (mut mine, first) = self.start_sync(&peer)?;
        let mut theirs = other.accept_sync()?;
        let mut to_other = Some(first);
        while let Some(frame) = to_other.take() {
            let Some(reply) = other.sync_receive(&mut theirs, &frame)? else { break };
            to_other = self.sync_receive(&mut mine, &reply)?;
        }
        let mut report = mine.report();
        report.complete = mine.is_complete() && theirs.is_complete();
        Ok(report)
    }
}
