//! The sync protocol's frames on the wire (inside the encrypted channel): versioned,
//! length-checked and capped. Decoding never trusts a length it has not checked.
//!
//! A frame's body is deflated when that pays. Automerge's sync messages carry each change as
//! it was made, repeating the actor, the field names and the dependency layout change after
//! change: deflate takes a mixer's round to about a third (measured on 20k contacts). Whole
//! documents (a first sync) are compressed already and travel as they are.

use std::io::{Read, Write};

use crate::doc::{DocId, Family};

use super::SyncError;

const MAGIC: &[u8; 2] = b"KS";
/// 2: the body is preceded by its encoding (version 1 had no compression).
/// 3: documents are named in two bytes, for accounts of 256 buckets (`doc::Layout`).
pub const PROTOCOL_VERSION: u8 = 3;
/// The most a frame carries when batching documents; a first sync of a big network spans
/// several rounds instead.
pub const MAX_FRAME: usize = 256 * 1024;
/// The most a frame carries of documents sent whole (a new device's first sync). The receiver
/// loads and reads one such document on a second thread while it writes the rows of the one
/// before; at 100k contacts and 64 buckets a bucket is some 240 KB, so frames of `MAX_FRAME`
/// carried one each and the two threads took turns. Every peer of this version accepts bodies
/// up to `MAX_BODY`.
pub const MAX_WHOLE_FRAME: usize = 1024 * 1024;
/// A single change bigger than a batch (a contact with a large photo and long notes, within the
/// field limits) travels alone in a frame up to this size.
pub const MAX_SINGLE: usize = 2 * 1024 * 1024;
/// The most a frame's body may hold once inflated (the cap a plain frame has too).
const MAX_BODY: usize = MAX_SINGLE + 4096;

const KIND_MANIFEST: u8 = 1;
const KIND_ROUND: u8 = 2;

const PLAIN: u8 = 0;
const DEFLATE: u8 = 1;
/// Smaller bodies (a `done`, a manifest of random digests) gain nothing from deflate.
const DEFLATE_FROM: usize = 512;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// Each document's heads digest; equal documents are skipped. It also carries the
    /// initiator's first sync messages for documents it changed since the peer last acknowledged,
    /// which saves a round trip.
    Manifest { epoch: u32, digests: Vec<(DocId, [u8; 8])>, messages: Vec<(DocId, Vec<u8>)> },
    /// Automerge sync messages for several documents. `done`: the sender has nothing more to say
    /// unless it hears something new.
    Round { done: bool, messages: Vec<(DocId, Vec<u8>)> },
}

/// A document's name on the wire: the same for every layout (the manifest says which one the
/// sender keeps; a document outside the receiver's is refused there).
pub fn doc_code(id: DocId) -> u16 {
    match id.family {
        Family::Contacts => u16::from(id.bucket),
        Family::Interactions => 256 + u16::from(id.bucket),
        Family::Account => 512,
    }
}

pub fn doc_from_code(code: u16) -> Option<DocId> {
    match code {
        0..256 => Some(DocId { family: Family::Contacts, bucket: code as u8 }),
        256..512 => Some(DocId { family: Family::Interactions, bucket: (code - 256) as u8 }),
        512 => Some(DocId::ACCOUNT),
        _ => None,
    }
}

/// How bundles before version 3 named documents, in one byte: 64 buckets a family.
pub fn doc_from_code_64(code: u8) -> Option<DocId> {
    match code {
        0..64 => Some(DocId { family: Family::Contacts, bucket: code }),
        64..128 => Some(DocId { family: Family::Interactions, bucket: code - 64 }),
        128 => Some(DocId::ACCOUNT),
        _ => None,
    }
}

impl Frame {
    pub fn encode(&self) -> Vec<u8> {
        self.encode_counted().0
    }

    /// The frame as sent, and the size of its body before compression.
    pub fn encode_counted(&self) -> (Vec<u8>, usize) {
        let body = self.body();
        let mut out = Vec::with_capacity(body.len().min(DEFLATE_FROM) + 4);
        out.extend_from_slice(MAGIC);
        out.push(PROTOCOL_VERSION);
        match deflated(&body) {
            Some(packed) => {
                out.push(DEFLATE);
                out.extend_from_slice(&packed);
            }
            None => {
                out.push(PLAIN);
                out.extend_from_slice(&body);
            }
        }
        (out, body.len())
    }

