-- Refunds made at Stripe outside the saga (Dashboard, API) are recorded too. They take no refund
-- number of ours (the number is part of our idempotency keys), so their sequence is null.
alter table refunds alter column sequence drop not null;
alter table refunds add column source text not null default 'SAGA' check (source in ('SAGA', 'OUTSIDE'));
alter table refunds add constraint refunds_sequence_of_saga_refunds
  check ((source = 'SAGA') = (sequence is not null));
