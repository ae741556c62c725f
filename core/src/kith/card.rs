//! My card: my own details, one profile per kind of tie, handed over as a QR code the other
//! phone's camera reads at arm's length, or as a `.vcf` file.
//!
//! The QR code uses error correction level M (15% of it may be unreadable: glare on a screen,
//! a crease in paper; L is too fragile, Q and H cost a third more modules) and at most version
//! 11 (61 modules a side, 251 bytes at M): shown 5-6 cm wide on a phone, a module is about a
//! millimetre, which phone cameras resolve from 50-70 cm. A card over that budget leaves out
//! its least needed fields (note, address, extra websites, numbers and e-mails, then the title)
//! and says which; the `.vcf` always has every field.

use qrcode::{EcLevel, QrCode, Version};

use super::Kith;
use crate::error::{Error, InvalidInput, Result};
use crate::interchange::vcard;
use crate::model::{MyCard, limits, validate};

/// The QR budget above.
pub const QR_MAX_VERSION: i16 = 11;
pub const QR_BUDGET_BYTES: usize = 251;

const PREFIX: &str = "card.";
const FIELDS: &[&str] = &[
    "full_name",
    "given",
    "family",
    "title",
    "organization",
    "emails",
    "phones",
    "websites",
    "address",
    "note",
];

/// What the other person's camera reads, and the `.vcf` to share instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPayload {
    pub profile: String,
    /// The QR code's text: a vCard 3.0 within the budget.
    pub qr_text: String,
    pub qr_version: i16,
    /// Modules a side; `qr_modules` holds `qr_width * qr_width` of them, row by row, `true` dark.
    pub qr_width: u32,
    pub qr_modules: Vec<bool>,
    /// The error correction level, always `M`.
    pub qr_ecc: String,
    /// Fields the QR code leaves out to stay within the budget (the `.vcf` has them).
    pub left_out: Vec<String>,
    /// The whole card as a `.vcf` file.
    pub vcf: String,
}

fn profile_name(profile: &str) -> Result<String> {
    let p = profile.trim().to_lowercase();
    let ok = !p.is_empty() && p.len() <= 30 && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then_some(p).ok_or_else(|| InvalidInput::UnknownValue { field: "profile" }.into())
}

impl Kith {
    /// Sets a profile of my card (`professional`, `personal`, or a name of my own), replacing it.
    /// Each field is its own setting, so edits of different fields on two devices both survive.
    pub fn set_card(&mut self, profile: &str, card: MyCard) -> Result<MyCard> {
        let profile = profile_name(profile)?;
        let card = self.checked_card(card)?;
        let list = |l: &[String]| serde_json::to_string(l).expect("lists serialize");
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let values = [
            card.full_name.clone(),
            opt(&card.given),
            opt(&card.family),
            opt(&card.title),
            opt(&card.organization),
            list(&card.emails),
            list(&card.phones),
            list(&card.websites),
            opt(&card.address),
            opt(&card.note),
        ];
        let pairs: Vec<(String, String)> =
            FIELDS.iter().zip(values).map(|(f, v)| (format!("{PREFIX}{profile}.{f}"), v)).collect();
        self.edit(|s| s.set_settings(&pairs))?;
        Ok(card)
    }

    /// Removes a profile (its settings are emptied; an empty name means no profile).
    pub fn delete_card(&mut self, profile: &str) -> Result<()> {
        let profile = profile_name(profile)?;
        self.card(&profile)?;
        let pairs: Vec<(String, String)> =
            FIELDS.iter().map(|f| (format!("{PREFIX}{profile}.{f}"), String::new())).collect();
        self.edit(|s| s.set_settings(&pairs))
    }

    pub fn card(&self, profile: &str) -> Result<MyCard> {
        let profile = profile_name(profile)?;
        let prefix = format!("{PREFIX}{profile}.");
        let stored: std::collections::HashMap<String, String> = self
            .store
            .settings_with_prefix(&prefix)?
            .into_iter()
            .map(|(k, v)| (k[prefix.len()..].to_string(), v))
            .collect();
        let get = |f: &str| stored.get(f).cloned().filter(|v| !v.is_empty());
        let list = |f: &str| get(f).and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default();
        let full_name =
            get("full_name").ok_or_else(|| Error::NotFound { kind: "card profile", id: profile })?;
        Ok(MyCard {
            full_name,
            given: get("given"),
            family: get("family"),
            title: get("title"),
            organization: get("organization"),
            emails: list("emails"),
            phones: list("phones"),
            websites: list("websites"),
            address: get("address"),
            note: get("note"),
        })
    }

