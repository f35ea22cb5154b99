-- Onboarding flags, blocks, addresses and bank accounts, one-time secrets, mail and newsletter.
ALTER TABLE users
    ADD COLUMN term_service_accepted boolean  NOT NULL DEFAULT false,
    ADD COLUMN registration_complete boolean  NOT NULL DEFAULT false,
    ADD COLUMN has_been_approved     boolean  NOT NULL DEFAULT false,
    ADD COLUMN visibility            smallint NOT NULL DEFAULT 0 CHECK (visibility IN (0, 1, 2)),
    ADD COLUMN custom                jsonb    NOT NULL DEFAULT '{}',
    ADD COLUMN blocked_until         date,     -- a block lifts by itself on this day
    ADD COLUMN block_message         text,     -- shown to the user while blocked
    ADD COLUMN deleted_at            timestamptz;

-- The audit record of each block (the document's user_access_denied_log).
CREATE TABLE user_blocks (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id       bigint      NOT NULL REFERENCES networks (id),
    user_id          bigint      NOT NULL REFERENCES users (id),
    user_message     text,
    description      text,
    expiration_date  date,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE user_addresses (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id           bigint NOT NULL REFERENCES users (id),
    building          text,
    sub_building      text,
    street_address    text,
    city              text,
    address_locality  text,
    region            text,
    postal_code       text,
    country           text,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_addresses_of_user ON user_addresses (user_id, id);

CREATE TABLE user_bank_accounts (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id              bigint NOT NULL REFERENCES users (id),
    bank_name            text,
    bank_account_number  text,
    bank_swift_code      text,
    bank_routing_number  text,
    bank_address         text,
    bank_currency        text,
    bank_country         text,
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_bank_accounts_of_user ON user_bank_accounts (user_id, id);

-- Email verification and password reset secrets: only their SHA-256 is kept; single use.
CREATE TABLE user_secrets (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint      NOT NULL REFERENCES users (id),
    purpose      text        NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    secret_hash  text        NOT NULL UNIQUE,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_secrets_of_user ON user_secrets (user_id, purpose);

-- Mail to send, written in the transaction that decides to send it; a sender delivers it.
CREATE TABLE mail_outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id       bigint      NOT NULL REFERENCES networks (id),
    recipient        text        NOT NULL,
    template         text        NOT NULL,
    context          jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    attempts         integer     NOT NULL DEFAULT 0,
    last_error       text,
    sent_at          timestamptz
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE newsletter_signups (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id  bigint      NOT NULL REFERENCES networks (id),
    email       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX newsletter_signups_once ON newsletter_signups (network_id, lower(email));
