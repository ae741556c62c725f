-- How many buckets each family of this account's documents is split into (`doc::Layout`).
-- A database that already holds bucket documents keeps the 64 they were written with; a new
-- one starts with 256. A device holding no bucket yet takes the layout of the first peer it
-- syncs with.
CREATE TABLE bucket_layout (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    buckets INTEGER NOT NULL CHECK (buckets IN (64, 256))
);
INSERT INTO bucket_layout (id, buckets)
SELECT 1, CASE
    WHEN EXISTS (SELECT 1 FROM am_snapshot WHERE doc_id <> 'account')
      OR EXISTS (SELECT 1 FROM am_chunk WHERE doc_id <> 'account') THEN 64
    ELSE 256
END;
