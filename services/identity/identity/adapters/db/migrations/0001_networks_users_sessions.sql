-- Tenants, their users, session tokens and the nonces of cv-auth digests.
CREATE TABLE networks (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                  text        NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    api_key               text        NOT NULL UNIQUE,
    api_secret            text        NOT NULL,  -- needed in clear to check TokenDigest; never logged or returned
    settings              jsonb       NOT NULL DEFAULT '{}',
    provider_credentials  jsonb       NOT NULL DEFAULT '{}',
    globals               jsonb       NOT NULL DEFAULT '{}',
    cors_origins          text[]      NOT NULL DEFAULT '{}',
    created_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id          bigint      NOT NULL REFERENCES networks (id),
    email               text        NOT NULL,
    password_hash       text,
    given_name          text        NOT NULL DEFAULT '',
    family_name         text        NOT NULL DEFAULT '',
    is_admin            boolean     NOT NULL DEFAULT false,
    is_vip              boolean     NOT NULL DEFAULT false,
    status              text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
    email_verified      boolean     NOT NULL DEFAULT false,
    profile             jsonb       NOT NULL DEFAULT '{}',  -- the document's other user fields
    last_login_at       timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_per_network ON users (network_id, lower(email));

CREATE TABLE sessions (
    id          uuid PRIMARY KEY,
    network_id  bigint      NOT NULL REFERENCES networks (id),
    user_id     bigint      NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX sessions_of_user ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE auth_nonces (
    network_id  bigint      NOT NULL REFERENCES networks (id),
    nonce       text        NOT NULL,
    created     text        NOT NULL,  -- the Created value first sent with this nonce
    seen_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (network_id, nonce)
);
CREATE INDEX auth_nonces_seen_at ON auth_nonces (seen_at);
