//! The benchmark data set: `seed --scale N` generates uneven clinics deterministically, in one
//! transaction, honours every constraint, loads once per scale, and is as tenant-isolated
//! through the API as any other data.

use domain::seed::scale::{self, ScaleError, ScaleOutcome};
use testkit::TestDb;

use crate::common::{As, error_codes, gql, scalar};

async fn checksum(conn: &sea_orm::DatabaseConnection) -> String {
    scalar(
        conn,
        "SELECT md5(string_agg(t, ',' ORDER BY t)) FROM (
           SELECT id::text || status AS t FROM cases UNION ALL
           SELECT id::text || coalesce(attention_severity, '-') FROM call_analysis UNION ALL
           SELECT id::text || display_name FROM clients) x",
    )
    .await
}

#[tokio::test]
async fn scale_data_is_uneven_deterministic_and_isolated() {
    let db = TestDb::new().await;
    let owner = db.owner().await;
    let mut reported = Vec::new();
    let outcome = scale::load(&owner, 1, |table, rows, _| {
        reported.push((table.to_owned(), rows))
    })
    .await
    .expect("scale 1 loads");
    let ScaleOutcome::Loaded(tables) = outcome else {
        panic!("the first load must load")
    };
    let rows = |table: &str| {
        tables
            .iter()
            .find(|(t, _)| *t == table)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    assert_eq!(rows("clinics"), 10);
    assert!((1_900..=2_100).contains(&rows("clients")), "{tables:?}");
    assert!((3_600..=4_400).contains(&rows("patients")), "{tables:?}");
    assert!((9_000..=11_000).contains(&rows("cases")), "{tables:?}");
    assert_eq!(rows("soap_notes"), rows("cases"), "a SOAP note per case");
    assert!(
        (13_500..=16_500).contains(&rows("outbound_calls")),
        "{tables:?}"
    );
    assert!(
        (4_900..=5_100).contains(&rows("inbound_calls")),
        "{tables:?}"
    );
    for table in [
        "call_analysis (outbound)",
        "schedule_appointments",
        "vapi_bookings",
    ] {
        assert!(rows(table) > 0, "{table} is empty");
    }
    assert!(
        reported.iter().any(|(t, _)| t == "analyze"),
        "progress is reported"
    );

    // Uneven: clinic 0 is by far the largest.
    let spread: i64 = scalar(
        &owner,
        "SELECT max(n) / min(n) FROM (SELECT count(*) AS n FROM clients GROUP BY clinic_id) s",
    )
    .await;
    assert!(spread >= 4, "largest ÷ smallest clinic is only {spread}");

    // Idempotent for the same scale, refused for another.
    let before = checksum(&owner).await;
    assert_eq!(
        scale::load(&owner, 1, |_, _, _| {}).await.expect("reload"),
        ScaleOutcome::AlreadyPresent
    );
    assert!(matches!(
        scale::load(&owner, 2, |_, _, _| {}).await,
        Err(ScaleError::OtherScalePresent {
            existing: 10,
            wanted: 20
        })
    ));
    assert!(matches!(
        scale::load(&owner, 0, |_, _, _| {}).await,
        Err(ScaleError::OutOfRange(0))
    ));

    // Deterministic: a second database loaded at the same scale holds the same rows.
    let other = TestDb::new().await;
    let other_owner = other.owner().await;
    scale::load(&other_owner, 1, |_, _, _| {})
        .await
        .expect("second database");
    assert_eq!(
        checksum(&other_owner).await,
        before,
        "two loads of one scale differ"
    );

    // Isolated: clinic 0's owner sees clinic 0 only, and nothing of clinic 1.
    let app = db.app();
    let who = As::User("scale_owner_0", None);
    let mine = gql(
        &app,
        &who,
        "{ clinics { slug clients(first: 1) { totalCount } } }",
    )
    .await;
    assert!(error_codes(&mine).is_empty(), "{mine}");
    let clinics = mine["data"]["clinics"].as_array().expect("clinics");
    assert_eq!(clinics.len(), 1, "{mine}");
    assert_eq!(clinics[0]["slug"], "scale-clinic-0");
    let own_clients: i64 = scalar(
        &owner,
        "SELECT count(*) FROM clients c JOIN clinics k ON k.id = c.clinic_id WHERE k.slug = 'scale-clinic-0'",
    )
    .await;
    assert_eq!(clinics[0]["clients"]["totalCount"], own_clients);
    let foreign: uuid::Uuid = scalar(
        &owner,
        "SELECT id FROM clinics WHERE slug = 'scale-clinic-1'",
    )
    .await;
    let probe = gql(
        &app,
        &who,
        &format!(
            r#"{{ clinic(id: "{}") {{ name }} }}"#,
            graphql::ids::encode("Clinic", foreign).0
        ),
    )
    .await;
    assert_eq!(error_codes(&probe), vec!["NOT_FOUND".to_owned()], "{probe}");
}
