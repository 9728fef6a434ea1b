-- The walking skeleton's own tables (a "service" with V1+ migrations next to the platform's V0_x).
CREATE TABLE skeleton_reservation (
    reservation_id text PRIMARY KEY,
    slot_id        text NOT NULL
);

-- One row per applied effect; applied > 1 would mean a duplicate effect.
CREATE TABLE skeleton_effect (
    reservation_id text PRIMARY KEY,
    applied        integer     NOT NULL,
    first_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
