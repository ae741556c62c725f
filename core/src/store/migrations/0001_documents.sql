-- The replicated truth: Automerge documents as a snapshot plus incremental chunks, and the heads
-- the read model reflects. Everything else in the file is derived from these three tables.
-- Snapshots and chunks record the document's heads after them, so that a replica merging this
-- file can skip the parts it already holds without parsing them.
CREATE TABLE am_snapshot (
    doc_id   TEXT PRIMARY KEY,
    bytes    BLOB NOT NULL,
    heads    BLOB NOT NULL,
    saved_at INTEGER NOT NULL
);

CREATE TABLE am_chunk (
    doc_id TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    bytes  BLOB NOT NULL,
    heads  BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
);

CREATE TABLE doc_state (
    doc_id        TEXT PRIMARY KEY,
    indexed_heads BLOB NOT NULL,
    epoch         INTEGER NOT NULL DEFAULT 1
);
