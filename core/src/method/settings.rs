//! The method's knobs, kept in the account settings so every device agrees.

use crate::error::Result;
use crate::model::Tier;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Days before something I owe counts as overdue (default 7).
    pub i_owe_overdue_days: i64,
    /// Days before something owed to me counts as overdue (default 14).
    pub they_owe_overdue_days: i64,
    /// Days after which an open need with no review date asks to be reviewed (default 30).
    pub review_after_days: i64,
    pub close_days: u32,
    pub regular_days: u32,
    pub occasional_days: u32,
}

pub const I_OWE_OVERDUE: &str = "loops.i_owe.overdue_days";
pub const THEY_OWE_OVERDUE: &str = "loops.they_owe.overdue_days";
pub const REVIEW_AFTER: &str = "needs.review_after_days";

pub fn tier_key(tier: Tier) -> String {
    format!("tier.{}.days", tier.as_str())
}

impl Settings {
    pub(crate) fn load(store: &Store) -> Result<Self> {
        let number = |key: &str, default: i64| -> Result<i64> {
            Ok(store.setting(key)?.and_then(|v| v.parse().ok()).filter(|v: &i64| *v > 0).unwrap_or(default))
        };
        let tier = |t: Tier| -> Result<u32> { Ok(number(&tier_key(t), t.default_days().into())? as u32) };
        Ok(Self {
            i_owe_overdue_days: number(I_OWE_OVERDUE, 7)?,
            they_owe_overdue_days: number(THEY_OWE_OVERDUE, 14)?,
            review_after_days: number(REVIEW_AFTER, 30)?,
            close_days: tier(Tier::Close)?,
            regular_days: tier(Tier::Regular)?,
            occasional_days: tier(Tier::Occasional)?,
        })
    }

    pub fn tier_days(&self, tier: Tier) -> u32 {
        match tier {
            Tier::Close => self.close_days,
            Tier::Regular => self.regular_days,
            Tier::Occasional => self.occasional_days,
        }
    }
}
