//! Pairing two devices while both are in hand. One shows a code (its public key and a one-time
//! secret; printable and scannable as a QR code); the other joins with it in a Noise XXpsk0
//! handshake. The joiner checks that the shower's key is the one in the code, and the secret
//! (the PSK) proves the joiner saw the code: a man in the middle without it fails.
//!
//! Four messages: the XXpsk0 handshake (three), then the shower's confirmation sealed in the new
//! channel. The secret is mixed in from the first message, so a stranger without the code is
//! refused there and learns nothing (no key, no name); the shower's name crosses only in the
//! confirmation, and the joiner records the pairing only once that arrives, so a joiner with a
//! wrong secret is never told "paired" while the other side refused it.

use snow::{Builder, HandshakeState};

use super::SyncError;
use super::channel::{Channel, Keypair, hex, key32, unhex};
use super::identity::{Identity, device_id_for};
use crate::error::Result;

const XXPSK0: &str = "Noise_XXpsk0_25519_ChaChaPoly_BLAKE2s";
const PROLOGUE: &[u8] = b"kith-pair-v2";
const PREFIX: &str = "KITH1";

/// What the showing device displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairingCode {
    pub public_key: [u8; 32],
    pub secret: [u8; 16],
}

impl PairingCode {
    /// Upper-case hex with a checksum: fits a QR code's alphanumeric mode, survives retyping.
    pub fn encode(&self) -> String {
        let body = format!("{}{}", hex(&self.public_key), hex(&self.secret));
        let check = hex(&blake3::hash(body.as_bytes()).as_bytes()[..2]);
        format!("{PREFIX}{body}{check}").to_uppercase()
    }

    pub fn parse(code: &str) -> Result<Self> {
        let code: String =
            code.chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_lowercase();
        let body = code.strip_prefix(&PREFIX.to_lowercase()).ok_or(SyncError::BadPairingCode)?;
        if body.len() != 64 + 32 + 4 {
            return Err(SyncError::BadPairingCode.into());
        }
        let (payload, check) = body.split_at(96);
        if hex(&blake3::hash(payload.as_bytes()).as_bytes()[..2]) != check {
            return Err(SyncError::BadPairingCode.into());
        }
        let bytes = unhex(payload).ok_or(SyncError::BadPairingCode)?;
        Ok(Self {
            public_key: bytes[..32].try_into().expect("checked length"),
            secret: bytes[32..].try_into().expect("checked length"),
        })
    }

    fn psk(&self) -> [u8; 32] {
        blake3::derive_key("kith pairing psk v1", &self.secret)
    }
}

/// The other device, as the pairing authenticated it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub device_id: String,
    pub name: String,
    pub public_key: [u8; 32],
}

fn builder<'a>(local: &'a Keypair, psk: &'a [u8; 32]) -> Result<Builder<'a>> {
    Builder::new(XXPSK0.parse().expect("valid Noise pattern"))
        .local_private_key(&local.private)
        .and_then(|b| b.psk(0, psk))
        .and_then(|b| b.prologue(PROLOGUE))
        .map_err(|_| SyncError::Handshake.into())
}

fn name_payload(name: &str) -> Vec<u8> {
    name.chars().take(64).collect::<String>().into_bytes()
}

fn name_from(payload: &[u8]) -> String {
    String::from_utf8_lossy(payload).chars().filter(|c| !c.is_control()).take(64).collect()
}

/// The device showing the code; it answers the joiner.
pub struct PairingResponder {
    state: HandshakeState,
    name: String,
}

impl PairingResponder {
    pub fn new(identity: &Identity, name: &str) -> Result<(Self, PairingCode)> {
        let mut secret = [0u8; 16];
        rand::fill(&mut secret);
        let code = PairingCode { public_key: identity.keypair.public, secret };
        Ok((Self::for_code(identity, name, &code)?, code))
    }

    /// A fresh handshake for a code already shown: after a failed attempt (a stranger, a
    /// mistyped secret) the code stays good for the next one until it expires.
    pub fn for_code(identity: &Identity, name: &str, code: &PairingCode) -> Result<Self> {
        let psk = code.psk();
        let state = builder(&identity.keypair, &psk)?.build_responder().map_err(|_| SyncError::Handshake)?;
        Ok(Self { state, name: name.to_string() })
    }

    /// Reads the joiner's first message and returns the second (no payload: the joiner has
    /// not proven the secret yet).
    pub fn answer(&mut self, first: &[u8]) -> Result<Vec<u8>> {
        let mut buf = vec![0u8; 1024];
        self.state.read_message(first, &mut buf).map_err(|_| SyncError::Handshake)?;
        let n = self.state.write_message(&[], &mut buf).map_err(|_| SyncError::Handshake)?;
        Ok(buf[..n].to_vec())
    }

    /// Reads the joiner's last message (its key, proven knowledge of the secret, its name) and
    /// returns the confirmation to send back, sealed, carrying our name.
    pub fn finish(mut self, third: &[u8]) -> Result<(Peer, Vec<u8>)> {
        let mut buf = vec![0u8; 1024];
        let n = self.state.read_message(third, &mut buf).map_err(|_| SyncError::Handshake)?;
        let public_key = key32(self.state.get_remote_static().ok_or(SyncError::Handshake)?)?;
        let peer = Peer { device_id: device_id_for(&public_key), name: name_from(&buf[..n]), public_key };
        let confirmation = Channel::new(self.state)?.seal(&name_payload(&self.name))?;
        Ok((peer, confirmation))
    }
}

