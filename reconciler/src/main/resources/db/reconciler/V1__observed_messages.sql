-- The reconciler's read model: every message it observed on any topic, once per event id.
create table observed_messages (
    id               bigserial   primary key,
    topic            text        not null,
    kafka_partition  int         not null,
    kafka_offset     bigint      not null,
    message_key      text,
    reservation_id   text,
    event_id         uuid        not null unique,
    event_type       text        not null,
    payload          text        not null,  -- Avro's JSON rendering of the record
    headers          text        not null,  -- JSON object: eventId, eventType, correlationId, causationId, traceparent
    occurred_at      timestamptz,           -- the producer's clock, when the payload carries one
    observed_at      timestamptz not null
);

create index observed_messages_by_reservation on observed_messages (reservation_id, occurred_at, id);
create index observed_messages_by_event_type on observed_messages (event_type);
