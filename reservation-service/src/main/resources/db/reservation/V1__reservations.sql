-- One row per reservation: the saga state and the facts it has learnt.
CREATE TABLE reservations (
  id                 text        PRIMARY KEY,
  slot_id            text        NOT NULL,
  requester_id       text        NOT NULL,
  state              text        NOT NULL,
  terminal           boolean     NOT NULL,
  state_entered_at   timestamptz NOT NULL,
  vendor_id          text,
  amount_minor       bigint,
  currency           text,
  slot_starts_at     timestamptz,
  slot_ends_at       timestamptz,
  hold_status        text        NOT NULL,
  hold_id            text,
  hold_expires_at    timestamptz,
  booking_id         text,
  payment_status     text        NOT NULL,
  payment_intent_id  text,
  client_secret      text,
  payment_attempt    int         NOT NULL,
  vendor_decision    text        NOT NULL,
  cancel_requested   boolean     NOT NULL,
  outcome            text,
  capture_count      int         NOT NULL,
  step_attempt       int         NOT NULL,
  outcome_detail     text,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  version            bigint      NOT NULL
);
CREATE INDEX reservations_by_requester ON reservations (requester_id, created_at DESC, id DESC);
CREATE INDEX reservations_by_vendor ON reservations (vendor_id, created_at DESC, id DESC);
CREATE INDEX reservations_by_created ON reservations (created_at DESC, id DESC);
CREATE INDEX reservations_in_flight ON reservations (state, state_entered_at) WHERE NOT terminal;

-- Durable timers; firing one is a message into the saga. Scanned by due_at, locked per reservation.
CREATE TABLE reservation_deadlines (
  reservation_id text        NOT NULL REFERENCES reservations (id),
  kind           text        NOT NULL,
  due_at         timestamptz NOT NULL,
  PRIMARY KEY (reservation_id, kind)
);
CREATE INDEX reservation_deadlines_due ON reservation_deadlines (due_at);

-- What happened to a reservation, in order (GET /reservations/{id}, server-sent events).
CREATE TABLE reservation_timeline (
  seq            bigserial   PRIMARY KEY,
  reservation_id text        NOT NULL REFERENCES reservations (id),
  at             timestamptz NOT NULL,
  from_state     text,
  to_state       text        NOT NULL,
  trigger        text        NOT NULL,
  note           text
);
CREATE INDEX reservation_timeline_by_reservation ON reservation_timeline (reservation_id, seq);

-- Idempotency-Key records, scoped to the caller; the first response is replayed.
CREATE TABLE idempotency_keys (
  caller          text        NOT NULL,
  idempotency_key text        NOT NULL,
  request_hash    text        NOT NULL,
  response_status int         NOT NULL,
  response_body   text        NOT NULL,
  reservation_id  text,
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  PRIMARY KEY (caller, idempotency_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
