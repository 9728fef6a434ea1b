-- One row per repair, keyed by the break it repairs: the proof that its commands were sent (written in
-- the same transaction as their outbox rows), and the audit trail of who decided what and when.
create table repairs (
    repair_id       text        primary key,
    break_id        text        not null unique,
    repair_type     text        not null,
    subject_id      text        not null,
    reservation_id  text,
    mode            text        not null check (mode in ('AUTO', 'PROPOSE')),
    status          text        not null check (status in ('PROPOSED', 'SENDING', 'SENT', 'SUCCEEDED', 'REFUSED', 'REJECTED', 'FAILED')),
    commands        text        not null,
    created_at      timestamptz not null,
    decided_by      text,
    decided_at      timestamptz,
    outcome         text
);

create index repairs_by_status on repairs (status);
