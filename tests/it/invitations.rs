//! Invitations: accepting one is bound to the invited address (case-insensitively; any other
//! user gets the NOT_FOUND of a token that does not exist, so tokens cannot be probed), it is
//! atomic (many accepts at once make one membership), and resending follows the rules of
//! inviting (only an owner revives an invitation to be an owner).

use domain::seed::demo::fixtures::{self, SUNRISE};
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, global_id, gql_counted, scalar};

const SUNRISE_OWNER: As = As::User(fixtures::USER_SUNRISE_OWNER, None);
const SUNRISE_ADMIN: As = As::User(fixtures::USER_SUNRISE_ADMIN, None);
const SUNRISE_MEMBER: As = As::User(fixtures::USER_SUNRISE_MEMBER, None);
const HARBOR_ADMIN: As = As::User(fixtures::USER_HARBOR_ADMIN, None);

const INVITE: &str = r#"mutation($input: InviteStaffInput!) { inviteStaff(input: $input) { invitationToken invitation { id status expiresAt } } }"#;
const ACCEPT: &str = r#"mutation($token: String!, $user: ID!) {
  acceptInvitation(input: { token: $token, userId: $user }) { invitation { id status acceptedBy { id } } membership { id role } }
}"#;
const RESEND: &str = r#"mutation($id: ID!) { resendInvitation(input: { id: $id }) { invitation { status expiresAt } } }"#;

async fn run(app: &domain::Database, who: &As, query: &str, variables: Value) -> Value {
    gql_counted(app, who, query, variables).await.0
}

fn codes(response: &Value) -> Vec<String> {
    error_codes(response)
}

fn sunrise() -> String {
    global_id("Clinic", fixtures::clinic_id(&SUNRISE))
}

/// Invites `email` to Sunrise as `who`; returns (token, invitation id).
async fn invite(app: &domain::Database, who: &As, email: &str, role: &str) -> (String, String) {
    let response = run(
        app,
        who,
        INVITE,
        json!({ "input": { "clinicId": sunrise(), "email": email, "role": role } }),
    )
    .await;
    assert!(codes(&response).is_empty(), "{response}");
    let payload = &response["data"]["inviteStaff"];
    (
        payload["invitationToken"].as_str().unwrap().to_owned(),
        payload["invitation"]["id"].as_str().unwrap().to_owned(),
    )
}

/// A signed-up user with no clinic; returns its id.
async fn user(owner: &sea_orm::DatabaseConnection, clerk_id: &str, email: &str) -> uuid::Uuid {
    scalar(
        owner,
        &format!(
            "INSERT INTO users (clerk_user_id, email) VALUES ('{clerk_id}', '{email}') RETURNING id"
        ),
    )
    .await
}

async fn memberships_in_sunrise(owner: &sea_orm::DatabaseConnection, users: &[uuid::Uuid]) -> i64 {
    let list = users
        .iter()
        .map(|u| format!("'{u}'"))
        .collect::<Vec<_>>()
        .join(",");
    let clinic = fixtures::clinic_id(&SUNRISE);
    scalar(owner, &format!("SELECT count(*) FROM user_clinic_access WHERE clinic_id = '{clinic}' AND user_id IN ({list})")).await
}

async fn status_of(owner: &sea_orm::DatabaseConnection, token: &str) -> String {
    scalar(
        owner,
        &format!("SELECT status FROM clinic_invitations WHERE token = '{token}'"),
    )
    .await
}

