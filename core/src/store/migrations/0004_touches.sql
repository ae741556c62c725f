-- Last touch per contact comes from its participations: each row carries its meeting's time and
-- whether the meeting is live, so the question is answered from an index alone.
ALTER TABLE meeting_participant ADD COLUMN occurred_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE meeting_participant ADD COLUMN live INTEGER NOT NULL DEFAULT 1;
UPDATE meeting_participant SET
    occurred_at = coalesce((SELECT m.occurred_at FROM meeting m WHERE m.id = meeting_id), 0),
    live = coalesce((SELECT m.deleted_at IS NULL FROM meeting m WHERE m.id = meeting_id), 0);
CREATE INDEX meeting_participant_touch ON meeting_participant (contact_id, live, occurred_at);

-- Networking meetings and their yield are read by kind and time without touching the notes.
CREATE INDEX meeting_by_kind ON meeting (kind, occurred_at, id, deleted_at);

-- The last live meeting with each contact, kept with the contact so that "drifting" reads one
-- row per contact with a cadence, from a covering index, never the contact's notes.
ALTER TABLE contact ADD COLUMN last_touch INTEGER;
UPDATE contact SET last_touch = (SELECT max(p.occurred_at) FROM meeting_participant p
                                  WHERE p.contact_id = contact.id AND p.live);
CREATE INDEX contact_cadence ON contact (id, full_name, cadence_days, tier, created_at, met_date, last_touch)
    WHERE deleted_at IS NULL AND (cadence_days IS NOT NULL OR tier IS NOT NULL);
CREATE INDEX contact_birthday ON contact (familiarity, birthday, id, full_name)
    WHERE deleted_at IS NULL AND birthday IS NOT NULL;

-- Names by id without reading the contact's notes (loops, needs and Today list many).
CREATE INDEX contact_names ON contact (id, full_name, deleted_at);
