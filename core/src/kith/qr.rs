//! QR codes for the shells to draw (a pairing invite): the core makes the modules, so no shell
//! carries a QR encoder of its own. My card's code is made in `card` (it fits a budget first).

use qrcode::{EcLevel, QrCode};

use super::Kith;
use crate::error::{InvalidInput, Result};

/// Bytes a version-40 code holds at ECC M: more than that cannot be one QR code.
const QR_MAX_BYTES: usize = 2331;

/// A QR code as modules, row by row, `true` dark; `width` modules a side, quiet zone not included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrImage {
    pub width: u32,
    pub modules: Vec<bool>,
}

impl Kith {
    /// The QR code (ECC M, which survives glare and creases) of `text`.
    pub fn qr_code(text: &str) -> Result<QrImage> {
        if text.is_empty() {
            return Err(InvalidInput::Missing { field: "text" }.into());
        }
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|_| InvalidInput::TooLong { field: "text", max: QR_MAX_BYTES })?;
        let modules = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        Ok(QrImage { width: code.width() as u32, modules })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invite_becomes_a_square_of_modules() {
        let qr = Kith::qr_code("kith:pair/ABCD-EFGH@0123456789abcdef?relay=http%3A%2F%2F127.0.0.1%3A3340")
            .unwrap();
        assert_eq!(qr.modules.len(), (qr.width * qr.width) as usize);
        assert!(qr.width >= 21 && qr.width <= 177);
        assert!(qr.modules.iter().any(|m| *m) && qr.modules.iter().any(|m| !*m));
    }

    #[test]
    fn empty_and_oversized_text_are_refused() {
        assert!(Kith::qr_code("").is_err());
        assert!(Kith::qr_code(&"x".repeat(QR_MAX_BYTES + 1)).is_err());
    }
}
