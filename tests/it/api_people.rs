//! API tests of the people area: the clinic's profile, users' own profiles, memberships and
//! their owner rules, invitations, providers, clients' and patients' case lists, and the PIMS
//! integration (credentials, mappings, sync sessions and their audit log). Per table: the
//! clinic's list holds its rows and none of another clinic's, a round trip by the right role
//! lands in the audit trail, validation names the field, a role below the rule is FORBIDDEN,
//! another clinic's ids are NOT_FOUND (or BAD_USER_INPUT as references), and service-only
//! writes are the service's alone.

use domain::seed::demo::fixtures::{self, ALPINE, DemoClinic, HARBOR, SUNRISE};
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, global_id, gql, gql_counted, scalar};

const SUNRISE_ADMIN: As = As::User(fixtures::USER_SUNRISE_ADMIN, None);
const SUNRISE_OWNER: As = As::User(fixtures::USER_SUNRISE_OWNER, None);
const SUNRISE_MEMBER: As = As::User(fixtures::USER_SUNRISE_MEMBER, None);
const SUNRISE_VIEWER: As = As::User(fixtures::USER_SUNRISE_VIEWER, None);
const HARBOR_ADMIN: As = As::User(fixtures::USER_HARBOR_ADMIN, None);

async fn run(app: &domain::Database, who: &As, query: &str, variables: Value) -> Value {
    gql_counted(app, who, query, variables).await.0
}

fn clinic(c: &DemoClinic) -> String {
    global_id("Clinic", fixtures::clinic_id(c))
}

/// The `id` of a demo row of `kind` with key `<clinic>/<key>`, as a global id of `type_name`.
fn demo(type_name: &str, kind: &str, c: &DemoClinic, key: &str) -> String {
    global_id(type_name, fixtures::id(kind, &format!("{}/{key}", c.key)))
}

fn membership(c: &DemoClinic, user: &str) -> String {
    demo("Membership", "user_clinic_access", c, user)
}

/// The single error's `extensions.field`.
fn error_field(response: &Value) -> &str {
    response["errors"][0]["extensions"]["field"]
        .as_str()
        .unwrap_or("<none>")
}

fn assert_ok(response: &Value) {
    assert!(error_codes(response).is_empty(), "{response}");
}

fn assert_code(response: &Value, code: &str) {
    assert_eq!(error_codes(response), vec![code.to_owned()], "{response}");
}

/// The actions of the `n` newest audit events of `table` in a clinic, as `who` sees them (the
/// demo data's own "create" events come before them).
async fn audit_actions(
    app: &domain::Database,
    who: &As,
    c: &DemoClinic,
    table: &str,
    n: usize,
) -> Vec<String> {
    let query = r#"query($id: ID!, $entity: String!, $n: Int!) {
      clinic(id: $id) { auditEvents(first: $n, filter: { entity: $entity }) { nodes { action } } }
    }"#;
    let response = run(
        app,
        who,
        query,
        json!({ "id": clinic(c), "entity": table, "n": n }),
    )
    .await;
    assert_ok(&response);
    response["data"]["clinic"]["auditEvents"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

/// The slug of the clinic that owns the row behind a global id (looked up as the owner).
async fn clinic_of(owner: &sea_orm::DatabaseConnection, id: &str) -> String {
    let (kind, uuid) =
        graphql::ids::decode_any(&async_graphql::ID(id.to_owned())).expect("a global id");
    let table = match kind.as_str() {
        "Membership" => "user_clinic_access",
        "Invitation" => "clinic_invitations",
        "Provider" => "providers",
        "PimsCredential" => "pims_credentials",
        "PimsMapping" => "pims_mappings",
        "PimsSyncSession" => "pims_sync_sessions",
        "PimsSyncAuditEntry" => "pims_sync_audit_log",
        "Case" => "cases",
        "Client" => "clients",
        "Patient" => "patients",
        other => panic!("unexpected id kind {other}"),
    };
    scalar::<String>(owner, &format!("SELECT c.slug FROM {table} t JOIN clinics c ON c.id = t.clinic_id WHERE t.id = '{uuid}'")).await
}

fn node_ids(list: &Value) -> Vec<String> {
    list["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("not a connection: {list}"))
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_owned())
        .collect()
}

const CLINIC_LISTS: &str = r#"query($id: ID!) {
  clinic(id: $id) {
    members(first: 100) { totalCount nodes { id role user { email } grantedBy { email } } }
    owners: members(filter: { role: [OWNER] }) { nodes { id role } }
    providers(first: 100) { nodes { id name isActive user { email } } }
    invitations(first: 100) { nodes { id email role status invitedBy { email } } }
    pimsCredentials { nodes { id pimsType isActive hasCredentials validationStatus syncEnabled } }
    pimsMappings(first: 100) { nodes { id entityType entityId externalId } }
    pimsSyncSessions(first: 100) {
      nodes { id status sessionType credential { id } auditLog(first: 100) { nodes { id status } } }
    }
    pimsSyncAuditLog(first: 100) { nodes { id actionType resourceType status syncSession { id } } }
    clients(first: 100) {
      nodes { id cases(first: 100) { totalCount nodes { id } } patients(first: 100) { nodes { id cases(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) { nodes { id } } } } }
    }
  }
}"#;