    fn body(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64);
        match self {
            Frame::Manifest { epoch, digests, messages } => {
                out.push(KIND_MANIFEST);
                out.extend_from_slice(&epoch.to_be_bytes());
                out.extend_from_slice(&(digests.len() as u16).to_be_bytes());
                for (doc, digest) in digests {
                    out.extend_from_slice(&doc_code(*doc).to_be_bytes());
                    out.extend_from_slice(digest);
                }
                encode_messages(&mut out, messages);
            }
            Frame::Round { done, messages } => {
                out.push(KIND_ROUND);
                out.push(u8::from(*done));
                encode_messages(&mut out, messages);
            }
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<Frame, SyncError> {
        Self::decode_counted(bytes).map(|(frame, _)| frame)
    }

    /// The frame, and the size of its body once inflated.
    pub fn decode_counted(bytes: &[u8]) -> Result<(Frame, usize), SyncError> {
        if bytes.len() > MAX_BODY {
            return Err(SyncError::FrameTooLarge { size: bytes.len() });
        }
        let mut header = Reader { bytes, pos: 0 };
        if header.take(2)? != MAGIC {
            return Err(SyncError::Malformed("not a Kith sync frame"));
        }
        let version = header.u8()?;
        if version != PROTOCOL_VERSION {
            return Err(SyncError::UnsupportedVersion { found: version, supported: PROTOCOL_VERSION });
        }
        let encoding = header.u8()?;
        let rest = &bytes[header.pos..];
        let inflated;
        let body = match encoding {
            PLAIN => rest,
            DEFLATE => {
                inflated = inflate(rest)?;
                &inflated
            }
            _ => return Err(SyncError::Malformed("unknown frame encoding")),
        };
        let mut r = Reader { bytes: body, pos: 0 };
        let frame = match r.u8()? {
            KIND_MANIFEST => {
                let epoch = r.u32()?;
                let count = r.u16()? as usize;
                let mut digests = Vec::with_capacity(count.min(256));
                for _ in 0..count {
                    let doc = doc_from_code(r.u16()?).ok_or(SyncError::Malformed("unknown document"))?;
                    let digest: [u8; 8] = r.take(8)?.try_into().expect("took 8");
                    digests.push((doc, digest));
                }
                Frame::Manifest { epoch, digests, messages: r.messages()? }
            }
            KIND_ROUND => {
                let done = match r.u8()? {
                    0 => false,
                    1 => true,
                    _ => return Err(SyncError::Malformed("bad flags")),
                };
                Frame::Round { done, messages: r.messages()? }
            }
            _ => return Err(SyncError::Malformed("unknown frame kind")),
        };
        if r.pos != body.len() {
            return Err(SyncError::Malformed("trailing bytes"));
        }
        Ok((frame, body.len()))
    }
}

/// The body deflated, when that saves at least an eighth of it.
fn deflated(body: &[u8]) -> Option<Vec<u8>> {
    if body.len() < DEFLATE_FROM {
        return None;
    }
    // The fastest level: within 6% of the default's size on sync rounds, at several times its speed.
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::with_capacity(body.len() / 2), flate2::Compression::fast());
    encoder.write_all(body).expect("writing to memory");
    let packed = encoder.finish().expect("writing to memory");
    (packed.len() < body.len() - body.len() / 8).then_some(packed)
}

/// A deflated body, refused past the cap a plain body has (a small frame must not inflate into
/// gigabytes) and with nothing after the end of its stream.
fn inflate(packed: &[u8]) -> Result<Vec<u8>, SyncError> {
    let mut decoder = flate2::bufread::DeflateDecoder::new(packed);
    let mut body = Vec::with_capacity(packed.len().saturating_mul(3).min(MAX_BODY));
    (&mut decoder)
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|_| SyncError::Malformed("compressed body"))?;
    if body.len() > MAX_BODY {
        return Err(SyncError::FrameTooLarge { size: body.len() });
    }
    if decoder.total_in() != packed.len() as u64 {
        return Err(SyncError::Malformed("trailing bytes"));
    }
    Ok(body)
}

