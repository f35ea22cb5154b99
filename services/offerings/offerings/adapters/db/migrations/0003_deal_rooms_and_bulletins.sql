-- Deal rooms (an offering's access-controlled area) with their forum, and bulletins.
CREATE TABLE deal_rooms (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id   bigint      NOT NULL,
    offering_id  bigint      NOT NULL REFERENCES offerings (id),
    custom       jsonb       NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deal_rooms_of_offering ON deal_rooms (offering_id);

CREATE TABLE topics (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deal_room_id  bigint      NOT NULL REFERENCES deal_rooms (id),
    user_id       bigint      NOT NULL,
    title         text        NOT NULL,
    body          text        NOT NULL DEFAULT '',
    visibility    smallint    NOT NULL DEFAULT 0 CHECK (visibility IN (0, 1, 2)),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX topics_of_deal_room ON topics (deal_room_id, id);

CREATE TABLE posts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic_id    bigint      NOT NULL REFERENCES topics (id),
    user_id     bigint      NOT NULL,
    body        text        NOT NULL,
    visibility  smallint    NOT NULL DEFAULT 0 CHECK (visibility IN (0, 1, 2)),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX posts_of_topic ON posts (topic_id, id);

CREATE TABLE comments (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id     bigint      NOT NULL REFERENCES posts (id),
    user_id     bigint      NOT NULL,
    body        text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_of_post ON comments (post_id, id);

CREATE TABLE bulletins (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id        bigint      NOT NULL,
    offering_id       bigint      NOT NULL REFERENCES offerings (id),
    user_id           bigint      NOT NULL,
    title             text        NOT NULL,
    body              text        NOT NULL DEFAULT '',
    life_cycle_stage  smallint    NOT NULL DEFAULT 2 CHECK (life_cycle_stage BETWEEN 0 AND 3),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bulletins_of_offering ON bulletins (offering_id, id);
