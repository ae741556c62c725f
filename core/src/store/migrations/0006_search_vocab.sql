-- How many contacts each indexed term occurs in, read to choose a search plan before running it:
-- ranking every match costs about a microsecond each, so broad searches take another path.
CREATE VIRTUAL TABLE contact_vocab USING fts5vocab (contact_fts, 'row');