#[tokio::test]
async fn accepting_is_bound_to_the_invited_address() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let (token, _) = invite(&app, &SUNRISE_ADMIN, "Dana.Reyes@Example.com", "MEMBER").await;
    let invitee = user(&owner, "user_dana", "DANA.REYES@example.COM").await;
    let stranger = user(&owner, "user_stranger", "someone.else@example.com").await;
    let accept =
        |token: &str, user: uuid::Uuid| json!({ "token": token, "user": global_id("User", user) });

    // Someone else's account with the right token: the answer of a token that does not exist.
    let mismatch = run(&app, &As::Service, ACCEPT, accept(&token, stranger)).await;
    assert_eq!(codes(&mismatch), vec!["NOT_FOUND"], "{mismatch}");
    let unknown = run(
        &app,
        &As::Service,
        ACCEPT,
        accept(&uuid::Uuid::new_v4().to_string(), stranger),
    )
    .await;
    assert_eq!(codes(&unknown), vec!["NOT_FOUND"], "{unknown}");
    assert_eq!(
        mismatch["errors"][0]["message"], unknown["errors"][0]["message"],
        "the two refusals read the same"
    );
    assert!(mismatch["data"].is_null() && unknown["data"].is_null());
    assert_eq!(
        status_of(&owner, &token).await,
        "pending",
        "a refused accept changes nothing"
    );
    assert_eq!(memberships_in_sunrise(&owner, &[stranger]).await, 0);

    // The invitee, whose address differs only in case, joins.
    let accepted = run(&app, &As::Service, ACCEPT, accept(&token, invitee)).await;
    assert!(codes(&accepted).is_empty(), "{accepted}");
    let payload = &accepted["data"]["acceptInvitation"];
    assert_eq!(payload["invitation"]["status"], "ACCEPTED");
    assert_eq!(
        payload["invitation"]["acceptedBy"]["id"],
        global_id("User", invitee)
    );
    assert_eq!(payload["membership"]["role"], "MEMBER");
    assert_eq!(memberships_in_sunrise(&owner, &[invitee]).await, 1);

    // Accepting again: the invitee learns it was accepted; anyone else still learns nothing.
    let again = run(&app, &As::Service, ACCEPT, accept(&token, invitee)).await;
    assert_eq!(codes(&again), vec!["BAD_USER_INPUT"], "{again}");
    assert_eq!(again["errors"][0]["extensions"]["field"], "input.token");
    let late_stranger = run(&app, &As::Service, ACCEPT, accept(&token, stranger)).await;
    assert_eq!(codes(&late_stranger), vec!["NOT_FOUND"], "{late_stranger}");
    assert_eq!(
        memberships_in_sunrise(&owner, &[invitee, stranger]).await,
        1
    );

    // Users never accept for themselves (the identity provider's webhook does).
    let (other_token, _) = invite(&app, &SUNRISE_ADMIN, "riley.park@example.com", "VIEWER").await;
    let riley = fixtures::user_id(fixtures::USER_NO_CLINIC);
    let by_user = run(
        &app,
        &As::User(fixtures::USER_NO_CLINIC, None),
        ACCEPT,
        accept(&other_token, riley),
    )
    .await;
    assert_eq!(codes(&by_user), vec!["FORBIDDEN"], "{by_user}");
    assert_eq!(status_of(&owner, &other_token).await, "pending");
}

#[tokio::test]
async fn an_expired_invitation_is_refused_to_its_invitee_and_unknown_to_others() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let (token, _) = invite(&app, &SUNRISE_ADMIN, "late.comer@example.com", "MEMBER").await;
    let invitee = user(&owner, "user_late", "late.comer@example.com").await;
    let stranger = user(&owner, "user_stranger", "someone.else@example.com").await;
    scalar::<i64>(
        &owner,
        &format!("WITH u AS (UPDATE clinic_invitations SET expires_at = now() - interval '1 minute' WHERE token = '{token}' RETURNING 1) SELECT count(*) FROM u"),
    )
    .await;
    let expired = run(
        &app,
        &As::Service,
        ACCEPT,
        json!({ "token": token, "user": global_id("User", invitee) }),
    )
    .await;
    assert_eq!(codes(&expired), vec!["BAD_USER_INPUT"], "{expired}");
    assert!(
        expired["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("expired"),
        "{expired}"
    );
    let probe = run(
        &app,
        &As::Service,
        ACCEPT,
        json!({ "token": token, "user": global_id("User", stranger) }),
    )
    .await;
    assert_eq!(codes(&probe), vec!["NOT_FOUND"], "{probe}");
    assert_eq!(
        memberships_in_sunrise(&owner, &[invitee, stranger]).await,
        0
    );
}

