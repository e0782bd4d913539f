//! A clinic always keeps an owner, also when two owners demote or remove each other at the same
//! moment. Each request runs in its own session (its own transaction and connection), the two
//! are started together on a multi-threaded runtime, many times over: exactly one of each pair
//! succeeds and the clinic is never left without an owner.

use domain::seed::demo::fixtures::{self, SUNRISE};
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::{As, error_codes, global_id, gql_counted, scalar};

const ROUNDS: usize = 25;

fn membership_id(user: &str) -> uuid::Uuid {
    fixtures::id("user_clinic_access", &format!("{}/{user}", SUNRISE.key))
}

/// Makes both demo users owners of Sunrise again (recreating a removed membership).
async fn two_owners(owner: &sea_orm::DatabaseConnection, a: &str, b: &str) {
    let clinic = fixtures::clinic_id(&SUNRISE);
    for user in [a, b] {
        let sql = format!(
            "WITH m AS (INSERT INTO user_clinic_access (id, user_id, clinic_id, role) VALUES ('{}', '{}', '{clinic}', 'owner') \
             ON CONFLICT (id) DO UPDATE SET role = 'owner' RETURNING 1) SELECT count(*) FROM m",
            membership_id(user),
            fixtures::user_id(user),
        );
        assert_eq!(scalar::<i64>(owner, &sql).await, 1);
    }
}

async fn owners_left(owner: &sea_orm::DatabaseConnection) -> i64 {
    let clinic = fixtures::clinic_id(&SUNRISE);
    scalar(owner, &format!("SELECT count(*) FROM user_clinic_access WHERE clinic_id = '{clinic}' AND role = 'owner'")).await
}

/// Runs `a_does` as user `a` and `b_does` as user `b` at the same time, each in its own session.
async fn at_once(
    app: &domain::Database,
    (a, a_does): (&'static str, (String, Value)),
    (b, b_does): (&'static str, (String, Value)),
) -> [Value; 2] {
    let spawn = |who: &'static str, (query, variables): (String, Value)| {
        let app = app.clone();
        tokio::spawn(async move {
            gql_counted(&app, &As::User(who, None), &query, variables)
                .await
                .0
        })
    };
    let (first, second) = tokio::join!(spawn(a, a_does), spawn(b, b_does));
    [
        first.expect("first request"),
        second.expect("second request"),
    ]
}

/// Exactly one of the two succeeded; the other was refused as a last-owner change (or, when the
/// winner's change had already taken the loser's owner role, as a role that is too low).
fn exactly_one_succeeded(round: usize, responses: &[Value; 2]) {
    let codes: Vec<Vec<String>> = responses.iter().map(error_codes).collect();
    let succeeded = codes.iter().filter(|c| c.is_empty()).count();
    assert_eq!(succeeded, 1, "round {round}: {responses:?}");
    let refused = codes.iter().find(|c| !c.is_empty()).expect("one refusal");
    assert!(
        refused == &["BAD_USER_INPUT"] || refused == &["FORBIDDEN"],
        "round {round}: the loser is refused, not failed: {responses:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_owners_demoting_each_other_at_once_leave_one_owner() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let (a, b) = (fixtures::USER_SUNRISE_OWNER, fixtures::USER_SUNRISE_ADMIN);
    let demote = |user: &str| {
        (
            r#"mutation($id: ID!) { updateMemberRole(input: { id: $id, role: ADMIN }) { membership { id role } } }"#.to_owned(),
            json!({ "id": global_id("Membership", membership_id(user)) }),
        )
    };
    for round in 0..ROUNDS {
        two_owners(&owner, a, b).await;
        let responses = at_once(&app, (a, demote(b)), (b, demote(a))).await;
        exactly_one_succeeded(round, &responses);
        assert_eq!(owners_left(&owner).await, 1, "round {round}: {responses:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_owners_removing_each_other_at_once_leave_one_owner() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let (a, b) = (fixtures::USER_SUNRISE_OWNER, fixtures::USER_SUNRISE_ADMIN);
    let remove = |user: &str| {
        (
            r#"mutation($id: ID!) { removeMember(input: { id: $id }) { deletedMembershipId } }"#
                .to_owned(),
            json!({ "id": global_id("Membership", membership_id(user)) }),
        )
    };
    for round in 0..ROUNDS {
        two_owners(&owner, a, b).await;
        let responses = at_once(&app, (a, remove(b)), (b, remove(a))).await;
        exactly_one_succeeded(round, &responses);
        assert_eq!(owners_left(&owner).await, 1, "round {round}: {responses:?}");
    }
}

/// One demotes, the other removes: the mixed pair is serialised by the same lock.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demotion_and_a_removal_at_once_leave_one_owner() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let (a, b) = (fixtures::USER_SUNRISE_OWNER, fixtures::USER_SUNRISE_ADMIN);
    let demote_b = (
        r#"mutation($id: ID!) { updateMemberRole(input: { id: $id, role: MEMBER }) { membership { id } } }"#.to_owned(),
        json!({ "id": global_id("Membership", membership_id(b)) }),
    );
    let remove_a = (
        r#"mutation($id: ID!) { removeMember(input: { id: $id }) { deletedMembershipId } }"#
            .to_owned(),
        json!({ "id": global_id("Membership", membership_id(a)) }),
    );
    for round in 0..ROUNDS {
        two_owners(&owner, a, b).await;
        let responses = at_once(&app, (a, demote_b.clone()), (b, remove_a.clone())).await;
        exactly_one_succeeded(round, &responses);
        assert_eq!(owners_left(&owner).await, 1, "round {round}: {responses:?}");
    }
}