#[tokio::test]
async fn the_clinic_lists_of_this_area_hold_the_clinics_rows_and_no_others() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    for (who, c) in [(SUNRISE_ADMIN, SUNRISE), (HARBOR_ADMIN, HARBOR)] {
        let response = run(&app, &who, CLINIC_LISTS, json!({ "id": clinic(&c) })).await;
        assert_ok(&response);
        let data = &response["data"]["clinic"];
        let mut ids = Vec::new();
        for list in [
            "members",
            "providers",
            "invitations",
            "pimsCredentials",
            "pimsMappings",
            "pimsSyncSessions",
            "pimsSyncAuditLog",
            "clients",
        ] {
            let found = node_ids(&data[list]);
            assert!(!found.is_empty(), "{c:?}: {list} is empty");
            ids.extend(found);
        }
        for client in data["clients"]["nodes"].as_array().unwrap() {
            ids.extend(node_ids(&client["cases"]));
            for patient in client["patients"]["nodes"].as_array().unwrap() {
                ids.extend(node_ids(&patient["cases"]));
            }
        }
        for session in data["pimsSyncSessions"]["nodes"].as_array().unwrap() {
            ids.extend(node_ids(&session["auditLog"]));
        }
        for id in &ids {
            assert_eq!(
                clinic_of(&owner, id).await,
                c.slug,
                "{id} belongs to {}",
                c.slug
            );
        }
        assert!(
            data["owners"]["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m["role"] == "OWNER")
        );
        assert_eq!(data["owners"]["nodes"].as_array().unwrap().len(), 1);
        let cases: u64 = data["clients"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["cases"]["totalCount"].as_u64().unwrap())
            .sum();
        assert!(cases > 0, "clients' cases are a connection with totals");
        // Secrets are never served.
        let text = response.to_string();
        assert!(
            !text.contains("ciphertext") && !text.contains("token"),
            "{text}"
        );
    }

    // Members read mappings and sessions, not credentials, invitations or the sync audit log.
    let member = run(
        &app,
        &SUNRISE_MEMBER,
        CLINIC_LISTS,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_ok(&member);
    let data = &member["data"]["clinic"];
    for list in ["invitations", "pimsCredentials", "pimsSyncAuditLog"] {
        assert!(node_ids(&data[list]).is_empty(), "a member reads no {list}");
    }
    assert!(
        !node_ids(&data["pimsMappings"]).is_empty()
            && !node_ids(&data["pimsSyncSessions"]).is_empty()
    );
    assert!(
        data["pimsSyncSessions"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["credential"].is_null())
    );

    // Another clinic's lists are not there at all.
    let other = run(
        &app,
        &HARBOR_ADMIN,
        CLINIC_LISTS,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_code(&other, "NOT_FOUND");

    // No field serves a secret.
    let fields = gql(
        &app,
        &SUNRISE_ADMIN,
        r#"{
      c: __type(name: "PimsCredential") { fields { name } }
      i: __type(name: "Invitation") { fields { name } }
    }"#,
    )
    .await;
    let names = fields.to_string();
    assert!(
        !names.contains("credentialsEncrypted") && !names.contains("\"token\""),
        "{names}"
    );
    assert!(names.contains("hasCredentials"));
}

#[tokio::test]
async fn admins_update_the_clinic_profile_with_validated_hours() {
    let db = TestDb::demo().await;
    let app = db.app();
    let update = r#"mutation($input: UpdateClinicInput!) {
      updateClinic(input: $input) { clinic { name timezone phone primaryColor businessHours { mon { open close } sun { open } } erConfig { redirectPhone active } } }
    }"#;
    let input = json!({
        "id": clinic(&SUNRISE),
        "timezone": "America/Chicago",
        "phone": "+1 555 010 0199",
        "primaryColor": "#123ABC",
        "businessHours": { "mon": { "open": "07:00", "close": "19:30" }, "sun": null },
        "erConfig": { "redirectPhone": "+15550100912", "active": false },
    });
    let response = run(&app, &SUNRISE_ADMIN, update, json!({ "input": input })).await;
    assert_ok(&response);
    let c = &response["data"]["updateClinic"]["clinic"];
    assert_eq!(c["timezone"], "America/Chicago");
    assert_eq!(c["businessHours"]["mon"]["close"], "19:30");
    assert!(c["businessHours"]["sun"].is_null());
    assert_eq!(c["erConfig"]["active"], false);
    assert_eq!(c["name"], SUNRISE.name, "absent fields are unchanged");
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "clinics", 1).await,
        vec!["update"]
    );

    for (input, field) in [
        (
            json!({ "id": clinic(&SUNRISE), "businessHours": { "tue": { "open": "18:00", "close": "08:00" } } }),
            "input.businessHours.tue.close",
        ),
        (
            json!({ "id": clinic(&SUNRISE), "businessHours": { "wed": { "open": "8am", "close": "17:00" } } }),
            "input.businessHours.wed.open",
        ),
        (
            json!({ "id": clinic(&SUNRISE), "timezone": "Pacific Time" }),
            "input.timezone",
        ),
        (
            json!({ "id": clinic(&SUNRISE), "email": "front desk@x.com" }),
            "input.email",
        ),
        (
            json!({ "id": clinic(&SUNRISE), "primaryColor": "blue" }),
            "input.primaryColor",
        ),
        (
            json!({ "id": clinic(&SUNRISE), "logoUrl": "ftp://x" }),
            "input.logoUrl",
        ),
        (
            json!({ "id": clinic(&SUNRISE), "name": "  " }),
            "input.name",
        ),
    ] {
        let response = run(&app, &SUNRISE_ADMIN, update, json!({ "input": input })).await;
        assert_code(&response, "BAD_USER_INPUT");
        assert_eq!(error_field(&response), field, "{response}");
    }

    let input = json!({ "input": { "id": clinic(&SUNRISE), "phone": null } });
    assert_code(
        &run(&app, &SUNRISE_MEMBER, update, input.clone()).await,
        "FORBIDDEN",
    );
    assert_code(&run(&app, &HARBOR_ADMIN, update, input).await, "NOT_FOUND");
}

