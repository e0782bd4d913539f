-- Phone numbers in E.164 (`+15550102000`), so that the voice assistant recognises a caller
-- however the number was typed: `+1 (555) 010-2000`, `555-010-2000` and `5550102000` are one
-- number. The rule is written once, here, and applied on every write by triggers (the API,
-- the PIMS sync and anything else that writes these columns), and on search by the API
-- (`ClientFilter.phone`, `PatientFilter.ownerPhone` compare with normalize_phone(<given>)).
--
-- normalize_phone(raw):
--   * a number with a leading `+` (or `00`) and 8 to 15 digits: `+` and its digits;
--   * 10 digits not starting with 0 or 1 (a North American number without country code):
--     `+1` and the digits; 11 digits starting with 1: `+` and the digits;
--   * anything else (too short to place, letters such as "ext. 12"): kept as written, since
--     guessing a country would turn it into somebody else's number.
CREATE FUNCTION normalize_phone(raw TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN (
  WITH n AS (SELECT regexp_replace(raw, '[^0-9]', '', 'g') AS digits)
  SELECT CASE
    WHEN raw IS NULL OR raw !~ '^[0-9+ ().-]+$' THEN raw
    WHEN raw ~ '^ *\+' AND length(digits) BETWEEN 8 AND 15 THEN '+' || digits
    WHEN raw ~ '^ *00' AND length(digits) - 2 BETWEEN 8 AND 15 THEN '+' || substr(digits, 3)
    WHEN raw !~ '\+' AND length(digits) = 10 AND digits ~ '^[2-9]' THEN '+1' || digits
    WHEN raw !~ '\+' AND length(digits) = 11 AND digits ~ '^1[2-9]' THEN '+' || digits
    ELSE raw
  END
  FROM n
);

CREATE FUNCTION clients_normalize_phones() RETURNS TRIGGER AS $$
BEGIN
  NEW.phone := normalize_phone(NEW.phone);
  NEW.phone_secondary := normalize_phone(NEW.phone_secondary);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION normalize_client_phone() RETURNS TRIGGER AS $$
BEGIN
  NEW.client_phone := normalize_phone(NEW.client_phone);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION normalize_customer_phone() RETURNS TRIGGER AS $$
BEGIN
  NEW.customer_phone := normalize_phone(NEW.customer_phone);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- Rows written before this migration, once.
UPDATE clients SET phone = normalize_phone(phone), phone_secondary = normalize_phone(phone_secondary)
  WHERE phone IS DISTINCT FROM normalize_phone(phone)
     OR phone_secondary IS DISTINCT FROM normalize_phone(phone_secondary);
UPDATE vapi_bookings SET client_phone = normalize_phone(client_phone)
  WHERE client_phone IS DISTINCT FROM normalize_phone(client_phone);
UPDATE schedule_appointments SET client_phone = normalize_phone(client_phone)
  WHERE client_phone IS DISTINCT FROM normalize_phone(client_phone);
UPDATE inbound_calls SET customer_phone = normalize_phone(customer_phone)
  WHERE customer_phone IS DISTINCT FROM normalize_phone(customer_phone);
UPDATE outbound_calls SET customer_phone = normalize_phone(customer_phone)
  WHERE customer_phone IS DISTINCT FROM normalize_phone(customer_phone);

CREATE TRIGGER normalize_phones BEFORE INSERT OR UPDATE OF phone, phone_secondary ON clients
  FOR EACH ROW EXECUTE FUNCTION clients_normalize_phones();
CREATE TRIGGER normalize_phones BEFORE INSERT OR UPDATE OF client_phone ON vapi_bookings
  FOR EACH ROW EXECUTE FUNCTION normalize_client_phone();
CREATE TRIGGER normalize_phones BEFORE INSERT OR UPDATE OF client_phone ON schedule_appointments
  FOR EACH ROW EXECUTE FUNCTION normalize_client_phone();
CREATE TRIGGER normalize_phones BEFORE INSERT OR UPDATE OF customer_phone ON inbound_calls
  FOR EACH ROW EXECUTE FUNCTION normalize_customer_phone();
CREATE TRIGGER normalize_phones BEFORE INSERT OR UPDATE OF customer_phone ON outbound_calls
  FOR EACH ROW EXECUTE FUNCTION normalize_customer_phone();

-- The lookup of a caller by number, in either of a client's columns.
CREATE INDEX idx_clients_clinic_id_phone ON clients (clinic_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX idx_clients_clinic_id_phone_secondary ON clients (clinic_id, phone_secondary)
  WHERE phone_secondary IS NOT NULL;
