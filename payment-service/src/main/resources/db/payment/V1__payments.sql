-- One row per payment attempt (one PaymentIntent). A saga attempt creates at most one intent.
create table payments (
  id                     bigserial primary key,
  reservation_id         text        not null,
  attempt                int         not null check (attempt >= 1),
  requester_id           text,
  amount_minor           bigint      not null check (amount_minor > 0),
  currency               text        not null,
  status                 text        not null check (status in (
                           'AUTHORIZATION_PENDING', 'AWAITING_CUSTOMER', 'AUTHORIZED',
                           'CAPTURE_PENDING', 'CAPTURED', 'REFUND_PENDING', 'PARTIALLY_REFUNDED',
                           'REFUNDED', 'VOID_PENDING', 'VOIDED', 'AUTHORIZATION_FAILED',
                           'AUTHORIZATION_EXPIRED', 'PARKED')),
  payment_intent_id      text unique,
  client_secret          text,
  amount_captured_minor  bigint      not null default 0 check (amount_captured_minor >= 0),
  amount_refunded_minor  bigint      not null default 0
                           check (amount_refunded_minor between 0 and amount_captured_minor),
  refund_count           int         not null default 0,
  -- amount of the capture or refund in flight, so the sweep can resume it with the same request
  pending_amount_minor   bigint,
  parked_operation       text check (parked_operation in ('AUTHORIZE', 'CAPTURE', 'VOID', 'REFUND')),
  last_error             text,
  created_at             timestamptz not null,
  updated_at             timestamptz not null,
  authorized_at          timestamptz,
  unique (reservation_id, attempt),
  check ((status = 'PARKED') = (parked_operation is not null))
);
create index payments_pending_idx on payments (status, updated_at)
  where status not in ('CAPTURED', 'REFUNDED', 'VOIDED', 'AUTHORIZATION_FAILED', 'AUTHORIZATION_EXPIRED');

-- At most one capture per reservation, whatever the retries: the database refuses a second one.
create table captures (
  reservation_id     text primary key,
  payment_id         bigint      not null unique references payments (id),
  payment_intent_id  text        not null unique,
  amount_minor       bigint      not null check (amount_minor > 0),
  currency           text        not null,
  charge_id          text,
  captured_at        timestamptz not null
);

create table refunds (
  id                 bigserial primary key,
  payment_id         bigint      not null references payments (id),
  reservation_id     text        not null,
  payment_intent_id  text        not null,
  sequence           int         not null,
  refund_id          text        not null unique,
  amount_minor       bigint      not null check (amount_minor > 0),
  status             text        not null,
  created_at         timestamptz not null,
  unique (payment_id, sequence)
);

-- Every Stripe request, for the reconciler and finance. Written in its own transaction so a call
-- whose effect rolled back is still on record.
create table stripe_calls (
  id                 bigserial primary key,
  reservation_id     text,
  operation          text        not null,
  idempotency_key    text,
  try_number         int         not null,
  request_id         text,
  object_id          text,
  http_status        int,
  outcome            text        not null,
  error_code         text,
  latency_ms         bigint      not null,
  called_at          timestamptz not null
);
create index stripe_calls_reservation_idx on stripe_calls (reservation_id);
create index stripe_calls_object_idx on stripe_calls (object_id);

-- Stripe webhook deliveries seen, deduplicated by Stripe event id.
create table stripe_webhook_events (
  event_id           text primary key,
  event_type         text        not null,
  object_id          text,
  stripe_created_at  timestamptz,
  received_at        timestamptz not null
);
