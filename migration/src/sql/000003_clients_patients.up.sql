-- Schema V2, Tier 2: Client & Patient Identity. clients, patients.
--
-- Additions to the spec (docs/SCHEMA_DECISIONS.md #6): trigram GIN indexes for
-- fuzzy search on client display name / phone and patient name. Every
-- foreign-key column here already has an index starting with it.

CREATE TABLE clients (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,
  first_name TEXT,
  last_name TEXT,
  display_name TEXT NOT NULL,
  phone TEXT,
  phone_secondary TEXT,
  email TEXT,
  address JSONB,
  preferred_contact_method TEXT DEFAULT 'phone',
  communication_opt_out BOOLEAN DEFAULT false,
  is_active BOOLEAN DEFAULT true,
  first_visit_at TIMESTAMPTZ,
  last_visit_at TIMESTAMPTZ,
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE INDEX idx_clients_clinic ON clients(clinic_id);
CREATE INDEX idx_clients_phone ON clients(clinic_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX idx_clients_name ON clients(clinic_id, lower(display_name));
-- Added (decision #6): trigram indexes for fuzzy search.
CREATE INDEX idx_clients_display_name_trgm ON clients USING gin (display_name gin_trgm_ops);
CREATE INDEX idx_clients_phone_trgm ON clients USING gin (phone gin_trgm_ops);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON clients
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE patients (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID NOT NULL REFERENCES clinics(id) ON DELETE CASCADE,
  client_id UUID NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  species TEXT,
  breed TEXT,
  sex TEXT,
  color TEXT,
  date_of_birth DATE,
  weight_kg NUMERIC,
  microchip_id TEXT,
  is_deceased BOOLEAN DEFAULT false,
  deceased_at TIMESTAMPTZ,
  allergies TEXT[],
  chronic_conditions TEXT[],
  is_active BOOLEAN DEFAULT true,
  first_visit_at TIMESTAMPTZ,
  last_visit_at TIMESTAMPTZ,
  visit_count INTEGER DEFAULT 0,
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE UNIQUE INDEX idx_patients_unique_per_client ON patients(client_id, lower(name));
CREATE INDEX idx_patients_clinic ON patients(clinic_id);
CREATE INDEX idx_patients_species ON patients(clinic_id, species);
-- Added (decision #6): trigram index for fuzzy search.
CREATE INDEX idx_patients_name_trgm ON patients USING gin (name gin_trgm_ops);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON patients
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();
