-- The principal lookup as migration 000013 created it (LANGUAGE sql).
CREATE OR REPLACE FUNCTION gateway_principal(p_clerk_user_id text)
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