    /// The profiles of my card, by name.
    pub fn card_profiles(&self) -> Result<Vec<String>> {
        let mut out: Vec<String> = self
            .store
            .settings_with_prefix(PREFIX)?
            .into_iter()
            .filter_map(|(k, v)| {
                let profile = k.strip_prefix(PREFIX)?.strip_suffix(".full_name")?;
                (!v.is_empty()).then(|| profile.to_string())
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// The QR code and `.vcf` of a profile.
    pub fn card_payload(&self, profile: &str) -> Result<CardPayload> {
        let profile = profile_name(profile)?;
        let card = self.card(&profile)?;
        let vcf = vcard::write_card(&card);
        let (qr_card, left_out) = fit_budget(card);
        let qr_text = vcard::write_card(&qr_card);
        // Over budget only when name, organization, one number and one e-mail alone are: the
        // code then grows past version 11 rather than dropping who the person is.
        let code = QrCode::with_error_correction_level(qr_text.as_bytes(), EcLevel::M)
            .map_err(|_| InvalidInput::TooLong { field: "card", max: QR_BUDGET_BYTES })?;
        let qr_version = match code.version() {
            Version::Normal(v) | Version::Micro(v) => v,
        };
        let qr_modules = code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        Ok(CardPayload {
            profile,
            qr_version,
            qr_width: code.width() as u32,
            qr_modules,
            qr_ecc: "M".into(),
            left_out,
            qr_text,
            vcf,
        })
    }

    fn checked_card(&self, card: MyCard) -> Result<MyCard> {
        let full_name = validate::name(&card.full_name)?;
        limits::text("name", &full_name, limits::SHORT_TEXT)?;
        let short = |field: &'static str, v: Option<String>| -> Result<Option<String>> {
            let v = validate::optional_text(v.as_deref());
            if let Some(v) = &v {
                limits::text(field, v, limits::SHORT_TEXT)?;
            }
            Ok(v)
        };
        for (field, list) in
            [("emails", &card.emails), ("phones", &card.phones), ("websites", &card.websites)]
        {
            limits::items(field, list, 10)?;
        }
        let region = self.default_region()?;
        let note = card.note.filter(|n| !n.trim().is_empty());
        if let Some(n) = &note {
            limits::text("note", n, limits::LINE)?;
        }
        Ok(MyCard {
            full_name,
            given: short("given", card.given)?,
            family: short("family", card.family)?,
            title: short("title", card.title)?,
            organization: short("organization", card.organization)?,
            emails: card
                .emails
                .iter()
                .map(|e| validate::email(e).map(|e| e.value))
                .collect::<Result<_, _>>()?,
            phones: card
                .phones
                .iter()
                .map(|p| {
                    let phone = validate::phone(p, region.as_deref())?;
                    Ok(phone.e164.unwrap_or(phone.raw))
                })
                .collect::<Result<_, InvalidInput>>()?,
            websites: card.websites.iter().map(|u| validate::url(u)).collect::<Result<_, _>>()?,
            address: card.address.filter(|a| !a.trim().is_empty()).map(|a| a.trim().to_string()),
            note,
        })
    }
}

fn fits(card: &MyCard) -> bool {
    vcard::write_card(card).len() <= QR_BUDGET_BYTES
}

/// Leaves out the least needed fields until the card fits the QR budget.
fn fit_budget(mut card: MyCard) -> (MyCard, Vec<String>) {
    let mut left_out = Vec::new();
    type Drop = fn(&mut MyCard) -> bool;
    let steps: [(&str, Drop); 7] = [
        ("note", |c| c.note.take().is_some()),
        ("address", |c| c.address.take().is_some()),
        ("websites after the first", |c| c.websites.len() > 1 && c.websites.drain(1..).count() > 0),
        ("numbers after the first", |c| c.phones.len() > 1 && c.phones.drain(1..).count() > 0),
        ("e-mails after the first", |c| c.emails.len() > 1 && c.emails.drain(1..).count() > 0),
        ("website", |c| c.websites.pop().is_some()),
        ("title", |c| c.title.take().is_some()),
    ];
    for (what, drop) in steps {
        if fits(&card) {
            break;
        }
        if drop(&mut card) {
            left_out.push(what.to_string());
        }
    }
    (card, left_out)
}
