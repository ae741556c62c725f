-- Capture and interchange: postal addresses, whether a contact has a photo (the bytes stay in
-- the contact's document), and the contact another was merged into (reversible merges).
CREATE TABLE contact_address (
    contact_id TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    kind       TEXT,
    label      TEXT NOT NULL,
    street     TEXT,
    locality   TEXT,
    region     TEXT,
    postcode   TEXT,
    country    TEXT,
    PRIMARY KEY (contact_id, pos)
) WITHOUT ROWID;

ALTER TABLE contact ADD COLUMN photo_type TEXT;
ALTER TABLE contact ADD COLUMN merged_into TEXT;
CREATE INDEX contact_by_merged_into ON contact (merged_into) WHERE merged_into IS NOT NULL;

-- Duplicate detection looks contacts up by normalized e-mail, by E.164 number (indexed since
-- 0002) and, for fuzzy matches, by family name.
CREATE INDEX contact_email_by_key ON contact_email (lower(value));
CREATE INDEX contact_by_family ON contact (lower(family)) WHERE deleted_at IS NULL;
-- The few contacts with no family name are matched by their full name; this keeps that look-up
-- to those rows instead of a scan of every contact on each captured card.
CREATE INDEX contact_without_family ON contact (id) WHERE family IS NULL AND deleted_at IS NULL;
