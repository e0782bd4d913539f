//! Helpers shared by the integration tests.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};

/// Runs SQL as the owner and returns the SQLSTATE and constraint name if it fails.
pub async fn exec(conn: &DatabaseConnection, sql: &str) -> Result<(), (String, Option<String>)> {
    match conn.execute_unprepared(sql).await {
        Ok(_) => Ok(()),
        Err(err) => Err(sqlstate(&err)),
    }
}

/// The SQLSTATE and constraint of a database error (panics on other errors).
pub fn sqlstate(err: &DbErr) -> (String, Option<String>) {
    domain::error::db_error_parts(err).unwrap_or_else(|| panic!("not a database error: {err}"))
}

/// One scalar from a query.
pub async fn scalar<T: sea_orm::TryGetable>(conn: &DatabaseConnection, sql: &str) -> T {
    let row = conn
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            sql.to_owned(),
        ))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get_by_index(0)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A clinic with a client, created as the owner; returns (clinic_id, client_id).
pub async fn clinic_with_client(conn: &DatabaseConnection, slug: &str) -> (uuid::Uuid, uuid::Uuid) {
    let clinic: uuid::Uuid = scalar(
        conn,
        &format!(
            "INSERT INTO clinics (name, slug) VALUES ('Clinic {slug}', '{slug}') RETURNING id"
        ),
    )
    .await;
    let client: uuid::Uuid = scalar(
        conn,
        &format!("INSERT INTO clients (clinic_id, display_name) VALUES ('{clinic}', 'Jamie Rivera') RETURNING id"),
    )
    .await;
    (clinic, client)
}

/// Who runs a GraphQL operation in the in-process tests.
#[derive(Clone, Debug)]
pub enum As {
    /// A demo user by `clerk_user_id`, optionally pinned to an organization.
    User(&'static str, Option<&'static str>),
    Service,
    Anonymous,
}

/// The principal for `who`, resolved the way the HTTP layer does it.
pub async fn principal(db: &domain::Database, who: &As) -> domain::Principal {
    match who {
        As::User(sub, org) => domain::identity::resolve_user(db, sub, *org)
            .await
            .expect("resolve user")
            .unwrap_or_else(|| panic!("no demo user {sub}")),
        As::Service => domain::Principal::Service {
            name: "tests".into(),
        },
        As::Anonymous => domain::Principal::Anonymous,
    }
}

/// Runs a GraphQL operation in-process as `who` (same session, loaders and error mapping as
/// the HTTP endpoint) and returns the response as JSON, with the SQL statements it sent.
pub async fn gql_counted(
    db: &domain::Database,
    who: &As,
    query: &str,
    variables: serde_json::Value,
) -> (serde_json::Value, u32) {
    run_counted(db, who, query, variables, false).await
}

/// As [`gql_counted`], through the resolvers only (never the read planner), for the tests of
/// what the resolvers and their loaders send.
pub async fn gql_counted_resolved(
    db: &domain::Database,
    who: &As,
    query: &str,
    variables: serde_json::Value,
) -> (serde_json::Value, u32) {
    run_counted(db, who, query, variables, true).await
}

async fn run_counted(
    db: &domain::Database,
    who: &As,
    query: &str,
    variables: serde_json::Value,
    resolved_only: bool,
) -> (serde_json::Value, u32) {
    let principal = principal(db, who).await;
    let session = std::sync::Arc::new(domain::Session::new(db.clone(), principal, "test"));
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables));
    let schema = graphql::build_schema();
    let response = if resolved_only {
        graphql::execute_resolved(&schema, request, session.clone()).await
    } else {
        graphql::execute(&schema, request, session.clone()).await
    };
    let response = graphql::errors::finalize(response, "test");
    session.commit().await.expect("commit");
    let statements = session.statement_count();
    (
        serde_json::to_value(&response).expect("response JSON"),
        statements,
    )
}

pub async fn gql(db: &domain::Database, who: &As, query: &str) -> serde_json::Value {
    gql_counted(db, who, query, serde_json::Value::Null).await.0
}

/// The `extensions.code` of every error in a response, in order.
pub fn error_codes(response: &serde_json::Value) -> Vec<String> {
    response["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    e["extensions"]["code"]
                        .as_str()
                        .unwrap_or("<none>")
                        .to_owned()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The global id the API uses for a row.
pub fn global_id(type_name: &str, id: uuid::Uuid) -> String {
    graphql::ids::encode(type_name, id).to_string()
}
