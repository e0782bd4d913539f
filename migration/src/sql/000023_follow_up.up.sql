-- The follow-up workflow (crates/domain/src/follow_up).

-- Staff who discharge a case plan its follow-up, and the plan is recorded as a run: anyone
-- with a clinic may insert a run (it becomes visible to them through its items, which the
-- clinic policy governs). Changing and deleting runs stays the service's.
CREATE POLICY run_insert_by_staff ON auto_scheduling_runs FOR INSERT
  WITH CHECK (cardinality((SELECT app_clinic_ids())) > 0);

-- A case has at most one live plan: planning twice cannot create a second one, whatever the
-- timing of the two requests.
CREATE UNIQUE INDEX idx_auto_scheduled_items_one_live_per_case
  ON auto_scheduled_items (case_id) WHERE status = 'scheduled';

-- Workers claim due work, earliest first, from the queued rows only.
CREATE INDEX idx_outbound_calls_due ON outbound_calls (scheduled_for) WHERE status = 'queued';
CREATE INDEX idx_outbound_emails_due ON outbound_emails (scheduled_for) WHERE status = 'queued';
