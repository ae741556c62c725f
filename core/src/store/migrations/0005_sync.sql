-- Device-to-device sync. `device` is derived from the account document (paired devices
-- replicate); `sync_state` and `sync_peer` are this device's own bookkeeping, never replicated.
CREATE TABLE device (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    public_key TEXT NOT NULL,
    paired_at  INTEGER NOT NULL,
    revoked_at INTEGER
) WITHOUT ROWID;

CREATE TABLE sync_state (
    peer   TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    state  BLOB NOT NULL,
    PRIMARY KEY (peer, doc_id)
) WITHOUT ROWID;

CREATE TABLE sync_peer (
    peer           TEXT PRIMARY KEY,
    last_sync_at   INTEGER NOT NULL,
    bytes_sent     INTEGER NOT NULL,
    bytes_received INTEGER NOT NULL
) WITHOUT ROWID;
