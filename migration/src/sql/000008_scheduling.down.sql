-- Reverts 000008_scheduling.up.sql: tables in reverse order of creation
-- (indexes and constraints go with their table; triggers are named
-- explicitly), then the booking-conflict trigger function.

DROP TABLE appointment_audit_log;

DROP TABLE schedule_syncs;

DROP TABLE clinic_blocked_periods;

DROP TRIGGER set_updated_at ON clinic_schedule_config;
DROP TABLE clinic_schedule_config;

DROP TRIGGER vapi_bookings_flag_conflict ON vapi_bookings;
DROP TRIGGER set_updated_at ON vapi_bookings;
DROP TABLE vapi_bookings;
DROP FUNCTION vapi_bookings_flag_conflict();

DROP TRIGGER set_updated_at ON schedule_appointments;
DROP TABLE schedule_appointments;
