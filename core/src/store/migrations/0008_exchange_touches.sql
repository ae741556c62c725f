-- Giving or receiving help is contact with that person: a contact's last touch is its latest
-- live meeting or exchange, whichever is later. Recomputed once here; the read model keeps it
-- from then on.
CREATE INDEX exchange_touch ON exchange (contact_id, at);
UPDATE contact SET last_touch = (
    SELECT max(t) FROM (
        SELECT max(p.occurred_at) AS t FROM meeting_participant p WHERE p.contact_id = contact.id AND p.live
        UNION ALL
        SELECT max(x.at) FROM exchange x WHERE x.contact_id = contact.id
    )
);
