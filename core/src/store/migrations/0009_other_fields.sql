-- Properties Kith has no field of its own for (nickname, IM handles, related people, an
-- anniversary, organization units, exporters' X- properties), kept so that exports give them
-- back. Contacts stored before this step have none, so nothing needs rebuilding.
CREATE TABLE contact_other_field (
    contact_id TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    property   TEXT NOT NULL,
    label      TEXT,
    value      TEXT NOT NULL,
    PRIMARY KEY (contact_id, pos)
) WITHOUT ROWID;
