//! Mutual benefit: what each contact needs, what went each way, and a plain-words reading of
//! the balance. Matching something the user noted against open needs suggests whom it helps.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};

use super::scope::Scope;
use super::settings::Settings;
use super::{DAY_MS, date_of, days_between, start_of_day_ms};
use crate::error::{Error, Result};
use crate::id::Id;
use crate::model::{Need, NeedStatus};
use crate::store::{Store, parsed};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Balance {
    pub contact: Id,
    pub name: String,
    pub gave: usize,
    pub received: usize,
    /// "You have received 4 things from Dana and given 0. Time to offer something."
    pub reading: String,
    /// Received more than one thing beyond what was given: it asks for action (and Today
    /// shows it). A difference of one is within tolerance.
    pub owe_back: bool,
}

/// More received than given by this much asks for something in return.
const TOLERANCE: usize = 1;

fn reading(name: &str, gave: usize, received: usize) -> String {
    let first = name.split_whitespace().next().unwrap_or(name);
    let things = |n: usize| if n == 1 { "1 thing".to_string() } else { format!("{n} things") };
    match (gave, received) {
        (0, 0) => format!("Nothing has gone either way with {first} yet."),
        (g, r) if g == r => format!("Even with {first}: you each gave {}.", things(g)),
        (g, r) if r > g + TOLERANCE => {
            format!("You have received {} from {first} and given {g}. Time to offer something.", things(r))
        }
        (g, r) if g > r + TOLERANCE => format!("You have given {first} {} and received {r}.", things(g)),
        (g, r) if r > g => format!("Nearly even with {first}: you gave {g} and received {}.", things(r)),
        (g, r) => format!("Nearly even with {first}: you gave {} and received {r}.", things(g)),
    }
}

fn balance_row(r: &Row) -> rusqlite::Result<(String, String, i64, i64)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
}

const BALANCE_SQL: &str = "SELECT c.id, c.full_name,
        (SELECT count(*) FROM exchange x WHERE x.contact_id = c.id AND x.flow = 'gave'),
        (SELECT count(*) FROM exchange x WHERE x.contact_id = c.id AND x.flow = 'received')
   FROM contact c";

fn to_balance((id, name, gave, received): (String, String, i64, i64)) -> Option<Balance> {
    let (gave, received) = (gave as usize, received as usize);
    Some(Balance {
        contact: id.parse().ok()?,
        reading: reading(&name, gave, received),
        owe_back: received > gave + TOLERANCE,
        name,
        gave,
        received,
    })
}

pub(crate) fn balance(store: &Store, contact: Id) -> Result<Balance> {
    let row = store
        .connection()
        .query_row(&format!("{BALANCE_SQL} WHERE c.id = ?1"), [contact.to_string()], balance_row)
        .optional()?;
    row.and_then(to_balance).ok_or_else(|| Error::NotFound { kind: "contact", id: contact.to_string() })
}

/// Every contact with any exchange, most lopsided first.
pub(crate) fn balances(store: &Store) -> Result<Vec<Balance>> {
    balances_where(store, "", &Scope::All)
}

/// The balances that ask for something back: more received than given, past the tolerance.
pub(crate) fn balances_owed_back(store: &Store, scope: &Scope) -> Result<Vec<Balance>> {
    Ok(balances_where(store, &format!("HAVING received > gave + {TOLERANCE}"), scope)?
        .into_iter()
        .filter(|b| b.owe_back)
        .collect())
}

