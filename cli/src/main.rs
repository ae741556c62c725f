//! `kith`: the desktop shell over kith-core. Every command prints text, or JSON with `--json`;
//! errors go to stderr with a non-zero exit code.

mod bench;
mod bench_anchor;
mod bench_capture;
mod bench_net;
mod capture_commands;
mod cli;
mod commands;
mod dates;
mod exchange_commands;
mod files;
mod json;
mod method_commands;
mod net;
mod p2p;
mod seed;
mod text;
mod tour;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use kith_core::sync::FileKeyStore;
use kith_core::{Error, ErrorKind, InvalidInput, Kith, KithOptions};

use crate::cli::{Cli, Command};

/// What a command prints: JSON for tools, text for people.
pub struct Out {
    pub json: bool,
}

impl Out {
    pub fn emit(&self, value: serde_json::Value, text: impl FnOnce() -> String) {
        if self.json {
            println!("{}", serde_json::to_string_pretty(&value).expect("JSON values serialize"));
        } else {
            let text = text();
            print!("{text}");
            if !text.is_empty() && !text.ends_with('\n') {
                println!();
            }
        }
    }
}

fn main() -> ExitCode {
    // `kith list | head` should end quietly when the reader goes away, as Unix tools do,
    // rather than panic on the failed write.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let out = Out { json: cli.json };
    match run(cli, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let (code, kind) = classify(&e);
            if out.json {
                let body = serde_json::json!({"error": {"kind": kind, "message": e.to_string()}});
                eprintln!("{body}");
            } else {
                eprintln!("kith: {e}");
            }
            ExitCode::from(code)
        }
    }
}

/// Exit codes from the core's one classification: 2 bad input (or a conflict already
/// settled), 3 not found, 4 busy, 5 not a usable database, 6 `doctor` found problems, 7 a peer
/// refused or was refused, 8 another sync failure, 1 anything else.
fn classify(e: &Error) -> (u8, &'static str) {
    let kind = e.kind();
    let code = match kind {
        ErrorKind::InvalidInput | ErrorKind::Conflict => 2,
        ErrorKind::NotFound => 3,
        ErrorKind::Busy => 4,
        ErrorKind::Incompatible => 5,
        ErrorKind::Refused => 7,
        ErrorKind::Sync => 8,
        ErrorKind::Storage => 1,
    };
    (code, kind.as_str())
}

/// `--db`, else the core's default (`$KITH_DB`, else the platform data directory).
fn db_path(explicit: Option<PathBuf>) -> Result<PathBuf, Error> {
    Ok(match explicit {
        Some(path) => path,
        None => kith_core::default_database_path()?,
    })
}

fn run(cli: Cli, out: &Out) -> Result<(), Error> {
    match cli.command {
        Command::Tour => return tour::run(out),
        Command::Bench(args) => return bench::run(args, out),
        Command::EvalCapture { dir, verbose } => return capture_commands::eval_capture(&dir, verbose, out),
        _ => {}
    }
    let db = db_path(cli.db)?;
    let key = cli.key.unwrap_or_else(|| kith_core::default_key_path(&db));
    if let Command::Restore { id: None, backup: Some(file), force, passphrase_file } = &cli.command {
        let passphrase = commands::passphrase(passphrase_file.as_deref())?;
        let options = KithOptions {
            key_store: Some(Box::new(FileKeyStore::new(key))),
            device_name: net::host_name(),
            ..KithOptions::default()
        };
        let mut kith = Kith::restore_backup(file, &passphrase, &db, *force, options)?;
        let contacts = kith.count_contacts()?;
        let repair = kith.lost_pairing()?;
        out.emit(serde_json::json!({"restored": db, "contacts": contacts, "pair_again": repair}), || {
            let again = if repair {
                " This is a new device of the account: pair it with the others (kith pair)."
            } else {
                ""
            };
            format!("Restored {contacts} contacts into {}.{again}", db.display())
        });
        return Ok(());
    }
    let options = KithOptions {
        key_store: Some(Box::new(FileKeyStore::new(key))),
        device_name: match &cli.command {
            Command::Pair(args) => args.name.clone(),
            _ => None,
        }
        .unwrap_or_else(net::host_name),
        ..KithOptions::default()
    };
    let mut store = Kith::open_with(&db, options)?;
    if matches!(
        cli.command,
        Command::Pair(_)
            | Command::Devices { .. }
            | Command::Sync(_)
            | Command::Bundle(_)
            | Command::Relay { .. }
    ) && store.lost_pairing()?
    {
        eprintln!(
            "kith: warning: this database was paired with a different key; its key file is missing or new, \
             so the devices paired before no longer know this one. Pair them again (kith pair)."
        );
    }
    match cli.command {
        // Without an address: over kith-net (LAN, hole-punched, or the account's relay).
        Command::Pair(args) if args.listen.is_none() && args.connect.is_none() => {
            match (args.show, &args.join) {
                (true, _) => p2p::pair_show(store, &args.net, out),
                (false, Some(invite)) => p2p::pair_join(store, invite, &args.net, out),
                (false, None) => Err(InvalidInput::Missing { field: "--show, or --join INVITE" }.into()),
            }
        }
        Command::Sync(args) if args.listen.is_none() && args.connect.is_none() => {
            if args.watch {
                p2p::watch(store, &args.net, out)
            } else {
                p2p::sync(store, &args.net, out)
            }
        }
        Command::Relay { listen, allow } => p2p::relay(store, &listen, allow, out),
        Command::Pair(args) => net::pair(&mut store, args, out),
        Command::Devices { revoke } => net::devices(&mut store, revoke, out),
        Command::Sync(args) => net::sync(&mut store, args, out),
        Command::Bundle(cmd) => net::bundle(&mut store, cmd, out),
        Command::Capture(args) => capture_commands::capture(&mut store, args, out),
        Command::Import(args) => capture_commands::import(&mut store, args, out),
        Command::Export { format, out: path } => {
            capture_commands::export(&mut store, &format, path.as_deref(), out)
        }
        Command::Card(cmd) => exchange_commands::card(&mut store, cmd, out),
        Command::Event(cmd) => exchange_commands::event(&mut store, cmd, out),
        Command::Bulk(args) => exchange_commands::bulk(&mut store, args, out),
        Command::Duplicates => capture_commands::duplicates(&store, out),
        Command::MergeContacts { keep, other } => {
            capture_commands::merge_contacts(&mut store, &keep, &other, out)
        }
        Command::Unmerge { id } => capture_commands::unmerge(&mut store, &id, out),
        command => commands::run(&mut store, command, out),
    }
}
