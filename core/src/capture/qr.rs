//! QR payloads a camera reads off a card or a phone screen: vCard, MECARD, BIZCARD, or a bare
//! LinkedIn profile link.

use super::{Draft, Scored, web};
use crate::error::InvalidInput;
use crate::interchange::{mecard, vcard};

/// Reads a QR payload into a draft. Anything else is refused as not a contact.
pub fn read_qr(payload: &str) -> Result<Draft, InvalidInput> {
    let trimmed = payload.trim();
    if trimmed.to_ascii_uppercase().starts_with("BEGIN:VCARD") {
        return vcard::read(trimmed.as_bytes())?
            .into_iter()
            .next()
            .ok_or(InvalidInput::NoRecords { format: "vCard" });
    }
    if let Some(draft) = mecard::read(trimmed) {
        return Ok(draft);
    }
    if !trimmed.contains(char::is_whitespace) {
        for (found, _) in web::find(trimmed) {
            if let web::Found::Social(s) = found {
                let mut draft = Draft::default();
                draft.socials.push(Scored { value: s, confidence: 1.0 });
                return Ok(draft);
            }
        }
    }
    Err(InvalidInput::NoRecords { format: "QR contact (vCard, MECARD, BIZCARD or LinkedIn link)" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_payload_kind() {
        let v = read_qr("BEGIN:VCARD\nVERSION:3.0\nFN:Ana Reyes\nTEL:+14155550132\nEND:VCARD").unwrap();
        assert_eq!(v.name.unwrap().value.full, "Ana Reyes");
        let m = read_qr("MECARD:N:Reyes,Ana;EMAIL:ana@acme.com;;").unwrap();
        assert_eq!(m.emails[0].value.value, "ana@acme.com");
        let l = read_qr("https://www.linkedin.com/in/ana-reyes/").unwrap();
        assert_eq!(l.socials[0].value.handle, "ana-reyes");
        assert!(read_qr("https://example.com").is_err());
        assert!(read_qr("hello world").is_err());
    }
}
