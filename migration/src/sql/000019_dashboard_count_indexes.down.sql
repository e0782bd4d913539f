-- Drops the count indexes of 000019.up.sql, in reverse order.
DROP INDEX IF EXISTS idx_clinic_messages_clinic_id_status_counts;
DROP INDEX IF EXISTS idx_inbound_calls_clinic_id_outcome_counts;
DROP INDEX IF EXISTS idx_inbound_calls_clinic_id_status_counts;
DROP INDEX IF EXISTS idx_outbound_calls_clinic_id_status_counts;
DROP INDEX IF EXISTS idx_cases_clinic_id_status_counts;