#[tokio::test]
async fn only_an_owner_deletes_a_clinic_and_not_while_it_has_history() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let delete = r#"mutation($id: ID!) { deleteClinic(input: { id: $id }) { deletedClinicId } }"#;

    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            delete,
            json!({ "id": clinic(&SUNRISE) }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(
            &app,
            &SUNRISE_OWNER,
            delete,
            json!({ "id": clinic(&HARBOR) }),
        )
        .await,
        "NOT_FOUND",
    );
    let history = run(
        &app,
        &As::User(fixtures::USER_ALPINE_OWNER, None),
        delete,
        json!({ "id": clinic(&ALPINE) }),
    )
    .await;
    assert_code(&history, "BAD_USER_INPUT");
    assert!(
        history["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("history"),
        "{history}"
    );

    // A clinic without history goes, with its memberships.
    let fresh: uuid::Uuid = scalar(
        &owner,
        "INSERT INTO clinics (name, slug) VALUES ('Fresh Clinic', 'fresh') RETURNING id",
    )
    .await;
    scalar::<uuid::Uuid>(
        &owner,
        &format!(
            "INSERT INTO user_clinic_access (user_id, clinic_id, role) VALUES ('{}', '{fresh}', 'owner') RETURNING id",
            fixtures::user_id(fixtures::USER_NO_CLINIC)
        ),
    )
    .await;
    let response = run(
        &app,
        &As::User(fixtures::USER_NO_CLINIC, None),
        delete,
        json!({ "id": global_id("Clinic", fresh) }),
    )
    .await;
    assert_ok(&response);
    assert_eq!(
        scalar::<i64>(
            &owner,
            &format!("SELECT count(*) FROM clinics WHERE id = '{fresh}'")
        )
        .await,
        0
    );
    let audited = format!(
        "SELECT count(*) FROM audit_events WHERE entity = 'clinics' AND action = 'delete' AND entity_id = '{fresh}'"
    );
    assert_eq!(scalar::<i64>(&owner, &audited).await, 1);
}

#[tokio::test]
async fn users_edit_only_their_own_profile() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let update = r#"mutation($input: UpdateMyProfileInput!) {
      updateMyProfile(input: $input) { user { id firstName lastName profession avatarUrl } }
    }"#;
    let input = json!({ "firstName": " Jordan ", "profession": "technician", "avatarUrl": "https://cdn.example.com/j.png", "lastName": null });
    let response = run(&app, &SUNRISE_VIEWER, update, json!({ "input": input })).await;
    assert_ok(&response);
    let user = &response["data"]["updateMyProfile"]["user"];
    assert_eq!(
        user["id"],
        global_id("User", fixtures::user_id(fixtures::USER_SUNRISE_VIEWER))
    );
    assert_eq!(
        (user["firstName"].as_str(), user["profession"].as_str()),
        (Some("Jordan"), Some("technician"))
    );
    assert!(user["lastName"].is_null());
    let me = gql(
        &app,
        &SUNRISE_VIEWER,
        "{ me { user { firstName avatarUrl } } }",
    )
    .await;
    assert_eq!(
        me["data"]["me"]["user"]["avatarUrl"],
        "https://cdn.example.com/j.png"
    );
    let audited = format!(
        "SELECT count(*) FROM audit_events WHERE entity = 'users' AND action = 'update' AND entity_id = '{}'",
        fixtures::user_id(fixtures::USER_SUNRISE_VIEWER)
    );
    assert_eq!(scalar::<i64>(&owner, &audited).await, 1);

    for (input, field) in [
        (
            json!({ "avatarUrl": "javascript:alert(1)" }),
            "input.avatarUrl",
        ),
        (json!({ "firstName": "   " }), "input.firstName"),
    ] {
        let response = run(&app, &SUNRISE_VIEWER, update, json!({ "input": input })).await;
        assert_code(&response, "BAD_USER_INPUT");
        assert_eq!(error_field(&response), field);
    }
    // The service principal has no profile of its own.
    assert_code(
        &run(
            &app,
            &As::Service,
            update,
            json!({ "input": { "firstName": "Bot" } }),
        )
        .await,
        "FORBIDDEN",
    );
}

#[tokio::test]
async fn staff_keep_clients_and_patients_and_admins_delete_them() {
    let db = TestDb::demo().await;
    let app = db.app();
    let create = r#"mutation($input: CreateClientInput!) { createClient(input: $input) { client { id displayName email cases { totalCount } } } }"#;
    let input = |email: &str| json!({ "input": { "clinicId": clinic(&SUNRISE), "displayName": "Ines Duarte", "email": email, "phone": "+1 555 010 7777" } });

    let bad = run(&app, &SUNRISE_MEMBER, create, input("ines@")).await;
    assert_code(&bad, "BAD_USER_INPUT");
    assert_eq!(error_field(&bad), "input.email");
    assert_code(
        &run(&app, &SUNRISE_VIEWER, create, input("ines@example.com")).await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, create, input("ines@example.com")).await,
        "NOT_FOUND",
    );
    let created = run(&app, &SUNRISE_MEMBER, create, input("ines@example.com")).await;
    assert_ok(&created);
    assert_eq!(
        created["data"]["createClient"]["client"]["cases"]["totalCount"],
        0
    );
    let client = created["data"]["createClient"]["client"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let create_pet = r#"mutation($input: CreatePatientInput!) { createPatient(input: $input) { patient { id name client { id } } } }"#;
    let pet = json!({ "input": { "clientId": client, "name": "Rex", "species": "canine" } });
    let foreign = run(&app, &HARBOR_ADMIN, create_pet, pet.clone()).await;
    assert_code(&foreign, "BAD_USER_INPUT");
    assert_eq!(error_field(&foreign), "input.clientId");
    let rex = run(&app, &SUNRISE_MEMBER, create_pet, pet).await;
    assert_ok(&rex);
    assert_eq!(
        rex["data"]["createPatient"]["patient"]["client"]["id"],
        client
    );
    let rex = rex["data"]["createPatient"]["patient"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let update = r#"mutation($input: UpdateClientInput!) { updateClient(input: $input) { client { phone email } } }"#;
    let updated = run(
        &app,
        &SUNRISE_MEMBER,
        update,
        json!({ "input": { "id": client, "phone": "+1 555 010 8888", "email": null } }),
    )
    .await;
    assert_eq!(
        updated["data"]["updateClient"]["client"],
        json!({ "phone": "+15550108888", "email": null }),
        "{updated}"
    );
    let weight = r#"mutation($id: ID!) { updatePatient(input: { id: $id, weightKg: "-1" }) { patient { id } } }"#;
    assert_eq!(
        error_field(&run(&app, &SUNRISE_MEMBER, weight, json!({ "id": rex })).await),
        "input.weightKg"
    );

    let archive_pet =
        r#"mutation($id: ID!) { archivePatient(input: { id: $id }) { patient { isActive } } }"#;
    assert_eq!(
        run(&app, &SUNRISE_MEMBER, archive_pet, json!({ "id": rex })).await["data"]["archivePatient"]
            ["patient"]["isActive"],
        false
    );
    let archive =
        r#"mutation($id: ID!) { archiveClient(input: { id: $id }) { client { isActive } } }"#;
    assert_eq!(
        run(&app, &SUNRISE_MEMBER, archive, json!({ "id": client })).await["data"]["archiveClient"]
            ["client"]["isActive"],
        false
    );
    let delete = r#"mutation($id: ID!) { deleteClient(input: { id: $id }) { deletedClientId } }"#;
    assert_code(
        &run(&app, &SUNRISE_MEMBER, delete, json!({ "id": client })).await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, delete, json!({ "id": client })).await,
        "NOT_FOUND",
    );
    assert_ok(&run(&app, &SUNRISE_ADMIN, delete, json!({ "id": client })).await);

    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "clients", 4).await,
        vec!["delete", "archive", "update", "create"]
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "patients", 2).await,
        vec!["archive", "create"]
    );
}

