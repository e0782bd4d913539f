//! Values unique across all clinics neither leak nor can be squatted (ARCHITECTURE.md,
//! "Globally unique values"). For each: a caller of clinic A trying the value clinic B uses
//! gets the same answer as for a value used nowhere, and B keeps its value.
//! - assistant ids and Slack team ids are bound by the service only (after the provider
//!   confirmed them): every user is refused alike, whatever the value;
//! - booking confirmation numbers are drawn by the gateway, never chosen by callers;
//! - clinic names are not unique;
//! - a repeated waitlist sign-up answers exactly like a fresh one.

use domain::Session;
use domain::seed::demo::fixtures::{self, DemoClinic, HARBOR, SUNRISE};
use entity::clinics;
use sea_orm::Set;
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, global_id, gql_counted, scalar};

const SUNRISE_ADMIN: As = As::User(fixtures::USER_SUNRISE_ADMIN, None);
const SUNRISE_MEMBER: As = As::User(fixtures::USER_SUNRISE_MEMBER, None);
const HARBOR_ADMIN: As = As::User(fixtures::USER_HARBOR_ADMIN, None);

async fn run(app: &domain::Database, who: &As, query: &str, variables: Value) -> Value {
    gql_counted(app, who, query, variables).await.0
}

fn clinic(c: &DemoClinic) -> String {
    global_id("Clinic", fixtures::clinic_id(c))
}

/// The response with the parts that differ between any two calls (nothing, for a refusal)
/// compared: the error codes, messages and fields, and the data.
fn answer(response: &Value) -> Value {
    let errors: Vec<Value> = response["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    json!([
                        e["extensions"]["code"],
                        e["message"],
                        e["extensions"]["field"]
                    ])
                })
                .collect()
        })
        .unwrap_or_default();
    json!({ "errors": errors, "data": response["data"] })
}

fn input_fields(sdl: &str, input: &str) -> Vec<String> {
    let body = sdl
        .split(&format!("input {input} {{"))
        .nth(1)
        .and_then(|s| s.split('}').next())
        .unwrap_or_default();
    body.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('"') && l.contains(':'))
        .map(|l| l.split(':').next().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn assistant_ids_are_bound_by_the_service_alone() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let create = r#"mutation($input: CreateAssistantMappingInput!) { createAssistantMapping(input: $input) { assistantMapping { id assistantId } } }"#;
    let input = |assistant: &str| json!({ "input": { "clinicId": clinic(&SUNRISE), "assistantId": assistant } });
    let harbors = "asst_demo_harbor_inbound";

    for who in [&SUNRISE_ADMIN, &SUNRISE_MEMBER] {
        let taken = run(&app, who, create, input(harbors)).await;
        let unused = run(&app, who, create, input("asst_used_nowhere")).await;
        assert_eq!(error_codes(&taken), vec!["FORBIDDEN"], "{taken}");
        assert_eq!(
            answer(&taken),
            answer(&unused),
            "Harbor's id and an unused one answer alike"
        );
    }
    // Another clinic's admin: the clinic does not exist for them, whatever the id.
    let elsewhere = run(&app, &HARBOR_ADMIN, create, input("asst_used_nowhere")).await;
    assert_eq!(error_codes(&elsewhere), vec!["NOT_FOUND"]);
    // An admin cannot rebind an existing mapping either: the id is not an input of updates.
    assert!(
        !input_fields(&graphql::sdl(), "UpdateAssistantMappingInput")
            .contains(&"assistantId".to_owned())
    );
    let rebind = r#"mutation($input: UpdateAssistantMappingInput!) { updateAssistantMapping(input: $input) { assistantMapping { id } } }"#;
    let sunrise_mapping = global_id(
        "AssistantMapping",
        fixtures::id(
            "vapi_assistant_mapping",
            "sunrise/asst_demo_sunrise_inbound",
        ),
    );
    let refused = run(
        &app,
        &SUNRISE_ADMIN,
        rebind,
        json!({ "input": { "id": sunrise_mapping, "assistantId": harbors } }),
    )
    .await;
    assert_eq!(error_codes(&refused), vec!["BAD_USER_INPUT"], "{refused}");

    // Harbor keeps its assistant.
    let harbor_clinic: uuid::Uuid = scalar(
        &owner,
        &format!("SELECT clinic_id FROM vapi_assistant_mappings WHERE assistant_id = '{harbors}'"),
    )
    .await;
    assert_eq!(harbor_clinic, fixtures::clinic_id(&HARBOR));

    // The service binds what the voice provider confirmed; to it (and it alone) a taken id is a
    // CONFLICT.
    let bound = run(
        &app,
        &As::Service,
        create,
        input("asst_confirmed_for_sunrise"),
    )
    .await;
    assert!(error_codes(&bound).is_empty(), "{bound}");
    let conflict = run(&app, &As::Service, create, input(harbors)).await;
    assert_eq!(error_codes(&conflict), vec!["CONFLICT"], "{conflict}");
    assert!(
        conflict["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("already mapped")
    );
}

#[tokio::test]
async fn slack_teams_are_connected_by_the_service_alone() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let connect = "mutation($i: ConnectSlackWorkspaceInput!) { connectSlackWorkspace(input: $i) { slackWorkspace { id teamId } } }";
    let input = |team: &str| json!({ "i": { "clinicId": clinic(&SUNRISE), "teamId": team, "botToken": "xoxb-anything" } });
    let harbors = "T0DEMOHAR1";

    for who in [&SUNRISE_ADMIN, &SUNRISE_MEMBER] {
        let taken = run(&app, who, connect, input(harbors)).await;
        let unused = run(&app, who, connect, input("T0NOWHERE")).await;
        assert_eq!(error_codes(&taken), vec!["FORBIDDEN"], "{taken}");
        assert_eq!(
            answer(&taken),
            answer(&unused),
            "Harbor's team and an unused one answer alike"
        );
    }
    assert_eq!(
        error_codes(&run(&app, &HARBOR_ADMIN, connect, input("T0NOWHERE")).await),
        vec!["NOT_FOUND"]
    );
    let harbor_clinic: uuid::Uuid = scalar(
        &owner,
        &format!("SELECT clinic_id FROM slack_workspaces WHERE team_id = '{harbors}'"),
    )
    .await;
    assert_eq!(harbor_clinic, fixtures::clinic_id(&HARBOR));
    let sunrise_teams: i64 = scalar(
        &owner,
        &format!(
            "SELECT count(*) FROM slack_workspaces WHERE clinic_id = '{}'",
            fixtures::clinic_id(&SUNRISE)
        ),
    )
    .await;
    assert_eq!(
        sunrise_teams, 1,
        "nothing was connected by the refused attempts"
    );

    // Slack's OAuth callback (the service) connects the team Slack confirmed.
    let connected = run(&app, &As::Service, connect, input("T0CONFIRMED")).await;
    assert!(error_codes(&connected).is_empty(), "{connected}");
    assert_eq!(
        error_codes(&run(&app, &As::Service, connect, input(harbors)).await),
        vec!["CONFLICT"]
    );
}

