-- Users' onboarding flags and the networks' settings, from identity's events, for the
-- investment prerequisites a network may require.
ALTER TABLE directory_users
    ADD COLUMN email_verified        boolean NOT NULL DEFAULT false,
    ADD COLUMN term_service_accepted boolean NOT NULL DEFAULT false,
    ADD COLUMN registration_complete boolean NOT NULL DEFAULT false,
    ADD COLUMN has_been_approved     boolean NOT NULL DEFAULT false;

CREATE TABLE directory_networks (
    network_id  bigint PRIMARY KEY,
    settings    jsonb  NOT NULL DEFAULT '{}'
);
