-- The transactional outbox (events written with the change that caused them) and the
-- consumer inbox (event ids already handled, per consumer), present in every service database.
CREATE TABLE outbox (
    id            uuid PRIMARY KEY,
    routing_key   text        NOT NULL,
    envelope      jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;

CREATE TABLE inbox (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    handled_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