/// The device joining with a code.
pub struct PairingInitiator {
    state: HandshakeState,
    expected: [u8; 32],
}

/// The joiner after its last handshake message, waiting for the shower's confirmation.
pub struct PairingAwaitingConfirmation {
    channel: Channel,
    public_key: [u8; 32],
}

impl PairingAwaitingConfirmation {
    /// Opens the shower's confirmation: only then is the pairing real on both sides.
    pub fn confirm(mut self, fourth: &[u8]) -> Result<Peer> {
        let name = self.channel.open(fourth).map_err(|_| SyncError::Handshake)?;
        let public_key = self.public_key;
        Ok(Peer { device_id: device_id_for(&public_key), name: name_from(&name), public_key })
    }
}

impl PairingInitiator {
    pub fn start(identity: &Identity, code: &PairingCode) -> Result<(Self, Vec<u8>)> {
        let psk = code.psk();
        let mut state =
            builder(&identity.keypair, &psk)?.build_initiator().map_err(|_| SyncError::Handshake)?;
        let mut buf = vec![0u8; 1024];
        let n = state.write_message(&[], &mut buf).map_err(|_| SyncError::Handshake)?;
        Ok((Self { state, expected: code.public_key }, buf[..n].to_vec()))
    }

    /// Reads the shower's answer, checks its key against the code, and returns our last
    /// message; the pairing holds once `confirm` opens the shower's reply to it.
    pub fn finish(mut self, second: &[u8], name: &str) -> Result<(PairingAwaitingConfirmation, Vec<u8>)> {
        let mut buf = vec![0u8; 1024];
        self.state.read_message(second, &mut buf).map_err(|_| SyncError::Handshake)?;
        let public_key = key32(self.state.get_remote_static().ok_or(SyncError::Handshake)?)?;
        if public_key != self.expected {
            return Err(SyncError::Handshake.into());
        }
        let m = self.state.write_message(&name_payload(name), &mut buf).map_err(|_| SyncError::Handshake)?;
        let channel = Channel::new(self.state)?;
        Ok((PairingAwaitingConfirmation { channel, public_key }, buf[..m].to_vec()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::Keypair;

    fn identity() -> Identity {
        let keypair = Keypair::generate();
        Identity { device_id: device_id_for(&keypair.public), keypair }
    }

    #[test]
    fn two_devices_pair_and_learn_each_other() {
        let (a, b) = (identity(), identity());
        let (mut shower, code) = PairingResponder::new(&a, "phone").unwrap();
        let code = PairingCode::parse(&code.encode()).unwrap();
        let (joiner, first) = PairingInitiator::start(&b, &code).unwrap();
        let second = shower.answer(&first).unwrap();
        let (waiting, third) = joiner.finish(&second, "laptop").unwrap();
        let (seen_b, fourth) = shower.finish(&third).unwrap();
        let seen_a = waiting.confirm(&fourth).unwrap();
        assert_eq!((seen_a.device_id, seen_a.name.as_str()), (a.device_id.clone(), "phone"));
        assert_eq!((seen_b.device_id, seen_b.name.as_str()), (b.device_id.clone(), "laptop"));
    }

    #[test]
    fn a_man_in_the_middle_without_the_secret_fails() {
        let (a, mallory) = (identity(), identity());
        let (mut shower, code) = PairingResponder::new(&a, "phone").unwrap();
        // Mallory saw the key (it is public) but guesses the secret.
        let guessed = PairingCode { public_key: code.public_key, secret: [0; 16] };
        let (_joiner, first) = PairingInitiator::start(&mallory, &guessed).unwrap();
        // The secret is proven in the first message: the shower answers nothing at all.
        assert!(shower.answer(&first).is_err(), "the shower refuses a wrong secret at once");
    }

    #[test]
    fn an_impostor_showing_someone_elses_code_is_caught() {
        let (a, b, mallory) = (identity(), identity(), identity());
        let (_, code) = PairingResponder::new(&a, "phone").unwrap();
        // Mallory intercepts the connection and answers with her own key but the right secret.
        let (mut fake, _) = PairingResponder::new(&mallory, "phone").unwrap();
        let (joiner, first) = PairingInitiator::start(&b, &code).unwrap();
        let second = fake.answer(&first);
        let outcome = second.and_then(|s| joiner.finish(&s, "laptop"));
        assert!(outcome.is_err());
    }

    #[test]
    fn mistyped_codes_are_refused() {
        let (_, code) = PairingResponder::new(&identity(), "x").unwrap();
        let text = code.encode();
        let mut typo = text.clone().into_bytes();
        typo[10] = if typo[10] == b'A' { b'B' } else { b'A' };
        assert!(PairingCode::parse(std::str::from_utf8(&typo).unwrap()).is_err());
        assert!(PairingCode::parse("KITH1").is_err());
        assert!(PairingCode::parse(&text.to_lowercase()).is_ok());
    }
}
