//! The clinic an assistant mapping books into (`pimsClinicId`): referencing another clinic takes
//! the right to manage assistant mappings there (admin), answered NOT_FOUND when the caller is
//! not in that clinic (the same as for a clinic that does not exist) and FORBIDDEN when they are
//! but their role is too low. A refused reference changes nothing.

use domain::seed::demo::fixtures::{self, DemoClinic, HARBOR, SUNRISE};
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, global_id, gql_counted, scalar};

const SUNRISE_ADMIN: As = As::User(fixtures::USER_SUNRISE_ADMIN, None);

const UPDATE: &str = r#"mutation($input: UpdateAssistantMappingInput!) {
  updateAssistantMapping(input: $input) { assistantMapping { id pimsClinicId } }
}"#;
const CREATE: &str = r#"mutation($input: CreateAssistantMappingInput!) {
  createAssistantMapping(input: $input) { assistantMapping { id pimsClinicId } }
}"#;

async fn run(app: &domain::Database, who: &As, query: &str, variables: Value) -> Value {
    gql_counted(app, who, query, variables).await.0
}

fn clinic(c: &DemoClinic) -> String {
    global_id("Clinic", fixtures::clinic_id(c))
}

fn sunrise_mapping() -> uuid::Uuid {
    fixtures::id(
        "vapi_assistant_mapping",
        &format!("{}/asst_demo_sunrise_inbound", SUNRISE.key),
    )
}

async fn pims_clinic_of(owner: &sea_orm::DatabaseConnection, mapping: uuid::Uuid) -> String {
    scalar(owner, &format!("SELECT coalesce(pims_clinic_id::text, '-') FROM vapi_assistant_mappings WHERE id = '{mapping}'")).await
}

/// Gives the Sunrise admin `role` at Harbor (or no membership there for `None`).
async fn admin_at_harbor(owner: &sea_orm::DatabaseConnection, role: Option<&str>) {
    let user = fixtures::user_id(fixtures::USER_SUNRISE_ADMIN);
    let harbor = fixtures::clinic_id(&HARBOR);
    let sql = match role {
        None => format!(
            "WITH d AS (DELETE FROM user_clinic_access WHERE user_id = '{user}' AND clinic_id = '{harbor}' RETURNING 1) SELECT count(*) FROM d"
        ),
        Some(role) => format!(
            "WITH m AS (INSERT INTO user_clinic_access (user_id, clinic_id, role) VALUES ('{user}', '{harbor}', '{role}') \
             ON CONFLICT (user_id, clinic_id) DO UPDATE SET role = EXCLUDED.role RETURNING 1) SELECT count(*) FROM m"
        ),
    };
    scalar::<i64>(owner, &sql).await;
}

#[tokio::test]
async fn referencing_another_clinic_takes_admin_rights_there() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let mapping = sunrise_mapping();
    let before = pims_clinic_of(&owner, mapping).await;
    let point_at = |pims: String| json!({ "input": { "id": global_id("AssistantMapping", mapping), "pimsClinicId": pims } });

    // Not a member of Harbor: Harbor does not exist for the caller, like a clinic that never did.
    let outside = run(&app, &SUNRISE_ADMIN, UPDATE, point_at(clinic(&HARBOR))).await;
    assert_eq!(error_codes(&outside), vec!["NOT_FOUND"], "{outside}");
    let nowhere = run(
        &app,
        &SUNRISE_ADMIN,
        UPDATE,
        point_at(global_id("Clinic", uuid::Uuid::new_v4())),
    )
    .await;
    assert_eq!(error_codes(&nowhere), vec!["NOT_FOUND"], "{nowhere}");
    assert_eq!(
        outside["errors"][0]["message"],
        nowhere["errors"][0]["message"]
    );
    assert_eq!(pims_clinic_of(&owner, mapping).await, before);

    // A member of Harbor below admin: FORBIDDEN, nothing changes.
    for role in ["viewer", "member"] {
        admin_at_harbor(&owner, Some(role)).await;
        let refused = run(&app, &SUNRISE_ADMIN, UPDATE, point_at(clinic(&HARBOR))).await;
        assert_eq!(
            error_codes(&refused),
            vec!["FORBIDDEN"],
            "{role}: {refused}"
        );
        assert_eq!(pims_clinic_of(&owner, mapping).await, before, "{role}");
    }

    // An admin of both clinics may.
    admin_at_harbor(&owner, Some("admin")).await;
    let allowed = run(&app, &SUNRISE_ADMIN, UPDATE, point_at(clinic(&HARBOR))).await;
    assert!(error_codes(&allowed).is_empty(), "{allowed}");
    assert_eq!(
        allowed["data"]["updateAssistantMapping"]["assistantMapping"]["pimsClinicId"],
        clinic(&HARBOR)
    );
    assert_eq!(
        pims_clinic_of(&owner, mapping).await,
        fixtures::clinic_id(&HARBOR).to_string()
    );

    // The caller's own clinic, and clearing it, need nothing more than the mapping.
    admin_at_harbor(&owner, None).await;
    let own = run(&app, &SUNRISE_ADMIN, UPDATE, point_at(clinic(&SUNRISE))).await;
    assert!(error_codes(&own).is_empty(), "{own}");
    let cleared = run(
        &app,
        &SUNRISE_ADMIN,
        UPDATE,
        json!({ "input": { "id": global_id("AssistantMapping", mapping), "pimsClinicId": null } }),
    )
    .await;
    assert!(error_codes(&cleared).is_empty(), "{cleared}");
    assert_eq!(pims_clinic_of(&owner, mapping).await, "-");
}

/// The service binds mappings (creates them) and may point them at any clinic that exists.
#[tokio::test]
async fn the_service_points_a_new_mapping_at_any_existing_clinic() {
    let db = TestDb::demo().await;
    let app = db.app();
    let input = |assistant: &str, pims: String| json!({ "input": { "clinicId": clinic(&SUNRISE), "assistantId": assistant, "pimsClinicId": pims } });
    let created = run(
        &app,
        &As::Service,
        CREATE,
        input("asst_sunrise_books_harbor", clinic(&HARBOR)),
    )
    .await;
    assert!(error_codes(&created).is_empty(), "{created}");
    assert_eq!(
        created["data"]["createAssistantMapping"]["assistantMapping"]["pimsClinicId"],
        clinic(&HARBOR)
    );
    let missing = run(
        &app,
        &As::Service,
        CREATE,
        input(
            "asst_books_nowhere",
            global_id("Clinic", uuid::Uuid::new_v4()),
        ),
    )
    .await;
    assert_eq!(error_codes(&missing), vec!["NOT_FOUND"], "{missing}");
}