const ADD_MEMBER: &str = r#"mutation($input: AddMemberInput!) { addMember(input: $input) { membership { id role user { email } grantedBy { email } clinic { name } } } }"#;
const UPDATE_ROLE: &str = r#"mutation($id: ID!, $role: ClinicRole!) { updateMemberRole(input: { id: $id, role: $role }) { membership { id role } } }"#;
const REMOVE_MEMBER: &str =
    r#"mutation($id: ID!) { removeMember(input: { id: $id }) { deletedMembershipId } }"#;

#[tokio::test]
async fn admins_manage_members_and_only_owners_touch_the_owner_role() {
    let db = TestDb::demo().await;
    let app = db.app();
    let newcomer = global_id("User", fixtures::user_id(fixtures::USER_NO_CLINIC));
    let add = |role: &str| json!({ "input": { "clinicId": clinic(&SUNRISE), "userId": newcomer, "role": role } });

    // Below admin, or in another clinic, nothing happens.
    assert_code(
        &run(&app, &SUNRISE_MEMBER, ADD_MEMBER, add("VIEWER")).await,
        "FORBIDDEN",
    );
    let elsewhere =
        json!({ "input": { "clinicId": clinic(&HARBOR), "userId": newcomer, "role": "VIEWER" } });
    assert_code(
        &run(&app, &SUNRISE_ADMIN, ADD_MEMBER, elsewhere).await,
        "NOT_FOUND",
    );
    // Only an owner grants the owner role.
    assert_code(
        &run(&app, &SUNRISE_ADMIN, ADD_MEMBER, add("OWNER")).await,
        "FORBIDDEN",
    );
    let unknown = json!({ "input": { "clinicId": clinic(&SUNRISE), "userId": global_id("User", uuid::Uuid::new_v4()), "role": "VIEWER" } });
    let response = run(&app, &SUNRISE_ADMIN, ADD_MEMBER, unknown).await;
    assert_code(&response, "BAD_USER_INPUT");
    assert_eq!(error_field(&response), "input.userId");

    let added = run(&app, &SUNRISE_ADMIN, ADD_MEMBER, add("VIEWER")).await;
    assert_ok(&added);
    let m = &added["data"]["addMember"]["membership"];
    assert_eq!(
        (m["role"].as_str(), m["clinic"]["name"].as_str()),
        (Some("VIEWER"), Some(SUNRISE.name))
    );
    assert_eq!(
        m["grantedBy"]["email"],
        fixtures::user(fixtures::USER_SUNRISE_ADMIN).email
    );
    let id = m["id"].as_str().unwrap().to_owned();
    assert_code(
        &run(&app, &SUNRISE_ADMIN, ADD_MEMBER, add("MEMBER")).await,
        "CONFLICT",
    );

    let promoted = run(
        &app,
        &SUNRISE_ADMIN,
        UPDATE_ROLE,
        json!({ "id": id, "role": "MEMBER" }),
    )
    .await;
    assert_ok(&promoted);
    assert_eq!(
        promoted["data"]["updateMemberRole"]["membership"]["role"],
        "MEMBER"
    );
    assert_code(
        &run(
            &app,
            &HARBOR_ADMIN,
            UPDATE_ROLE,
            json!({ "id": id, "role": "ADMIN" }),
        )
        .await,
        "NOT_FOUND",
    );
    assert_code(
        &run(
            &app,
            &SUNRISE_VIEWER,
            UPDATE_ROLE,
            json!({ "id": id, "role": "ADMIN" }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            UPDATE_ROLE,
            json!({ "id": id, "role": "OWNER" }),
        )
        .await,
        "FORBIDDEN",
    );

    // The owner rules: admins may not demote or remove an owner; the last owner stays one.
    let owner_membership = membership(&SUNRISE, fixtures::USER_SUNRISE_OWNER);
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            UPDATE_ROLE,
            json!({ "id": owner_membership, "role": "ADMIN" }),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            REMOVE_MEMBER,
            json!({ "id": owner_membership }),
        )
        .await,
        "FORBIDDEN",
    );
    let last = run(
        &app,
        &SUNRISE_OWNER,
        UPDATE_ROLE,
        json!({ "id": owner_membership, "role": "ADMIN" }),
    )
    .await;
    assert_code(&last, "BAD_USER_INPUT");
    assert_eq!(error_field(&last), "input.role");
    let last = run(
        &app,
        &SUNRISE_OWNER,
        REMOVE_MEMBER,
        json!({ "id": owner_membership }),
    )
    .await;
    assert_code(&last, "BAD_USER_INPUT");
    assert_eq!(error_field(&last), "input.id");

    // With a second owner, the first may step down.
    let admin_membership = membership(&SUNRISE, fixtures::USER_SUNRISE_ADMIN);
    assert_ok(
        &run(
            &app,
            &SUNRISE_OWNER,
            UPDATE_ROLE,
            json!({ "id": admin_membership, "role": "OWNER" }),
        )
        .await,
    );
    let stepped_down = run(
        &app,
        &SUNRISE_OWNER,
        UPDATE_ROLE,
        json!({ "id": owner_membership, "role": "ADMIN" }),
    )
    .await;
    assert_ok(&stepped_down);

    let removed = run(&app, &SUNRISE_ADMIN, REMOVE_MEMBER, json!({ "id": id })).await;
    assert_ok(&removed);
    assert_eq!(removed["data"]["removeMember"]["deletedMembershipId"], id);
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "user_clinic_access", 5).await,
        vec!["delete", "update", "update", "update", "create"]
    );
}

