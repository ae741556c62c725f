use kith_core::ErrorKind;

#[derive(Debug, thiserror::Error)]
pub enum NetError {
    /// The core refused or failed (a revoked device, a bad frame, storage).
    #[error(transparent)]
    Kith(#[from] kith_core::Error),
    #[error("the network endpoint could not start: {0}")]
    Bind(String),
    /// The device could not be reached on any path (offline, no relay, a relay down).
    #[error("not reached: {0}")]
    Unreachable(String),
    /// The connection broke or the peer stopped answering mid-conversation.
    #[error("the connection failed: {0}")]
    Connection(String),
    #[error("the peer took longer than {0} s to answer")]
    Timeout(u64),
    /// The other side (or its relay) refused this device.
    #[error("refused: {0}")]
    Refused(String),
    #[error("this device knows no endpoint for {0}: sync with a device that does, or pair again")]
    NoEndpoint(String),
}

impl NetError {
    /// The core's classification, so shells map transport failures like any other.
    pub fn kind(&self) -> ErrorKind {
        match self {
            NetError::Kith(e) => e.kind(),
            NetError::Refused(_) => ErrorKind::Refused,
            NetError::Bind(_) => ErrorKind::Storage,
            _ => ErrorKind::Sync,
        }
    }
}
