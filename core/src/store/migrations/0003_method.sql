-- The networking method: keep-in-touch tiers, birthdays and personal notes on contacts, asks on
-- meetings, loop kinds on follow-ups, and the method's own records.
ALTER TABLE contact ADD COLUMN tier TEXT;
ALTER TABLE contact ADD COLUMN birthday TEXT;
ALTER TABLE contact ADD COLUMN personal_notes TEXT NOT NULL DEFAULT '';
ALTER TABLE meeting ADD COLUMN asks_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE follow_up ADD COLUMN kind TEXT;

CREATE TABLE introduction (
    id            TEXT PRIMARY KEY,
    bucket        INTEGER NOT NULL,
    introducer_id TEXT,
    contact_id    TEXT NOT NULL,
    meeting_id    TEXT,
    status        TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX introduction_by_bucket ON introduction (bucket);
CREATE INDEX introduction_by_meeting ON introduction (meeting_id);
CREATE INDEX introduction_by_introducer ON introduction (introducer_id);
CREATE INDEX introduction_by_contact ON introduction (contact_id);

CREATE TABLE need (
    id          TEXT PRIMARY KEY,
    bucket      INTEGER NOT NULL,
    contact_id  TEXT NOT NULL,
    what        TEXT NOT NULL,
    status      TEXT NOT NULL,
    review_on   TEXT,
    reviewed_at INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX need_by_bucket ON need (bucket);
CREATE INDEX need_by_contact ON need (contact_id);
CREATE INDEX need_by_status ON need (status);

CREATE TABLE exchange (
    id         TEXT PRIMARY KEY,
    bucket     INTEGER NOT NULL,
    contact_id TEXT NOT NULL,
    flow       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    note       TEXT,
    at         INTEGER NOT NULL
);
CREATE INDEX exchange_by_bucket ON exchange (bucket);
CREATE INDEX exchange_by_contact ON exchange (contact_id, flow);

CREATE TABLE referral (
    id            TEXT PRIMARY KEY,
    bucket        INTEGER NOT NULL,
    candidate_id  TEXT NOT NULL,
    to_contact_id TEXT,
    company       TEXT,
    status        TEXT NOT NULL,
    note          TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX referral_by_bucket ON referral (bucket);

CREATE TABLE referral_event (
    referral_id TEXT NOT NULL,
    pos         INTEGER NOT NULL,
    status      TEXT NOT NULL,
    at          INTEGER NOT NULL,
    note        TEXT,
    PRIMARY KEY (referral_id, pos)
) WITHOUT ROWID;

-- Open needs, searchable by what they say and the contact's tags, to match what the user notes.
CREATE VIRTUAL TABLE need_fts USING fts5 (
    what, tags,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Last touch per contact is read from meetings by participant and time.
CREATE INDEX meeting_participant_by_contact_meeting ON meeting_participant (contact_id, meeting_id);
