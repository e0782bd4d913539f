-- Every row-level-security policy reads the request's settings once per statement instead of
-- once per row. The helpers (`app_clinic_ids()`, `app_is_service()`, `app_user_id()`) are SQL
-- functions that PostgreSQL inlines into the policy, and an inlined `current_setting(...)` with
-- its `string_to_array(...)::uuid[]` is evaluated again for every row a scan visits: a count of
-- a clinic's 30,000 cases spent 16 of its 18 ms there. Wrapped in a scalar subquery,
-- `(SELECT app_clinic_ids())`, each becomes an InitPlan, evaluated once, whose value the scan
-- compares with (and an index can seek on); the array one carries its type, `::uuid[]`, so that
-- `= ANY (...)` compares with the array rather than with a subquery's rows. The rewrite is mechanical, over every policy of the
-- public schema; tests/it/rls.rs fails on a policy that calls a helper outside a subquery.
DO $$
DECLARE
    p record;
    statement text;
BEGIN
    FOR p IN
        SELECT schemaname, tablename, policyname, qual, with_check
        FROM pg_policies WHERE schemaname = 'public'
    LOOP
        statement := format('ALTER POLICY %I ON %I.%I', p.policyname, p.schemaname, p.tablename);
        IF p.qual IS NOT NULL THEN
            statement := statement || ' USING (' || regexp_replace(regexp_replace(p.qual,
                '\m(app_is_service|app_user_id)\(\)', '(SELECT \1())', 'g'),
                '\mapp_clinic_ids\(\)', '(SELECT app_clinic_ids())::uuid[]', 'g') || ')';
        END IF;
        IF p.with_check IS NOT NULL THEN
            statement := statement || ' WITH CHECK (' || regexp_replace(regexp_replace(p.with_check,
                '\m(app_is_service|app_user_id)\(\)', '(SELECT \1())', 'g'),
                '\mapp_clinic_ids\(\)', '(SELECT app_clinic_ids())::uuid[]', 'g') || ')';
        END IF;
        EXECUTE statement;
    END LOOP;
END
$$;
