//! LinkedIn's `Connections.csv` export: a few lines of notes, then a header with First Name,
//! Last Name, URL, Email Address, Company, Position, Connected On.

use crate::capture::{Draft, DraftEmail, DraftName, Scored};
use crate::error::InvalidInput;

const REQUIRED: &[&str] = &["First Name", "Last Name"];

pub fn read(bytes: &[u8]) -> Result<Vec<Draft>, InvalidInput> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    // Skip the notes LinkedIn puts before the header.
    let start = text
        .lines()
        .position(|l| l.contains("First Name") && l.contains("Last Name"))
        .ok_or(InvalidInput::MissingColumn { format: "LinkedIn CSV", column: "First Name" })?;
    let body: String = text.lines().skip(start).collect::<Vec<_>>().join("\n");
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(body.as_bytes());
    let headers = reader.headers().map_err(|_| InvalidInput::NoRecords { format: "LinkedIn CSV" })?.clone();
    let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
    for required in REQUIRED {
        column(required).ok_or(InvalidInput::MissingColumn { format: "LinkedIn CSV", column: required })?;
    }
    let (first, last) = (column("First Name"), column("Last Name"));
    let (url, email, company, position, connected) = (
        column("URL"),
        column("Email Address"),
        column("Company"),
        column("Position"),
        column("Connected On"),
    );
    let mut drafts = Vec::new();
    for record in reader.records() {
        let Ok(record) = record else { continue };
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i)).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
        };
        let (given, family) = (get(first), get(last));
        if given.is_none() && family.is_none() {
            continue;
        }
        let full = [given.as_deref(), family.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
        let mut d = Draft {
            name: Some(Scored::certain(DraftName { full, given, family, ..DraftName::default() })),
            title: get(position).map(Scored::certain),
            organization: get(company).map(Scored::certain),
            tags: vec!["linkedin".into()],
            ..Draft::default()
        };
        if let Some(e) = get(email) {
            d.emails.push(Scored::certain(DraftEmail { value: e, kind: None }));
        }
        if let Some(u) = get(url) {
            d.websites.push(Scored::certain(u));
        }
        if let Some(on) = get(connected) {
            d.notes = Some(format!("Connected on LinkedIn on {on}"));
        }
        drafts.push(d);
    }
    if drafts.is_empty() {
        return Err(InvalidInput::NoRecords { format: "LinkedIn CSV" });
    }
    Ok(drafts)
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Reyes,https://www.linkedin.com/in/anareyes,ana@acme.com,\"Acme, Inc.\",Head of Growth,12 Mar 2024\nBen,Okafor,https://www.linkedin.com/in/benokafor,,Brightwave,CTO,01 Feb 2023\n";

    #[test]
    fn reads_the_real_export_shape() {
        let drafts = read(EXPORT.as_bytes()).unwrap();
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[0].organization.as_ref().unwrap().value, "Acme, Inc.");
        assert!(drafts[1].emails.is_empty());
    }

    #[test]
    fn missing_columns_are_named() {
        let err = read(b"Name,Company\nAna,Acme\n").unwrap_err();
        assert_eq!(err, InvalidInput::MissingColumn { format: "LinkedIn CSV", column: "First Name" });
    }
}
