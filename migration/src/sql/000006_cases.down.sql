-- Reverts 000006_cases.up.sql: tables in reverse order of creation
-- (indexes and constraints go with their table; triggers are named explicitly).

DROP TRIGGER set_updated_at ON vital_signs;
DROP TABLE vital_signs;

DROP TRIGGER set_updated_at ON discharge_summaries;
DROP TABLE discharge_summaries;

DROP TRIGGER set_updated_at ON soap_notes;
DROP TABLE soap_notes;

DROP TRIGGER set_updated_at ON cases;
DROP TABLE cases;
