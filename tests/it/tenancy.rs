//! Two clinics, every role, the service and anonymous principals, through the GraphQL slice
//! (me, clinics, clinic(id), clinic → clients → patients → cases → outbound calls → analysis,
//! clinic → inbound calls → analysis): the expected data or the expected code, and never a row
//! of another clinic.

use std::collections::BTreeSet;

use domain::seed::demo::fixtures::{self, HARBOR, SUNRISE};
use sea_orm::DatabaseConnection;
use serde_json::Value;
use testkit::TestDb;

use crate::common::{As, error_codes, global_id, gql, scalar};

/// The whole slice in one operation.
const SLICE: &str = r#"{
  me { clerkUserId user { email } memberships { role clinic { name } } activeClinic { name } }
  clinics {
    id name slug timezone pimsType
    members { nodes { role user { email } } }
    clients(first: 100) {
      totalCount
      nodes {
        id displayName phone
        patients(first: 100) {
          nodes {
            id name species allergies
            cases {
              nodes {
                id status source patientSnapshot { name }
                outboundCalls { nodes { id status analysis { id attentionSeverity summary } } }
              }
            }
          }
        }
      }
    }
    inboundCalls(first: 100) { nodes { id status outcome analysis { id attentionSeverity } } }
  }
}"#;

/// Every `id` in a response.
fn ids(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if key == "id" {
                    if let Some(id) = v.as_str() {
                        out.push(id.to_owned());
                    }
                } else {
                    ids(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| ids(v, out)),
        _ => {}
    }
}

/// The clinic each global id in a response belongs to, looked up as the owner.
async fn clinics_of_ids(conn: &DatabaseConnection, response: &Value) -> BTreeSet<String> {
    let mut all = Vec::new();
    ids(&response["data"], &mut all);
    let mut clinics = BTreeSet::new();
    for id in all {
        let (kind, uuid) = graphql::ids::decode_any(&async_graphql::ID(id)).expect("a global id");
        let sql = match kind.as_str() {
            "Clinic" => format!("SELECT slug FROM clinics WHERE id = '{uuid}'"),
            "Client" | "Patient" | "Case" | "OutboundCall" | "InboundCall" | "CallAnalysis" => {
                let table = match kind.as_str() {
                    "Client" => "clients",
                    "Patient" => "patients",
                    "Case" => "cases",
                    "OutboundCall" => "outbound_calls",
                    "InboundCall" => "inbound_calls",
                    _ => "call_analysis",
                };
                format!(
                    "SELECT c.slug FROM {table} t JOIN clinics c ON c.id = t.clinic_id WHERE t.id = '{uuid}'"
                )
            }
            other => panic!("unexpected id kind {other}"),
        };
        clinics.insert(scalar::<String>(conn, &sql).await);
    }
    clinics
}

