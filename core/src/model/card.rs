/// My own details as I hand them over at an exchange: one profile per kind of tie
/// (`professional`, `personal`, …), so the personal number goes only to those who get it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MyCard {
    pub full_name: String,
    pub given: Option<String>,
    pub family: Option<String>,
    pub title: Option<String>,
    pub organization: Option<String>,
    pub emails: Vec<String>,
    /// Stored in E.164 (with the account's region for numbers typed without a country code), so
    /// whoever scans the card gets a number that dials from anywhere.
    pub phones: Vec<String>,
    pub websites: Vec<String>,
    /// One postal address, as it should be printed.
    pub address: Option<String>,
    pub note: Option<String>,
}