/// Many accounts with the invited address (the identity provider allows that) accept the same
/// invitation at once, each in its own session: one membership, one accepted invitation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_accepts_of_one_invitation_make_one_membership() {
    const ACCOUNTS: usize = 8;
    const ROUNDS: usize = 5;
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    for round in 0..ROUNDS {
        let email = format!("crowd{round}@example.com");
        let (token, _) = invite(&app, &SUNRISE_ADMIN, &email, "MEMBER").await;
        let mut users = Vec::new();
        for i in 0..ACCOUNTS {
            // Each account spells the address differently.
            let spelled = if i % 2 == 0 {
                email.to_uppercase()
            } else {
                email.clone()
            };
            users.push(user(&owner, &format!("user_crowd_{round}_{i}"), &spelled).await);
        }
        let tasks: Vec<_> = users
            .iter()
            .map(|u| {
                let app = app.clone();
                let variables = json!({ "token": token, "user": global_id("User", *u) });
                tokio::spawn(
                    async move { gql_counted(&app, &As::Service, ACCEPT, variables).await.0 },
                )
            })
            .collect();
        let mut responses = Vec::new();
        for task in tasks {
            responses.push(task.await.expect("accept"));
        }
        let winners: Vec<&Value> = responses.iter().filter(|r| codes(r).is_empty()).collect();
        assert_eq!(winners.len(), 1, "round {round}: {responses:?}");
        for loser in responses.iter().filter(|r| !codes(r).is_empty()) {
            assert_eq!(
                codes(loser),
                vec!["BAD_USER_INPUT"],
                "round {round}: already accepted: {loser}"
            );
        }
        assert_eq!(
            memberships_in_sunrise(&owner, &users).await,
            1,
            "round {round}: {responses:?}"
        );
        let accepted_by: uuid::Uuid = scalar(
            &owner,
            &format!("SELECT accepted_by FROM clinic_invitations WHERE token = '{token}'"),
        )
        .await;
        assert_eq!(
            winners[0]["data"]["acceptInvitation"]["invitation"]["acceptedBy"]["id"],
            global_id("User", accepted_by)
        );
    }
}

#[tokio::test]
async fn resending_follows_the_rules_of_inviting() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let (token, id) = invite(&app, &SUNRISE_OWNER, "co.owner@example.com", "OWNER").await;
    scalar::<i64>(
        &owner,
        &format!(
            "WITH u AS (UPDATE clinic_invitations SET status = 'expired', expires_at = now() - interval '1 day' \
             WHERE token = '{token}' RETURNING 1) SELECT count(*) FROM u"
        ),
    )
    .await;
    let expires_sql =
        format!("SELECT expires_at::text FROM clinic_invitations WHERE token = '{token}'");
    let expires = || scalar::<String>(&owner, &expires_sql);
    let before = expires().await;

    // An admin could not have invited an owner, so cannot revive the invitation either.
    let by_admin = run(&app, &SUNRISE_ADMIN, RESEND, json!({ "id": id })).await;
    assert_eq!(codes(&by_admin), vec!["FORBIDDEN"], "{by_admin}");
    assert_eq!(
        (status_of(&owner, &token).await, expires().await),
        ("expired".to_owned(), before.clone())
    );
    // Below admin, invitations are not readable; in another clinic they do not exist.
    assert_eq!(
        codes(&run(&app, &SUNRISE_MEMBER, RESEND, json!({ "id": id })).await),
        vec!["NOT_FOUND"]
    );
    assert_eq!(
        codes(&run(&app, &HARBOR_ADMIN, RESEND, json!({ "id": id })).await),
        vec!["NOT_FOUND"]
    );
    assert_eq!(status_of(&owner, &token).await, "expired");

    // The owner may.
    let by_owner = run(&app, &SUNRISE_OWNER, RESEND, json!({ "id": id })).await;
    assert!(codes(&by_owner).is_empty(), "{by_owner}");
    assert_eq!(
        by_owner["data"]["resendInvitation"]["invitation"]["status"],
        "PENDING"
    );
    assert_eq!(status_of(&owner, &token).await, "pending");

    // An admin still resends the invitations an admin may send.
    let (_, member_invitation) =
        invite(&app, &SUNRISE_ADMIN, "new.member@example.com", "MEMBER").await;
    assert!(
        codes(
            &run(
                &app,
                &SUNRISE_ADMIN,
                RESEND,
                json!({ "id": member_invitation })
            )
            .await
        )
        .is_empty()
    );
}