#[tokio::test]
async fn invitations_round_trip_and_the_token_is_shown_once() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let invite = r#"mutation($input: InviteStaffInput!) {
      inviteStaff(input: $input) { invitationToken invitation { id email role status expiresAt invitedBy { email } } }
    }"#;
    let input = |email: &str, role: &str| json!({ "input": { "clinicId": clinic(&SUNRISE), "email": email, "role": role } });

    // The demo user with no clinic is the invitee.
    let response = run(
        &app,
        &SUNRISE_ADMIN,
        invite,
        input(" Riley.Park@Example.com ", "MEMBER"),
    )
    .await;
    assert_ok(&response);
    let payload = &response["data"]["inviteStaff"];
    let token = payload["invitationToken"].as_str().unwrap().to_owned();
    let invitation = payload["invitation"]["id"].as_str().unwrap().to_owned();
    assert_eq!(payload["invitation"]["email"], "riley.park@example.com");
    assert_eq!(payload["invitation"]["status"], "PENDING");
    assert_eq!(
        payload["invitation"]["invitedBy"]["email"],
        fixtures::user(fixtures::USER_SUNRISE_ADMIN).email
    );

    let bad = run(
        &app,
        &SUNRISE_ADMIN,
        invite,
        input("not-an-address", "MEMBER"),
    )
    .await;
    assert_code(&bad, "BAD_USER_INPUT");
    assert_eq!(error_field(&bad), "input.email");
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            invite,
            input("riley.park@example.com", "VIEWER"),
        )
        .await,
        "CONFLICT",
    );
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            invite,
            input("boss@example.com", "OWNER"),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(
            &app,
            &SUNRISE_MEMBER,
            invite,
            input("x@example.com", "VIEWER"),
        )
        .await,
        "FORBIDDEN",
    );
    let elsewhere = json!({ "input": { "clinicId": clinic(&SUNRISE), "email": "x@example.com" } });
    assert_code(
        &run(&app, &HARBOR_ADMIN, invite, elsewhere).await,
        "NOT_FOUND",
    );

    // Resending makes it valid for another week.
    let resend = r#"mutation($id: ID!) { resendInvitation(input: { id: $id }) { invitation { status expiresAt } } }"#;
    assert_ok(&run(&app, &SUNRISE_ADMIN, resend, json!({ "id": invitation })).await);
    assert_code(
        &run(&app, &HARBOR_ADMIN, resend, json!({ "id": invitation })).await,
        "NOT_FOUND",
    );

    // Only the identity provider's webhook (the service) accepts.
    let accept = r#"mutation($token: String!, $user: ID!) {
      acceptInvitation(input: { token: $token, userId: $user }) { invitation { status acceptedBy { email } } membership { role isPrimary clinic { name } } }
    }"#;
    let newcomer = global_id("User", fixtures::user_id(fixtures::USER_NO_CLINIC));
    let vars = json!({ "token": token, "user": newcomer });
    assert_code(
        &run(&app, &SUNRISE_ADMIN, accept, vars.clone()).await,
        "FORBIDDEN",
    );
    let accepted = run(&app, &As::Service, accept, vars.clone()).await;
    assert_ok(&accepted);
    let a = &accepted["data"]["acceptInvitation"];
    assert_eq!(a["invitation"]["status"], "ACCEPTED");
    assert_eq!(
        a["invitation"]["acceptedBy"]["email"],
        fixtures::user(fixtures::USER_NO_CLINIC).email
    );
    assert_eq!(
        (
            a["membership"]["role"].as_str(),
            a["membership"]["isPrimary"].as_bool()
        ),
        (Some("MEMBER"), Some(true))
    );
    let again = run(&app, &As::Service, accept, vars).await;
    assert_code(&again, "BAD_USER_INPUT");
    assert_eq!(error_field(&again), "input.token");
    assert_code(
        &run(&app, &SUNRISE_ADMIN, resend, json!({ "id": invitation })).await,
        "BAD_USER_INPUT",
    );

    // An expired invitation is listed as expired (and to anyone but its invitee, whose address
    // it names, it does not exist: `tests/it/invitations.rs`).
    let kim = "kim.tran@sunrisevet.example.com";
    let kim_token = fixtures::id("invitation_token", &format!("sunrise/{kim}"));
    scalar::<i64>(&owner, &format!("WITH u AS (UPDATE clinic_invitations SET expires_at = now() - interval '1 day' WHERE token = '{kim_token}' RETURNING 1) SELECT count(*) FROM u")).await;
    let expired = run(
        &app,
        &As::Service,
        accept,
        json!({ "token": kim_token.to_string(), "user": newcomer }),
    )
    .await;
    assert_code(&expired, "NOT_FOUND");
    let list = r#"query($id: ID!) { clinic(id: $id) {
      expired: invitations(filter: { status: [EXPIRED] }) { nodes { email status } }
      pending: invitations(filter: { status: [PENDING] }) { nodes { email } }
    } }"#;
    let lists = run(
        &app,
        &SUNRISE_ADMIN,
        list,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_ok(&lists);
    assert_eq!(
        lists["data"]["clinic"]["expired"]["nodes"],
        json!([{ "email": kim, "status": "EXPIRED" }])
    );
    assert!(
        lists["data"]["clinic"]["pending"]["nodes"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{lists}"
    );

    // Revoking: pending ones only.
    let revoke =
        r#"mutation($id: ID!) { revokeInvitation(input: { id: $id }) { deletedInvitationId } }"#;
    assert_code(
        &run(&app, &SUNRISE_ADMIN, revoke, json!({ "id": invitation })).await,
        "BAD_USER_INPUT",
    );
    let kim_id = demo("Invitation", "clinic_invitation", &SUNRISE, kim);
    // Invitations are not readable below admin, so to a member they do not exist.
    assert_code(
        &run(&app, &SUNRISE_MEMBER, revoke, json!({ "id": kim_id })).await,
        "NOT_FOUND",
    );
    assert_ok(&run(&app, &SUNRISE_ADMIN, revoke, json!({ "id": kim_id })).await);

    // The trail has every step, and never the token.
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "clinic_invitations", 4).await,
        vec!["delete", "update", "update", "create"]
    );
    let trail = run(
        &app,
        &SUNRISE_OWNER,
        r#"query($id: ID!) { clinic(id: $id) { auditEvents(filter: { entity: "clinic_invitations" }) { nodes { after before } } } }"#,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert!(
        !trail.to_string().contains(&token) && !trail.to_string().contains("\"token\""),
        "{trail}"
    );
    assert!(
        trail.to_string().contains("riley.park@example.com"),
        "the invitation's shown columns are: {trail}"
    );
}

