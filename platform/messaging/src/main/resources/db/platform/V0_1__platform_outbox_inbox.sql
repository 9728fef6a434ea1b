-- Platform tables (module platform-messaging). Versions 0.x sort before every service's V1+.

-- Transactional outbox: written in the business transaction, streamed to Kafka by the Debezium
-- relay (logical replication of INSERTs), deleted once the broker acknowledged the record.
CREATE TABLE outbox (
    id             uuid        PRIMARY KEY,            -- = eventId header
    aggregate_type text        NOT NULL,
    aggregate_id   text        NOT NULL,               -- = Kafka record key
    topic          text        NOT NULL,
    event_type     text        NOT NULL,               -- record simple name, = eventType header
    payload        bytea       NOT NULL,               -- Confluent wire format, serialised at append
    correlation_id text        NOT NULL,
    causation_id   text,
    traceparent    text,
    created_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX outbox_created_at_idx ON outbox (created_at);

-- Inbox: one row per (consumer, eventId) applied, written in the handler's transaction.
CREATE TABLE inbox (
    consumer     text        NOT NULL,
    event_id     uuid        NOT NULL,
    topic        text        NOT NULL,
    "partition"  integer     NOT NULL,
    "offset"     bigint      NOT NULL,
    event_type   text,
    processed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (consumer, event_id)
);

-- Debezium source offsets of the relay (its position in the replication slot).
CREATE TABLE relay_offsets (
    relay_name   text        NOT NULL,
    offset_key   bytea       NOT NULL,
    offset_value bytea,
    updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (relay_name, offset_key)
);
