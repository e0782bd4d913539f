//! The audit trail shows a reader exactly what the API shows them: each table's declaration
//! (`domain::exposure`) is held to its GraphQL type in both directions and to the database
//! catalog, an admin reads no billing column of a clinic in the trail while an owner does, and
//! no secret ever reaches `audit_events`.

use std::collections::{BTreeMap, BTreeSet};

use domain::exposure;
use domain::seed::demo::fixtures::{self, SUNRISE};
use domain::{Action, Resource};
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, global_id, gql_counted, scalar};
use crate::coverage::{base, parse_sdl};

const SUNRISE_OWNER: As = As::User(fixtures::USER_SUNRISE_OWNER, None);
const SUNRISE_ADMIN: As = As::User(fixtures::USER_SUNRISE_ADMIN, None);

async fn ok(app: &domain::Database, who: &As, query: &str, variables: Value) -> Value {
    let response = gql_counted(app, who, query, variables).await.0;
    assert!(error_codes(&response).is_empty(), "{response}");
    response["data"].clone()
}

fn sunrise() -> String {
    global_id("Clinic", fixtures::clinic_id(&SUNRISE))
}

/// The events of `entity` in Sunrise as `who` reads them, newest first.
async fn trail(app: &domain::Database, who: &As, entity: &str) -> Vec<Value> {
    let query = r#"query($id: ID!, $entity: String!) {
      clinic(id: $id) { auditEvents(first: 100, filter: { entity: $entity }) { nodes { action entityId before after } } }
    }"#;
    let data = ok(
        app,
        who,
        query,
        json!({ "id": sunrise(), "entity": entity }),
    )
    .await;
    data["clinic"]["auditEvents"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn keys(row: &Value) -> BTreeSet<String> {
    row.as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Every non-connection field of every row type is declared for its table, and every declared
/// field is a field of the table's type: a field added to a type without a declaration (whose
/// column the trail would then never show, or whose rule it would not know), or a declaration
/// left behind by a removed field, fails here.
#[test]
fn the_declarations_are_the_fields_of_the_row_types() {
    let sdl = parse_sdl(&graphql::sdl());
    let mut in_schema: BTreeMap<Resource, BTreeSet<String>> = BTreeMap::new();
    for (type_name, fields) in &sdl.types {
        let Some(graphql::types::TypeRule::Row(resource)) = graphql::types::resource_of(type_name)
        else {
            continue;
        };
        if type_name.ends_with("Connection") || type_name.ends_with("Edge") {
            continue;
        }
        let entry = in_schema.entry(resource).or_default();
        for (field, ty) in fields {
            // A connection lists other rows, which have declarations of their own.
            if !base(ty).ends_with("Connection") {
                entry.insert(field.clone());
            }
        }
    }
    let mut problems = Vec::new();
    for resource in Resource::ALL {
        let declared: BTreeSet<String> = exposure::fields(resource)
            .iter()
            .map(|f| f.name().into_owned())
            .collect();
        let Some(schema) = in_schema.get(&resource) else {
            problems.push(format!("{}: no row type in the schema", resource.table()));
            continue;
        };
        for missing in schema.difference(&declared) {
            problems.push(format!(
                "{}: field `{missing}` of its type is not declared",
                resource.table()
            ));
        }
        for stale in declared.difference(schema) {
            problems.push(format!(
                "{}: declared field `{stale}` is not in its type",
                resource.table()
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "domain::exposure and the schema disagree:\n{}",
        problems.join("\n")
    );
}

/// Every declared column exists in its table (the trail matches rows by column name), and the
/// audited tables' secrets are declared by no field.
#[tokio::test]
async fn every_declared_column_is_a_column_of_its_table() {
    let db = TestDb::new().await;
    let owner = db.owner().await;
    let mut problems = Vec::new();
    for resource in Resource::ALL {
        let table = resource.table();
        for field in exposure::fields(resource) {
            let Some(column) = field.column() else {
                continue;
            };
            let found: i64 = scalar(
                &owner,
                &format!(
                    "SELECT count(*) FROM information_schema.columns \
                     WHERE table_schema = 'public' AND table_name = '{table}' AND column_name = '{column}'"
                ),
            )
            .await;
            if found != 1 {
                problems.push(format!("{table}.{column} (field `{}`)", field.name()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "declared columns that do not exist: {problems:?}"
    );
    for (resource, secret) in [
        (Resource::PimsCredentials, "credentials_encrypted"),
        (Resource::SlackWorkspaces, "bot_token"),
        (Resource::ClinicInvitations, "token"),
    ] {
        assert!(
            exposure::fields(resource)
                .iter()
                .all(|f| f.column() != Some(secret)),
            "{secret} is declared"
        );
    }
}

/// The clinic's own columns: an admin reads in the trail what `Clinic` shows an admin (no
/// billing), the owner also the billing fields, and nobody the columns no field shows (Stripe
/// ids, the identity provider's organization).
#[tokio::test]
async fn a_clinics_trail_shows_billing_to_its_owners_only() {
    let db = TestDb::demo().await;
    let app = db.app();
    let raw = db.owner().await;

    // A change through the API, next to the demo data's own creation event.
    let update = r#"mutation($input: UpdateClinicInput!) { updateClinic(input: $input) { clinic { name } } }"#;
    ok(
        &app,
        &SUNRISE_ADMIN,
        update,
        json!({ "input": { "id": sunrise(), "name": "Sunrise Veterinary Clinic & Hospital" } }),
    )
    .await;

    let profile = [
        "id",
        "name",
        "slug",
        "email",
        "phone",
        "address",
        "timezone",
        "business_hours",
        "er_config",
        "pims_type",
        "primary_color",
        "logo_url",
        "is_active",
        "created_at",
        "updated_at",
    ];
    let billing = [
        "subscription_tier",
        "subscription_status",
        "current_period_start",
        "current_period_end",
    ];
    let admin_sees = set(&profile);
    let owner_sees: BTreeSet<String> = admin_sees.union(&set(&billing)).cloned().collect();

    let as_admin = trail(&app, &SUNRISE_ADMIN, "clinics").await;
    let as_owner = trail(&app, &SUNRISE_OWNER, "clinics").await;
    assert_eq!(
        as_admin
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec!["update", "create"]
    );
    assert_eq!(as_admin.len(), as_owner.len());
    for (admin_event, owner_event) in as_admin.iter().zip(&as_owner) {
        for image in ["before", "after"] {
            if admin_event[image].is_null() {
                assert!(owner_event[image].is_null());
                continue;
            }
            assert_eq!(
                keys(&admin_event[image]),
                admin_sees,
                "admin, {image}: {admin_event}"
            );
            assert_eq!(
                keys(&owner_event[image]),
                owner_sees,
                "owner, {image}: {owner_event}"
            );
        }
    }
    assert_eq!(as_admin[0]["before"]["name"], SUNRISE.name);
    assert_eq!(
        as_admin[0]["after"]["name"],
        "Sunrise Veterinary Clinic & Hospital"
    );

    // What the owner reads in the trail is what the API shows the owner; the admin is refused
    // the same fields in the API.
    let billing_query =
        "query($id: ID!) { clinic(id: $id) { subscriptionTier subscriptionStatus } }";
    let shown = ok(
        &app,
        &SUNRISE_OWNER,
        billing_query,
        json!({ "id": sunrise() }),
    )
    .await;
    assert_eq!(
        as_owner[0]["after"]["subscription_tier"],
        shown["clinic"]["subscriptionTier"]
    );
    assert_eq!(
        as_owner[0]["after"]["subscription_status"],
        shown["clinic"]["subscriptionStatus"]
    );
    let refused = gql_counted(
        &app,
        &SUNRISE_ADMIN,
        billing_query,
        json!({ "id": sunrise() }),
    )
    .await
    .0;
    assert_eq!(
        error_codes(&refused),
        vec!["FORBIDDEN", "FORBIDDEN"],
        "{refused}"
    );

    // Columns no field shows are not even stored.
    let leaked: i64 = scalar(
        &raw,
        "SELECT count(*) FROM audit_events WHERE entity = 'clinics' AND (coalesce(before::text, '') || coalesce(after::text, '')) \
         ~ '(stripe_customer_id|stripe_subscription_id|clerk_org_id|cus_demo_|sub_demo_|org_sunrise)'",
    )
    .await;
    assert_eq!(leaked, 0);
}

/// A table whose type shows a foreign key only through a relation and hides its clinic column:
/// the trail has the relation's column and not the hidden one.
#[tokio::test]
async fn a_trail_row_has_the_columns_of_its_types_fields_and_no_others() {
    let db = TestDb::demo().await;
    let app = db.app();
    let create = r#"mutation($input: CreatePatientInput!) { createPatient(input: $input) { patient { id } } }"#;
    let client = global_id(
        "Client",
        fixtures::id("client", &format!("{}/gonzalez", SUNRISE.key)),
    );
    let member = As::User(fixtures::USER_SUNRISE_MEMBER, None);
    ok(
        &app,
        &member,
        create,
        json!({ "input": { "clientId": client, "name": "Biscuit" } }),
    )
    .await;
    let events = trail(&app, &SUNRISE_ADMIN, "patients").await;
    let created = events
        .iter()
        .find(|e| e["after"]["name"] == "Biscuit")
        .expect("the create event");
    let shown = keys(&created["after"]);
    let declared: BTreeSet<String> = exposure::fields(Resource::Patients)
        .iter()
        .filter_map(|f| f.column())
        .map(str::to_owned)
        .collect();
    assert_eq!(shown, declared);
    assert!(
        shown.contains("client_id"),
        "`client` shows the client's id"
    );
    assert!(
        !shown.contains("clinic_id"),
        "`Patient` has no field showing its clinic column"
    );
}

/// Secrets never reach `audit_events`, on create or on change, for any reader; the columns
/// that say whether a secret is set are not columns at all (`hasBotToken`, `hasCredentials`).
#[tokio::test]
async fn secrets_never_reach_the_trail() {
    let db = TestDb::demo().await;
    let app = db.app();
    let raw = db.owner().await;

    let save = r#"mutation($input: SavePimsCredentialInput!) { savePimsCredential(input: $input) { pimsCredential { id } } }"#;
    let envelope =
        json!({ "ciphertext": "U0VDUkVULVBJTVMtQ1JFRA", "nonce": "bm9uY2U", "alg": "AES-256-GCM" });
    for pims in ["IDEXX_NEO", "IDEXX_AVIMARK"] {
        let input = json!({ "input": { "clinicId": sunrise(), "pimsType": pims, "credentials": envelope } });
        ok(&app, &SUNRISE_ADMIN, save, input).await;
    }
    let connect = "mutation($i: ConnectSlackWorkspaceInput!) { connectSlackWorkspace(input: $i) { slackWorkspace { id } } }";
    let data = ok(&app, &As::Service, connect, json!({ "i": { "clinicId": sunrise(), "teamId": "T0REDACT", "botToken": "xoxb-secret-on-connect" } })).await;
    let workspace = data["connectSlackWorkspace"]["slackWorkspace"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rotate = "mutation($i: UpdateSlackWorkspaceInput!) { updateSlackWorkspace(input: $i) { slackWorkspace { id } } }";
    ok(&app, &SUNRISE_ADMIN, rotate, json!({ "i": { "id": workspace, "botToken": "xoxb-secret-on-rotate", "teamName": "Nights" } })).await;
    let invite =
        r#"mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { invitationToken } }"#;
    let data = ok(
        &app,
        &SUNRISE_ADMIN,
        invite,
        json!({ "input": { "clinicId": sunrise(), "email": "secret.keeper@example.com" } }),
    )
    .await;
    let token = data["inviteStaff"]["invitationToken"]
        .as_str()
        .unwrap()
        .to_owned();

    let secrets = [
        "U0VDUkVULVBJTVMtQ1JFRA",
        "xoxb-secret-on-connect",
        "xoxb-secret-on-rotate",
        token.as_str(),
    ];
    let stored: i64 = scalar(
        &raw,
        &format!(
            "SELECT count(*) FROM audit_events WHERE (coalesce(before::text, '') || coalesce(after::text, '')) \
             ~ '({}|\"credentials_encrypted\"|\"bot_token\"|\"token\")'",
            secrets.join("|")
        ),
    )
    .await;
    assert_eq!(stored, 0, "a secret (or its column) reached audit_events");

    for entity in ["pims_credentials", "slack_workspaces", "clinic_invitations"] {
        let events = trail(&app, &SUNRISE_OWNER, entity).await;
        assert!(!events.is_empty(), "{entity} is audited");
        let text = serde_json::to_string(&events).unwrap();
        for secret in secrets {
            assert!(!text.contains(secret), "{entity}: {text}");
        }
    }
    // The rotation is still an event: the team name changed with it.
    let slack = trail(&app, &SUNRISE_OWNER, "slack_workspaces").await;
    assert_eq!(slack[0]["action"], "update");
    assert_eq!(slack[0]["after"]["team_name"], "Nights");
    assert_eq!(slack[0]["after"]["team_id"], "T0REDACT");
}

/// Field-level rules come from the declarations: every declared stricter action is refused to
/// a role without it, in the API, and the policy table names why.
#[tokio::test]
async fn field_rules_in_the_api_are_the_declared_ones() {
    let db = TestDb::demo().await;
    let app = db.app();
    let guarded: Vec<(Resource, String, Action)> = Resource::ALL
        .into_iter()
        .flat_map(|r| {
            exposure::fields(r)
                .iter()
                .filter(|f| f.action() != Action::Read)
                .map(move |f| (r, f.name().into_owned(), f.action()))
        })
        .collect();
    assert!(
        guarded
            .iter()
            .any(|(r, f, _)| *r == Resource::Clinics && f == "subscriptionTier")
    );
    for (resource, _, action) in &guarded {
        assert!(domain::policy::reason(*resource, *action).is_some());
    }
    // The clinic's billing fields, as an admin (who reads the clinic) and as its owner.
    let fields: Vec<&str> = guarded
        .iter()
        .filter(|(r, _, _)| *r == Resource::Clinics)
        .map(|(_, f, _)| f.as_str())
        .collect();
    let query = format!(
        "query($id: ID!) {{ clinic(id: $id) {{ name {} }} }}",
        fields.join(" ")
    );
    let admin = gql_counted(&app, &SUNRISE_ADMIN, &query, json!({ "id": sunrise() }))
        .await
        .0;
    assert_eq!(
        error_codes(&admin),
        vec!["FORBIDDEN"; fields.len()],
        "{admin}"
    );
    assert!(
        admin["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("the owner's"),
        "{admin}"
    );
    assert_eq!(admin["data"]["clinic"]["name"], SUNRISE.name);
    ok(&app, &SUNRISE_OWNER, &query, json!({ "id": sunrise() })).await;
    // A run's cross-clinic figures, as an admin whose clinic the run touched, and the service.
    let fields: Vec<&str> = guarded
        .iter()
        .filter(|(r, _, _)| *r == Resource::AutoSchedulingRuns)
        .map(|(_, f, _)| f.as_str())
        .collect();
    let query = format!(
        "{{ autoSchedulingRuns {{ nodes {{ id {} }} }} }}",
        fields.join(" ")
    );
    let admin = gql_counted(&app, &SUNRISE_ADMIN, &query, Value::Null)
        .await
        .0;
    assert_eq!(
        error_codes(&admin),
        vec!["FORBIDDEN"; fields.len()],
        "{admin}"
    );
    ok(&app, &As::Service, &query, Value::Null).await;
}
