-- The gateway's audit trail (not part of Schema V2; an addition, see ARCHITECTURE.md): one row
-- per write made through the API, written in the same transaction as the write itself.
--
-- clinic_id is deliberately not a foreign key: the trail must neither block nor vanish with a
-- clinic's deletion. Rows are immutable: no UPDATE/DELETE grant or policy for the gateway's
-- role, and a trigger refuses both for everyone else too (only DROP TABLE removes them).

CREATE TABLE audit_events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID,
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'service', 'anonymous')),
  actor_user_id UUID,
  actor_name TEXT,
  entity TEXT NOT NULL,
  entity_id UUID NOT NULL,
  action TEXT NOT NULL,
  before JSONB,
  after JSONB,
  request_id TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX idx_audit_events_clinic ON audit_events (clinic_id, created_at DESC, id DESC);
CREATE INDEX idx_audit_events_entity ON audit_events (entity, entity_id);

CREATE FUNCTION audit_events_immutable() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit events are immutable' USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER audit_events_immutable BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_immutable();

GRANT SELECT, INSERT ON audit_events TO gateway_app;

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_select ON audit_events FOR SELECT
  USING (app_is_service() OR clinic_id = ANY (app_clinic_ids()));
-- A user's write of a row without a clinic (their own profile, a public sign-up) is audited
-- with clinic_id NULL.
CREATE POLICY audit_insert ON audit_events FOR INSERT
  WITH CHECK (app_is_service() OR clinic_id IS NULL OR clinic_id = ANY (app_clinic_ids()));
