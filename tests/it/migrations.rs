//! Migrations down to zero and back up leave the same schema, compared on the catalog
//! (columns with types, defaults and generation; constraints; indexes; triggers; functions;
//! policies; extensions), not just on table names.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use testkit::TestDb;

use crate::common::scalar;

/// Everything about the public schema that a migration can change, as sorted text lines.
async fn catalog(conn: &DatabaseConnection) -> Vec<String> {
    let queries = [
        "SELECT format('column %s.%s %s null=%s default=%s generated=%s', table_name, column_name, \
           data_type, is_nullable, coalesce(column_default, '-'), coalesce(generation_expression, '-')) \
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'seaql_migrations'",
        "SELECT format('constraint %s.%s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) \
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
         WHERE n.nspname = 'public' AND c.conrelid <> 'seaql_migrations'::regclass",
        "SELECT format('index %s', indexdef) FROM pg_indexes \
         WHERE schemaname = 'public' AND tablename <> 'seaql_migrations'",
        "SELECT format('trigger %s', pg_get_triggerdef(t.oid)) FROM pg_trigger t \
         JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND NOT t.tgisinternal",
        "SELECT format('function %s %s', p.proname, md5(pg_get_functiondef(p.oid))) FROM pg_proc p \
         JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE n.nspname = 'public' AND p.prokind = 'f' \
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')",
        "SELECT format('policy %s.%s %s %s %s', tablename, policyname, cmd, coalesce(qual, '-'), \
           coalesce(with_check, '-')) FROM pg_policies WHERE schemaname = 'public'",
        "SELECT format('rls %s enabled=%s forced=%s', relname, relrowsecurity, relforcerowsecurity) \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND relname <> 'seaql_migrations'",
        "SELECT format('grant %s %s %s', table_name, grantee, privilege_type) \
         FROM information_schema.role_table_grants WHERE table_schema = 'public' \
           AND grantee NOT IN ('postgres', 'PUBLIC') AND table_name <> 'seaql_migrations'",
        "SELECT format('extension %s', extname) FROM pg_extension",
    ];
    let mut lines = Vec::new();
    for sql in queries {
        let rows = conn
            .query_all_raw(Statement::from_string(
                sea_orm::DbBackend::Postgres,
                sql.to_owned(),
            ))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        for row in rows {
            lines.push(row.try_get_by_index::<String>(0).expect("text"));
        }
    }
    lines.sort();
    lines
}

#[tokio::test]
async fn down_to_zero_and_up_again_leaves_the_same_catalog() {
    let db = TestDb::empty().await;
    let conn = db.owner().await;
    Migrator::up(&conn, None).await.expect("up");
    let tables: i64 = scalar(
        &conn,
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' \
           AND table_type = 'BASE TABLE' AND table_name NOT IN ('seaql_migrations', 'audit_events')",
    )
    .await;
    assert_eq!(tables, 44, "Schema V2 has 44 tables");
    let first = catalog(&conn).await;

    Migrator::down(&conn, None).await.expect("down to zero");
    let leftover: i64 = scalar(
        &conn,
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' \
           AND table_name <> 'seaql_migrations'",
    )
    .await;
    assert_eq!(leftover, 0, "down to zero drops every table");

    Migrator::up(&conn, None).await.expect("up again");
    let second = catalog(&conn).await;
    if first != second {
        let only_first: Vec<_> = first.iter().filter(|l| !second.contains(l)).collect();
        let only_second: Vec<_> = second.iter().filter(|l| !first.contains(l)).collect();
        panic!(
            "catalog differs after down/up:\nonly before: {only_first:#?}\nonly after: {only_second:#?}"
        );
    }
    assert!(
        Migrator::get_pending_migrations(&conn)
            .await
            .unwrap()
            .is_empty()
    );
}
