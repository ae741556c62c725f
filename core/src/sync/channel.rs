//! The encrypted channel between two paired devices: a Noise KK handshake between their known
//! static keys (mutual authentication, forward secrecy), then every frame sealed. The initiator
//! names itself in clear (a device id is no secret) so the responder can pick its key, and an
//! unknown or revoked device is refused before a single document byte moves.

use snow::{Builder, HandshakeState, TransportState};

use super::SyncError;
use crate::error::Result;

pub(crate) const KK: &str = "Noise_KK_25519_ChaChaPoly_BLAKE2s";
pub(crate) const PROLOGUE: &[u8] = b"kith-sync-v1";
/// Noise messages are at most 65535 bytes; frames are sealed in pieces this big.
const PIECE: usize = 65535 - 16;

/// A device's static X25519 key pair.
#[derive(Clone, PartialEq, Eq)]
pub struct Keypair {
    pub private: [u8; 32],
    pub public: [u8; 32],
}

impl std::fmt::Debug for Keypair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Keypair {{ public: {} }}", hex(&self.public))
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

pub(crate) fn key32(bytes: &[u8]) -> Result<[u8; 32]> {
    Ok(bytes.try_into().map_err(|_| SyncError::Handshake)?)
}

impl Keypair {
    pub fn generate() -> Self {
        let kp = Builder::new(KK.parse().expect("valid Noise pattern"))
            .generate_keypair()
            .expect("system randomness");
        Self {
            private: kp.private.as_slice().try_into().expect("32-byte key"),
            public: kp.public.as_slice().try_into().expect("32-byte key"),
        }
    }
}

fn noise(e: snow::Error) -> SyncError {
    match e {
        snow::Error::Decrypt => SyncError::Decrypt,
        _ => SyncError::Handshake,
    }
}

/// An established channel: seals frames for the peer and opens the peer's.
pub struct Channel {
    transport: TransportState,
}

impl Channel {
    pub(crate) fn new(handshake: HandshakeState) -> Result<Self> {
        Ok(Self { transport: handshake.into_transport_mode().map_err(noise)? })
    }

    /// Encrypts a frame as a sequence of `[u16 length][Noise message]` pieces.
    pub fn seal(&mut self, plaintext: &[u8]) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(plaintext.len() + 64);
        let mut buf = vec![0u8; 65535];
        let mut pieces = plaintext.chunks(PIECE).collect::<Vec<_>>();
        if pieces.is_empty() {
            pieces.push(&[]);
        }
        for piece in pieces {
            let n = self.transport.write_message(piece, &mut buf).map_err(noise)?;
            out.extend_from_slice(&(n as u16).to_be_bytes());
            out.extend_from_slice(&buf[..n]);
        }
        Ok(out)
    }

    /// Decrypts what `seal` produced on the other side. A forged, replayed, reordered or
    /// truncated piece fails to decrypt.
    pub fn open(&mut self, sealed: &[u8]) -> Result<Vec<u8>> {
        self.open_within(sealed, super::frame::MAX_SINGLE * 2)
    }

    /// `open` for something bigger than a frame (a bundle), refused above `limit` bytes.
    pub fn open_within(&mut self, sealed: &[u8], limit: usize) -> Result<Vec<u8>> {
        if sealed.len() > limit {
            return Err(SyncError::FrameTooLarge { size: sealed.len() }.into());
        }
        let mut out = Vec::with_capacity(sealed.len());
        let mut buf = vec![0u8; 65535];
        let mut rest = sealed;
        if rest.is_empty() {
            return Err(SyncError::Truncated.into());
        }
        while !rest.is_empty() {
            if rest.len() < 2 {
                return Err(SyncError::Truncated.into());
            }
            let n = u16::from_be_bytes([rest[0], rest[1]]) as usize;
            let piece = rest.get(2..2 + n).ok_or(SyncError::Truncated)?;
            let m = self.transport.read_message(piece, &mut buf).map_err(|_| SyncError::Decrypt)?;
            out.extend_from_slice(&buf[..m]);
            rest = &rest[2 + n..];
        }
        Ok(out)
    }
}

/// The initiating side of a KK handshake, between its first message and the reply.
pub struct KkInitiator {
    state: HandshakeState,
}

