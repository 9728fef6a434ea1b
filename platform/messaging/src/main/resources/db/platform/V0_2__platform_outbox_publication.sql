-- The relay only needs INSERTs of the outbox: relayed rows are deleted again, and a publication
-- that also published those deletes would double the WAL the relay decodes and ships. Debezium
-- (publication.autocreate.mode=filtered) uses this publication as it finds it.
CREATE PUBLICATION bookiji_outbox FOR TABLE outbox WITH (publish = 'insert');
