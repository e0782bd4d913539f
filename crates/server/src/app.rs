//! The HTTP application: shared state and the router (health, readiness, GraphQL, GraphiQL).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use sea_orm::DatabaseConnection;
use serde_json::json;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The request pool (application role, RLS applies).
    pub db: domain::Database,
    /// The owner connection, used only to check that the schema is current.
    pub owner: DatabaseConnection,
    pub schema: graphql::AppSchema,
    pub auth: Arc<crate::auth::Authenticator>,
    pub inner: Arc<AppInner>,
}

/// State that does not need to be cloned per request.
pub struct AppInner {
    pub mode: crate::config::Mode,
}

impl AppState {
    pub fn new(
        db: domain::Database,
        owner: DatabaseConnection,
        auth: crate::auth::Authenticator,
        mode: crate::config::Mode,
    ) -> Self {
        AppState {
            db,
            owner,
            schema: graphql::build_schema(),
            auth: Arc::new(auth),
            inner: Arc::new(AppInner { mode }),
        }
    }
}

/// Builds the router for the given state.
pub fn build_router(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(
            "/graphql",
            get(crate::graphql_http::graphql).post(crate::graphql_http::graphql),
        )
        .route("/graphiql", get(crate::graphql_http::graphiql))
        .with_state(state)
}

/// Liveness: the process answers. Never touches the database.
async fn healthz() -> &'static str {
    "ok"
}

/// Readiness: the database answers and every migration is applied.
async fn readyz(State(state): State<AppState>) -> Response {
    let database = state.db.ping().await;
    let migrations = match &database {
        Ok(()) => crate::database::migrations_current(&state.owner).await.ok(),
        Err(_) => None,
    };
    let ready = database.is_ok() && migrations == Some(true);
    let body = Json(json!({
        "status": if ready { "ready" } else { "not_ready" },
        "database": if database.is_ok() { "up" } else { "down" },
        "migrations": match migrations {
            Some(true) => "current",
            Some(false) => "pending",
            None => "unknown",
        },
    }));
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, body).into_response()
}
