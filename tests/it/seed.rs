//! The demo data: loads through the domain layer, fills every table, and loading it twice
//! changes nothing.

use testkit::TestDb;

use crate::common::scalar;

async fn row_counts(conn: &sea_orm::DatabaseConnection) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    for table in entity::TABLES {
        counts.push((
            (*table).to_owned(),
            scalar(conn, &format!("SELECT count(*) FROM {table}")).await,
        ));
    }
    counts
}

#[tokio::test]
async fn demo_seed_fills_every_table_once() {
    let db = TestDb::new().await;
    let app = db.app();
    assert!(
        domain::seed::demo::load(&app).await.expect("first load"),
        "first load loads"
    );
    let conn = db.owner().await;
    let first = row_counts(&conn).await;
    for (table, count) in &first {
        assert!(*count > 0, "the demo data leaves {table} empty");
    }

    assert!(
        !domain::seed::demo::load(&app).await.expect("second load"),
        "second load is a no-op"
    );
    assert_eq!(
        row_counts(&conn).await,
        first,
        "loading twice duplicates nothing"
    );

    let clinics: i64 = scalar(&conn, "SELECT count(DISTINCT timezone) FROM clinics").await;
    assert_eq!(clinics, 3, "three clinics in different time zones");
    let statuses: i64 = scalar(&conn, "SELECT count(DISTINCT status) FROM cases").await;
    assert_eq!(statuses, 4, "cases in every status");
    let multi: i64 = scalar(
        &conn,
        "SELECT count(*) FROM (SELECT user_id FROM user_clinic_access GROUP BY user_id \
           HAVING count(DISTINCT clinic_id) > 1 AND count(DISTINCT role) > 1) m",
    )
    .await;
    assert!(multi >= 1, "a user in two clinics with different roles");
    let flagged: i64 = scalar(
        &conn,
        "SELECT count(*) FROM call_analysis WHERE attention_severity IS NOT NULL",
    )
    .await;
    assert!(flagged >= 1, "some calls are flagged for attention");
}
