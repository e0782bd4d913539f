-- Reverts 000007_communications.up.sql: tables in reverse order of creation
-- (indexes and constraints go with their table; triggers are named explicitly).

DROP TRIGGER set_updated_at ON refill_requests;
DROP TABLE refill_requests;

DROP TRIGGER set_updated_at ON clinic_messages;
DROP TABLE clinic_messages;

DROP TRIGGER set_updated_at ON outbound_emails;
DROP TABLE outbound_emails;

DROP TABLE call_analysis;

DROP TRIGGER set_updated_at ON inbound_calls;
DROP TABLE inbound_calls;

DROP TRIGGER set_updated_at ON outbound_calls;
DROP TABLE outbound_calls;
