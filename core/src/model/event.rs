use chrono::NaiveDate;

/// "I'm at SaaStr today": while a session runs, every capture and every contact added is met
/// there. It ends on its own when its day is over, or when stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSession {
    pub name: String,
    pub place: Option<String>,
    pub date: NaiveDate,
}
