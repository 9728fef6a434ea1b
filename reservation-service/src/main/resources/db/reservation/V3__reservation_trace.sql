-- The W3C trace context of the request that created the reservation: messages the saga sends later
-- for a vendor's decision, a cancellation or a deadline continue this trace (decision 66).
ALTER TABLE reservations ADD COLUMN traceparent text;
