//! Interchange: reading contacts from vCard, MECARD / BIZCARD and LinkedIn's CSV export into
//! drafts, and writing contacts out as vCard 3.0 / 4.0. Parsers never touch storage; the
//! store's import plans and applies them (see `store::import`).

pub mod json;
pub mod linkedin;
pub mod mecard;
pub mod vcard;

use crate::capture::Draft;
use crate::error::InvalidInput;

/// Imports read at most this much; bigger files are refused before parsing.
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;

/// The formats an import file may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    VCard,
    MeCard,
    LinkedInCsv,
}

impl Format {
    /// Guesses the format from the first bytes of a file.
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        // Zero bytes dropped: a UTF-16 file's ASCII then reads as ASCII.
        let head: Vec<u8> = bytes[..bytes.len().min(4096)].iter().copied().filter(|b| *b != 0).collect();
        let head = String::from_utf8_lossy(&head).to_ascii_uppercase();
        if head.contains("BEGIN:VCARD") {
            Some(Format::VCard)
        } else if head.trim_start().starts_with("MECARD:") || head.trim_start().starts_with("BIZCARD:") {
            Some(Format::MeCard)
        } else if head.contains("FIRST NAME") && head.contains("LAST NAME") {
            Some(Format::LinkedInCsv)
        } else {
            None
        }
    }
}

impl std::str::FromStr for Format {
    type Err = InvalidInput;
    fn from_str(s: &str) -> Result<Self, InvalidInput> {
        match s {
            "vcard" | "vcf" => Ok(Format::VCard),
            "mecard" | "bizcard" => Ok(Format::MeCard),
            "linkedin-csv" | "linkedin" => Ok(Format::LinkedInCsv),
            _ => Err(InvalidInput::UnknownValue { field: "format" }),
        }
    }
}

/// Reads every record of `bytes` in `format` (guessed when `None`).
pub fn read(bytes: &[u8], format: Option<Format>) -> Result<Vec<Draft>, InvalidInput> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(InvalidInput::FileTooLarge { limit_mb: (MAX_IMPORT_BYTES / (1024 * 1024)) as u32 });
    }
    match format.or_else(|| Format::sniff(bytes)) {
        Some(Format::VCard) => vcard::read(bytes),
        Some(Format::MeCard) => {
            let text = String::from_utf8_lossy(bytes);
            let drafts: Vec<Draft> = text.lines().filter_map(|l| mecard::read(l.trim())).collect();
            if drafts.is_empty() { Err(InvalidInput::NoRecords { format: "MECARD" }) } else { Ok(drafts) }
        }
        Some(Format::LinkedInCsv) => linkedin::read(bytes),
        None => Err(InvalidInput::NoRecords { format: "vCard, MECARD or LinkedIn CSV" }),
    }
}
