-- Calls the settings helpers directly in every policy again (undoes 000020.up.sql).
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
            statement := statement || ' USING (' || regexp_replace(p.qual,
                '\(\s*SELECT\s+(app_clinic_ids|app_is_service|app_user_id)\(\)(\s+AS\s+\w+)?\s*\)',
                '\1()', 'g') || ')';
        END IF;
        IF p.with_check IS NOT NULL THEN
            statement := statement || ' WITH CHECK (' || regexp_replace(p.with_check,
                '\(\s*SELECT\s+(app_clinic_ids|app_is_service|app_user_id)\(\)(\s+AS\s+\w+)?\s*\)',
                '\1()', 'g') || ')';
        END IF;
        EXECUTE statement;
    END LOOP;
END
$$;
