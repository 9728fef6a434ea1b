-- The W3C trace context of the AuthorizePayment that created the payment: what a webhook or the
-- sweep later learns about it is published in the reservation's trace (decision 66).
alter table payments add column traceparent text;
