-- Embedded documents announced before their timestamps were in the document's form
-- (2026-12-01T21:29:09.928769Z) are rewritten to it (2026-12-01T21:29:09+0000).
UPDATE owned_documents SET document = document || jsonb_build_object('created_at',
    to_char((document->>'created_at')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+0000"'))
WHERE document->>'created_at' LIKE '%Z';
UPDATE owned_documents SET document = document || jsonb_build_object('updated_at',
    to_char((document->>'updated_at')::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+0000"'))
WHERE document->>'updated_at' LIKE '%Z';