fn names(response: &Value) -> Vec<String> {
    response["data"]["clinics"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| c["name"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn every_role_of_one_clinic_reads_the_slice_and_nothing_of_another_clinic() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    for (user, clinic) in [
        (fixtures::USER_SUNRISE_OWNER, SUNRISE),
        (fixtures::USER_SUNRISE_ADMIN, SUNRISE),
        (fixtures::USER_SUNRISE_MEMBER, SUNRISE),
        (fixtures::USER_SUNRISE_VIEWER, SUNRISE),
        (fixtures::USER_HARBOR_OWNER, HARBOR),
        (fixtures::USER_HARBOR_ADMIN, HARBOR),
        (fixtures::USER_HARBOR_MEMBER, HARBOR),
        (fixtures::USER_HARBOR_VIEWER, HARBOR),
    ] {
        let response = gql(&app, &As::User(user, None), SLICE).await;
        assert!(error_codes(&response).is_empty(), "{user}: {response}");
        assert_eq!(
            names(&response),
            vec![clinic.name.to_owned()],
            "{user} sees exactly their clinic"
        );
        let seen = clinics_of_ids(&owner, &response).await;
        assert_eq!(
            seen,
            BTreeSet::from([clinic.slug.to_owned()]),
            "{user} saw rows of {seen:?}"
        );

        let data = &response["data"]["clinics"][0];
        let clients = data["clients"]["nodes"].as_array().unwrap();
        assert!(clients.len() >= 4, "{user}: clients");
        assert_eq!(
            data["clients"]["totalCount"].as_u64(),
            Some(clients.len() as u64)
        );
        assert!(
            clients
                .iter()
                .any(|c| !c["patients"]["nodes"].as_array().unwrap().is_empty())
        );
        let analyses = response.to_string().matches("attentionSeverity").count();
        assert!(analyses > 0, "{user}: call analyses are part of the slice");
        assert!(
            !data["inboundCalls"]["nodes"].as_array().unwrap().is_empty(),
            "{user}: inbound calls"
        );
        assert!(
            !data["members"]["nodes"].as_array().unwrap().is_empty(),
            "{user}: staff"
        );
        assert_eq!(response["data"]["me"]["clerkUserId"], user);
    }
}

#[tokio::test]
async fn billing_fields_are_for_owners_only() {
    let db = TestDb::demo().await;
    let app = db.app();
    let query = "{ clinics { name subscriptionTier subscriptionStatus } }";
    let owner = gql(&app, &As::User(fixtures::USER_SUNRISE_OWNER, None), query).await;
    assert!(error_codes(&owner).is_empty(), "{owner}");
    for user in [
        fixtures::USER_SUNRISE_ADMIN,
        fixtures::USER_SUNRISE_MEMBER,
        fixtures::USER_SUNRISE_VIEWER,
    ] {
        let response = gql(&app, &As::User(user, None), query).await;
        assert_eq!(
            error_codes(&response),
            vec!["FORBIDDEN", "FORBIDDEN"],
            "{user}: {response}"
        );
        assert_eq!(
            response["data"]["clinics"][0]["name"], SUNRISE.name,
            "the rest of the clinic still answers"
        );
    }
}

#[tokio::test]
async fn another_clinics_id_answers_not_found() {
    let db = TestDb::demo().await;
    let app = db.app();
    let harbor = global_id("Clinic", fixtures::clinic_id(&HARBOR));
    let sunrise = global_id("Clinic", fixtures::clinic_id(&SUNRISE));
    let query = |id: &str| {
        format!(r#"{{ clinic(id: "{id}") {{ name clients {{ nodes {{ displayName }} }} }} }}"#)
    };

    for user in [
        fixtures::USER_SUNRISE_OWNER,
        fixtures::USER_SUNRISE_VIEWER,
        fixtures::USER_ALPINE_OWNER,
    ] {
        let response = gql(&app, &As::User(user, None), &query(&harbor)).await;
        assert_eq!(
            error_codes(&response),
            vec!["NOT_FOUND"],
            "{user}: {response}"
        );
        assert!(
            response["data"].is_null(),
            "{user}: no data for another clinic"
        );
        assert!(!response.to_string().contains(HARBOR.name));
    }
    // The same clinic for its own staff, and for a user who belongs to both.
    for user in [fixtures::USER_HARBOR_VIEWER, fixtures::USER_MULTI] {
        let response = gql(&app, &As::User(user, None), &query(&harbor)).await;
        assert_eq!(
            response["data"]["clinic"]["name"], HARBOR.name,
            "{user}: {response}"
        );
    }
    // An id of another type, or of a row that exists in another clinic, is not a clinic.
    let client_id = {
        let owner = db.owner().await;
        scalar::<uuid::Uuid>(
            &owner,
            &format!(
                "SELECT id FROM clients WHERE clinic_id = '{}' LIMIT 1",
                fixtures::clinic_id(&SUNRISE)
            ),
        )
        .await
    };
    let response = gql(
        &app,
        &As::User(fixtures::USER_SUNRISE_OWNER, None),
        &query(&global_id("Client", client_id)),
    )
    .await;
    assert_eq!(error_codes(&response), vec!["NOT_FOUND"]);
    let response = gql(
        &app,
        &As::User(fixtures::USER_SUNRISE_OWNER, None),
        &query("not-an-id"),
    )
    .await;
    assert_eq!(error_codes(&response), vec!["BAD_USER_INPUT"]);
    let response = gql(
        &app,
        &As::User(fixtures::USER_SUNRISE_OWNER, None),
        &query(&sunrise),
    )
    .await;
    assert_eq!(response["data"]["clinic"]["name"], SUNRISE.name);
}

#[tokio::test]
async fn a_user_in_two_clinics_sees_both_unless_the_token_pins_one() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let both = gql(&app, &As::User(fixtures::USER_MULTI, None), SLICE).await;
    assert!(error_codes(&both).is_empty(), "{both}");
    let mut seen = names(&both);
    seen.sort();
    assert_eq!(seen, vec![HARBOR.name.to_owned(), SUNRISE.name.to_owned()]);
    assert!(both["data"]["me"]["activeClinic"].is_null());

    let pinned = gql(
        &app,
        &As::User(fixtures::USER_MULTI, Some(HARBOR.clerk_org_id)),
        SLICE,
    )
    .await;
    assert!(error_codes(&pinned).is_empty(), "{pinned}");
    assert_eq!(names(&pinned), vec![HARBOR.name.to_owned()]);
    assert_eq!(pinned["data"]["me"]["activeClinic"]["name"], HARBOR.name);
    let memberships = pinned["data"]["me"]["memberships"].as_array().unwrap();
    assert_eq!(
        memberships.len(),
        1,
        "only the pinned clinic's membership is in force"
    );
    assert_eq!(memberships[0]["role"], "ADMIN");
    assert_eq!(
        clinics_of_ids(&owner, &pinned).await,
        BTreeSet::from([HARBOR.slug.to_owned()])
    );

    // A token pinned to an organization the user does not belong to grants nothing.
    let elsewhere = gql(
        &app,
        &As::User(fixtures::USER_MULTI, Some(fixtures::ALPINE.clerk_org_id)),
        SLICE,
    )
    .await;
    assert!(names(&elsewhere).is_empty(), "{elsewhere}");
    assert!(
        elsewhere["data"]["me"]["memberships"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn service_sees_every_clinic_and_anonymous_sees_nothing() {
    let db = TestDb::demo().await;
    let app = db.app();
    let service = gql(
        &app,
        &As::Service,
        "{ me { clerkUserId } clinics { name clients { nodes { id } } } }",
    )
    .await;
    assert!(error_codes(&service).is_empty(), "{service}");
    assert!(
        service["data"]["me"].is_null(),
        "the service principal is not a user"
    );
    assert_eq!(names(&service).len(), 3);

    for query in [
        "{ me { clerkUserId } }",
        "{ clinics { name } }",
        r#"{ clinic(id: "x") { name } }"#,
    ] {
        let response = gql(&app, &As::Anonymous, query).await;
        assert_eq!(
            error_codes(&response),
            vec!["UNAUTHENTICATED"],
            "{query}: {response}"
        );
    }
}

#[tokio::test]
async fn a_user_without_clinics_sees_only_themselves() {
    let db = TestDb::demo().await;
    let app = db.app();
    let response = gql(&app, &As::User(fixtures::USER_NO_CLINIC, None), SLICE).await;
    assert!(error_codes(&response).is_empty(), "{response}");
    assert!(names(&response).is_empty());
    assert_eq!(
        response["data"]["me"]["clerkUserId"],
        fixtures::USER_NO_CLINIC
    );
    assert!(
        response["data"]["me"]["memberships"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}
