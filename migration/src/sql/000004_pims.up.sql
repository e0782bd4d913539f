-- Schema V2, Tier 3: PIMS Integration (vendor-agnostic).
-- pims_credentials, pims_mappings, pims_sync_sessions, pims_sync_audit_log.
--
-- Additions to the spec (docs/SCHEMA_DECISIONS.md):
--   * #5: CHECK constraints on pims_type, pims_mappings.entity_type and
--     pims_sync_sessions.session_type (the spec lists their values).
--   * #6: btree indexes on foreign-key columns no index starts with.

CREATE TABLE pims_credentials (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,
  pims_type TEXT NOT NULL,
  credentials_encrypted JSONB NOT NULL,
  encryption_key_id TEXT DEFAULT 'default',
  is_active BOOLEAN DEFAULT true,
  validation_status TEXT DEFAULT 'unknown',
  last_validated_at TIMESTAMPTZ,
  last_used_at TIMESTAMPTZ,
  sync_enabled BOOLEAN DEFAULT true,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now(),
  UNIQUE (clinic_id, pims_type),
  -- Added (decision #5).
  CONSTRAINT pims_credentials_pims_type_check
    CHECK (pims_type IN ('idexx_neo', 'idexx_avimark', 'idexx_ezyvet', 'none'))
);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON pims_credentials
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE pims_mappings (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,
  entity_type TEXT NOT NULL,
  entity_id UUID NOT NULL,
  pims_type TEXT NOT NULL,
  external_id TEXT NOT NULL,
  external_data JSONB DEFAULT '{}',
  last_synced_at TIMESTAMPTZ,
  sync_status TEXT DEFAULT 'active',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now(),
  UNIQUE (clinic_id, entity_type, entity_id, pims_type),
  -- Added (decision #5).
  CONSTRAINT pims_mappings_entity_type_check
    CHECK (entity_type IN ('client', 'patient', 'provider', 'appointment', 'consultation')),
  CONSTRAINT pims_mappings_pims_type_check
    CHECK (pims_type IN ('idexx_neo', 'idexx_avimark', 'idexx_ezyvet', 'none'))
);

CREATE INDEX idx_pims_mappings_lookup ON pims_mappings(clinic_id, pims_type, external_id);
CREATE INDEX idx_pims_mappings_entity ON pims_mappings(entity_type, entity_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON pims_mappings
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE pims_sync_sessions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,
  credential_id UUID REFERENCES pims_credentials(id),
  pims_type TEXT NOT NULL,
  session_type TEXT NOT NULL,
  status TEXT DEFAULT 'pending',
  started_at TIMESTAMPTZ,
  completed_at TIMESTAMPTZ,
  items_synced INTEGER DEFAULT 0,
  items_failed INTEGER DEFAULT 0,
  error_message TEXT,
  error_details JSONB,
  metadata JSONB DEFAULT '{}',
  next_scheduled_sync TIMESTAMPTZ,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now(),
  -- Added (decision #5).
  CONSTRAINT pims_sync_sessions_pims_type_check
    CHECK (pims_type IN ('idexx_neo', 'idexx_avimark', 'idexx_ezyvet', 'none')),
  CONSTRAINT pims_sync_sessions_session_type_check
    CHECK (session_type IN ('consultations', 'appointments', 'schedule', 'full'))
);

CREATE INDEX idx_pims_sync_clinic ON pims_sync_sessions(clinic_id, started_at DESC);
-- Added (decision #6).
CREATE INDEX idx_pims_sync_sessions_credential_id ON pims_sync_sessions(credential_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON pims_sync_sessions
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

-- No updated_at column and not in the spec's trigger list.
CREATE TABLE pims_sync_audit_log (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id),
  sync_session_id UUID REFERENCES pims_sync_sessions(id),
  action_type TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id UUID,
  status TEXT NOT NULL,
  details JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_pims_sync_audit_log_clinic_id ON pims_sync_audit_log(clinic_id);
CREATE INDEX idx_pims_sync_audit_log_sync_session_id ON pims_sync_audit_log(sync_session_id);
