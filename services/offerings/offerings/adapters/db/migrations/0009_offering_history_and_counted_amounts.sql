-- The history of an offering's terms: each change made after Draft (by an admin), with what
-- each field was and became, and the reason given (required from Closing on).
CREATE TABLE offering_history (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id        bigint      NOT NULL,
    offering_id       bigint      NOT NULL REFERENCES offerings (id),
    user_id           bigint      NOT NULL,
    life_cycle_stage  smallint    NOT NULL,
    changes           jsonb       NOT NULL,
    reason            text,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX offering_history_of_offering ON offering_history (offering_id, id);

-- Only investments with an amount count: the kept figures, recounted without zero ones.
UPDATE offering_investors oi SET counted = (
    SELECT count(*) FROM investments i WHERE i.offering_id = oi.offering_id AND i.user_id = oi.user_id
    AND i.life_cycle_stage IN (2, 4) AND i.investment_amount > 0);
UPDATE offerings o SET
    investment_count = (SELECT count(*) FROM investments i WHERE i.offering_id = o.id
                        AND i.life_cycle_stage IN (2, 4) AND i.investment_amount > 0),
    investor_count = (SELECT count(*) FROM offering_investors oi WHERE oi.offering_id = o.id AND oi.counted > 0);
