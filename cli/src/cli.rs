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
    /// This device's private key file [default: the database path with `.key` appended]
    #[arg(long, global = true)]
    pub key: Option<PathBuf>,
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
        /// The relay for sync across networks, e.g. http://relay.example:3340 ("" clears it)
        #[arg(long)]
        relay: Option<String>,
    },
    /// Add a contact
    Add(AddArgs),
    /// Change fields of a contact (an empty value clears a field)
    Edit(EditArgs),
    /// Append to or replace a contact's notes (--personal: the private notes)
    Note {
        id: String,
        #[arg(long, conflicts_with = "set", required_unless_present = "set")]
        append: Option<String>,
        #[arg(long)]
        set: Option<String>,
        /// The personal notes (family, private life), hidden in a work context
        #[arg(long)]
        personal: bool,
    },
    /// Show one contact with its meetings, follow-ups, needs and balance
    Show {
        id: String,
        /// A work context: leave out personal notes and birthday
        #[arg(long)]
        work: bool,
    },
    /// List or search contacts
    List(ListArgs),
    /// Soft-delete a contact (restorable)
    Delete { id: String },
    /// Bring back a deleted contact, or (with --backup) restore a whole store from a backup
    Restore {
        #[arg(required_unless_present = "backup")]
        id: Option<String>,
        /// A backup made with `kith backup`: restored into --db as a new device of the account
        #[arg(long, conflicts_with = "id")]
        backup: Option<std::path::PathBuf>,
        /// Replace the store at --db if there is one
        #[arg(long, requires = "backup")]
        force: bool,
        /// A file holding the passphrase [default: $KITH_PASSPHRASE]
        #[arg(long, requires = "backup")]
        passphrase_file: Option<std::path::PathBuf>,
    },
    /// Seal the whole store with a passphrase into a file that survives a lost phone
    Backup {
        #[arg(long)]
        out: std::path::PathBuf,
        /// A file holding the passphrase [default: $KITH_PASSPHRASE]
        #[arg(long)]
        passphrase_file: Option<std::path::PathBuf>,
    },
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
    /// Names gained through introductions (two more names per networking meeting)
    #[command(subcommand)]
    Names(NamesCommand),
    /// What contacts are looking for
    #[command(subcommand)]
    Need(NeedCommand),
    /// Record something you gave a contact (it counts as a touch for their cadence)
    Gave(ExchangeArgs),
    /// Record something a contact gave you (it counts as a touch for their cadence)
    Received(ExchangeArgs),
    /// Give and take with one contact, or the most lopsided ones
    Balance { id: Option<String> },
    /// Whom could this help? Matches text against open needs
    Match { text: String },
    /// Open loops in both directions, overdue first
    Loops {
        /// Days before something you owe counts as overdue (saved for every device)
        #[arg(long)]
        overdue_after: Option<u32>,
        /// Days before something owed to you counts as overdue (saved for every device)
        #[arg(long)]
        theirs_overdue_after: Option<u32>,
    },
    /// Keep-in-touch cadences
    #[command(subcommand)]
    Cadence(CadenceCommand),
    /// Contacts past their keep-in-touch cadence
    Drifting,
    /// Referrals you made and what became of them
    #[command(subcommand)]
    Referral(ReferralCommand),
    /// Where the network hangs on one person or one employer
    #[command(subcommand)]
    Network(NetworkCommand),
    /// One ranked list of what to do today, each with its reason
    Today,
    /// How the campaign went this week
    Review {
        /// The seven days ending today (the only period so far)
        #[arg(long)]
        week: bool,
    },
    /// Pair this device with another: one shows a code, the other joins with it
    Pair(PairArgs),
    /// Paired devices: last sync, changes they have not seen; --revoke to cut one off
    Devices {
        #[arg(long)]
        revoke: Option<String>,
    },
    /// Sync with a paired device over TCP
    Sync(SyncArgs),
    /// Run a relay for this account's devices (iroh's relay server, admitting only them)
    Relay {
        /// Address to serve on, e.g. 0.0.0.0:3340
        #[arg(long)]
        listen: String,
        /// Also admit this endpoint id (repeatable); the account's devices always are
        #[arg(long)]
        allow: Vec<String>,
    },
    /// Offline hand-over: a sealed file of what a paired device has not seen
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Merge another Kith database file into this one (the other file is not changed)
    Merge { other: PathBuf },
    /// Read a business card (OCR text) or a QR payload into a contact
    Capture(CaptureArgs),
    /// Import contacts from vCard, MECARD/BIZCARD or LinkedIn's Connections.csv (previewed with --dry-run)
    Import(ImportArgs),
    /// Export every contact as vCard 3.0 / 4.0 or JSON
    Export {
        #[arg(long, value_parser = ["vcard3", "vcard4", "json"])]
        format: String,
        /// Write to this file instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// My card to hand over: set a profile, show it as a QR code or a .vcf
    #[command(subcommand)]
    Card(CardCommand),
    /// "I'm at an event today": captures and added contacts are met there until the day ends
    #[command(subcommand)]
    Event(EventCommand),
    /// One change to many contacts at once (--ids, or a query), in one write
    Bulk(BulkArgs),
    /// Contacts that look like one person, with the evidence
    Duplicates,
    /// Merge OTHER into KEEP: KEEP gains what only OTHER had, OTHER's meetings and follow-ups move (reversible)
    MergeContacts { keep: String, other: String },
    /// Undo the merge that absorbed this contact
    Unmerge { id: String },
    /// Score the card reader on NAME.txt + NAME.expected.json pairs
    EvalCapture {
        dir: PathBuf,
        /// List every field the reader got wrong
        #[arg(long)]
        verbose: bool,
    },
    /// Fill the database with a realistic synthetic network (demos, benchmarks)
    Seed {
        #[arg(long)]
        contacts: usize,
        /// Meetings to log [default: a quarter of the contacts]
        #[arg(long)]
        meetings: Option<usize>,
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
#[command(group(clap::ArgGroup::new("input").required(true).multiple(false)))]
pub struct CaptureArgs {
    /// A file of OCR lines, one per line
    #[arg(long, group = "input")]
    pub text_file: Option<PathBuf>,
    /// OCR text; lines separated by newlines or " / "
    #[arg(long, group = "input")]
    pub text: Option<String>,
    /// A JSON array of lines: strings, or {"text", "bounds": {x, y, width, height}, "confidence"}
    #[arg(long, group = "input")]
    pub lines_json: Option<PathBuf>,
    /// A QR payload: vCard, MECARD, BIZCARD or a LinkedIn profile link
    #[arg(long, group = "input")]
    pub qr: Option<String>,
    /// Region (ISO country code) for numbers without a country code [default: the account's]
    #[arg(long)]
    pub region: Option<String>,
    /// Where you met (saved with the contact)
    #[arg(long)]
    pub met_at: Option<String>,
    /// Add a follow-up you owe by this day (YYYY-MM-DD, +3, friday, …)
    #[arg(long)]
    pub follow_up_by: Option<String>,
    /// Show the draft without saving
    #[arg(long)]
    pub dry_run: bool,
    /// Save as a new contact even when it looks like one already stored
    #[arg(long)]
    pub new: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// [default: guessed from the content]
    #[arg(long, value_parser = ["vcard", "mecard", "linkedin-csv"])]
    pub format: Option<String>,
    /// List what would be added, updated and left as duplicates, without writing
    #[arg(long)]
    pub dry_run: bool,
    /// Region (ISO country code) for numbers without a country code [default: the account's]
    #[arg(long)]
    pub region: Option<String>,
    /// Where these people were met (set on new contacts)
    #[arg(long)]
    pub met_at: Option<String>,
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
    /// Keep-in-touch tier: close, regular or occasional
    #[arg(long)]
    pub tier: Option<String>,
    /// YYYY-MM-DD, or MM-DD when the year is unknown
    #[arg(long)]
    pub birthday: Option<String>,
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
    /// close, regular, occasional ("" clears)
    #[arg(long)]
    pub tier: Option<String>,
    /// YYYY-MM-DD or MM-DD ("" clears)
    #[arg(long)]
    pub birthday: Option<String>,
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
        /// Agenda item; repeatable (default: the kind's template)
        #[arg(long = "agenda")]
        agenda: Vec<String>,
        /// Something you asked for; repeatable
        #[arg(long = "ask")]
        asks: Vec<String>,
        /// Start from the kind's template (purpose and agenda) where not given
        #[arg(long)]
        template: bool,
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
    /// One meeting with the names it yielded
    Show { id: String },
    /// The templates per kind; with --kind and a field, edit that kind's template
    Templates {
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        purpose: Option<String>,
        #[arg(long)]
        opener: Option<String>,
        #[arg(long = "agenda")]
        agenda: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum NamesCommand {
    /// Names gained at a meeting; each becomes a contact introduced by --by (default: the
    /// meeting's only participant)
    Add {
        #[arg(long)]
        meeting: String,
        #[arg(long = "name", required = true)]
        names: Vec<String>,
        #[arg(long)]
        by: Option<String>,
    },
    /// Record that one existing contact introduced another
    Introduce {
        #[arg(long)]
        by: String,
        #[arg(long)]
        contact: String,
        #[arg(long)]
        meeting: Option<String>,
    },
    /// Names not yet contacted (oldest first) and the yield so far
    List,
    /// Move a name on: contacted or met
    Status {
        id: String,
        #[arg(long)]
        status: String,
    },
    /// Yield per networking meeting, per month and per introducer; meetings that yielded nothing
    Yield,
    /// The longest introduction chains
    Chains {
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum NeedCommand {
    Add {
        #[arg(long)]
        contact: String,
        #[arg(long)]
        what: String,
        /// When to look at it again: YYYY-MM-DD, +N, a weekday
        #[arg(long)]
        review_on: Option<String>,
    },
    List {
        #[arg(long)]
        contact: Option<String>,
        /// Only needs due for a review
        #[arg(long)]
        review: bool,
    },
    /// Close a need (--helped when you helped)
    Done {
        id: String,
        #[arg(long)]
        helped: bool,
    },
    /// Mark a need as looked at
    Reviewed {
        id: String,
        #[arg(long)]
        next: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ExchangeArgs {
    #[arg(long)]
    pub contact: String,
    /// introduction, referral, advice, recommendation, information or favor
    #[arg(long)]
    pub kind: String,
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CadenceCommand {
    /// Set a contact's cadence: --days N, --tier T, or --none
    Set {
        id: String,
        #[arg(long, conflicts_with_all = ["tier", "none"])]
        days: Option<u32>,
        #[arg(long, conflicts_with = "none")]
        tier: Option<String>,
        #[arg(long)]
        none: bool,
    },
    /// Days per tier; with a flag, change it for every device
    Tiers {
        #[arg(long)]
        close: Option<u32>,
        #[arg(long)]
        regular: Option<u32>,
        #[arg(long)]
        occasional: Option<u32>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReferralCommand {
    /// I recommended CANDIDATE to a contact (--to) or a company (--company)
    Add {
        #[arg(long)]
        candidate: String,
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        company: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// pending, hired, declined, parted_well or parted_badly
    Update {
        id: String,
        #[arg(long)]
        status: String,
        #[arg(long)]
        note: Option<String>,
    },
    List,
}

#[derive(Debug, Subcommand)]
pub enum NetworkCommand {
    /// People many contacts hang on, and concentration by employer
    Risk {
        #[arg(long, default_value_t = 10)]
        limit: usize,
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
        /// reply, intro, recommendation, article or other
        #[arg(long)]
        kind: Option<String>,
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
pub struct PairArgs {
    /// Show a pairing QR code and wait for the other device to join
    #[arg(long, conflicts_with = "join")]
    pub show: bool,
    /// Over TCP instead: the address to wait on, e.g. 127.0.0.1:7420
    #[arg(long, requires = "show")]
    pub listen: Option<String>,
    /// Join with what the other device shows: its invite (kith:pair/…), or a code with --connect
    #[arg(long)]
    pub join: Option<String>,
    /// Over TCP instead: the address of the device showing the code
    #[arg(long, requires = "join")]
    pub connect: Option<String>,
    #[command(flatten)]
    pub net: NetArgs,
    /// This device's name as the other will list it [default: the host name]
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Stay up: accept the account's devices, and sync soon after each local change
    #[arg(long, conflicts_with_all = ["listen", "connect"])]
    pub watch: bool,
    #[command(flatten)]
    pub net: NetArgs,
    /// Over TCP instead: wait for paired devices on this address, e.g. 127.0.0.1:7420
    #[arg(long, conflicts_with = "connect")]
    pub listen: Option<String>,
    /// Serve one session, then exit
    #[arg(long, requires = "listen")]
    pub once: bool,
    /// Over TCP instead: sync with the paired device at this address
    #[arg(long)]
    pub connect: Option<String>,
    /// Which paired device is there [default: the only one]
    #[arg(long)]
    pub peer: Option<String>,
}

/// How this device reaches the others without addresses: directly on the LAN or hole-punched,
/// else through the account's relay.
#[derive(Debug, Clone, Args)]
pub struct NetArgs {
    /// The relay to use [default: the account's, set with `kith init --relay URL`]
    #[arg(long)]
    pub relay: Option<String>,
    /// Only through the relay, no direct paths
    #[arg(long)]
    pub relay_only: bool,
    /// Do not look for the account's devices on the local network (mDNS)
    #[arg(long)]
    pub no_mdns: bool,
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    Export {
        /// The paired device it is for
        #[arg(long = "for")]
        device: String,
        #[arg(long)]
        out: PathBuf,
    },
    Import {
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Network sizes to measure, comma-separated
    #[arg(long, value_delimiter = ',', default_values_t = [1_000usize, 20_000])]
    pub sizes: Vec<usize>,
    /// Meetings in each seeded network [default: a quarter of the contacts]
    #[arg(long)]
    pub meetings: Option<usize>,
    /// Measure device-to-device sync instead (first sync, a mixer of edits, a no-op)
    #[arg(long)]
    pub sync: bool,
    /// With --sync: over kith-net on loopback, through a relay and directly
    #[arg(long, requires = "sync")]
    pub net: bool,
    /// Measure capture instead: card text -> draft (cold and warm), a 5k-contact vCard import, F1
    #[arg(long, conflicts_with = "sync")]
    pub capture: bool,
    /// The card corpus the capture bench scores
    #[arg(long, default_value = "tests/capture-corpus")]
    pub corpus: PathBuf,
    /// Measure one size in this process (used by `bench` itself, one child per size)
    #[arg(long, hide = true)]
    pub child: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CardCommand {
    /// Set (replace) a profile of my card
    Set(Box<CardSetArgs>),
    /// Show a profile; --qr draws the QR code the other phone's camera reads
    Show {
        #[arg(long, default_value = "professional")]
        profile: String,
        #[arg(long)]
        qr: bool,
        /// Write the whole card as a .vcf file to share
        #[arg(long)]
        vcf: Option<PathBuf>,
    },
    /// The profiles of my card
    List,
    /// Remove a profile
    Delete { profile: String },
}

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Start an event session (today unless --date says otherwise)
    Start {
        name: String,
        #[arg(long)]
        place: Option<String>,
        /// YYYY-MM-DD, +1, friday, …
        #[arg(long)]
        date: Option<String>,
    },
    /// Stop the running session
    Stop,
    /// The running session, if any
    Show,
    /// Everyone met at an event (the running one by default): what each card lacked, notes
    Review { name: Option<String> },
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("action").required(true).multiple(false)))]
pub struct BulkArgs {
    /// Contact ids, comma-separated (instead of a query)
    #[arg(long, value_delimiter = ',', conflicts_with_all = ["search", "tag", "met_at", "org", "deleted"])]
    pub ids: Vec<String>,
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long)]
    pub tag: Option<String>,
    #[arg(long)]
    pub met_at: Option<String>,
    #[arg(long)]
    pub org: Option<String>,
    /// Select among the recently deleted (for --restore)
    #[arg(long)]
    pub deleted: bool,
    /// Add this tag (repeatable)
    #[arg(long = "add-tag", group = "action")]
    pub add_tags: Vec<String>,
    /// Remove this tag (repeatable)
    #[arg(long = "remove-tag", group = "action")]
    pub remove_tags: Vec<String>,
    /// Days between touches, or "none"
    #[arg(long, group = "action")]
    pub cadence: Option<String>,
    /// close, regular, occasional, or "none"
    #[arg(long, group = "action")]
    pub tier: Option<String>,
    /// unknown, professional, friendly or personal
    #[arg(long, group = "action")]
    pub familiarity: Option<String>,
    #[arg(long, group = "action")]
    pub delete: bool,
    #[arg(long, group = "action")]
    pub restore: bool,
}

#[derive(Debug, Args)]
pub struct CardSetArgs {
    #[arg(long, default_value = "professional")]
    pub profile: String,
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub given: Option<String>,
    #[arg(long)]
    pub family: Option<String>,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub org: Option<String>,
    /// Repeatable
    #[arg(long = "email")]
    pub emails: Vec<String>,
    /// Repeatable; stored in E.164 with the account's region
    #[arg(long = "phone")]
    pub phones: Vec<String>,
    /// Repeatable
    #[arg(long = "web")]
    pub websites: Vec<String>,
    #[arg(long)]
    pub address: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
}
