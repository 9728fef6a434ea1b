-- Disputes (chargebacks) of captured charges, as Stripe last reported them. A status change is
-- published once as PaymentDisputed.
create table disputes (
  dispute_id         text primary key,
  payment_id         bigint      not null references payments (id),
  reservation_id     text        not null,
  payment_intent_id  text        not null,
  charge_id          text,
  amount_minor       bigint      not null,
  currency           text        not null,
  status             text        not null,
  reason             text,
  updated_at         timestamptz not null
);
create index disputes_reservation_idx on disputes (reservation_id);
