-- Tenancy in the database: the role request traffic runs as, the transaction-local settings
-- that carry the caller's scope, the principal lookup, and row-level security on every table.
--
-- The gateway verifies the caller's JWT itself and writes the resolved scope at the start of
-- every request transaction (spec's auth.jwt() helpers are Supabase-specific, see
-- ARCHITECTURE.md, decision 8):
--   set_config('role', 'gateway_app', true)      -- not the owner, no BYPASSRLS
--   set_config('app.clinic_ids', '<uuid,...>', true)
--   set_config('app.user_id', '<uuid>', true)
--   set_config('app.service', 'on' | 'off', true)
-- After the transaction the settings read '' on the pooled connection, so a forgotten setting
-- yields no rows rather than another tenant's rows.
--
-- RLS is defence in depth under the application's own scoping: it isolates tenants even if an
-- application query forgets its filter. It is not a boundary against the gateway itself (any
-- session may call set_config).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gateway_app') THEN
    CREATE ROLE gateway_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
EXCEPTION WHEN duplicate_object THEN
  NULL; -- created concurrently by a migration of another database on the same server
END $$;

-- The login role must be able to assume gateway_app (superusers always can).
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'gateway_app', 'MEMBER') THEN
    EXECUTE format('GRANT gateway_app TO %I', current_user);
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'cannot grant gateway_app to %; grant it to the login role by hand', current_user;
END $$;

GRANT USAGE ON SCHEMA public TO gateway_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gateway_app;
REVOKE ALL ON seaql_migrations FROM gateway_app;
GRANT SELECT ON seaql_migrations TO gateway_app;
-- Append-only history: no updates or deletes, for anyone the gateway runs as.
REVOKE UPDATE, DELETE ON pims_sync_audit_log, appointment_audit_log FROM gateway_app;

-- The scope of the current transaction.
CREATE FUNCTION app_clinic_ids() RETURNS uuid[]
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(string_to_array(nullif(current_setting('app.clinic_ids', true), ''), ',')::uuid[], '{}'::uuid[]) $$;

CREATE FUNCTION app_user_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE FUNCTION app_is_service() RETURNS boolean
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT coalesce(current_setting('app.service', true), '') = 'on' $$;

-- Resolving a token's subject happens before any scope exists, so it is the one read that
-- runs with the owner's rights: a narrow function returning the user and memberships only.
CREATE FUNCTION gateway_principal(p_clerk_user_id text)
  RETURNS TABLE (user_id uuid, email text, clinic_id uuid, role text, clerk_org_id text)
  LANGUAGE sql STABLE SECURITY DEFINER
  SET search_path = public, pg_temp
  SET app.service = 'on'
  AS $$
    SELECT u.id, u.email, a.clinic_id, a.role, c.clerk_org_id
    FROM users u
    LEFT JOIN user_clinic_access a ON a.user_id = u.id
    LEFT JOIN clinics c ON c.id = a.clinic_id
    WHERE u.clerk_user_id = p_clerk_user_id
  $$;
REVOKE ALL ON FUNCTION gateway_principal(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION gateway_principal(text) TO gateway_app;

-- Tables with their own clinic_id: one policy for every command.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'user_clinic_access', 'clinic_invitations', 'providers', 'clients', 'patients',
    'pims_credentials', 'pims_mappings', 'pims_sync_sessions', 'pims_sync_audit_log',
    'cases', 'soap_notes', 'discharge_summaries', 'vital_signs',
    'outbound_calls', 'inbound_calls', 'call_analysis', 'outbound_emails', 'clinic_messages',
    'refill_requests', 'schedule_appointments', 'vapi_bookings', 'clinic_schedule_config',
    'clinic_blocked_periods', 'schedule_syncs', 'appointment_audit_log',
    'vapi_assistant_mappings', 'clinic_settings', 'auto_scheduling_config',
    'clinic_case_type_cadence', 'auto_scheduled_items', 'discharge_batches', 'slack_workspaces'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (app_is_service() OR clinic_id = ANY (app_clinic_ids())) '
      'WITH CHECK (app_is_service() OR clinic_id = ANY (app_clinic_ids()))', t);
  END LOOP;
END $$;

-- The tenant root: members see and change their clinics; only the service creates clinics.
ALTER TABLE clinics ENABLE ROW LEVEL SECURITY;
ALTER TABLE clinics FORCE ROW LEVEL SECURITY;
CREATE POLICY clinic_select ON clinics FOR SELECT USING (app_is_service() OR id = ANY (app_clinic_ids()));
CREATE POLICY clinic_insert ON clinics FOR INSERT WITH CHECK (app_is_service());
CREATE POLICY clinic_update ON clinics FOR UPDATE
  USING (app_is_service() OR id = ANY (app_clinic_ids()))
  WITH CHECK (app_is_service() OR id = ANY (app_clinic_ids()));
CREATE POLICY clinic_delete ON clinics FOR DELETE USING (app_is_service() OR id = ANY (app_clinic_ids()));

-- Users: yourself and the staff of your clinics; you change only yourself.
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY user_select ON users FOR SELECT USING (
  app_is_service() OR id = app_user_id()
  OR id IN (SELECT a.user_id FROM user_clinic_access a WHERE a.clinic_id = ANY (app_clinic_ids())));
