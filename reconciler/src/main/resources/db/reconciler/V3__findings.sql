-- Every break an invariant check raised, one row per stable break id (<code>:<subject>).
create table findings (
    break_id                text        primary key,
    code                    text        not null,
    severity                text        not null,
    subject_id              text        not null,
    reservation_id          text,
    detail                  text        not null,
    state                   text        not null check (state in ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
    first_seen_at           timestamptz not null,
    last_seen_at            timestamptz not null,
    occurrences             int         not null check (occurrences > 0),
    acknowledged_at         timestamptz,
    acknowledged_by         text,
    resolved_at             timestamptz,
    resolved_by             text,
    resolution_note         text,
    cleared_since_resolved  boolean     not null default false,
    check (state <> 'RESOLVED' or (resolved_at is not null and resolution_note is not null))
);

create index findings_by_state_code on findings (state, code);
create index findings_by_reservation on findings (reservation_id);
