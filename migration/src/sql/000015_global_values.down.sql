DROP INDEX idx_clinic_invitations_token;
ALTER TABLE clinics ADD CONSTRAINT clinics_name_key UNIQUE (name);
