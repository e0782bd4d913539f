-- The lists that became declared lists after 000017 (the clinic's members, blocked periods,
-- assistant mappings, PIMS sync audit log, scheduled items, discharge batches and Slack
-- workspaces; a sync session's audit log; a case's scheduled and batch items; a batch's items;
-- a Slack workspace's channels and a channel's tasks)
-- page from an index on (parent column, default order column, id) like the others.

CREATE INDEX idx_user_clinic_access_clinic_id_granted_at_page ON user_clinic_access (clinic_id, granted_at, id);
CREATE INDEX idx_clinic_blocked_periods_clinic_id_start_time_page ON clinic_blocked_periods (clinic_id, start_time, id);
CREATE INDEX idx_vapi_assistant_mappings_clinic_id_assistant_id_page ON vapi_assistant_mappings (clinic_id, assistant_id, id);
CREATE INDEX idx_pims_sync_audit_log_clinic_id_created_at_page ON pims_sync_audit_log (clinic_id, created_at, id);
CREATE INDEX idx_auto_scheduled_items_clinic_id_created_at_page ON auto_scheduled_items (clinic_id, created_at, id);
CREATE INDEX idx_discharge_batches_clinic_id_created_at_page ON discharge_batches (clinic_id, created_at, id);
CREATE INDEX idx_slack_workspaces_clinic_id_team_name_page ON slack_workspaces (clinic_id, team_name, id);
CREATE INDEX idx_pims_sync_audit_log_sync_session_id_created_at_page ON pims_sync_audit_log (sync_session_id, created_at, id);
CREATE INDEX idx_auto_scheduled_items_case_id_created_at_page ON auto_scheduled_items (case_id, created_at, id);
CREATE INDEX idx_discharge_batch_items_case_id_created_at_page ON discharge_batch_items (case_id, created_at, id);
CREATE INDEX idx_discharge_batch_items_batch_id_created_at_page ON discharge_batch_items (batch_id, created_at, id);
CREATE INDEX idx_slack_channels_workspace_id_channel_name_page ON slack_channels (workspace_id, channel_name, id);
CREATE INDEX idx_slack_tasks_channel_id_reminder_time_page ON slack_tasks (channel_id, reminder_time, id);