#[tokio::test]
async fn confirmation_numbers_are_drawn_by_the_gateway() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let sdl = graphql::sdl();
    for input in ["CreateBookingInput", "UpdateBookingInput"] {
        assert!(!input_fields(&sdl, input).is_empty());
        assert!(
            !input_fields(&sdl, input).contains(&"confirmationNumber".to_owned()),
            "{input} takes no number"
        );
    }
    let create = r#"mutation($input: CreateBookingInput!) { createBooking(input: $input) { booking { id confirmationNumber } } }"#;
    let booking = |extra: Value| {
        let mut input = json!({ "clinicId": clinic(&SUNRISE), "startsAt": "2026-12-20T17:00:00Z", "endsAt": "2026-12-20T17:30:00Z", "clientName": "Ada" });
        if let (Some(map), Some(extra)) = (input.as_object_mut(), extra.as_object()) {
            map.extend(extra.clone());
        }
        json!({ "input": input })
    };
    // Choosing a number is not possible: Harbor's and an unused one are refused alike.
    let harbors = "HAR-2207";
    let taken = run(
        &app,
        &SUNRISE_MEMBER,
        create,
        booking(json!({ "confirmationNumber": harbors })),
    )
    .await;
    let unused = run(
        &app,
        &SUNRISE_MEMBER,
        create,
        booking(json!({ "confirmationNumber": "NOWHERE-1" })),
    )
    .await;
    assert_eq!(error_codes(&taken), vec!["BAD_USER_INPUT"], "{taken}");
    assert_eq!(error_codes(&unused), error_codes(&taken));

    // Every booking gets a fresh, unguessable number.
    let mut numbers = Vec::new();
    for _ in 0..3 {
        let created = run(&app, &SUNRISE_MEMBER, create, booking(json!({}))).await;
        assert!(error_codes(&created).is_empty(), "{created}");
        let number = created["data"]["createBooking"]["booking"]["confirmationNumber"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(domain::codes::is_confirmation_number(&number), "{number}");
        numbers.push(number);
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 3);
    // Harbor's booking keeps its number, and Sunrise's staff cannot find it.
    let harbor_clinic: uuid::Uuid = scalar(
        &owner,
        &format!("SELECT clinic_id FROM vapi_bookings WHERE confirmation_number = '{harbors}'"),
    )
    .await;
    assert_eq!(harbor_clinic, fixtures::clinic_id(&HARBOR));
    let find = r#"query($id: ID!, $n: String!) { clinic(id: $id) { bookings(filter: { confirmationNumber: $n }) { totalCount } } }"#;
    for number in [harbors, "NOWHERE-1"] {
        let found = run(
            &app,
            &SUNRISE_MEMBER,
            find,
            json!({ "id": clinic(&SUNRISE), "n": number }),
        )
        .await;
        assert_eq!(
            found["data"]["clinic"]["bookings"]["totalCount"], 0,
            "{found}"
        );
    }
}

