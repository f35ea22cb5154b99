-- Provider accounts (Facebook, Twitter, LinkedIn) linked to users.
CREATE TABLE social_accounts (
    network_id        bigint      NOT NULL REFERENCES networks (id),
    provider          text        NOT NULL CHECK (provider IN ('facebook', 'twitter', 'linkedin')),
    provider_user_id  text        NOT NULL,
    user_id           bigint      NOT NULL REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (network_id, provider, provider_user_id)
);
