-- Short-lived, single-use tickets that let a browser's EventSource (which cannot send an
-- Authorization header) open one reservation's event stream without a long-lived token in the URL.
-- Only a hash of the ticket is stored.
CREATE TABLE event_stream_tickets (
  ticket_hash    text        PRIMARY KEY,
  reservation_id text        NOT NULL,
  actor_id       text        NOT NULL,
  actor_role     text        NOT NULL,
  expires_at     timestamptz NOT NULL
);
CREATE INDEX event_stream_tickets_expiry ON event_stream_tickets (expires_at);