CREATE POLICY user_insert ON users FOR INSERT WITH CHECK (app_is_service());
CREATE POLICY user_update ON users FOR UPDATE
  USING (app_is_service() OR id = app_user_id()) WITH CHECK (app_is_service() OR id = app_user_id());
CREATE POLICY user_delete ON users FOR DELETE USING (app_is_service());

-- Templates: global rows (clinic_id IS NULL) are readable by every signed-in caller and
-- writable by the service only.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['soap_templates', 'discharge_templates'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY template_select ON %I FOR SELECT USING (app_is_service() '
      'OR clinic_id = ANY (app_clinic_ids()) OR (clinic_id IS NULL AND app_user_id() IS NOT NULL))', t);
    EXECUTE format(
      'CREATE POLICY template_insert ON %I FOR INSERT WITH CHECK (app_is_service() OR clinic_id = ANY (app_clinic_ids()))', t);
    EXECUTE format(
      'CREATE POLICY template_update ON %I FOR UPDATE USING (app_is_service() OR clinic_id = ANY (app_clinic_ids())) '
      'WITH CHECK (app_is_service() OR clinic_id = ANY (app_clinic_ids()))', t);
    EXECUTE format(
      'CREATE POLICY template_delete ON %I FOR DELETE USING (app_is_service() OR clinic_id = ANY (app_clinic_ids()))', t);
  END LOOP;
END $$;

ALTER TABLE ai_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY ai_template_select ON ai_templates FOR SELECT USING (app_is_service() OR app_user_id() IS NOT NULL);
CREATE POLICY ai_template_write ON ai_templates FOR ALL USING (app_is_service()) WITH CHECK (app_is_service());

-- Tables that hang from a clinic-owned parent without a clinic_id of their own.
ALTER TABLE slack_channels ENABLE ROW LEVEL SECURITY;
ALTER TABLE slack_channels FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON slack_channels
  USING (app_is_service() OR workspace_id IN (
    SELECT w.id FROM slack_workspaces w WHERE w.clinic_id = ANY (app_clinic_ids())))
  WITH CHECK (app_is_service() OR workspace_id IN (
    SELECT w.id FROM slack_workspaces w WHERE w.clinic_id = ANY (app_clinic_ids())));

ALTER TABLE slack_tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE slack_tasks FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON slack_tasks
  USING (app_is_service() OR channel_id IN (
    SELECT c.id FROM slack_channels c JOIN slack_workspaces w ON w.id = c.workspace_id
    WHERE w.clinic_id = ANY (app_clinic_ids())))
  WITH CHECK (app_is_service() OR channel_id IN (
    SELECT c.id FROM slack_channels c JOIN slack_workspaces w ON w.id = c.workspace_id
    WHERE w.clinic_id = ANY (app_clinic_ids())));

ALTER TABLE slack_task_completions ENABLE ROW LEVEL SECURITY;
ALTER TABLE slack_task_completions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON slack_task_completions
  USING (app_is_service() OR task_id IN (
    SELECT t.id FROM slack_tasks t JOIN slack_channels c ON c.id = t.channel_id
    JOIN slack_workspaces w ON w.id = c.workspace_id WHERE w.clinic_id = ANY (app_clinic_ids())))
  WITH CHECK (app_is_service() OR task_id IN (
    SELECT t.id FROM slack_tasks t JOIN slack_channels c ON c.id = t.channel_id
    JOIN slack_workspaces w ON w.id = c.workspace_id WHERE w.clinic_id = ANY (app_clinic_ids())));

ALTER TABLE discharge_batch_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE discharge_batch_items FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON discharge_batch_items
  USING (app_is_service() OR batch_id IN (
    SELECT b.id FROM discharge_batches b WHERE b.clinic_id = ANY (app_clinic_ids())))
  WITH CHECK (app_is_service() OR batch_id IN (
    SELECT b.id FROM discharge_batches b WHERE b.clinic_id = ANY (app_clinic_ids())));

-- Auto-scheduling runs are global jobs: a clinic sees the runs that scheduled something for it.
ALTER TABLE auto_scheduling_runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE auto_scheduling_runs FORCE ROW LEVEL SECURITY;
CREATE POLICY run_select ON auto_scheduling_runs FOR SELECT USING (app_is_service() OR id IN (
  SELECT i.run_id FROM auto_scheduled_items i WHERE i.clinic_id = ANY (app_clinic_ids())));
CREATE POLICY run_write ON auto_scheduling_runs FOR ALL USING (app_is_service()) WITH CHECK (app_is_service());

-- Public sign-ups: anyone may insert (the gateway decides who reaches this); only the service
-- reads or changes them.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['waitlist_signups', 'contact_submissions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY public_insert ON %I FOR INSERT WITH CHECK (true)', t);
    EXECUTE format('CREATE POLICY service_select ON %I FOR SELECT USING (app_is_service())', t);
    EXECUTE format('CREATE POLICY service_update ON %I FOR UPDATE USING (app_is_service()) WITH CHECK (app_is_service())', t);
    EXECUTE format('CREATE POLICY service_delete ON %I FOR DELETE USING (app_is_service())', t);
  END LOOP;
END $$;
