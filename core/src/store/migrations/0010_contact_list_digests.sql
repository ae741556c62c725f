-- A digest of each list a contact's rows hold (e-mails, phones, websites, addresses, other
-- fields, tags, employment), so that a write leaving a list as it was does not delete and
-- re-insert its rows. Rows stored before this step have none and are rewritten on their next
-- write.
ALTER TABLE contact ADD COLUMN list_digests BLOB;
