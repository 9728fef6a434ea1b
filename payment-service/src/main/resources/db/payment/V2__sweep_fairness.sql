-- When the sweep last asked Stripe about a payment. The sweep takes the least recently checked
-- first, so a payment Stripe keeps answering "unchanged" about cannot hold the head of the queue
-- and starve the rest.
alter table payments add column last_checked_at timestamptz;
create index payments_sweep_idx on payments (last_checked_at nulls first, id)
  where status not in ('CAPTURED', 'REFUNDED', 'VOIDED', 'AUTHORIZATION_FAILED', 'AUTHORIZATION_EXPIRED');
