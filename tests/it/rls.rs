//! Row-level security on its own isolates tenants: with the settings the gateway writes at the
//! start of a request transaction, raw SQL with no application filter sees only the caller's
//! clinics, and cannot write another clinic's rows.

use domain::seed::demo::fixtures;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, Statement, TransactionTrait,
};
use testkit::TestDb;

use crate::common::{As, principal, scalar, sqlstate};

async fn count_in(tx: &DatabaseTransaction, sql: &str) -> i64 {
    let row = tx
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            sql.to_owned(),
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .expect("a row");
    row.try_get_by_index(0).expect("count")
}

/// Opens a transaction on the owner's connection and runs the gateway's settings statement for
/// `who`: from then on the transaction is exactly a request transaction of the gateway.
async fn request_transaction(
    db: &TestDb,
    conn: &DatabaseConnection,
    who: As,
) -> DatabaseTransaction {
    let app = db.app();
    let session = domain::Session::new(app.clone(), principal(&app, &who).await, "rls-test");
    let tx = conn.begin().await.expect("begin");
    tx.execute_raw(session.transaction_settings())
        .await
        .expect("settings");
    tx
}

/// Tables with a `clinic_id` column (every clinic-owned table but the four that hang from a
/// parent, and the clinic-or-global templates).
async fn clinic_tables(conn: &DatabaseConnection) -> Vec<String> {
    let rows = conn
        .query_all_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT table_name::text FROM information_schema.columns WHERE table_schema = 'public' \
             AND column_name = 'clinic_id' ORDER BY 1"
                .to_owned(),
        ))
        .await
        .expect("catalog");
    rows.iter()
        .map(|r| r.try_get_by_index::<String>(0).expect("name"))
        .collect()
}

#[tokio::test]
async fn rls_alone_limits_reads_to_the_callers_clinics() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let sunrise = fixtures::clinic_id(&fixtures::SUNRISE);
    let tables = clinic_tables(&owner).await;
    assert_eq!(
        tables.len(),
        35,
        "tables with a clinic_id column (34 of the spec, and audit_events): {tables:?}"
    );

    let tx = request_transaction(&db, &owner, As::User(fixtures::USER_SUNRISE_VIEWER, None)).await;
    let role: String = {
        let row = tx
            .query_one_raw(Statement::from_string(
                sea_orm::DbBackend::Postgres,
                "SELECT current_user::text".to_owned(),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index(0).unwrap()
    };
    assert_eq!(
        role, "gateway_app",
        "request transactions run as the application role"
    );
    for table in &tables {
        let foreign = count_in(&tx, &format!("SELECT count(*) FROM {table} WHERE clinic_id IS DISTINCT FROM '{sunrise}' AND clinic_id IS NOT NULL")).await;
        assert_eq!(
            foreign, 0,
            "{table}: another clinic's rows are visible without the app filter"
        );
        let all: i64 = scalar(
            &owner,
            &format!("SELECT count(*) FROM {table} WHERE clinic_id <> '{sunrise}'"),
        )
        .await;
        assert!(
            all > 0,
            "{table}: the demo data should have other clinics' rows to hide"
        );
    }
    // The tables that hang from a parent are isolated through it.
    for (table, parent_check) in [
        (
            "slack_channels",
            "workspace_id NOT IN (SELECT id FROM slack_workspaces WHERE clinic_id = '{c}')",
        ),
        (
            "discharge_batch_items",
            "batch_id NOT IN (SELECT id FROM discharge_batches WHERE clinic_id = '{c}')",
        ),
    ] {
        let sql = format!(
            "SELECT count(*) FROM {table} WHERE {}",
            parent_check.replace("{c}", &sunrise.to_string())
        );
        assert_eq!(count_in(&tx, &sql).await, 0, "{table}");
    }
    let clinics = count_in(&tx, "SELECT count(*) FROM clinics").await;
    assert_eq!(clinics, 1);
    let users_elsewhere = count_in(
        &tx,
        &format!(
            "SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_clinic_access a \
             WHERE a.user_id = u.id AND a.clinic_id = '{sunrise}')"
        ),
    )
    .await;
    assert_eq!(users_elsewhere, 0, "users of other clinics are invisible");
    assert_eq!(
        count_in(&tx, "SELECT count(*) FROM waitlist_signups").await,
        0,
        "sign-ups are not clinic data"
    );
    tx.rollback().await.unwrap();
}

#[tokio::test]
async fn rls_alone_refuses_writes_to_another_clinic() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    let harbor = fixtures::clinic_id(&fixtures::HARBOR);

    let tx = request_transaction(&db, &owner, As::User(fixtures::USER_SUNRISE_OWNER, None)).await;
    let err = tx
        .execute_unprepared(&format!(
            "INSERT INTO clients (clinic_id, display_name) VALUES ('{harbor}', 'Mallory')"
        ))
        .await
        .expect_err("insert into another clinic");
    assert_eq!(
        sqlstate(&err).0,
        "42501",
        "row-level security refuses the insert"
    );
    tx.rollback().await.unwrap();

    let tx = request_transaction(&db, &owner, As::User(fixtures::USER_SUNRISE_OWNER, None)).await;
    let updated = tx
        .execute_unprepared(&format!(
            "UPDATE clients SET display_name = 'Mallory' WHERE clinic_id = '{harbor}'"
        ))
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(updated, 0, "another clinic's rows cannot be updated");
    let deleted = tx
        .execute_unprepared(&format!(
            "DELETE FROM clinic_messages WHERE clinic_id = '{harbor}'"
        ))
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(deleted, 0, "another clinic's rows cannot be deleted");
    // Moving an own row into another clinic is refused too.
    let err = tx
        .execute_unprepared(&format!(
            "UPDATE clients SET clinic_id = '{harbor}' WHERE clinic_id = '{}'",
            fixtures::clinic_id(&fixtures::SUNRISE)
        ))
        .await
        .expect_err("move a row across tenants");
    assert_eq!(sqlstate(&err).0, "42501");
    tx.rollback().await.unwrap();

    let untouched: i64 = scalar(
        &owner,
        "SELECT count(*) FROM clients WHERE display_name = 'Mallory'",
    )
    .await;
    assert_eq!(untouched, 0);
}

