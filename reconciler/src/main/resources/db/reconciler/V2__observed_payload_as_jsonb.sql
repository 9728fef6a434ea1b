-- The payload becomes Avro's JSON encoding in jsonb, so on-call can query fields
-- (payload->>'reservationId'). Rows stored before were Avro's toString() text, which is JSON for most
-- records; one that is not is kept whole under "avroText" rather than failing the migration.
alter table observed_messages rename column payload to payload_text;
alter table observed_messages add column payload jsonb;
update observed_messages
   set payload = case when pg_input_is_valid(payload_text, 'jsonb') then payload_text::jsonb
                      else jsonb_build_object('avroText', payload_text) end;
alter table observed_messages alter column payload set not null;
alter table observed_messages drop column payload_text;
comment on column observed_messages.payload is 'Avro JSON encoding of the record: nullable fields as {"type": value}, timestamps as epoch millis';
