-- Drops the index of 000021.up.sql.
DROP INDEX IF EXISTS idx_call_analysis_clinic_id_flagged;
