-- Schema V2, Tiers 7-8: VAPI Configuration, Clinic Settings & Config.
-- vapi_assistant_mappings, clinic_settings, auto_scheduling_config,
-- clinic_case_type_cadence.
--
-- Addition to the spec (docs/SCHEMA_DECISIONS.md #6): btree indexes on the
-- foreign-key columns no index starts with (the UNIQUE constraints on
-- clinic_id already cover the other three tables).

CREATE TABLE vapi_assistant_mappings (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  assistant_id TEXT NOT NULL UNIQUE,
  assistant_name TEXT,
  assistant_type TEXT DEFAULT 'inbound',
  environment TEXT DEFAULT 'production',
  pims_clinic_id UUID REFERENCES clinics(id),
  is_active BOOLEAN DEFAULT true,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_vapi_assistant_mappings_clinic_id ON vapi_assistant_mappings(clinic_id);
CREATE INDEX idx_vapi_assistant_mappings_pims_clinic_id ON vapi_assistant_mappings(pims_clinic_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON vapi_assistant_mappings
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE clinic_settings (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) UNIQUE,
  -- Discharge call settings
  voicemail_detection_enabled BOOLEAN DEFAULT false,
  voicemail_hangup_on_detection BOOLEAN DEFAULT false,
  voicemail_message TEXT,
  max_call_retries INTEGER DEFAULT 3,
  -- Scheduling preferences
  preferred_email_start_time TIME DEFAULT '10:00',
  preferred_email_end_time TIME DEFAULT '12:00',
  preferred_call_start_time TIME DEFAULT '16:00',
  preferred_call_end_time TIME DEFAULT '19:00',
  email_delay_days INTEGER DEFAULT 1,
  call_delay_days INTEGER DEFAULT 2,
  -- Batch settings
  batch_include_pims_notes BOOLEAN DEFAULT true,
  batch_include_manual_transcriptions BOOLEAN DEFAULT true,
  -- Emergency
  emergency_phone TEXT,
  -- Email branding
  email_header_text TEXT,
  email_footer_text TEXT,
  -- Test mode
  test_mode_enabled BOOLEAN DEFAULT false,
  test_contact_name TEXT,
  test_contact_email TEXT,
  test_contact_phone TEXT,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON clinic_settings
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE auto_scheduling_config (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) UNIQUE,
  is_enabled BOOLEAN DEFAULT false,
  auto_email_enabled BOOLEAN DEFAULT true,
  auto_call_enabled BOOLEAN DEFAULT true,
  email_delay_days INTEGER DEFAULT 1,
  call_delay_days INTEGER DEFAULT 3,
  preferred_email_time TIME DEFAULT '10:00',
  preferred_call_time TIME DEFAULT '16:00',
  scheduling_criteria JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON auto_scheduling_config
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE clinic_case_type_cadence (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  case_type TEXT NOT NULL,
  auto_schedule_call BOOLEAN DEFAULT true,
  auto_schedule_email BOOLEAN DEFAULT true,
  call_delay_days INTEGER DEFAULT 1,
  email_delay_days INTEGER DEFAULT 1,
  preferred_call_time TIME DEFAULT '10:00',
  preferred_email_time TIME DEFAULT '09:00',
  never_auto_schedule BOOLEAN DEFAULT false,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now(),
  UNIQUE (clinic_id, case_type)
);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON clinic_case_type_cadence
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();
