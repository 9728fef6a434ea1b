-- Availability: vendors' slots, holds with TTL, bookings.
-- The database, not Java, guarantees the invariants that matter under concurrency:
--   * a vendor's live slots never overlap          (exclusion constraint slots_no_overlap)
--   * at most one ACTIVE-or-COMMITTED hold per slot (partial unique index holds_one_live_per_slot)
--   * at most one active booking per slot           (partial unique index bookings_one_active_per_slot)
--   * one HoldSlot decision per reservation         (primary key of hold_requests)

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE slots (
    id                  uuid PRIMARY KEY,
    vendor_id           text        NOT NULL,
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz NOT NULL,
    time_zone           text        NOT NULL,
    price_amount_minor  bigint      NOT NULL CHECK (price_amount_minor >= 0),
    currency            char(3)     NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    blocked             boolean     NOT NULL DEFAULT false,
    deleted_at          timestamptz,
    version             integer     NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CONSTRAINT slots_ends_after_start CHECK (ends_at > starts_at),
    -- Half-open ranges: a slot ending at 10:00 and one starting at 10:00 do not overlap.
    CONSTRAINT slots_no_overlap EXCLUDE USING gist (
        vendor_id WITH =,
        tstzrange(starts_at, ends_at, '[)') WITH &&
    ) WHERE (deleted_at IS NULL)
);

CREATE INDEX slots_by_vendor_and_time ON slots (vendor_id, starts_at) WHERE deleted_at IS NULL;

CREATE TABLE holds (
    id                  uuid PRIMARY KEY,
    slot_id             uuid        NOT NULL REFERENCES slots (id),
    reservation_id      text        NOT NULL UNIQUE,
    requester_id        text        NOT NULL,
    status              text        NOT NULL
        CHECK (status IN ('ACTIVE', 'COMMITTED', 'RELEASED', 'EXPIRED', 'CANCELLED')),
    slot_version        integer     NOT NULL,
    -- What SlotHeld said, kept so a repeated HoldSlot is answered with exactly the same event.
    vendor_id           text        NOT NULL,
    price_amount_minor  bigint      NOT NULL,
    currency            char(3)     NOT NULL,
    slot_starts_at      timestamptz NOT NULL,
    slot_ends_at        timestamptz NOT NULL,
    created_at          timestamptz NOT NULL,
    expires_at          timestamptz NOT NULL,
    decided_at          timestamptz,
    booking_id          uuid,
    commit_rejection    text,
    -- The context of the HoldSlot that placed the hold: expiry continues its saga and its trace.
    correlation_id      text        NOT NULL,
    cause_event_id      text,
    traceparent         text        NOT NULL
);

-- THE double-booking guard: two transactions racing to hold (or book) one slot cannot both commit.
CREATE UNIQUE INDEX holds_one_live_per_slot ON holds (slot_id)
    WHERE status IN ('ACTIVE', 'COMMITTED');

-- Expiry scans only active holds, oldest deadline first.
CREATE INDEX holds_active_by_expiry ON holds (expires_at) WHERE status = 'ACTIVE';

CREATE TABLE bookings (
    id                  uuid PRIMARY KEY,
    slot_id             uuid        NOT NULL REFERENCES slots (id),
    hold_id             uuid        NOT NULL UNIQUE REFERENCES holds (id),
    reservation_id      text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('ACTIVE', 'CANCELLED')),
    created_at          timestamptz NOT NULL,
    cancelled_at        timestamptz
);

CREATE UNIQUE INDEX bookings_one_active_per_slot ON bookings (slot_id) WHERE status = 'ACTIVE';

-- The decided outcome of each reservation's HoldSlot, so a repeated command (new event id, same
-- reservation) is answered with the same event instead of a second hold.
CREATE TABLE hold_requests (
    reservation_id      text PRIMARY KEY,
    slot_id             text        NOT NULL,
    outcome             text        NOT NULL CHECK (outcome IN ('PENDING', 'HELD', 'REJECTED')),
    hold_id             uuid REFERENCES holds (id),
    rejection_reason    text,
    rejection_detail    text,
    decided_at          timestamptz NOT NULL
);
