DROP INDEX IF EXISTS idx_outbound_emails_due;
DROP INDEX IF EXISTS idx_outbound_calls_due;
DROP INDEX IF EXISTS idx_auto_scheduled_items_one_live_per_case;
DROP POLICY IF EXISTS run_insert_by_staff ON auto_scheduling_runs;
