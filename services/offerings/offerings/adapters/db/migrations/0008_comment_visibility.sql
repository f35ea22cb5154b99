-- Comments carry a visibility like posts (0 Open, 1 Hidden, 2 Anonymous), as the document lists.
ALTER TABLE comments ADD COLUMN visibility smallint NOT NULL DEFAULT 0 CHECK (visibility BETWEEN 0 AND 2);
