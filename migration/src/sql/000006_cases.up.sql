-- Schema V2, Tier 4: Cases & Clinical Data.
-- cases, soap_notes, discharge_summaries, vital_signs.
--
-- Additions to the spec (docs/SCHEMA_DECISIONS.md):
--   * #5: CHECK constraints on cases.status and cases.source.
--   * #6: btree indexes on foreign-key columns no index starts with.

CREATE TABLE cases (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,
  patient_id UUID REFERENCES patients(id),
  client_id UUID REFERENCES clients(id),
  created_by UUID REFERENCES users(id),
  updated_by UUID REFERENCES users(id),
  -- Case info
  type TEXT,
  status TEXT DEFAULT 'draft',
  visibility TEXT DEFAULT 'private',
  source TEXT DEFAULT 'manual',
  -- Patient snapshot (denormalized for historical accuracy)
  patient_snapshot JSONB,
  -- Scheduling
  scheduled_at TIMESTAMPTZ,
  auto_scheduled_at TIMESTAMPTZ,
  scheduling_source TEXT,
  call_enabled BOOLEAN DEFAULT true,
  email_enabled BOOLEAN DEFAULT true,
  cadence_source TEXT DEFAULT 'default',
  call_delay_days INTEGER DEFAULT 1,
  email_delay_days INTEGER DEFAULT 1,
  detected_case_type TEXT,
  -- PIMS data
  external_id TEXT,
  -- AI extraction
  entity_extraction JSONB,
  extreme_case_check JSONB,
  is_urgent BOOLEAN DEFAULT false,
  is_starred BOOLEAN DEFAULT false,
  -- Metadata
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now(),
  UNIQUE (clinic_id, external_id),
  -- Added (decision #5): the spec lists the status and source values.
  CONSTRAINT cases_status_check
    CHECK (status IN ('draft', 'ongoing', 'reviewed', 'completed')),
  CONSTRAINT cases_source_check
    CHECK (source IN ('manual', 'pims_sync', 'import'))
);

CREATE INDEX idx_cases_clinic ON cases(clinic_id);
CREATE INDEX idx_cases_patient ON cases(patient_id);
CREATE INDEX idx_cases_client ON cases(client_id);
CREATE INDEX idx_cases_status ON cases(clinic_id, status);
CREATE INDEX idx_cases_created_at ON cases(clinic_id, created_at DESC);
CREATE INDEX idx_cases_external ON cases(clinic_id, external_id) WHERE external_id IS NOT NULL;
-- Added (decision #6).
CREATE INDEX idx_cases_created_by ON cases(created_by);
CREATE INDEX idx_cases_updated_by ON cases(updated_by);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON cases
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE soap_notes (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id UUID NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  transcript TEXT,
  subjective TEXT,
  objective TEXT,
  assessment TEXT,
  plan TEXT,
  client_instructions TEXT,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_soap_notes_case_id ON soap_notes(case_id);
CREATE INDEX idx_soap_notes_clinic_id ON soap_notes(clinic_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON soap_notes
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE discharge_summaries (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id UUID NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  soap_note_id UUID REFERENCES soap_notes(id),
  template_id UUID REFERENCES discharge_templates(id),
  content TEXT,
  structured_content JSONB,
  created_by UUID REFERENCES users(id),
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_discharge_summaries_case_id ON discharge_summaries(case_id);
CREATE INDEX idx_discharge_summaries_clinic_id ON discharge_summaries(clinic_id);
CREATE INDEX idx_discharge_summaries_soap_note_id ON discharge_summaries(soap_note_id);
CREATE INDEX idx_discharge_summaries_template_id ON discharge_summaries(template_id);
CREATE INDEX idx_discharge_summaries_created_by ON discharge_summaries(created_by);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON discharge_summaries
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE vital_signs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id UUID NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  soap_note_id UUID REFERENCES soap_notes(id),
  temperature NUMERIC,
  temperature_unit TEXT DEFAULT 'F',
  pulse INTEGER,
  respiration INTEGER,
  weight NUMERIC,
  weight_unit TEXT DEFAULT 'kg',
  systolic INTEGER,
  diastolic INTEGER,
  notes TEXT,
  source TEXT DEFAULT 'manual',
  measured_at TIMESTAMPTZ,
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_vital_signs_case_id ON vital_signs(case_id);
CREATE INDEX idx_vital_signs_clinic_id ON vital_signs(clinic_id);
CREATE INDEX idx_vital_signs_soap_note_id ON vital_signs(soap_note_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON vital_signs
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();
