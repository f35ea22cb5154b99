-- Failed password checks per account, for the per-account log-in limit.
CREATE TABLE login_failures (
    network_id  bigint      NOT NULL REFERENCES networks (id),
    email_key   text        NOT NULL,  -- lower(email) as typed, whether or not a user has it
    failed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_recent ON login_failures (network_id, email_key, failed_at);
