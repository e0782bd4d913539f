-- Reverts 000002_organization.up.sql: tables in reverse order of creation.
-- Dropping a table also drops its indexes and constraints; the triggers are
-- dropped explicitly first so that every object up creates is named here.

DROP TRIGGER set_updated_at ON providers;
DROP TABLE providers;

DROP TABLE clinic_invitations;

DROP TABLE user_clinic_access;

DROP TRIGGER set_updated_at ON users;
DROP TABLE users;

DROP TRIGGER set_updated_at ON clinics;
DROP TABLE clinics;
