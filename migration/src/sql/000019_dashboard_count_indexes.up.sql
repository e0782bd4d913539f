-- The dashboard's counts (`Clinic.caseCountsByStatus`, `outboundCallCountsByStatus`,
-- `inboundCallCountsByStatus`, `inboundCallCountsByOutcome`, `messageCountsByStatus`) group a
-- clinic's rows by one column, optionally within a `createdAt` window. An index on (clinic_id,
-- the counted column) that also carries created_at answers each from the index alone (an index-only
-- scan: the table's rows are not read), instead of reading every row of the clinic's history.
-- tests/it/indexes.rs checks that each count can be planned so.

CREATE INDEX idx_cases_clinic_id_status_counts ON cases (clinic_id, status) INCLUDE (created_at);
CREATE INDEX idx_outbound_calls_clinic_id_status_counts ON outbound_calls (clinic_id, status) INCLUDE (created_at);
CREATE INDEX idx_inbound_calls_clinic_id_status_counts ON inbound_calls (clinic_id, status) INCLUDE (created_at);
CREATE INDEX idx_inbound_calls_clinic_id_outcome_counts ON inbound_calls (clinic_id, outcome) INCLUDE (created_at);
CREATE INDEX idx_clinic_messages_clinic_id_status_counts ON clinic_messages (clinic_id, status) INCLUDE (created_at);
