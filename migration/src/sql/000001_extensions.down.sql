-- Reverts 000001_extensions.up.sql. Runs last when rolling back to zero, after
-- every table (and so every trigger using the function) is gone.

DROP FUNCTION update_updated_at();

DROP EXTENSION IF EXISTS "pg_trgm";
DROP EXTENSION IF EXISTS "btree_gist";
DROP EXTENSION IF EXISTS "uuid-ossp";
