//! Interchange: importing vCard, MECARD/BIZCARD and LinkedIn CSV files as previewed,
//! idempotent merges, and exporting every live contact as vCard 3.0, 4.0 or JSON.

use super::import::{self, ImportItem, ImportOptions, ImportSummary};
use super::{ChangeReason, Kith};
use crate::error::{InvalidInput, Result};
use crate::interchange::{self, Format, vcard};
use crate::store::ContactQuery;

/// What an import did (or, for a dry run, would do): one item per record, then the counts.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    pub dry_run: bool,
    pub items: Vec<ImportItem>,
    pub summary: ImportSummary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    VCard3,
    VCard4,
    Json,
}

impl std::str::FromStr for ExportFormat {
    type Err = InvalidInput;
    fn from_str(s: &str) -> Result<Self, InvalidInput> {
        match s {
            "vcard3" | "vcard" => Ok(Self::VCard3),
            "vcard4" => Ok(Self::VCard4),
            "json" => Ok(Self::Json),
            _ => Err(InvalidInput::UnknownValue { field: "format" }),
        }
    }
}

impl Kith {
    /// Imports a file's bytes (`format` guessed when `None`). Every record is validated and
    /// matched before the first write; with `dry_run` nothing is written. `progress(done,
    /// total)` is called as records are written.
    pub fn import_contacts(
        &mut self,
        bytes: &[u8],
        format: Option<Format>,
        options: &ImportOptions,
        dry_run: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportReport> {
        let drafts = interchange::read(bytes, format)?;
        let plan = import::plan(&self.store, drafts, options)?;
        let items = plan.items.clone();
        let summary = if dry_run {
            plan.summary()
        } else {
            self.record(ChangeReason::Import, |s| import::apply(s, plan, progress))?
        };
        Ok(ImportReport { dry_run, items, summary })
    }

    /// Every live contact in `format`, photos included in vCards. A vCard file cannot be empty
    /// (no reader takes one), so an empty store is refused for vCards; JSON gives `[]`.
    pub fn export_contacts(&mut self, format: ExportFormat) -> Result<String> {
        let contacts = self.store.contacts(&ContactQuery { limit: usize::MAX, ..ContactQuery::default() })?;
        let version = match format {
            ExportFormat::Json => return Ok(interchange::json::write(&contacts)),
            _ if contacts.is_empty() => return Err(InvalidInput::NothingToExport.into()),
            ExportFormat::VCard3 => vcard::Version::V3,
            ExportFormat::VCard4 => vcard::Version::V4,
        };
        let mut out = String::new();
        for c in &contacts {
            let photo = if c.photo_type.is_some() { self.store.photo(c.id)? } else { None };
            vcard::write(&mut out, c, photo.as_ref(), version);
        }
        Ok(out)
    }
}
