-- Numbers normalised by `up` stay in E.164 (the form they were typed in is not kept).
DROP INDEX IF EXISTS idx_clients_clinic_id_phone_secondary;
DROP INDEX IF EXISTS idx_clients_clinic_id_phone;
DROP TRIGGER IF EXISTS normalize_phones ON outbound_calls;
DROP TRIGGER IF EXISTS normalize_phones ON inbound_calls;
DROP TRIGGER IF EXISTS normalize_phones ON schedule_appointments;
DROP TRIGGER IF EXISTS normalize_phones ON vapi_bookings;
DROP TRIGGER IF EXISTS normalize_phones ON clients;
DROP FUNCTION IF EXISTS normalize_customer_phone();
DROP FUNCTION IF EXISTS normalize_client_phone();
DROP FUNCTION IF EXISTS clients_normalize_phones();
DROP FUNCTION IF EXISTS normalize_phone(TEXT);
