-- Schema V2, Tiers 9-10: Auto-Scheduling and Discharge Batches.
-- auto_scheduling_runs, auto_scheduled_items, discharge_batches,
-- discharge_batch_items.
--
-- Addition to the spec (docs/SCHEMA_DECISIONS.md #6): btree indexes on the
-- foreign-key columns.

CREATE TABLE auto_scheduling_runs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  started_at TIMESTAMPTZ DEFAULT now(),
  completed_at TIMESTAMPTZ,
  status TEXT DEFAULT 'running',
  results JSONB DEFAULT '[]',
  total_cases_processed INTEGER DEFAULT 0,
  total_emails_scheduled INTEGER DEFAULT 0,
  total_calls_scheduled INTEGER DEFAULT 0,
  total_errors INTEGER DEFAULT 0,
  error_message TEXT,
  created_at TIMESTAMPTZ DEFAULT now()
);

CREATE TABLE auto_scheduled_items (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id UUID NOT NULL REFERENCES cases(id),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  run_id UUID REFERENCES auto_scheduling_runs(id),
  outbound_email_id UUID REFERENCES outbound_emails(id),
  outbound_call_id UUID REFERENCES outbound_calls(id),
  status TEXT DEFAULT 'scheduled',
  cancelled_at TIMESTAMPTZ,
  cancelled_by UUID REFERENCES users(id),
  cancellation_reason TEXT,
  scheduled_config JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_auto_scheduled_items_case_id ON auto_scheduled_items(case_id);
CREATE INDEX idx_auto_scheduled_items_clinic_id ON auto_scheduled_items(clinic_id);
CREATE INDEX idx_auto_scheduled_items_run_id ON auto_scheduled_items(run_id);
CREATE INDEX idx_auto_scheduled_items_outbound_email_id ON auto_scheduled_items(outbound_email_id);
CREATE INDEX idx_auto_scheduled_items_outbound_call_id ON auto_scheduled_items(outbound_call_id);
CREATE INDEX idx_auto_scheduled_items_cancelled_by ON auto_scheduled_items(cancelled_by);

CREATE TABLE discharge_batches (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  created_by UUID REFERENCES users(id),
  status TEXT DEFAULT 'pending',
  total_cases INTEGER DEFAULT 0,
  processed_cases INTEGER DEFAULT 0,
  successful_cases INTEGER DEFAULT 0,
  failed_cases INTEGER DEFAULT 0,
  email_schedule_time TIMESTAMPTZ,
  call_schedule_time TIMESTAMPTZ,
  started_at TIMESTAMPTZ,
  completed_at TIMESTAMPTZ,
  cancelled_at TIMESTAMPTZ,
  error_summary JSONB DEFAULT '{}',
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_discharge_batches_clinic_id ON discharge_batches(clinic_id);
CREATE INDEX idx_discharge_batches_created_by ON discharge_batches(created_by);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON discharge_batches
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE discharge_batch_items (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  batch_id UUID NOT NULL REFERENCES discharge_batches(id) ON DELETE CASCADE,
  case_id UUID NOT NULL REFERENCES cases(id),
  patient_id UUID REFERENCES patients(id),
  status TEXT DEFAULT 'pending',
  email_scheduled BOOLEAN DEFAULT false,
  call_scheduled BOOLEAN DEFAULT false,
  outbound_email_id UUID REFERENCES outbound_emails(id),
  outbound_call_id UUID REFERENCES outbound_calls(id),
  error_message TEXT,
  processed_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_discharge_batch_items_batch_id ON discharge_batch_items(batch_id);
CREATE INDEX idx_discharge_batch_items_case_id ON discharge_batch_items(case_id);
CREATE INDEX idx_discharge_batch_items_patient_id ON discharge_batch_items(patient_id);
CREATE INDEX idx_discharge_batch_items_outbound_email_id ON discharge_batch_items(outbound_email_id);
CREATE INDEX idx_discharge_batch_items_outbound_call_id ON discharge_batch_items(outbound_call_id);
