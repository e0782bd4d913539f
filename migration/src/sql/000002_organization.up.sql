-- Schema V2, Tier 1: Organization & Identity.
-- clinics, users, user_clinic_access, clinic_invitations, providers.
--
-- Additions to the spec (docs/SCHEMA_DECISIONS.md):
--   * #5: CHECK constraints on the value sets the spec lists (pims_type, roles,
--     invitation status), named <table>_<column>_check; NULL stays allowed.
--   * #6: a btree index on each foreign-key column that no index starts with,
--     named idx_<table>_<column>.

CREATE TABLE clinics (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clerk_org_id TEXT UNIQUE,
  name TEXT NOT NULL UNIQUE,
  slug TEXT NOT NULL UNIQUE,
  email TEXT,
  phone TEXT,
  address JSONB,
  timezone TEXT NOT NULL DEFAULT 'America/Los_Angeles',
  business_hours JSONB,
  er_config JSONB,
  pims_type TEXT NOT NULL DEFAULT 'none',
  -- Branding
  primary_color TEXT DEFAULT '#2563EB',
  logo_url TEXT,
  -- Billing
  stripe_customer_id TEXT UNIQUE,
  stripe_subscription_id TEXT UNIQUE,
  subscription_tier TEXT DEFAULT 'none',
  subscription_status TEXT DEFAULT 'none',
  current_period_start TIMESTAMPTZ,
  current_period_end TIMESTAMPTZ,
  -- Status
  is_active BOOLEAN DEFAULT true,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now(),
  -- Added (decision #5): the spec lists the pims_type values.
  CONSTRAINT clinics_pims_type_check
    CHECK (pims_type IN ('idexx_neo', 'idexx_avimark', 'idexx_ezyvet', 'none'))
);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON clinics
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE users (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clerk_user_id TEXT UNIQUE NOT NULL,
  email TEXT NOT NULL,
  first_name TEXT,
  last_name TEXT,
  role TEXT DEFAULT 'veterinarian',
  avatar_url TEXT,
  onboarding_completed BOOLEAN DEFAULT false,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE user_clinic_access (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  clinic_id UUID NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,
  role TEXT DEFAULT 'member',
  is_primary BOOLEAN DEFAULT false,
  granted_by UUID REFERENCES users(id),
  granted_at TIMESTAMPTZ DEFAULT now(),
  created_at TIMESTAMPTZ DEFAULT now(),
  UNIQUE (user_id, clinic_id),
  -- Added (decision #5): the spec lists the roles.
  CONSTRAINT user_clinic_access_role_check
    CHECK (role IN ('owner', 'admin', 'member', 'viewer'))
);

-- Added (decision #6): user_id is covered by UNIQUE (user_id, clinic_id).
CREATE INDEX idx_user_clinic_access_clinic_id ON user_clinic_access(clinic_id);
CREATE INDEX idx_user_clinic_access_granted_by ON user_clinic_access(granted_by);

CREATE TABLE clinic_invitations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  token UUID DEFAULT gen_random_uuid(),
  role TEXT DEFAULT 'member',
  status TEXT DEFAULT 'pending',
  invited_by UUID REFERENCES users(id),
  accepted_by UUID REFERENCES users(id),
  accepted_at TIMESTAMPTZ,
  expires_at TIMESTAMPTZ DEFAULT (now() + interval '7 days'),
  created_at TIMESTAMPTZ DEFAULT now(),
  UNIQUE (clinic_id, email),
  -- Added (decision #5): the spec lists the roles and the status values.
  CONSTRAINT clinic_invitations_role_check
    CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
  CONSTRAINT clinic_invitations_status_check
    CHECK (status IN ('pending', 'accepted', 'expired'))
);

-- Added (decision #6): clinic_id is covered by UNIQUE (clinic_id, email).
CREATE INDEX idx_clinic_invitations_invited_by ON clinic_invitations(invited_by);
CREATE INDEX idx_clinic_invitations_accepted_by ON clinic_invitations(accepted_by);

CREATE TABLE providers (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,
  user_id UUID REFERENCES users(id),
  name TEXT NOT NULL,
  role TEXT DEFAULT 'veterinarian',
  is_active BOOLEAN DEFAULT true,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_providers_clinic_id ON providers(clinic_id);
CREATE INDEX idx_providers_user_id ON providers(user_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON providers
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();
