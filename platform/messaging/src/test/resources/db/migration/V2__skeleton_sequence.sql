-- Messages of one key applied in the order the consumer applied them (per-key order checks):
-- a (reservation_id, seq) twice would be a duplicate effect, seqs out of order a reordering.
CREATE TABLE skeleton_sequence (
    applied_order  bigserial PRIMARY KEY,
    reservation_id text    NOT NULL,
    seq            integer NOT NULL
);
