-- Reverts 000005_templates.up.sql: tables in reverse order of creation
-- (indexes and constraints go with their table; triggers are named explicitly).

DROP TRIGGER set_updated_at ON ai_templates;
DROP TABLE ai_templates;

DROP TRIGGER set_updated_at ON discharge_templates;
DROP TABLE discharge_templates;

DROP TRIGGER set_updated_at ON soap_templates;
DROP TABLE soap_templates;