impl KkInitiator {
    /// Opens a session to the device whose static key is `remote`. Returns the first message.
    pub fn start(local: &Keypair, local_id: &str, remote: &[u8; 32]) -> Result<(Self, Vec<u8>)> {
        let mut state = Builder::new(KK.parse().expect("valid Noise pattern"))
            .local_private_key(&local.private)
            .and_then(|b| b.remote_public_key(remote))
            .and_then(|b| b.prologue(PROLOGUE))
            .and_then(|b| b.build_initiator())
            .map_err(noise)?;
        let mut buf = vec![0u8; 1024];
        let n = state.write_message(&[], &mut buf).map_err(noise)?;
        let id = local_id.as_bytes();
        let mut first = vec![id.len() as u8];
        first.extend_from_slice(id);
        first.extend_from_slice(&buf[..n]);
        Ok((Self { state }, first))
    }

    pub fn finish(mut self, reply: &[u8]) -> Result<Channel> {
        let mut buf = vec![0u8; 1024];
        self.state.read_message(reply, &mut buf).map_err(|_| SyncError::Handshake)?;
        Channel::new(self.state)
    }
}

/// Answers a KK first message. `key_of` returns the static key of a paired, unrevoked device
/// (or the error that refuses it). Returns the channel, the reply and the peer's device id.
pub fn respond_kk(
    local: &Keypair,
    first: &[u8],
    key_of: impl Fn(&str) -> Result<[u8; 32]>,
) -> Result<(Channel, Vec<u8>, String)> {
    let len = *first.first().ok_or(SyncError::Truncated)? as usize;
    let id = first.get(1..1 + len).ok_or(SyncError::Truncated)?;
    let peer = std::str::from_utf8(id).map_err(|_| SyncError::Malformed("device id"))?.to_string();
    let remote = key_of(&peer)?;
    let mut state = Builder::new(KK.parse().expect("valid Noise pattern"))
        .local_private_key(&local.private)
        .and_then(|b| b.remote_public_key(&remote))
        .and_then(|b| b.prologue(PROLOGUE))
        .and_then(|b| b.build_responder())
        .map_err(noise)?;
    let mut buf = vec![0u8; 1024];
    state.read_message(&first[1 + len..], &mut buf).map_err(|_| SyncError::Handshake)?;
    let n = state.write_message(&[], &mut buf).map_err(noise)?;
    Ok((Channel::new(state)?, buf[..n].to_vec(), peer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> (Channel, Channel) {
        let (a, b) = (Keypair::generate(), Keypair::generate());
        let (init, first) = KkInitiator::start(&a, "a", &b.public).unwrap();
        let (rc, reply, peer) = respond_kk(&b, &first, |_| Ok(a.public)).unwrap();
        assert_eq!(peer, "a");
        (init.finish(&reply).unwrap(), rc)
    }

    #[test]
    fn frames_cross_and_big_ones_are_split() {
        let (mut a, mut b) = pair();
        let big = vec![7u8; 200_000];
        assert_eq!(b.open(&a.seal(&big).unwrap()).unwrap(), big);
        assert_eq!(a.open(&b.seal(b"hi").unwrap()).unwrap(), b"hi");
    }

    #[test]
    fn tampered_replayed_and_reordered_frames_fail() {
        let (mut a, mut b) = pair();
        let mut forged = a.seal(b"one").unwrap();
        *forged.last_mut().unwrap() ^= 1;
        assert!(b.open(&forged).is_err(), "tampered");
        let (mut a, mut b) = pair();
        let _first = a.seal(b"one").unwrap();
        let second = a.seal(b"two").unwrap();
        assert!(b.open(&second).is_err(), "reordered");
        let (mut a, mut b) = pair();
        let one = a.seal(b"one").unwrap();
        b.open(&one).unwrap();
        assert!(b.open(&one).is_err(), "replayed");
        assert!(matches!(b.open(&[]), Err(crate::Error::Sync(SyncError::Truncated))));
    }

    #[test]
    fn a_wrong_key_fails_the_handshake() {
        let (a, b, mallory) = (Keypair::generate(), Keypair::generate(), Keypair::generate());
        let (_, first) = KkInitiator::start(&mallory, "a", &b.public).unwrap();
        assert!(respond_kk(&b, &first, |_| Ok(a.public)).is_err());
        let (_, first) = KkInitiator::start(&a, "a", &b.public).unwrap();
        let refused = respond_kk(&b, &first, |_| Err(SyncError::RevokedDevice.into()));
        assert!(matches!(refused, Err(crate::Error::Sync(SyncError::RevokedDevice))));
    }
}
