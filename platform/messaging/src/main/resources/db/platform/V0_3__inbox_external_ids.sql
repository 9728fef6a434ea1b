-- Inbox for messages that do not arrive through Kafka (webhooks): keyed by the sender's own id
-- (Stripe's evt_…), which is not a UUID and has no topic, partition or offset. Written in the
-- handler's transaction like the inbox; purged by the same janitor with the same retention.
CREATE TABLE inbox_external (
    consumer     text        NOT NULL,
    external_id  text        NOT NULL,               -- the sender's message id
    message_type text,                               -- e.g. payment_intent.succeeded
    subject      text,                               -- what the message is about, e.g. the intent id
    occurred_at  timestamptz,                        -- when the sender says it happened
    processed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, external_id)
);
CREATE INDEX inbox_external_processed_at_idx ON inbox_external (processed_at);
