//! The command line: every command, its flags and their help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "kith", version, about = "Kith keeps the thread with the people you meet.")]
pub struct Cli {
    /// Database file [default: $KITH_DB, else the platform data directory]
    #[arg(long, global = true)]
    pub db: Option<PathBuf>,
    /// Print JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (any command does on first use) and set account settings
    Init {
        /// Region (ISO country code) for phone numbers written without a country code
        #[arg(long)]
        region: Option<String>,
    },
    /// Add a contact
    Add(AddArgs),
    /// Change fields of a contact (an empty value clears a field)
    Edit(EditArgs),
    /// Append to or replace a contact's notes
    Note {
        id: String,
        #[arg(long, conflicts_with = "set", required_unless_present = "set")]
        append: Option<String>,
        #[arg(long)]
        set: Option<String>,
    },
    /// Show one contact with its meetings and follow-ups
    Show { id: String },
    /// List or search contacts
    List(ListArgs),
    /// Soft-delete a contact (restorable)
    Delete { id: String },
    /// Bring back a deleted contact
    Restore { id: String },
    /// List fields edited concurrently on two devices
    Conflicts,
    /// Settle a conflict by picking one of its values (numbered from 1 as `conflicts` lists them)
    Resolve {
        id: String,
        field: String,
        #[arg(long)]
        pick: usize,
    },
    /// Log and list meetings
    #[command(subcommand)]
    Meeting(MeetingCommand),
    /// Add, finish, snooze and list follow-ups
    #[command(subcommand, name = "followup")]
    FollowUp(FollowUpCommand),
    /// Merge another Kith database file into this one (the other file is not changed)
    Merge { other: PathBuf },
    /// Fill the database with a realistic synthetic network (demos, benchmarks)
    Seed {
        #[arg(long)]
        contacts: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Check the read model against the documents; --repair rebuilds it
    Doctor {
        #[arg(long)]
        repair: bool,
    },
    /// Fold stored changes into snapshots
    Compact,
    /// Measure open, search, edit and merge on seeded databases
    Bench(BenchArgs),
    /// A scripted story on a fresh temporary database: a mixer, two devices, a merge, a conflict
    Tour,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub given: Option<String>,
    #[arg(long)]
    pub family: Option<String>,
    /// E-mail, optionally kind-prefixed (work:ana@acme.com); repeatable
    #[arg(long = "email")]
    pub emails: Vec<String>,
    /// Phone, optionally kind-prefixed (mobile:+1 415 555 2671); repeatable
    #[arg(long = "phone")]
    pub phones: Vec<String>,
    #[arg(long = "website")]
    pub websites: Vec<String>,
    #[arg(long)]
    pub org: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// The event where you met
    #[arg(long)]
    pub met_at: Option<String>,
    #[arg(long)]
    pub met_place: Option<String>,
    /// When you met: YYYY-MM-DD, today, yesterday
    #[arg(long)]
    pub met_on: Option<String>,
    /// Id of the contact who introduced you
    #[arg(long)]
    pub introduced_by: Option<String>,
    /// professional, friendly, personal or unknown
    #[arg(long)]
    pub familiarity: Option<String>,
    /// Keep in touch every N days
    #[arg(long)]
    pub cadence: Option<u32>,
    #[arg(long)]
    pub note: Option<String>,
    /// Region for phone numbers without a country code (overrides the account's)
    #[arg(long)]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    pub id: String,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub given: Option<String>,
    #[arg(long)]
    pub family: Option<String>,
    /// Replaces all e-mails; repeatable
    #[arg(long = "email")]
    pub emails: Vec<String>,
    /// Remove every e-mail
    #[arg(long)]
    pub clear_emails: bool,
    /// Replaces all phones; repeatable
    #[arg(long = "phone")]
    pub phones: Vec<String>,
    #[arg(long)]
    pub clear_phones: bool,
    /// Replaces all websites; repeatable
    #[arg(long = "website")]
    pub websites: Vec<String>,
    #[arg(long)]
    pub org: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long = "add-tag")]
    pub add_tags: Vec<String>,
    #[arg(long = "remove-tag")]
    pub remove_tags: Vec<String>,
    #[arg(long)]
    pub met_at: Option<String>,
    #[arg(long)]
    pub met_place: Option<String>,
    #[arg(long)]
    pub met_on: Option<String>,
    #[arg(long)]
    pub introduced_by: Option<String>,
    #[arg(long)]
    pub familiarity: Option<String>,
    /// Keep in touch every N days (0 clears the cadence)
    #[arg(long)]
    pub cadence: Option<u32>,
    #[arg(long)]
    pub region: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Words to find (prefixes match; accents and case do not matter)
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long)]
    pub tag: Option<String>,
    /// Only contacts met at this event
    #[arg(long)]
    pub met_at: Option<String>,
    /// Only contacts at this organization
    #[arg(long)]
    pub org: Option<String>,
    /// The recently deleted contacts instead
    #[arg(long)]
    pub deleted: bool,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Log a meeting, call or message with one or more contacts
    Log {
        /// Contact id; repeatable
        #[arg(long = "with", required = true)]
        with: Vec<String>,
        /// networking, direct_contact, interview, event, call, message or coffee
        #[arg(long, default_value = "networking")]
        kind: String,
        /// When: YYYY-MM-DD, YYYY-MM-DDTHH:MM (local time), today, now [default: now]
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        purpose: Option<String>,
        /// Agenda item; repeatable
        #[arg(long = "agenda")]
        agenda: Vec<String>,
        #[arg(long)]
        notes: Option<String>,
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long)]
        next_step: Option<String>,
    },
    /// Meetings with one contact, newest first
    List {
        #[arg(long = "with")]
        with: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum FollowUpCommand {
    /// Something to do by a date
    Add {
        #[arg(long)]
        what: String,
        /// YYYY-MM-DD, today, tomorrow, +N (days) or a weekday name
        #[arg(long)]
        due: String,
        #[arg(long)]
        contact: Option<String>,
        #[arg(long)]
        meeting: Option<String>,
        /// They owe it to you (default: you owe it)
        #[arg(long)]
        they_owe: bool,
    },
    /// Mark done
    Done { id: String },
    /// Hide until a date
    Snooze {
        id: String,
        #[arg(long)]
        until: String,
    },
    /// Open follow-ups due today or earlier (or all with --all)
    List {
        #[arg(long)]
        all: bool,
    },
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Network sizes to measure, comma-separated
    #[arg(long, value_delimiter = ',', default_values_t = [1_000usize, 20_000])]
    pub sizes: Vec<usize>,
    /// Measure one size in this process (used by `bench` itself, one child per size)
    #[arg(long, hide = true)]
    pub child: Option<PathBuf>,
}
