-- Schema V2, Tier 6: Scheduling (time-range based).
-- schedule_appointments, vapi_bookings, clinic_schedule_config,
-- clinic_blocked_periods, schedule_syncs, appointment_audit_log.
--
-- Deviations from the spec (docs/SCHEMA_DECISIONS.md):
--   * #1: SeaORM has no range type, so every spec TSTZRANGE column is stored as
--     a pair of TIMESTAMPTZ columns (<x>starts_at / <x>ends_at) and the range is
--     a STORED generated column derived from them (never written by the app).
--     The generated expressions use GREATEST(start, end) as the upper bound:
--     identical to tstzrange(start, end, '[)') for every row the time-order
--     CHECKs accept, but it cannot raise tstzrange's own "range lower bound
--     must be less than or equal to range upper bound" (22000). Generated
--     columns are computed before CHECK constraints are evaluated, so without
--     it a reversed interval would fail with 22000 instead of the clear 23514
--     from the *_time_order CHECK that decision #2 asks for.
--   * #2: time-order CHECKs, named <table>_<pair>_order.
--   * #3: the exclusion constraint is per room (the spec's omits room_id).
--   * #4: vapi_bookings.has_conflict is maintained by a trigger, supported by
--     the partial GiST index idx_bookings_active_overlap.
--   * #6: btree indexes on foreign-key columns no index starts with.
-- btree_gist (migration 000001) provides the GiST opclasses for uuid and text.

CREATE TABLE schedule_appointments (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  -- Spec: time_range TSTZRANGE NOT NULL, date generated from lower(time_range).
  -- Decision #1: starts_at / ends_at are stored, time_range and date derived.
  starts_at TIMESTAMPTZ NOT NULL,
  ends_at TIMESTAMPTZ NOT NULL,
  time_range TSTZRANGE NOT NULL
    GENERATED ALWAYS AS (tstzrange(starts_at, GREATEST(starts_at, ends_at), '[)')) STORED,
  date DATE NOT NULL GENERATED ALWAYS AS ((starts_at AT TIME ZONE 'UTC')::date) STORED,
  -- Source
  source TEXT DEFAULT 'pims',
  pims_appointment_id TEXT,
  -- Appointment data
  patient_name TEXT,
  client_name TEXT,
  client_phone TEXT,
  provider_name TEXT,
  room_id TEXT,
  appointment_type TEXT,
  status TEXT DEFAULT 'scheduled',
  -- Sync tracking
  sync_hash TEXT,
  last_synced_at TIMESTAMPTZ DEFAULT now(),
  deleted_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now(),
  -- Decision #2.
  CONSTRAINT schedule_appointments_time_order CHECK (ends_at > starts_at),
  -- Decision #3: the spec's constraint is (clinic_id WITH =, time_range WITH &&),
  -- which would forbid two roomed appointments at the same time anywhere in the
  -- clinic; its evident intent (it only applies to rows with a room) is per room.
  CONSTRAINT schedule_appointments_no_overlap_per_room
    EXCLUDE USING gist (clinic_id WITH =, room_id WITH =, time_range WITH &&)
    WHERE (deleted_at IS NULL AND room_id IS NOT NULL)
);

