-- Undoes 000013: policies, RLS, functions and grants. The role gateway_app itself is kept:
-- roles belong to the whole server, and other databases on it may still use it.
DO $$
DECLARE
  pol record;
BEGIN
  FOR pol IN SELECT schemaname, tablename, policyname FROM pg_policies WHERE schemaname = 'public' LOOP
    EXECUTE format('DROP POLICY %I ON %I.%I', pol.policyname, pol.schemaname, pol.tablename);
  END LOOP;
END $$;

DO $$
DECLARE
  t text;
BEGIN
  FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind = 'r' AND (c.relrowsecurity OR c.relforcerowsecurity) LOOP
    EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', t);
  END LOOP;
END $$;

DROP FUNCTION gateway_principal(text);
DROP FUNCTION app_is_service();
DROP FUNCTION app_user_id();
DROP FUNCTION app_clinic_ids();

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM gateway_app;
REVOKE USAGE ON SCHEMA public FROM gateway_app;
