//! Pairing two devices in hand, as frames: one shows a code (text or QR), the other joins with
//! it, and the shell only carries the four messages. Both record the pairing only after the
//! secret is proven: the shower after the joiner's third message, the joiner after the
//! shower's sealed confirmation. A failed attempt leaves the shown code good for the next
//! connection until it expires.

use super::Kith;
use crate::error::Result;
use crate::sync::{
    Identity, PairingAwaitingConfirmation, PairingCode, PairingInitiator, PairingResponder, Peer, SyncError,
};

/// How long a shown code stays good.
const CODE_LIFETIME_MS: i64 = 10 * 60 * 1000;

enum Stage {
    /// Shower: waiting for a joiner's first message.
    AwaitFirst(PairingResponder),
    /// Shower: answered; waiting for the joiner's proof.
    AwaitThird(PairingResponder),
    /// Joiner: sent the first message; waiting for the shower's answer.
    AwaitSecond(PairingInitiator),
    /// Joiner: sent its proof; waiting for the confirmation.
    AwaitConfirmation(PairingAwaitingConfirmation),
    Paired(Peer),
    Failed,
}

/// One pairing attempt (either side). Feed it the other side's frames with
/// `Kith::pairing_receive`.
pub struct Pairing {
    stage: Stage,
    /// The shower's code and what it takes to restart a handshake for it.
    shown: Option<(PairingCode, Identity, String)>,
    expires_at: i64,
}

impl Pairing {
    /// The code to show (text for typing, payload for a QR code); `None` on the joining side.
    pub fn code(&self) -> Option<String> {
        self.shown.as_ref().map(|(code, _, _)| code.encode())
    }

    /// The other device, once paired.
    pub fn peer(&self) -> Option<&Peer> {
        match &self.stage {
            Stage::Paired(peer) => Some(peer),
            _ => None,
        }
    }

    pub fn is_complete(&self) -> bool {
        matches!(self.stage, Stage::Paired(_))
    }

    /// When the shown code stops being accepted (ms since the epoch).
    pub fn expires_at(&self) -> i64 {
        self.expires_at
    }

    /// Starts over for a new connection (the shower keeps its code): a stranger who connected
    /// first, or a dropped link, does not spend the code.
    pub fn restart(&mut self) -> Result<()> {
        if let Some((code, me, name)) = &self.shown {
            self.stage = Stage::AwaitFirst(PairingResponder::for_code(me, name, code)?);
        }
        Ok(())
    }
}

impl Kith {
    /// Shows a pairing code on this device and waits for the other device's frames.
    pub fn start_pairing(&mut self) -> Result<Pairing> {
        let me = self.identity()?;
        let (responder, code) = PairingResponder::new(&me, &self.device_name)?;
        Ok(Pairing {
            stage: Stage::AwaitFirst(responder),
            shown: Some((code, me, self.device_name.clone())),
            expires_at: self.clock().now_ms() + CODE_LIFETIME_MS,
        })
    }

    /// Joins the device showing `code`; send the returned frame to it.
    pub fn join_pairing(&mut self, code: &str) -> Result<(Pairing, Vec<u8>)> {
        let code = PairingCode::parse(code)?;
        let me = self.identity()?;
        if code.public_key == me.keypair.public {
            return Err(SyncError::BadPairingCode.into());
        }
        let (initiator, first) = PairingInitiator::start(&me, &code)?;
        let expires_at = self.clock().now_ms() + CODE_LIFETIME_MS;
        Ok((Pairing { stage: Stage::AwaitSecond(initiator), shown: None, expires_at }, first))
    }

    /// Takes the other side's frame; returns the frame to send back, or `None` when this side is
    /// done (then `pairing.peer()` names the paired device). On an error the shower's code stays
    /// good: `restart` it for the next connection.
    pub fn pairing_receive(&mut self, pairing: &mut Pairing, frame: &[u8]) -> Result<Option<Vec<u8>>> {
        if pairing.shown.is_some() && self.clock().now_ms() > pairing.expires_at {
            pairing.stage = Stage::Failed;
            return Err(SyncError::PairingExpired.into());
        }
        let stage = std::mem::replace(&mut pairing.stage, Stage::Failed);
        let outcome = self.advance(stage, frame);
        match outcome {
            Ok((stage, reply)) => {
                pairing.stage = stage;
                Ok(reply)
            }
            Err(e) => {
                pairing.restart()?;
                Err(e)
            }
        }
    }

