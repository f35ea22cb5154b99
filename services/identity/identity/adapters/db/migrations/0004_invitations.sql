-- Invitations users send to their contacts.
CREATE TABLE invitations (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id         bigint      NOT NULL REFERENCES networks (id),
    author_id          bigint      NOT NULL REFERENCES users (id),
    email              text        NOT NULL,
    given_name         text,
    family_name        text,
    organization_name  text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    expires_at         timestamptz NOT NULL
);
CREATE INDEX invitations_of_author ON invitations (author_id, id);
