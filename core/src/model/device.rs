//! A device of the account, as the replicated device list holds it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub name: String,
    /// Its static X25519 public key, hex.
    pub public_key: String,
    pub paired_at: i64,
    /// Revoked devices are refused by every device from their next session on.
    pub revoked_at: Option<i64>,
    /// When this device last completed a sync with it (local knowledge, not replicated).
    pub last_sync_at: Option<i64>,
    /// Its network endpoint id (an iroh public key, hex), once known: where to dial it.
    pub endpoint: Option<String>,
}