#[tokio::test]
async fn clinic_names_are_not_unique() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let rename = r#"mutation($input: UpdateClinicInput!) { updateClinic(input: $input) { clinic { name } } }"#;
    let to = |c: &DemoClinic, name: &str| json!({ "input": { "id": clinic(c), "name": name } });

    // Harbor's name and an unused one: both simply work.
    let taken = run(&app, &SUNRISE_ADMIN, rename, to(&SUNRISE, HARBOR.name)).await;
    assert!(error_codes(&taken).is_empty(), "{taken}");
    let unused = run(
        &app,
        &SUNRISE_ADMIN,
        rename,
        to(&SUNRISE, "A Name Used Nowhere"),
    )
    .await;
    assert!(error_codes(&unused).is_empty(), "{unused}");
    assert!(
        error_codes(&run(&app, &SUNRISE_ADMIN, rename, to(&SUNRISE, HARBOR.name)).await).is_empty()
    );

    // Harbor is not locked out of its name: it keeps it, and may leave it and take it back.
    let harbor_name: String = scalar(
        &owner,
        &format!(
            "SELECT name FROM clinics WHERE id = '{}'",
            fixtures::clinic_id(&HARBOR)
        ),
    )
    .await;
    assert_eq!(harbor_name, HARBOR.name);
    assert!(
        error_codes(
            &run(
                &app,
                &HARBOR_ADMIN,
                rename,
                to(&HARBOR, "Harbor Animal Hospital East")
            )
            .await
        )
        .is_empty()
    );
    assert!(
        error_codes(&run(&app, &HARBOR_ADMIN, rename, to(&HARBOR, HARBOR.name)).await).is_empty()
    );

    // And the identity provider can still provision a clinic of that name.
    let provisioning = Session::service(app.clone(), "provisioning");
    let fresh = provisioning
        .insert(clinics::ActiveModel {
            id: Set(uuid::Uuid::new_v4()),
            name: Set(HARBOR.name.to_owned()),
            slug: Set("harbor-animal-2".to_owned()),
            clerk_org_id: Set(Some("org_harbor_2".to_owned())),
            ..Default::default()
        })
        .await
        .expect("provision a clinic with a name in use");
    provisioning.commit().await.expect("commit");
    let same_name: i64 = scalar(
        &owner,
        &format!(
            "SELECT count(*) FROM clinics WHERE name = '{}'",
            HARBOR.name.replace('\'', "''")
        ),
    )
    .await;
    assert_eq!(same_name, 3, "Sunrise, Harbor and {}", fresh.id);
}

#[tokio::test]
async fn a_repeated_waitlist_sign_up_answers_like_a_fresh_one() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let join = r#"mutation($i: JoinWaitlistInput!) { joinWaitlist(input: $i) { signupId } }"#;
    let sign_up =
        |email: &str, campaign: &str| json!({ "i": { "email": email, "campaign": campaign } });
    // Shape of an answer: no errors, one receipt of the right type.
    let receipt = |response: &Value| {
        assert!(error_codes(response).is_empty(), "{response}");
        let id = response["data"]["joinWaitlist"]["signupId"]
            .as_str()
            .expect("a receipt");
        let (type_name, _) =
            graphql::ids::decode_any(&async_graphql::ID(id.to_owned())).expect("a global id");
        assert_eq!(type_name, "WaitlistSignup");
        json!({ "keys": response["data"]["joinWaitlist"].as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()) })
    };
    let count = |email: &str| {
        format!("SELECT count(*) FROM waitlist_signups WHERE lower(email) = lower('{email}')")
    };

    // A demo sign-up already holds this address on this campaign.
    let existing = "amy.fox@brightpaws.example.com";
    let fresh = run(
        &app,
        &As::Anonymous,
        join,
        sign_up("brand.new@example.com", "fall-2026"),
    )
    .await;
    let repeated = run(&app, &As::Anonymous, join, sign_up(existing, "fall-2026")).await;
    let shouted = run(
        &app,
        &As::Anonymous,
        join,
        sign_up(&existing.to_uppercase(), "fall-2026"),
    )
    .await;
    assert_eq!(receipt(&fresh), receipt(&repeated));
    assert_eq!(receipt(&fresh), receipt(&shouted));
    assert_ne!(
        repeated["data"]["joinWaitlist"]["signupId"], shouted["data"]["joinWaitlist"]["signupId"],
        "each answer its own receipt"
    );
    assert_eq!(
        scalar::<i64>(&owner, &count(existing)).await,
        1,
        "the sign-up is not duplicated"
    );
    assert_eq!(
        scalar::<i64>(&owner, &count("brand.new@example.com")).await,
        1
    );
    // Only the written sign-up is audited.
    let audited: i64 = scalar(
        &owner,
        "SELECT count(*) FROM audit_events WHERE entity = 'waitlist_signups' AND actor_kind = 'anonymous'",
    )
    .await;
    assert_eq!(audited, 1);
    // The same address on another campaign is another sign-up.
    receipt(&run(&app, &As::Anonymous, join, sign_up(existing, "winter")).await);
    assert_eq!(scalar::<i64>(&owner, &count(existing)).await, 2);
}
