-- Reverts 000010_automation.up.sql: tables in reverse order of creation
-- (indexes and constraints go with their table; triggers are named explicitly).

DROP TABLE discharge_batch_items;

DROP TRIGGER set_updated_at ON discharge_batches;
DROP TABLE discharge_batches;

DROP TABLE auto_scheduled_items;

DROP TABLE auto_scheduling_runs;
