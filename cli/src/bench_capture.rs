//! `kith bench --capture`: the card reader's cold first call and warm latency, a 5k-contact
//! vCard import (time and peak memory, in a child process of its own), and F1 on the corpus.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use kith_core::capture::eval::{self, FIELDS};
use kith_core::capture::{CardLine, read_card};
use kith_core::{Error, ImportOptions, Kith, interchange};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use crate::Out;
use crate::bench::{fail, ms, percentile, status_kb};
use crate::cli::BenchArgs;

const IMPORT_CONTACTS: usize = 5_000;

pub fn run(args: &BenchArgs, out: &Out) -> Result<(), Error> {
    if let Some(child) = &args.child {
        let figures = match child.extension().and_then(|e| e.to_str()) {
            Some("vcf") => measure_import(child)?,
            _ => measure_reader(&args.corpus)?,
        };
        println!("{figures}");
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let vcf = dir.path().join("contacts.vcf");
    std::fs::write(&vcf, synthetic_vcards(IMPORT_CONTACTS))?;
    let exe = std::env::current_exe()?;
    let child = |arg: &Path| -> Result<Value, Error> {
        let output = Command::new(&exe)
            .args(["bench", "--capture", "--corpus"])
            .arg(&args.corpus)
            .arg("--child")
            .arg(arg)
            .output()?;
        if !output.status.success() {
            return Err(fail(&String::from_utf8_lossy(&output.stderr)));
        }
        eprint!("{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice(&output.stdout).map_err(|_| fail("unreadable figures"))
    };
    let reader = child(&dir.path().join("reader"))?;
    let import = child(&vcf)?;
    let figures = json!({"reader": reader, "import": import});
    out.emit(figures.clone(), || {
        let r = &figures["reader"];
        let i = &figures["import"];
        let mut s = String::from("== capture ==\n");
        s.push_str(&format!(
            "  card text -> draft        cold first call {} ms (phone metadata), warm_up() {} ms\n",
            r["cold_first_ms"], r["warm_up_ms"]
        ));
        s.push_str(&format!(
            "  card text -> draft, warm  p50 {} ms, p99 {} ms ({} reads over {} regions' cards)\n",
            r["warm_ms"]["p50"], r["warm_ms"]["p99"], r["warm_ms"]["reads"], r["regions"]
        ));
        s.push_str(&format!(
            "    every region seen once  p50 {} ms, p99 {} ms; a region's first card up to {} ms; reader peak RSS {} MB\n",
            r["after_first_pass_ms"]["p50"], r["after_first_pass_ms"]["p99"], r["first_pass_max_ms"], r["peak_rss_mb"]
        ));
        s.push_str(&format!(
            "  vCard import {} contacts  {} s (read {} s, plan {} s, write {} s), peak RSS {} MB, file {} MB\n",
            i["contacts"], i["total_s"], i["read_s"], i["plan_s"], i["write_s"], i["peak_rss_mb"], i["file_mb"]
        ));
        s.push_str(&format!("  re-import of the same file: {} added, {} s\n", i["reimport_added"], i["reimport_s"]));
        if let Some(fields) = r["f1"].as_object() {
            let line = FIELDS.iter().map(|f| format!("{f} {}", fields[*f])).collect::<Vec<_>>().join(", ");
            s.push_str(&format!("  F1 on {} corpus cards    {line}\n", r["corpus_cards"]));
            s.push_str(&format!(
                "  cards with every field right {}%, fields from cards that have none {}\n",
                r["cards_all_right_pct"], r["fields_from_negatives"]
            ));
        }
        s
    });
    Ok(())
}

fn measure_reader(corpus_dir: &Path) -> Result<Value, Error> {
    let card: Vec<CardLine> =
        ["Ana Reyes", "Head of Partnerships", "Brightwave Labs", "T +1 415 555 0132", "ana@brightwave.io"]
            .map(CardLine::plain)
            .to_vec();
    // The first read in a fresh process pays for the phone-number metadata.
    let started = Instant::now();
    read_card(&card, Some("US"))?;
    let cold = ms(started);
    let started = Instant::now();
    kith_core::capture::warm_up();
    let warm_up = ms(started);
    // No corpus (run outside the repository): the latency figures use one card, no F1.
    let cards = eval::load_dir(corpus_dir).unwrap_or_default();
    let inputs: Vec<(Vec<CardLine>, Option<String>)> = if cards.is_empty() {
        vec![(card.clone(), Some("US".into()))]
    } else {
        cards.iter().map(|c| (c.lines.clone(), c.expected.region.clone())).collect()
    };
    let regions: std::collections::BTreeSet<_> = inputs.iter().filter_map(|(_, r)| r.clone()).collect();
    let mut samples = Vec::new();
    for _ in 0..20 {
        for (lines, region) in &inputs {
            let started = Instant::now();
            read_card(lines, region.as_deref())?;
            samples.push(ms(started));
        }
    }
    let reads = samples.len();
    // The first read of each region compiles its number patterns: a cost paid once per region.
    let first_pass: Vec<f64> = samples[..inputs.len()].to_vec();
    let mut later = samples[inputs.len()..].to_vec();
    let first_max = first_pass.iter().copied().fold(0.0, f64::max);
    let mut figures = json!({
        "first_pass_max_ms": (first_max * 1000.0).round() / 1000.0,
        "after_first_pass_ms": {"p50": percentile(&mut later, 0.5), "p99": percentile(&mut later, 0.99)},
        "peak_rss_mb": status_kb("VmHWM:") / 1024,
        "regions": regions.len(),
        "cold_first_ms": (cold * 100.0).round() / 100.0,
        "warm_up_ms": (warm_up * 1000.0).round() / 1000.0,
        "warm_ms": {"p50": percentile(&mut samples, 0.5), "p99": percentile(&mut samples, 0.99), "reads": reads},
    });
    if !cards.is_empty() {
        let report = eval::score(&cards)?;
        let f1: serde_json::Map<String, Value> = FIELDS
            .iter()
            .map(|f| (f.to_string(), json!((report.fields[f].f1() * 1000.0).round() / 1000.0)))
            .collect();
        figures["f1"] = Value::Object(f1);
        figures["corpus_cards"] = json!(report.cards);
        figures["cards_all_right_pct"] =
            json!((1000.0 * f64::from(report.cards_all_right) / f64::from(report.cards)).round() / 10.0);
        figures["fields_from_negatives"] = json!(report.fields_from_negatives);
    }
    Ok(figures)
}

fn measure_import(vcf: &Path) -> Result<Value, Error> {
    let dir = tempfile::tempdir()?;
    let mut store = Kith::open(dir.path().join("import.db"))?;
    let bytes = std::fs::read(vcf)?;
    let read = Instant::now();
    interchange::read(&bytes, None)?;
    let read_s = read.elapsed().as_secs_f64();
    let options = ImportOptions { region: Some("US".into()), ..ImportOptions::default() };
    // A dry run reads and plans; the real import does both again, then writes.
    let planned = Instant::now();
    store.import_contacts(&bytes, None, &options, true, &mut |_, _| {})?;
    let plan_s = planned.elapsed().as_secs_f64() - read_s;
    let started = Instant::now();
    let summary = store.import_contacts(&bytes, None, &options, false, &mut |_, _| {})?.summary;
    let total_s = started.elapsed().as_secs_f64();
    let write_s = total_s - read_s - plan_s;
    let again = Instant::now();
    let reimport = store.import_contacts(&bytes, None, &options, false, &mut |_, _| {})?.summary;
    let round = |s: f64| (s * 100.0).round() / 100.0;
    Ok(json!({
        "contacts": summary.added,
        "file_mb": round(bytes.len() as f64 / 1_048_576.0),
        "read_s": round(read_s),
        "plan_s": round(plan_s),
        "write_s": round(write_s),
        "total_s": round(total_s),
        "reimport_added": reimport.added,
        "reimport_s": round(again.elapsed().as_secs_f64()),
        "peak_rss_mb": status_kb("VmHWM:") / 1024,
    }))
}

/// A phone's export of `n` people: 3.0 and 2.1 cards, quoted-printable notes, work and home
/// addresses, several numbers, birthdays without a year, a few small photos.
fn synthetic_vcards(n: usize) -> String {
    const GIVEN: &[&str] = &[
        "Ana", "Ben", "Chen", "Dana", "Emeka", "Farah", "Goran", "Hana", "Ines", "Jonas", "Kofi", "Lena",
        "Mateo", "Nia", "Omar", "Priya",
    ];
    const FAMILY: &[&str] = &[
        "Reyes",
        "Okafor",
        "Wei",
        "Levi",
        "Mensah",
        "Haddad",
        "Novak",
        "Sato",
        "Costa",
        "Berg",
        "Boateng",
        "Fischer",
        "Rossi",
        "Adeyemi",
        "Khan",
        "Natarajan",
    ];
    const SYLLABLES: &[&str] =
        &["ka", "ren", "do", "mi", "sa", "lo", "ve", "ti", "na", "bor", "gu", "fel", "an", "stro"];
    const ORGS: &[&str] = &[
        "Brightwave Labs",
        "Harrow Finch",
        "Loomstack, Inc.",
        "Nordlicht Energie AG",
        "Quarry Labs",
        "Tidewater Energy",
    ];
    let mut rng = StdRng::seed_from_u64(11);
    let mut s = String::new();
    for i in 0..n {
        // Every name distinct, as in a real address book: family names built from syllables.
        let given = GIVEN[i % GIVEN.len()];
        let syllable = |k: usize| SYLLABLES[(i / GIVEN.len() / k) % SYLLABLES.len()];
        let family = format!(
            "{}{}{}",
            syllable(1),
            syllable(SYLLABLES.len()),
            syllable(SYLLABLES.len() * SYLLABLES.len())
        );
        let mut family = family[..1].to_uppercase() + &family[1..];
        if i % 7 == 0 {
            family.push_str(&format!("-{}", FAMILY[i % FAMILY.len()]));
        }
        let family = family.as_str();
        let org = ORGS.choose(&mut rng).expect("orgs");
        let domain: String = org.to_lowercase().chars().filter(char::is_ascii_alphanumeric).collect();
        if i % 3 == 0 {
            s.push_str(&format!(
                "BEGIN:VCARD\r\nVERSION:2.1\r\nN:{family};{given}\r\nFN:{given} {family}\r\n"
            ));
            s.push_str(&format!("TEL;CELL;PREF:+1 415 {:03} {:04}\r\n", rng.random_range(200..999), i));
            s.push_str("NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Met at the caf=C3=A9 mixer=0D=0Asecond line\r\n");
        } else {
            s.push_str(&format!(
                "BEGIN:VCARD\r\nVERSION:3.0\r\nN:{family};{given};;;\r\nFN:{given} {family}\r\n"
            ));
            s.push_str(&format!("TEL;TYPE=WORK,VOICE:(212) {:03}-{:04}\r\n", rng.random_range(200..999), i));
            s.push_str(&format!("TEL;TYPE=HOME:+44 20 7946 {:04}\r\n", i % 10_000));
        }
        s.push_str(&format!(
            "ORG:{org}\r\nTITLE:Partner\r\nEMAIL;TYPE=INTERNET:{}.{}.{i}@{domain}.com\r\n",
            given.to_lowercase(),
            family.to_lowercase()
        ));
        s.push_str(&format!(
            "ADR;TYPE=WORK:;;{} Market Street;San Francisco;CA;94103;USA\r\n",
            100 + i % 900
        ));
        s.push_str(&format!(
            "BDAY:--{:02}-{:02}\r\nURL:https://{domain}.com/people/{i}\r\nCATEGORIES:imported,mixer\r\n",
            1 + i % 12,
            1 + i % 28
        ));
        if i % 50 == 0 {
            s.push_str("PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==\r\n");
        }
        s.push_str("END:VCARD\r\n");
    }
    s
}
