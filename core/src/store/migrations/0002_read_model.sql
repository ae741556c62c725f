-- The read model: rows derived only from the documents, rebuilt from them at will. Each row
-- records its bucket so that one bucket can be re-materialized alone.
CREATE TABLE contact (
    id              TEXT PRIMARY KEY,
    bucket          INTEGER NOT NULL,
    full_name       TEXT NOT NULL,
    given           TEXT,
    family          TEXT,
    phonetic        TEXT,
    title           TEXT,
    organization_id TEXT,
    met_event       TEXT,
    met_place       TEXT,
    met_date        TEXT,
    introduced_by   TEXT,
    familiarity     TEXT NOT NULL,
    cadence_days    INTEGER,
    notes           TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    deleted_at      INTEGER,
    sort_key        TEXT NOT NULL
);
CREATE INDEX contact_by_bucket ON contact (bucket);
CREATE INDEX contact_by_name ON contact (sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX contact_by_organization ON contact (organization_id);
CREATE INDEX contact_by_event ON contact (met_event COLLATE NOCASE);

CREATE TABLE contact_email (
    contact_id TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    value      TEXT NOT NULL,
    kind       TEXT,
    PRIMARY KEY (contact_id, pos)
) WITHOUT ROWID;
CREATE INDEX contact_email_by_value ON contact_email (value COLLATE NOCASE);

CREATE TABLE contact_phone (
    contact_id TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    e164       TEXT,
    raw        TEXT NOT NULL,
    kind       TEXT,
    PRIMARY KEY (contact_id, pos)
) WITHOUT ROWID;
CREATE INDEX contact_phone_by_e164 ON contact_phone (e164);

CREATE TABLE contact_website (
    contact_id TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    url        TEXT NOT NULL,
    PRIMARY KEY (contact_id, pos)
) WITHOUT ROWID;

CREATE TABLE contact_tag (
    contact_id TEXT NOT NULL,
    tag        TEXT NOT NULL,
    PRIMARY KEY (contact_id, tag)
) WITHOUT ROWID;
CREATE INDEX contact_tag_by_tag ON contact_tag (tag);

CREATE TABLE organization (
    id         TEXT PRIMARY KEY,
    bucket     INTEGER NOT NULL,
    name       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX organization_by_bucket ON organization (bucket);
CREATE INDEX organization_by_name ON organization (name COLLATE NOCASE);

CREATE TABLE employment (
    id              TEXT PRIMARY KEY,
    contact_id      TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    title           TEXT,
    since           TEXT,
    until           TEXT
);
CREATE INDEX employment_by_contact ON employment (contact_id);

CREATE TABLE meeting (
    id          TEXT PRIMARY KEY,
    bucket      INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    title       TEXT,
    purpose     TEXT,
    agenda_json TEXT NOT NULL,
    notes       TEXT NOT NULL,
    outcome     TEXT,
    next_step   TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    deleted_at  INTEGER
);
CREATE INDEX meeting_by_bucket ON meeting (bucket);
CREATE INDEX meeting_by_time ON meeting (occurred_at);

CREATE TABLE meeting_participant (
    meeting_id TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    PRIMARY KEY (meeting_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX meeting_participant_by_contact ON meeting_participant (contact_id);

CREATE TABLE follow_up (
    id            TEXT PRIMARY KEY,
    bucket        INTEGER NOT NULL,
    what          TEXT NOT NULL,
    due           TEXT NOT NULL,
    contact_id    TEXT,
    meeting_id    TEXT,
    direction     TEXT NOT NULL,
    status        TEXT NOT NULL,
    snoozed_until TEXT,
    done_at       INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX follow_up_by_bucket ON follow_up (bucket);
CREATE INDEX follow_up_by_due ON follow_up (status, due);
CREATE INDEX follow_up_by_contact ON follow_up (contact_id);

-- Concurrent values of one register, until the user picks one.
CREATE TABLE field_conflict (
    entity_id   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    field       TEXT NOT NULL,
    values_json TEXT NOT NULL,
    PRIMARY KEY (entity_id, field)
) WITHOUT ROWID;

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Diacritics and case folded (jose finds José); 2- and 3-character prefix indexes keep
-- type-ahead prefix queries fast.
CREATE VIRTUAL TABLE contact_fts USING fts5 (
    name, organization, title, emails, tags, notes, meetings, met,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);