    fn advance(&mut self, stage: Stage, frame: &[u8]) -> Result<(Stage, Option<Vec<u8>>)> {
        match stage {
            Stage::AwaitFirst(mut responder) => {
                let second = responder.answer(frame)?;
                Ok((Stage::AwaitThird(responder), Some(second)))
            }
            Stage::AwaitThird(responder) => {
                let (peer, confirmation) = responder.finish(frame)?;
                self.remember(&peer)?;
                Ok((Stage::Paired(peer), Some(confirmation)))
            }
            Stage::AwaitSecond(initiator) => {
                let (waiting, third) = initiator.finish(frame, &self.device_name)?;
                Ok((Stage::AwaitConfirmation(waiting), Some(third)))
            }
            Stage::AwaitConfirmation(waiting) => {
                let peer = waiting.confirm(frame)?;
                self.remember(&peer)?;
                Ok((Stage::Paired(peer), None))
            }
            Stage::Paired(_) | Stage::Failed => {
                Err(SyncError::Protocol("frame after the pairing ended").into())
            }
        }
    }

    /// Records the pairing, unless the other device was revoked: a revocation is final, and
    /// pairing again must say so rather than report a success that sync would then refuse.
    fn remember(&mut self, peer: &Peer) -> Result<()> {
        if self.store.device(&peer.device_id)?.is_some_and(|d| d.revoked_at.is_some()) {
            return Err(SyncError::RevokedDevice.into());
        }
        let me = self.identity()?;
        let name = self.device_name.clone();
        self.edit(|s| crate::sync::record_pairing(s, &me, &name, peer))
    }
}

impl Kith {
    /// Pairs with another open store in this process through the real four-message pairing,
    /// frames passed in memory (a second profile on one machine, benchmarks, tests). Returns
    /// the other device as this one now knows it.
    pub fn pair_with(&mut self, other: &mut Kith) -> Result<Peer> {
        let mut shown = self.start_pairing()?;
        let code = shown.code().expect("the showing side has a code");
        let (mut joining, first) = other.join_pairing(&code)?;
        let mut to_shower = Some(first);
        while let Some(frame) = to_shower.take() {
            let Some(reply) = self.pairing_receive(&mut shown, &frame)? else { break };
            to_shower = other.pairing_receive(&mut joining, &reply)?;
        }
        match (shown.peer(), joining.is_complete()) {
            (Some(peer), true) => Ok(peer.clone()),
            _ => Err(SyncError::Handshake.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::PairingCode;

    fn open(dir: &tempfile::TempDir, name: &str) -> Kith {
        let options = crate::KithOptions { device_name: name.into(), ..crate::KithOptions::default() };
        Kith::open_with(dir.path().join(format!("{name}.db")), options).unwrap()
    }

    /// A joiner with a wrong secret but a valid checksum used to be told "Paired" and record
    /// the pairing while the other side refused it. Now it never completes, records nothing,
    /// and the shown code still pairs its real holder.
    #[test]
    fn a_wrong_secret_pairs_nobody_and_leaves_the_code_good() {
        let dir = tempfile::TempDir::new().unwrap();
        let (mut phone, mut mallory, mut laptop) =
            (open(&dir, "phone"), open(&dir, "mallory"), open(&dir, "laptop"));
        let mut shown = phone.start_pairing().unwrap();
        let real = PairingCode::parse(&shown.code().unwrap()).unwrap();
        let forged = PairingCode { public_key: real.public_key, secret: [7; 16] }.encode();
        let (joining, first) = mallory.join_pairing(&forged).unwrap();
        // Refused at the first message: mallory gets no answer, so no key and no name.
        assert!(phone.pairing_receive(&mut shown, &first).is_err(), "the shower refuses the wrong secret");
        assert!(
            !joining.is_complete() && mallory.devices().unwrap().is_empty(),
            "the joiner recorded nothing"
        );
        assert!(phone.devices().unwrap().is_empty());

        let (mut joining, mut frame) = laptop.join_pairing(&shown.code().unwrap()).unwrap();
        loop {
            let reply = phone.pairing_receive(&mut shown, &frame).unwrap().unwrap();
            match laptop.pairing_receive(&mut joining, &reply).unwrap() {
                Some(next) => frame = next,
                None => break,
            }
        }
        assert!(joining.is_complete() && shown.is_complete());
        assert_eq!(joining.peer().unwrap().name, "phone");
    }
}
