-- Reverts 000003_clients_patients.up.sql: tables in reverse order of creation
-- (indexes and constraints go with their table; triggers are named explicitly).

DROP TRIGGER set_updated_at ON patients;
DROP TABLE patients;

DROP TRIGGER set_updated_at ON clients;
DROP TABLE clients;
