-- Schema V2, "Extensions & Functions": the three extensions and the shared
-- updated_at trigger function. The set_updated_at triggers themselves are
-- created by the migration that creates their table.

CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS "btree_gist";  -- for EXCLUDE USING GIST on schedule_appointments
CREATE EXTENSION IF NOT EXISTS "pg_trgm";     -- for fuzzy text search on client/patient names

-- Auto-update updated_at timestamp
CREATE OR REPLACE FUNCTION update_updated_at()
RETURNS TRIGGER AS $$
BEGIN
  NEW.updated_at = now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
