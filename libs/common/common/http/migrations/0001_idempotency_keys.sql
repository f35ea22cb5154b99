-- Idempotency-Key: the first answer to a creating POST, replayed for 24 hours to a retry.
CREATE TABLE idempotency_keys (
    scope         text        NOT NULL,  -- network, user and endpoint
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    status        integer,               -- null while the first request is in progress
    content_type  text,
    body          bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
