-- Reverts 000004_pims.up.sql: tables in reverse order of creation
-- (indexes and constraints go with their table; triggers are named explicitly).

DROP TABLE pims_sync_audit_log;

DROP TRIGGER set_updated_at ON pims_sync_sessions;
DROP TABLE pims_sync_sessions;

DROP TRIGGER set_updated_at ON pims_mappings;
DROP TABLE pims_mappings;

DROP TRIGGER set_updated_at ON pims_credentials;
DROP TABLE pims_credentials;