CREATE INDEX idx_appointments_clinic_date ON schedule_appointments(clinic_id, date);
CREATE INDEX idx_appointments_time_range ON schedule_appointments USING GIST(clinic_id, time_range);
CREATE UNIQUE INDEX idx_appointments_pims ON schedule_appointments(clinic_id, pims_appointment_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON schedule_appointments
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE vapi_bookings (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  inbound_call_id UUID REFERENCES inbound_calls(id),
  -- Decision #1 (see schedule_appointments).
  starts_at TIMESTAMPTZ NOT NULL,
  ends_at TIMESTAMPTZ NOT NULL,
  time_range TSTZRANGE NOT NULL
    GENERATED ALWAYS AS (tstzrange(starts_at, GREATEST(starts_at, ends_at), '[)')) STORED,
  date DATE NOT NULL GENERATED ALWAYS AS ((starts_at AT TIME ZONE 'UTC')::date) STORED,
  -- Client/patient info from caller
  client_name TEXT,
  client_phone TEXT,
  patient_name TEXT,
  species TEXT,
  breed TEXT,
  reason TEXT,
  is_new_client BOOLEAN DEFAULT false,
  -- Booking lifecycle
  status TEXT DEFAULT 'pending',
  confirmation_number TEXT UNIQUE,
  vapi_call_id TEXT,
  hold_expires_at TIMESTAMPTZ,
  -- Maintained by the vapi_bookings_flag_conflict trigger (decision #4).
  has_conflict BOOLEAN DEFAULT false,
  -- PIMS sync
  pims_appointment_id TEXT,
  pims_client_id TEXT,
  pims_patient_id TEXT,
  -- Reschedule tracking
  -- Spec: original_time_range TSTZRANGE. Decision #1: stored as a nullable pair.
  original_starts_at TIMESTAMPTZ,
  original_ends_at TIMESTAMPTZ,
  original_time_range TSTZRANGE GENERATED ALWAYS AS (
    CASE WHEN original_starts_at IS NULL THEN NULL
         ELSE tstzrange(original_starts_at, GREATEST(original_starts_at, original_ends_at), '[)')
    END) STORED,
  rescheduled_at TIMESTAMPTZ,
  rescheduled_reason TEXT,
  rescheduled_from_id UUID REFERENCES vapi_bookings(id),
  -- Cancellation
  cancelled_at TIMESTAMPTZ,
  cancelled_reason TEXT,
  -- Metadata
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now(),
  -- Decision #2.
  CONSTRAINT vapi_bookings_time_order CHECK (ends_at > starts_at),
  CONSTRAINT vapi_bookings_original_time_order CHECK (
    (original_starts_at IS NULL AND original_ends_at IS NULL)
    OR (original_starts_at IS NOT NULL AND original_ends_at IS NOT NULL
        AND original_ends_at > original_starts_at))
);

CREATE INDEX idx_bookings_clinic_date ON vapi_bookings(clinic_id, date);
CREATE INDEX idx_bookings_time_range ON vapi_bookings USING GIST(clinic_id, time_range);
CREATE INDEX idx_bookings_status ON vapi_bookings(status);
CREATE INDEX idx_bookings_vapi_call ON vapi_bookings(vapi_call_id);
CREATE INDEX idx_bookings_confirmation ON vapi_bookings(confirmation_number) WHERE confirmation_number IS NOT NULL;
-- Added (decision #4): serves the overlap lookup of vapi_bookings_flag_conflict().
CREATE INDEX idx_bookings_active_overlap ON vapi_bookings USING gist (clinic_id, time_range)
  WHERE status IN ('pending', 'held', 'confirmed');
-- Added (decision #6).
CREATE INDEX idx_vapi_bookings_inbound_call_id ON vapi_bookings(inbound_call_id);
CREATE INDEX idx_vapi_bookings_rescheduled_from_id ON vapi_bookings(rescheduled_from_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON vapi_bookings
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

-- Added (decision #4): has_conflict is true when another booking of the same
-- clinic with an active status overlaps this one. It is computed in a BEFORE
-- trigger, where generated columns are not computed yet, so NEW's range is
-- built from NEW.starts_at / NEW.ends_at. Only the row being written is
-- flagged; rows it overlaps keep their flag until they are written again.
CREATE FUNCTION vapi_bookings_flag_conflict()
RETURNS TRIGGER AS $$
BEGIN
  -- A reversed or empty interval is rejected right after this trigger by the
  -- vapi_bookings_time_order CHECK (23514). Skip the overlap test so that
  -- tstzrange() does not raise its own error (22000) first.
  IF NEW.ends_at <= NEW.starts_at THEN
    NEW.has_conflict := false;
    RETURN NEW;
  END IF;

  -- COALESCE: a NULL status (the column is nullable) gives false, not NULL.
  NEW.has_conflict := COALESCE(
    NEW.status IN ('pending', 'held', 'confirmed')
    AND EXISTS (
      SELECT 1
      FROM vapi_bookings b
      WHERE b.clinic_id = NEW.clinic_id
        AND b.id <> NEW.id
        AND b.status IN ('pending', 'held', 'confirmed')
        AND b.time_range && tstzrange(NEW.starts_at, NEW.ends_at, '[)')
    ),
    false);
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER vapi_bookings_flag_conflict
  BEFORE INSERT OR UPDATE OF starts_at, ends_at, status ON vapi_bookings
  FOR EACH ROW EXECUTE FUNCTION vapi_bookings_flag_conflict();

CREATE TABLE clinic_schedule_config (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) UNIQUE,
  daily_hours JSONB,
  slot_duration_minutes INTEGER DEFAULT 15,
  sync_horizon_days INTEGER DEFAULT 14,
  stale_threshold_minutes INTEGER DEFAULT 60,
  sync_schedules JSONB DEFAULT '[]',
  vapi_availability_start_time TIME,
  vapi_availability_end_time TIME,
  target_room_id TEXT,
  target_room_name TEXT,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON clinic_schedule_config
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

-- Has an updated_at column but is not in the spec's list of tables needing the
-- updated_at trigger, so (following the spec's list exactly) it gets none.
CREATE TABLE clinic_blocked_periods (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  name TEXT NOT NULL,
  start_time TIME NOT NULL,
  end_time TIME NOT NULL,
  days_of_week INTEGER[] DEFAULT ARRAY[1,2,3,4,5,6],
  is_active BOOLEAN DEFAULT true,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_clinic_blocked_periods_clinic_id ON clinic_blocked_periods(clinic_id);

CREATE TABLE schedule_syncs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  sync_type TEXT DEFAULT 'appointments',
  sync_start_date DATE,
  sync_end_date DATE,
  status TEXT DEFAULT 'in_progress',
  appointments_added INTEGER DEFAULT 0,
  appointments_updated INTEGER DEFAULT 0,
  appointments_removed INTEGER DEFAULT 0,
  error_message TEXT,
  error_details JSONB,
  started_at TIMESTAMPTZ DEFAULT now(),
  completed_at TIMESTAMPTZ,
  duration_ms INTEGER,
  created_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_schedule_syncs_clinic_id ON schedule_syncs(clinic_id);

CREATE TABLE appointment_audit_log (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  action TEXT NOT NULL,
  booking_id UUID REFERENCES vapi_bookings(id),
  appointment_id UUID REFERENCES schedule_appointments(id),
  pims_appointment_id TEXT,
  -- Spec: old_time_range / new_time_range TSTZRANGE. Decision #1: each is stored
  -- as a nullable pair and the range derived (see schedule_appointments).
  old_starts_at TIMESTAMPTZ,
  old_ends_at TIMESTAMPTZ,
  old_time_range TSTZRANGE GENERATED ALWAYS AS (
    CASE WHEN old_starts_at IS NULL THEN NULL
         ELSE tstzrange(old_starts_at, GREATEST(old_starts_at, old_ends_at), '[)')
    END) STORED,
  new_starts_at TIMESTAMPTZ,
  new_ends_at TIMESTAMPTZ,
  new_time_range TSTZRANGE GENERATED ALWAYS AS (
    CASE WHEN new_starts_at IS NULL THEN NULL
         ELSE tstzrange(new_starts_at, GREATEST(new_starts_at, new_ends_at), '[)')
    END) STORED,
  reason TEXT,
  error_code TEXT,
  error_message TEXT,
  vapi_call_id TEXT,
  performed_by TEXT DEFAULT 'vapi',
  created_at TIMESTAMPTZ DEFAULT now(),
  -- Decision #2.
  CONSTRAINT appointment_audit_log_old_time_order CHECK (
    (old_starts_at IS NULL AND old_ends_at IS NULL)
    OR (old_starts_at IS NOT NULL AND old_ends_at IS NOT NULL
        AND old_ends_at > old_starts_at)),
  CONSTRAINT appointment_audit_log_new_time_order CHECK (
    (new_starts_at IS NULL AND new_ends_at IS NULL)
    OR (new_starts_at IS NOT NULL AND new_ends_at IS NOT NULL
        AND new_ends_at > new_starts_at))
);

-- Added (decision #6).
CREATE INDEX idx_appointment_audit_log_clinic_id ON appointment_audit_log(clinic_id);
CREATE INDEX idx_appointment_audit_log_booking_id ON appointment_audit_log(booking_id);
CREATE INDEX idx_appointment_audit_log_appointment_id ON appointment_audit_log(appointment_id);
