-- Every replay of a dead letter asked for from the console, refused or sent, with who asked.
create table dead_letter_replays (
    id              bigserial primary key,
    dlt_topic       text not null,
    dlt_partition   int not null,
    dlt_offset      bigint not null,
    event_type      text,
    reservation_id  text,
    requested_by    text not null,
    requested_at    timestamptz not null,
    outcome         text not null,
    reason          text,
    replayed_to     text
);

-- A dead letter goes back at most once: only one attempt may be sending or have sent it.
create unique index dead_letter_replays_once on dead_letter_replays (dlt_topic, dlt_partition, dlt_offset)
    where outcome in ('SENDING', 'REPLAYED');
create index dead_letter_replays_by_position on dead_letter_replays (dlt_topic, dlt_partition, dlt_offset);