#[tokio::test]
async fn admins_manage_providers() {
    let db = TestDb::demo().await;
    let app = db.app();
    let create = r#"mutation($input: CreateProviderInput!) { createProvider(input: $input) { provider { id name role isActive user { email } } } }"#;
    let member = global_id("User", fixtures::user_id(fixtures::USER_SUNRISE_VIEWER));
    let input = json!({ "input": { "clinicId": clinic(&SUNRISE), "name": "Jordan Blake, CVT", "role": "technician", "userId": member } });

    assert_code(
        &run(&app, &SUNRISE_MEMBER, create, input.clone()).await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, create, input.clone()).await,
        "NOT_FOUND",
    );
    let blank = run(
        &app,
        &SUNRISE_ADMIN,
        create,
        json!({ "input": { "clinicId": clinic(&SUNRISE), "name": " " } }),
    )
    .await;
    assert_eq!(error_field(&blank), "input.name");
    // The linked user must be on this clinic's staff.
    let outsider = global_id("User", fixtures::user_id(fixtures::USER_HARBOR_MEMBER));
    let response = run(
        &app,
        &SUNRISE_ADMIN,
        create,
        json!({ "input": { "clinicId": clinic(&SUNRISE), "name": "X", "userId": outsider } }),
    )
    .await;
    assert_code(&response, "BAD_USER_INPUT");
    assert_eq!(error_field(&response), "input.userId");

    let created = run(&app, &SUNRISE_ADMIN, create, input).await;
    assert_ok(&created);
    let p = &created["data"]["createProvider"]["provider"];
    assert_eq!(
        p["user"]["email"],
        fixtures::user(fixtures::USER_SUNRISE_VIEWER).email
    );
    let id = p["id"].as_str().unwrap().to_owned();

    let update = r#"mutation($input: UpdateProviderInput!) { updateProvider(input: $input) { provider { name role user { email } } } }"#;
    let updated = run(
        &app,
        &SUNRISE_ADMIN,
        update,
        json!({ "input": { "id": id, "name": "Jordan Blake", "userId": null } }),
    )
    .await;
    assert_ok(&updated);
    assert_eq!(
        updated["data"]["updateProvider"]["provider"],
        json!({ "name": "Jordan Blake", "role": "technician", "user": null })
    );

    let archive =
        r#"mutation($id: ID!) { archiveProvider(input: { id: $id }) { provider { isActive } } }"#;
    assert_code(
        &run(&app, &HARBOR_ADMIN, archive, json!({ "id": id })).await,
        "NOT_FOUND",
    );
    let archived = run(&app, &SUNRISE_ADMIN, archive, json!({ "id": id })).await;
    assert_eq!(
        archived["data"]["archiveProvider"]["provider"]["isActive"], false,
        "{archived}"
    );
    let list = r#"query($id: ID!) { clinic(id: $id) { providers(filter: { isActive: false }) { nodes { id } } } }"#;
    let inactive = run(
        &app,
        &SUNRISE_VIEWER,
        list,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_eq!(
        node_ids(&inactive["data"]["clinic"]["providers"]),
        vec![id.clone()]
    );

    let delete =
        r#"mutation($id: ID!) { deleteProvider(input: { id: $id }) { deletedProviderId } }"#;
    assert_ok(&run(&app, &SUNRISE_ADMIN, delete, json!({ "id": id })).await);
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "providers", 4).await,
        vec!["delete", "archive", "update", "create"]
    );
}