fn encode_messages(out: &mut Vec<u8>, messages: &[(DocId, Vec<u8>)]) {
    out.extend_from_slice(&(messages.len() as u16).to_be_bytes());
    for (doc, bytes) in messages {
        out.extend_from_slice(&doc_code(*doc).to_be_bytes());
        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        out.extend_from_slice(bytes);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SyncError> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len()).ok_or(SyncError::Truncated)?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
    fn u8(&mut self) -> Result<u8, SyncError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, SyncError> {
        Ok(u16::from_be_bytes(self.take(2)?.try_into().expect("took 2")))
    }
    fn u32(&mut self) -> Result<u32, SyncError> {
        Ok(u32::from_be_bytes(self.take(4)?.try_into().expect("took 4")))
    }
    fn messages(&mut self) -> Result<Vec<(DocId, Vec<u8>)>, SyncError> {
        let count = self.u16()? as usize;
        let mut messages = Vec::with_capacity(count.min(256));
        for _ in 0..count {
            let doc = doc_from_code(self.u16()?).ok_or(SyncError::Malformed("unknown document"))?;
            let len = self.u32()? as usize;
            messages.push((doc, self.take(len)?.to_vec()));
        }
        Ok(messages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn frames_round_trip() {
        let docs: Vec<DocId> = (0..=u16::MAX).filter_map(doc_from_code).collect();
        assert_eq!(docs, crate::doc::Layout::Buckets256.docs().collect::<Vec<_>>());
        assert!(docs.iter().all(|d| doc_from_code(doc_code(*d)) == Some(*d)));
        let digests: Vec<(DocId, [u8; 8])> = docs
            .iter()
            .map(|d| (*d, blake3::hash(&doc_code(*d).to_be_bytes()).as_bytes()[..8].try_into().unwrap()))
            .collect();
        let m = Frame::Manifest { epoch: 2, digests, messages: vec![] };
        assert_eq!(Frame::decode(&m.encode()).unwrap(), m);
        assert!(m.encode().len() < 6 * 1024, "a manifest of 513 documents stays under 6 KB");
        let r = Frame::Round { done: false, messages: vec![(DocId::ACCOUNT, vec![1, 2, 3])] };
        assert_eq!(Frame::decode(&r.encode()).unwrap(), r);
    }

    #[test]
    fn bad_frames_are_typed_errors() {
        let good = Frame::Round { done: true, messages: vec![(docs_first(), vec![9; 10])] }.encode();
        for cut in 0..good.len() {
            assert!(Frame::decode(&good[..cut]).is_err(), "truncated at {cut}");
        }
        let mut other_version = good.clone();
        other_version[2] = 9;
        assert!(matches!(Frame::decode(&other_version), Err(SyncError::UnsupportedVersion { found: 9, .. })));
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(Frame::decode(&trailing).is_err());
        assert!(matches!(Frame::decode(&vec![0u8; MAX_SINGLE * 2]), Err(SyncError::FrameTooLarge { .. })));
    }

    /// A round the size of a mixer's: sync messages whose changes repeat their actor and keys.
    fn mixer_round() -> Frame {
        let messages = (0..60u16)
            .filter_map(doc_from_code)
            .map(|doc| {
                let change: Vec<u8> =
                    [&b"actor-0123456789abcdef updated_at title notes "[..], &[doc_code(doc) as u8; 40]]
                        .concat();
                (doc, change.repeat(4))
            })
            .collect();
        Frame::Round { done: false, messages }
    }

    #[test]
    fn rounds_travel_deflated_and_small_frames_plain() {
        let round = mixer_round();
        let (wire, plain) = round.encode_counted();
        assert_eq!(wire[3], DEFLATE);
        assert!(wire.len() * 3 < plain, "{} B on the wire for {plain} B", wire.len());
        assert_eq!(Frame::decode_counted(&wire).unwrap(), (round, plain));
        let done = Frame::Round { done: true, messages: vec![] };
        assert_eq!(done.encode()[3], PLAIN);
        // Bytes deflate cannot shrink (a compressed document) go as they are.
        let mut noise = vec![0u8; 4096];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut noise);
        let whole = Frame::Round { done: false, messages: vec![(docs_first(), noise)] };
        assert_eq!(whole.encode()[3], PLAIN);
        assert_eq!(Frame::decode(&whole.encode()).unwrap(), whole);
    }

    #[test]
    fn bad_deflated_frames_are_typed_errors() {
        let wire = mixer_round().encode();
        for cut in 4..wire.len() {
            assert!(Frame::decode(&wire[..cut]).is_err(), "truncated at {cut}");
        }
        let mut trailing = wire.clone();
        trailing.extend_from_slice(b"junk");
        assert!(matches!(Frame::decode(&trailing), Err(SyncError::Malformed("trailing bytes"))));
        let mut unknown = wire.clone();
        unknown[3] = 7;
        assert!(matches!(Frame::decode(&unknown), Err(SyncError::Malformed("unknown frame encoding"))));
        // A few kilobytes that would inflate past the cap stop at the cap.
        let mut body = vec![KIND_ROUND, 0];
        body.resize(MAX_BODY + 10, 0);
        let mut bomb = vec![b'K', b'S', PROTOCOL_VERSION, DEFLATE];
        let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&body).unwrap();
        bomb.extend_from_slice(&encoder.finish().unwrap());
        assert!(bomb.len() < 16 * 1024);
        assert!(matches!(Frame::decode(&bomb), Err(SyncError::FrameTooLarge { .. })));
    }

    fn docs_first() -> DocId {
        doc_from_code(0).unwrap()
    }

    proptest! {
        #[test]
        fn decoding_garbage_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            let _ = Frame::decode(&bytes);
            for header in [&[b'K', b'S', PROTOCOL_VERSION, PLAIN, KIND_ROUND][..], &[b'K', b'S', PROTOCOL_VERSION, DEFLATE]] {
                let mut framed = header.to_vec();
                framed.extend_from_slice(&bytes);
                let _ = Frame::decode(&framed);
            }
        }
    }
}
