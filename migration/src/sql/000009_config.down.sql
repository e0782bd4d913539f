-- Reverts 000009_config.up.sql: tables in reverse order of creation
-- (indexes and constraints go with their table; triggers are named explicitly).

DROP TRIGGER set_updated_at ON clinic_case_type_cadence;
DROP TABLE clinic_case_type_cadence;

DROP TRIGGER set_updated_at ON auto_scheduling_config;
DROP TABLE auto_scheduling_config;

DROP TRIGGER set_updated_at ON clinic_settings;
DROP TABLE clinic_settings;

DROP TRIGGER set_updated_at ON vapi_assistant_mappings;
DROP TABLE vapi_assistant_mappings;