#[tokio::test]
async fn pims_credentials_are_saved_write_only_and_replaced_per_pims() {
    let db = TestDb::demo().await;
    let app = db.app();
    let save = r#"mutation($input: SavePimsCredentialInput!) {
      savePimsCredential(input: $input) { created pimsCredential { id pimsType isActive validationStatus syncEnabled hasCredentials encryptionKeyId } }
    }"#;
    let envelope =
        json!({ "ciphertext": "c2VjcmV0LXNlY3JldA", "nonce": "bm9uY2U", "alg": "AES-256-GCM" });
    let input = |pims: &str| json!({ "input": { "clinicId": clinic(&SUNRISE), "pimsType": pims, "credentials": envelope, "encryptionKeyId": "key-2027" } });

    let replaced = run(&app, &SUNRISE_ADMIN, save, input("IDEXX_NEO")).await;
    assert_ok(&replaced);
    let p = &replaced["data"]["savePimsCredential"];
    assert_eq!(p["created"], false, "one row per clinic and PIMS");
    assert_eq!(
        p["pimsCredential"]["id"],
        demo("PimsCredential", "pims_credential", &SUNRISE, "main")
    );
    assert_eq!(
        (
            p["pimsCredential"]["validationStatus"].as_str(),
            p["pimsCredential"]["encryptionKeyId"].as_str()
        ),
        (Some("unknown"), Some("key-2027"))
    );
    let created = run(&app, &SUNRISE_ADMIN, save, input("IDEXX_AVIMARK")).await;
    assert_ok(&created);
    assert_eq!(created["data"]["savePimsCredential"]["created"], true);
    let new_id = created["data"]["savePimsCredential"]["pimsCredential"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        !replaced.to_string().contains("c2VjcmV0") && !created.to_string().contains("c2VjcmV0")
    );

    for (vars, field) in [
        (input("NONE"), "input.pimsType"),
        (
            json!({ "input": { "clinicId": clinic(&SUNRISE), "pimsType": "IDEXX_NEO", "credentials": "plain" } }),
            "input.credentials",
        ),
    ] {
        let response = run(&app, &SUNRISE_ADMIN, save, vars).await;
        assert_code(&response, "BAD_USER_INPUT");
        assert_eq!(error_field(&response), field);
    }
    // A member may not, even where the row exists (no CONFLICT that would reveal it).
    assert_code(
        &run(&app, &SUNRISE_MEMBER, save, input("IDEXX_NEO")).await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, save, input("IDEXX_NEO")).await,
        "NOT_FOUND",
    );

    let archive = r#"mutation($id: ID!) { archivePimsCredential(input: { id: $id }) { pimsCredential { isActive syncEnabled } } }"#;
    // A member may not even read credentials: to them the row does not exist.
    assert_code(
        &run(&app, &SUNRISE_MEMBER, archive, json!({ "id": new_id })).await,
        "NOT_FOUND",
    );
    let archived = run(&app, &SUNRISE_ADMIN, archive, json!({ "id": new_id })).await;
    assert_eq!(
        archived["data"]["archivePimsCredential"]["pimsCredential"],
        json!({ "isActive": false, "syncEnabled": false })
    );

    let delete = r#"mutation($id: ID!) { deletePimsCredential(input: { id: $id }) { deletedPimsCredentialId } }"#;
    let used = demo("PimsCredential", "pims_credential", &SUNRISE, "main");
    let refused = run(&app, &SUNRISE_ADMIN, delete, json!({ "id": used })).await;
    assert_code(&refused, "BAD_USER_INPUT");
    assert_code(
        &run(&app, &HARBOR_ADMIN, delete, json!({ "id": used })).await,
        "NOT_FOUND",
    );
    assert_ok(&run(&app, &SUNRISE_ADMIN, delete, json!({ "id": new_id })).await);

    let trail = run(
        &app,
        &SUNRISE_ADMIN,
        r#"query($id: ID!) { clinic(id: $id) { auditEvents(filter: { entity: "pims_credentials" }) { nodes { action after before } } } }"#,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert!(
        !trail.to_string().contains("c2VjcmV0"),
        "the secret stays out of the trail: {trail}"
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "pims_credentials", 4).await,
        vec!["delete", "archive", "create", "update"]
    );
}

#[tokio::test]
async fn pims_mappings_are_upserted_by_their_natural_key() {
    let db = TestDb::demo().await;
    let app = db.app();
    let upsert = r#"mutation($input: UpsertPimsMappingInput!) {
      upsertPimsMapping(input: $input) { created pimsMapping { id entityType entityId externalId syncStatus } }
    }"#;
    let tanaka = demo("Client", "client", &SUNRISE, "tanaka");
    let input = |who: &str, external: &str| json!({ "input": { "clinicId": clinic(&SUNRISE), "entityType": "CLIENT", "entityId": who, "pimsType": "IDEXX_NEO", "externalId": external } });

    let first = run(&app, &SUNRISE_ADMIN, upsert, input(&tanaka, "NEO-C-9001")).await;
    assert_ok(&first);
    assert_eq!(first["data"]["upsertPimsMapping"]["created"], true);
    assert_eq!(
        first["data"]["upsertPimsMapping"]["pimsMapping"]["entityId"],
        tanaka
    );
    let id = first["data"]["upsertPimsMapping"]["pimsMapping"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The sync job upserts the same key: the row is updated.
    let second = run(&app, &As::Service, upsert, input(&tanaka, "NEO-C-9002")).await;
    assert_ok(&second);
    assert_eq!(second["data"]["upsertPimsMapping"]["created"], false);
    assert_eq!(second["data"]["upsertPimsMapping"]["pimsMapping"]["id"], id);
    let found = run(
        &app,
        &SUNRISE_MEMBER,
        r#"query($id: ID!) { clinic(id: $id) { pimsMappings(filter: { externalId: "NEO-C-9002", entityType: [CLIENT] }) { nodes { id } } } }"#,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_eq!(
        node_ids(&found["data"]["clinic"]["pimsMappings"]),
        vec![id.clone()]
    );

    // References: another clinic's row, or an id of the wrong type.
    for who in [
        demo("Client", "client", &HARBOR, "kowalski"),
        demo("Patient", "patient", &SUNRISE, "tanaka/mochi"),
    ] {
        let response = run(&app, &SUNRISE_ADMIN, upsert, input(&who, "X")).await;
        assert_code(&response, "BAD_USER_INPUT");
        assert_eq!(error_field(&response), "input.entityId");
    }
    let blank = run(&app, &SUNRISE_ADMIN, upsert, input(&tanaka, " ")).await;
    assert_eq!(error_field(&blank), "input.externalId");
    assert_code(
        &run(&app, &SUNRISE_MEMBER, upsert, input(&tanaka, "NEO-C-1")).await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, upsert, input(&tanaka, "NEO-C-1")).await,
        "NOT_FOUND",
    );

    let delete =
        r#"mutation($id: ID!) { deletePimsMapping(input: { id: $id }) { deletedPimsMappingId } }"#;
    assert_code(
        &run(&app, &SUNRISE_MEMBER, delete, json!({ "id": id })).await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, delete, json!({ "id": id })).await,
        "NOT_FOUND",
    );
    assert_ok(&run(&app, &SUNRISE_ADMIN, delete, json!({ "id": id })).await);
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "pims_mappings", 3).await,
        vec!["delete", "update", "create"]
    );
}

