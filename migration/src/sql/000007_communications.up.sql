-- Schema V2, Tier 5: Communications (unified).
-- outbound_calls, inbound_calls, call_analysis, outbound_emails,
-- clinic_messages, refill_requests.
--
-- Additions to the spec (docs/SCHEMA_DECISIONS.md):
--   * #5: CHECK constraint on outbound_calls.status (the spec lists its values;
--     it does not list inbound_calls.status values, so that one is unconstrained).
--   * #6: btree indexes on foreign-key columns no index starts with.
--   * The spec's unnamed call_analysis CHECK is named call_analysis_exactly_one_parent.

CREATE TABLE outbound_calls (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  case_id UUID NOT NULL REFERENCES cases(id),
  -- VAPI data
  vapi_call_id TEXT UNIQUE,
  assistant_id TEXT,
  outbound_phone_number_id TEXT,
  customer_phone TEXT,
  -- Scheduling
  scheduled_for TIMESTAMPTZ,
  qstash_message_id TEXT,
  -- Call lifecycle
  status TEXT DEFAULT 'queued',
  started_at TIMESTAMPTZ,
  ended_at TIMESTAMPTZ,
  ended_reason TEXT,
  duration_seconds INTEGER,
  cost NUMERIC,
  -- Recordings & transcripts
  recording_url TEXT,
  stereo_recording_url TEXT,
  transcript TEXT,
  transcript_messages JSONB,
  cleaned_transcript TEXT,
  -- Review
  review_category TEXT DEFAULT 'to_review',
  -- Metadata
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now(),
  -- Added (decision #5): the spec lists the status values.
  CONSTRAINT outbound_calls_status_check
    CHECK (status IN ('queued', 'in-progress', 'ended', 'failed', 'cancelled'))
);

CREATE INDEX idx_outbound_calls_clinic ON outbound_calls(clinic_id, created_at DESC);
CREATE INDEX idx_outbound_calls_case ON outbound_calls(case_id);
CREATE INDEX idx_outbound_calls_status ON outbound_calls(status);
CREATE INDEX idx_outbound_calls_vapi ON outbound_calls(vapi_call_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON outbound_calls
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE inbound_calls (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  -- VAPI data
  vapi_call_id TEXT UNIQUE NOT NULL,
  assistant_id TEXT,
  phone_number_id TEXT,
  customer_phone TEXT,
  -- Call lifecycle
  type TEXT DEFAULT 'inbound',
  status TEXT DEFAULT 'queued',
  started_at TIMESTAMPTZ,
  ended_at TIMESTAMPTZ,
  ended_reason TEXT,
  duration_seconds INTEGER,
  cost NUMERIC,
  -- Recordings & transcripts
  recording_url TEXT,
  stereo_recording_url TEXT,
  transcript TEXT,
  transcript_messages JSONB,
  cleaned_transcript TEXT,
  display_transcript TEXT,
  use_display_transcript BOOLEAN DEFAULT false,
  -- Outcome
  outcome TEXT,
  actions_taken JSONB,
  action_confirmed BOOLEAN DEFAULT false,
  -- Extracted caller info
  extracted_caller_phone TEXT,
  extracted_caller_name TEXT,
  extracted_pet_name TEXT,
  -- Metadata
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE INDEX idx_inbound_calls_clinic ON inbound_calls(clinic_id, created_at DESC);
CREATE INDEX idx_inbound_calls_vapi ON inbound_calls(vapi_call_id);
CREATE INDEX idx_inbound_calls_status ON inbound_calls(status);
CREATE INDEX idx_inbound_calls_outcome ON inbound_calls(outcome);
CREATE INDEX idx_inbound_calls_phone ON inbound_calls(customer_phone);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON inbound_calls
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

-- No updated_at column and not in the spec's trigger list.
CREATE TABLE call_analysis (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  -- Polymorphic: exactly one must be set
  inbound_call_id UUID REFERENCES inbound_calls(id) ON DELETE CASCADE,
  outbound_call_id UUID REFERENCES outbound_calls(id) ON DELETE CASCADE,
  -- Structured analysis
  call_outcome TEXT,
  call_outcome_details JSONB,
  pet_recovery_status TEXT,
  pet_health_details JSONB,
  medication_compliance TEXT,
  medication_details JSONB,
  owner_sentiment TEXT,
  owner_sentiment_details JSONB,
  escalation_triggered BOOLEAN DEFAULT false,
  escalation_details JSONB,
  follow_up_needed BOOLEAN DEFAULT false,
  follow_up_details JSONB,
  -- Attention flags
  attention_types TEXT[] DEFAULT '{}',
  attention_severity TEXT,
  attention_summary TEXT,
  attention_flagged_at TIMESTAMPTZ,
  -- Summary
  summary TEXT,
  success_evaluation TEXT,
  structured_data JSONB,
  created_at TIMESTAMPTZ DEFAULT now(),
  -- Named here so that violations can be mapped by name; the spec leaves it unnamed.
  CONSTRAINT call_analysis_exactly_one_parent
    CHECK (num_nonnulls(inbound_call_id, outbound_call_id) = 1)
);

CREATE INDEX idx_call_analysis_inbound ON call_analysis(inbound_call_id) WHERE inbound_call_id IS NOT NULL;
CREATE INDEX idx_call_analysis_outbound ON call_analysis(outbound_call_id) WHERE outbound_call_id IS NOT NULL;
CREATE INDEX idx_call_analysis_severity ON call_analysis(attention_severity) WHERE attention_severity IS NOT NULL;
-- Added (decision #6). The two partial indexes above already serve lookups by
-- inbound_call_id / outbound_call_id (an equality implies IS NOT NULL).
CREATE INDEX idx_call_analysis_clinic_id ON call_analysis(clinic_id);

CREATE TABLE outbound_emails (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  case_id UUID NOT NULL REFERENCES cases(id),
  recipient_email TEXT NOT NULL,
  recipient_name TEXT,
  subject TEXT,
  html_content TEXT,
  text_content TEXT,
  scheduled_for TIMESTAMPTZ,
  status TEXT DEFAULT 'queued',
  sent_at TIMESTAMPTZ,
  resend_email_id TEXT,
  qstash_message_id TEXT,
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_outbound_emails_clinic_id ON outbound_emails(clinic_id);
CREATE INDEX idx_outbound_emails_case_id ON outbound_emails(case_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON outbound_emails
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE clinic_messages (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  inbound_call_id UUID REFERENCES inbound_calls(id),
  caller_name TEXT,
  caller_phone TEXT,
  message_content TEXT,
  message_type TEXT DEFAULT 'voicemail',
  status TEXT DEFAULT 'new',
  priority TEXT DEFAULT 'normal',
  assigned_to_user_id UUID REFERENCES users(id),
  triage_data JSONB,
  read_at TIMESTAMPTZ,
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_clinic_messages_clinic_id ON clinic_messages(clinic_id);
CREATE INDEX idx_clinic_messages_inbound_call_id ON clinic_messages(inbound_call_id);
CREATE INDEX idx_clinic_messages_assigned_to_user_id ON clinic_messages(assigned_to_user_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON clinic_messages
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE refill_requests (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  inbound_call_id UUID REFERENCES inbound_calls(id),
  client_name TEXT,
  client_phone TEXT,
  pet_name TEXT,
  species TEXT,
  medication_name TEXT NOT NULL,
  medication_strength TEXT,
  last_refill_date DATE,
  pharmacy_preference TEXT DEFAULT 'pickup',
  pharmacy_name TEXT,
  pharmacy_phone TEXT,
  status TEXT DEFAULT 'pending',
  requires_exam BOOLEAN DEFAULT false,
  vet_notes TEXT,
  approved_by UUID REFERENCES users(id),
  approved_at TIMESTAMPTZ,
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_refill_requests_clinic_id ON refill_requests(clinic_id);
CREATE INDEX idx_refill_requests_inbound_call_id ON refill_requests(inbound_call_id);
CREATE INDEX idx_refill_requests_approved_by ON refill_requests(approved_by);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON refill_requests
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();
