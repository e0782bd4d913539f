-- Every declared list pages from an index on (its parent column, its default order column, id):
-- `WHERE parent = $1 ORDER BY sort, id LIMIT n` reads its page in order and stops, instead of
-- sorting every child of the parent (tests/it/indexes.rs derives the lists from the
-- declarations and fails on one without its index). A descending default order scans the
-- same index backwards. The spec's single-column indexes stay: they are requirements.

CREATE INDEX idx_vapi_bookings_clinic_id_starts_at_page ON vapi_bookings (clinic_id, starts_at, id);
CREATE INDEX idx_pims_mappings_clinic_id_updated_at_page ON pims_mappings (clinic_id, updated_at, id);
CREATE INDEX idx_pims_sync_sessions_clinic_id_created_at_page ON pims_sync_sessions (clinic_id, created_at, id);
CREATE INDEX idx_clients_clinic_id_display_name_page ON clients (clinic_id, display_name, id);
CREATE INDEX idx_patients_clinic_id_name_page ON patients (clinic_id, name, id);
CREATE INDEX idx_call_analysis_clinic_id_attention_flagged_at_page ON call_analysis (clinic_id, attention_flagged_at, id);
CREATE INDEX idx_outbound_emails_clinic_id_created_at_page ON outbound_emails (clinic_id, created_at, id);
CREATE INDEX idx_clinic_messages_clinic_id_created_at_page ON clinic_messages (clinic_id, created_at, id);
CREATE INDEX idx_refill_requests_clinic_id_created_at_page ON refill_requests (clinic_id, created_at, id);
CREATE INDEX idx_schedule_appointments_clinic_id_starts_at_page ON schedule_appointments (clinic_id, starts_at, id);
CREATE INDEX idx_providers_clinic_id_name_page ON providers (clinic_id, name, id);
CREATE INDEX idx_clinic_invitations_clinic_id_created_at_page ON clinic_invitations (clinic_id, created_at, id);
CREATE INDEX idx_schedule_syncs_clinic_id_started_at_page ON schedule_syncs (clinic_id, started_at, id);
CREATE INDEX idx_appointment_audit_log_clinic_id_created_at_page ON appointment_audit_log (clinic_id, created_at, id);
CREATE INDEX idx_patients_client_id_name_page ON patients (client_id, name, id);
CREATE INDEX idx_cases_client_id_created_at_page ON cases (client_id, created_at, id);
CREATE INDEX idx_cases_patient_id_created_at_page ON cases (patient_id, created_at, id);
CREATE INDEX idx_pims_sync_sessions_credential_id_created_at_page ON pims_sync_sessions (credential_id, created_at, id);
CREATE INDEX idx_outbound_calls_case_id_created_at_page ON outbound_calls (case_id, created_at, id);
CREATE INDEX idx_outbound_emails_case_id_created_at_page ON outbound_emails (case_id, created_at, id);
CREATE INDEX idx_soap_notes_case_id_created_at_page ON soap_notes (case_id, created_at, id);
CREATE INDEX idx_discharge_summaries_case_id_created_at_page ON discharge_summaries (case_id, created_at, id);
CREATE INDEX idx_vital_signs_case_id_measured_at_page ON vital_signs (case_id, measured_at, id);
CREATE INDEX idx_discharge_summaries_soap_note_id_created_at_page ON discharge_summaries (soap_note_id, created_at, id);
CREATE INDEX idx_vital_signs_soap_note_id_measured_at_page ON vital_signs (soap_note_id, measured_at, id);
CREATE INDEX idx_clinic_messages_inbound_call_id_created_at_page ON clinic_messages (inbound_call_id, created_at, id);
CREATE INDEX idx_vapi_bookings_inbound_call_id_starts_at_page ON vapi_bookings (inbound_call_id, starts_at, id);
CREATE INDEX idx_refill_requests_inbound_call_id_created_at_page ON refill_requests (inbound_call_id, created_at, id);
CREATE INDEX idx_auto_scheduled_items_run_id_created_at_page ON auto_scheduled_items (run_id, created_at, id);