#[tokio::test]
async fn no_settings_means_no_rows() {
    let db = TestDb::demo().await;
    let owner = db.owner().await;
    // Anonymous: the role is assumed but no clinic is in scope.
    let tx = request_transaction(&db, &owner, As::Anonymous).await;
    assert_eq!(count_in(&tx, "SELECT count(*) FROM clients").await, 0);
    assert_eq!(count_in(&tx, "SELECT count(*) FROM clinics").await, 0);
    assert_eq!(count_in(&tx, "SELECT count(*) FROM users").await, 0);
    tx.rollback().await.unwrap();

    // The role with settings from an earlier, finished transaction: nothing leaks over.
    let tx = request_transaction(&db, &owner, As::User(fixtures::USER_HARBOR_OWNER, None)).await;
    tx.commit().await.unwrap();
    let tx = owner.begin().await.unwrap();
    tx.execute_unprepared("SET LOCAL ROLE gateway_app")
        .await
        .unwrap();
    assert_eq!(
        count_in(&tx, "SELECT count(*) FROM clients").await,
        0,
        "settings are transaction-local"
    );
    tx.rollback().await.unwrap();
}

/// The row-level-security policies of every table follow the path to a clinic declared with
/// the table (`domain::registry::Tenant`), the same path the application-layer scope and the
/// audit trail use: a table whose declaration and policy disagree fails here.
#[tokio::test]
async fn every_tables_policies_follow_its_declared_path_to_a_clinic() {
    use domain::registry::{self, Tenant};
    let db = TestDb::new().await;
    let owner = db.owner().await;
    let rows = owner
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT tablename::text AS t, coalesce(qual, '') || ' ' || coalesce(with_check, '') AS expr \
             FROM pg_policies WHERE schemaname = 'public'",
        ))
        .await
        .unwrap();
    let mut policies: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for row in rows {
        let table: String = row.try_get("", "t").unwrap();
        let expr: String = row.try_get("", "expr").unwrap();
        let text = policies.entry(table).or_default();
        text.push_str(&expr.split_whitespace().collect::<Vec<_>>().join(" "));
        text.push('\n');
    }
    // The settings helpers, each read once per statement (migration 000020).
    const CLINIC_IDS: &str = "( SELECT app_clinic_ids() AS app_clinic_ids)::uuid[]";
    const USER_ID: &str = "( SELECT app_user_id() AS app_user_id)";
    let in_clinics = format!("clinic_id = ANY ({CLINIC_IDS})");
    let in_clinics = in_clinics.as_str();
    for (table, text) in &policies {
        // An inlined helper call outside a subquery is evaluated again for every row scanned.
        for helper in ["app_clinic_ids()", "app_is_service()", "app_user_id()"] {
            let calls = text.matches(helper).count();
            let once = text.matches(&format!("SELECT {helper}")).count();
            assert_eq!(
                calls, once,
                "{table}'s policies call {helper} outside a subquery (once per row):\n{text}"
            );
        }
    }
    for declared in registry::tables() {
        let text = policies
            .get(declared.table)
            .unwrap_or_else(|| panic!("{} has no RLS policy", declared.table));
        let must = |fragment: &str| {
            assert!(
                text.contains(fragment),
                "{}'s policies do not follow its path ({fragment:?} missing):\n{text}",
                declared.table
            )
        };
        match declared.tenant {
            Tenant::Clinic => must(&format!("({in_clinics})")),
            Tenant::ClinicItself => must(&format!("(id = ANY ({CLINIC_IDS}))")),
            Tenant::ClinicOrGlobal => {
                must(&format!("({in_clinics})"));
                must("(clinic_id IS NULL)");
            }
            Tenant::Through { column, parent } => {
                must(&format!("({column} IN ( SELECT"));
                // Every table of the chain up to the clinic appears in the policy.
                let mut current = registry::table(parent);
                loop {
                    must(current.table);
                    match current.tenant {
                        Tenant::Through { parent, .. } => current = registry::table(parent),
                        _ => break,
                    }
                }
                must(in_clinics);
            }
            Tenant::ReferencedBy { child, column } => {
                must("(id IN ( SELECT");
                must(column);
                must(registry::table(child).table);
                must(in_clinics);
            }
            Tenant::Colleagues => {
                must(&format!("id = {USER_ID}"));
                must(registry::table(domain::Resource::UserClinicAccess).table);
                must(in_clinics);
            }
            Tenant::NoClinic => assert!(
                !text.contains("app_clinic_ids()"),
                "{} belongs to no clinic, yet a policy scopes it by clinic:\n{text}",
                declared.table
            ),
        }
    }
}