/// Counted from the exchanges up, so the cost follows the ledger rather than the address book.
fn balances_where(store: &Store, having: &str, scope: &Scope) -> Result<Vec<Balance>> {
    let sql = format!(
        "SELECT c.id, c.full_name, x.gave, x.received
           FROM (SELECT contact_id, sum(flow = 'gave') AS gave, sum(flow = 'received') AS received
                   FROM exchange WHERE true{} GROUP BY contact_id {having}) x
           JOIN contact c INDEXED BY contact_names ON c.id = x.contact_id
          WHERE c.deleted_at IS NULL",
        scope.contacts_filter("contact_id")
    );
    let mut rows: Vec<Balance> =
        scope.rows(store.connection(), &sql, &[], balance_row)?.into_iter().filter_map(to_balance).collect();
    rows.sort_by(|a, b| {
        let skew = |x: &Balance| (x.received as i64 - x.gave as i64).abs();
        skew(b).cmp(&skew(a)).then_with(|| a.name.cmp(&b.name)).then_with(|| a.contact.cmp(&b.contact))
    });
    Ok(rows)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedView {
    pub need: Need,
    pub contact_name: String,
    /// Why it asks for a review now, if it does.
    pub review_reason: Option<String>,
}

const NEED_SQL: &str =
    "SELECT n.id, n.contact_id, n.what, n.status, n.review_on, n.reviewed_at, n.created_at,
        n.updated_at, c.full_name
   FROM need n JOIN contact c INDEXED BY contact_names ON c.id = n.contact_id";

fn need_row(r: &Row) -> rusqlite::Result<(Option<Need>, String)> {
    // A row that does not read as a need (a foreign writer's) is skipped, not fatal.
    let need = (|| {
        Some(Need {
            id: parsed(r, 0).ok()??,
            contact: parsed(r, 1).ok()??,
            what: r.get(2).ok()?,
            status: parsed(r, 3).ok()??,
            review_on: parsed(r, 4).ok()?,
            reviewed_at: r.get(5).ok()?,
            created_at: r.get(6).ok()?,
            updated_at: r.get(7).ok()?,
        })
    })();
    Ok((need, r.get(8)?))
}

fn review_reason(need: &Need, today: NaiveDate, settings: &Settings) -> Option<String> {
    if need.status != NeedStatus::Open {
        return None;
    }
    if let Some(on) = need.review_on {
        return (on <= today).then(|| format!("review was due {on}"));
    }
    let last = date_of(need.reviewed_at.unwrap_or(need.created_at));
    let idle = days_between(last, today);
    (idle >= settings.review_after_days).then(|| format!("not looked at for {idle} days"))
}

/// Needs, open first, optionally of one contact.
pub(crate) fn needs(store: &Store, contact: Option<Id>) -> Result<Vec<NeedView>> {
    needs_where(store, contact.map_or(Needs::All, Needs::Of))
}

/// Which needs to read.
#[derive(Clone, Copy)]
enum Needs<'a> {
    All,
    Of(Id),
    /// Open ones whose review is due, in a scope: the SQL reads only candidates,
    /// `review_reason` decides.
    ToReview(&'a Scope),
}

fn needs_where(store: &Store, which: Needs) -> Result<Vec<NeedView>> {
    let settings = Settings::load(store)?;
    let today = store.clock().today();
    let order = "ORDER BY n.status = 'open' DESC, n.created_at, n.id";
    let day = today.to_string();
    let contact = match which {
        Needs::Of(c) => c.to_string(),
        _ => String::new(),
    };
    // Idle long enough once last looked at before the start of the day `review_after_days - 1`
    // days ago; a review day that does not parse counts as none.
    let idle_before = start_of_day_ms(today) - (settings.review_after_days - 1) * DAY_MS;
    let (sql, args, scope): (String, Vec<&dyn rusqlite::ToSql>, &Scope) = match which {
        Needs::Of(_) => (format!("{NEED_SQL} WHERE n.contact_id = ?1 {order}"), vec![&contact], &Scope::All),
        Needs::All => (format!("{NEED_SQL} WHERE c.deleted_at IS NULL {order}"), vec![], &Scope::All),
        Needs::ToReview(scope) => {
            let sql = format!(
                "{NEED_SQL} WHERE c.deleted_at IS NULL AND {} = 'open'
                    AND (n.review_on <= ?1
                         OR (julianday(n.review_on) IS NULL AND coalesce(n.reviewed_at, n.created_at) < ?2)){}
                  {order}",
                scope.not_leading("n.status"),
                scope.contacts_filter("n.contact_id")
            );
            (sql, vec![&day, &idle_before], scope)
        }
    };
    let rows = scope.rows(store.connection(), &sql, &args, need_row)?;
    Ok(rows
        .into_iter()
        .filter_map(|(need, contact_name)| {
            let need = need?;
            let review_reason = review_reason(&need, today, &settings);
            Some(NeedView { need, contact_name, review_reason })
        })
        .collect())
}

/// Open needs whose review is due or that nobody has looked at for a while, oldest first.
pub(crate) fn needs_to_review(store: &Store, scope: &Scope) -> Result<Vec<NeedView>> {
    Ok(needs_where(store, Needs::ToReview(scope))?
        .into_iter()
        .filter(|n| n.review_reason.is_some())
        .collect())
}

#[derive(Debug, Clone, PartialEq)]
pub struct NeedMatch {
    pub need: NeedView,
    /// Higher is a better match.
    pub score: f64,
}

/// Open needs that something the user noted (a job lead, an article, a company) could help,
/// best first: any word may match the need's text or the contact's tags.
pub(crate) fn match_needs(store: &Store, text: &str) -> Result<Vec<NeedMatch>> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(|w| format!("\"{w}\"*"))
        .collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let query = words.join(" OR ");
    let sql = format!(
        "{NEED_SQL} JOIN need_fts f ON f.rowid = n.rowid
          WHERE need_fts MATCH ?1 AND n.status = 'open' AND c.deleted_at IS NULL
          ORDER BY bm25(need_fts, 3.0, 1.0), n.id LIMIT 20"
    );
    let conn = store.connection();
    let rows = conn.prepare(&sql)?.query_map([&query], need_row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    let count = rows.len();
    Ok(rows
        .into_iter()
        .enumerate()
        .filter_map(|(rank, (need, contact_name))| {
            Some(NeedMatch {
                need: NeedView { need: need?, contact_name, review_reason: None },
                score: (count - rank) as f64,
            })
        })
        .collect())
}