#[tokio::test]
async fn admins_request_syncs_and_only_the_sync_job_records_them() {
    let db = TestDb::demo().await;
    let app = db.app();
    let request = r#"mutation($input: RequestPimsSyncInput!) {
      requestPimsSync(input: $input) { pimsSyncSession { id status sessionType pimsType startedAt credential { id } } }
    }"#;
    let input = |c: &DemoClinic, kind: &str| json!({ "input": { "clinicId": clinic(c), "sessionType": kind } });

    assert_code(
        &run(
            &app,
            &SUNRISE_MEMBER,
            request,
            input(&SUNRISE, "APPOINTMENTS"),
        )
        .await,
        "FORBIDDEN",
    );
    assert_code(
        &run(
            &app,
            &HARBOR_ADMIN,
            request,
            input(&SUNRISE, "APPOINTMENTS"),
        )
        .await,
        "NOT_FOUND",
    );
    let requested = run(
        &app,
        &SUNRISE_ADMIN,
        request,
        input(&SUNRISE, "APPOINTMENTS"),
    )
    .await;
    assert_ok(&requested);
    let s = &requested["data"]["requestPimsSync"]["pimsSyncSession"];
    assert_eq!(
        (s["status"].as_str(), s["pimsType"].as_str()),
        (Some("PENDING"), Some("IDEXX_NEO"))
    );
    assert_eq!(
        s["credential"]["id"],
        demo("PimsCredential", "pims_credential", &SUNRISE, "main")
    );
    let session = s["id"].as_str().unwrap().to_owned();
    assert_code(
        &run(
            &app,
            &SUNRISE_ADMIN,
            request,
            input(&SUNRISE, "APPOINTMENTS"),
        )
        .await,
        "CONFLICT",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, request, input(&HARBOR, "SCHEDULE")).await,
        "CONFLICT",
    );
    let unconnected = run(
        &app,
        &As::User(fixtures::USER_ALPINE_OWNER, None),
        request,
        input(&ALPINE, "FULL"),
    )
    .await;
    assert_code(&unconnected, "BAD_USER_INPUT");
    assert_eq!(error_field(&unconnected), "input.pimsType");

    // Progress is the sync job's to record.
    let progress = r#"mutation($input: RecordPimsSyncProgressInput!) {
      recordPimsSyncProgress(input: $input) { pimsSyncSession { status startedAt completedAt itemsSynced itemsFailed errorMessage } }
    }"#;
    let running = json!({ "input": { "id": session, "status": "RUNNING" } });
    assert_code(
        &run(&app, &SUNRISE_ADMIN, progress, running.clone()).await,
        "FORBIDDEN",
    );
    assert_code(
        &run(&app, &HARBOR_ADMIN, progress, running.clone()).await,
        "NOT_FOUND",
    );
    let started = run(&app, &As::Service, progress, running).await;
    assert_ok(&started);
    assert!(started["data"]["recordPimsSyncProgress"]["pimsSyncSession"]["startedAt"].is_string());
    let negative = run(
        &app,
        &As::Service,
        progress,
        json!({ "input": { "id": session, "itemsSynced": -1 } }),
    )
    .await;
    assert_eq!(error_field(&negative), "input.itemsSynced");
    let done = run(&app, &As::Service, progress, json!({ "input": { "id": session, "status": "COMPLETED", "itemsSynced": 12, "itemsFailed": 1 } })).await;
    assert_ok(&done);
    let s = &done["data"]["recordPimsSyncProgress"]["pimsSyncSession"];
    assert_eq!(
        (s["status"].as_str(), s["itemsSynced"].as_i64()),
        (Some("COMPLETED"), Some(12))
    );
    assert!(s["completedAt"].is_string());

    // So is the sync's audit log; admins read it on the session and on the clinic.
    let audit = r#"mutation($input: RecordPimsSyncAuditInput!) { recordPimsSyncAudit(input: $input) { pimsSyncAuditEntry { id status syncSession { id } } } }"#;
    let entry = |c: &DemoClinic, session: &str| json!({ "input": { "clinicId": clinic(c), "syncSessionId": session, "actionType": "upsert", "resourceType": "appointment", "status": "success", "details": { "n": 1 } } });
    assert_code(
        &run(&app, &SUNRISE_ADMIN, audit, entry(&SUNRISE, &session)).await,
        "FORBIDDEN",
    );
    let foreign = run(&app, &As::Service, audit, entry(&HARBOR, &session)).await;
    assert_code(&foreign, "BAD_USER_INPUT");
    assert_eq!(error_field(&foreign), "input.syncSessionId");
    let recorded = run(&app, &As::Service, audit, entry(&SUNRISE, &session)).await;
    assert_ok(&recorded);
    let entry_id = recorded["data"]["recordPimsSyncAudit"]["pimsSyncAuditEntry"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let read = r#"query($id: ID!) { clinic(id: $id) {
      pimsSyncSessions(filter: { status: [COMPLETED], sessionType: [APPOINTMENTS] }) { nodes { id auditLog { nodes { id } } } }
      pimsSyncAuditLog(filter: { resourceType: ["appointment"], status: ["success"] }) { nodes { id } }
    } }"#;
    let admin = run(
        &app,
        &SUNRISE_ADMIN,
        read,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_ok(&admin);
    let sessions = admin["data"]["clinic"]["pimsSyncSessions"]["nodes"]
        .as_array()
        .unwrap();
    assert_eq!(sessions.len(), 1, "{admin}");
    assert_eq!(node_ids(&sessions[0]["auditLog"]), vec![entry_id.clone()]);
    assert_eq!(
        node_ids(&admin["data"]["clinic"]["pimsSyncAuditLog"]),
        vec![entry_id]
    );
    let member = run(
        &app,
        &SUNRISE_MEMBER,
        read,
        json!({ "id": clinic(&SUNRISE) }),
    )
    .await;
    assert_ok(&member);
    assert!(
        node_ids(&member["data"]["clinic"]["pimsSyncAuditLog"]).is_empty(),
        "the sync audit log is for admins"
    );

    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "pims_sync_sessions", 3).await,
        vec!["update", "update", "create"]
    );
    assert_eq!(
        audit_actions(&app, &SUNRISE_ADMIN, &SUNRISE, "pims_sync_audit_log", 1).await,
        vec!["create"]
    );
}
