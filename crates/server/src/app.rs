//! The HTTP application: shared state and the router (health, readiness, metrics, GraphQL,
//! GraphiQL).

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

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
    pub max_body_bytes: usize,
    pub inner: Arc<AppInner>,
}

/// State that does not need to be cloned per request.
pub struct AppInner {
    pub mode: crate::config::Mode,
    pub limits: graphql::limits::Limits,
    pub rate_limiter: crate::ratelimit::RateLimiter,
    pub persisted: crate::persisted::PersistedQueries,
    /// `clerk_user_id`s of staff.
    pub staff: HashSet<String>,
    pub introspection: crate::config::Introspection,
    pub request_timeout: Duration,
}

/// The protections of the GraphQL endpoint (limits, quotas, persisted operations, staff).
pub struct Protection {
    pub limits: graphql::limits::Limits,
    pub rate_limiter: crate::ratelimit::RateLimiter,
    pub persisted: crate::persisted::PersistedQueries,
    pub staff: HashSet<String>,
    pub introspection: crate::config::Introspection,
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
}

impl Protection {
    /// The documented defaults with in-memory stores (tests, single replica).
    pub fn defaults() -> Self {
        Protection {
            limits: graphql::limits::Limits::default(),
            rate_limiter: crate::ratelimit::RateLimiter::in_memory(crate::ratelimit::Quotas {
                per_user: 600,
                per_clinic: 3_000,
                per_anonymous_ip: 30,
            }),
            persisted: crate::persisted::PersistedQueries::in_memory(),
            staff: HashSet::new(),
            introspection: crate::config::Introspection::Staff,
            request_timeout: Duration::from_secs(10),
            max_body_bytes: 64 * 1024,
        }
    }
}

impl AppState {
    pub fn new(
        db: domain::Database,
        owner: DatabaseConnection,
        auth: crate::auth::Authenticator,
        mode: crate::config::Mode,
        protection: Protection,
    ) -> Self {
        let production_schema = protection.introspection != crate::config::Introspection::All;
        // Install the metrics recorder before the first request records anything.
        let _ = crate::metrics::handle();
        AppState {
            db,
            owner,
            schema: graphql::build_schema_for(production_schema),
            auth: Arc::new(auth),
            max_body_bytes: protection.max_body_bytes,
            inner: Arc::new(AppInner {
                mode,
                limits: protection.limits,
                rate_limiter: protection.rate_limiter,
                persisted: protection.persisted,
                staff: protection.staff,
                introspection: protection.introspection,
                request_timeout: protection.request_timeout,
            }),
        }
    }
}

/// Builds the router for the given state.
pub fn build_router(state: AppState) -> Router {
    let graphql = Router::new()
        .route("/graphql", axum::routing::any(crate::http::graphql::graphql))
        .layer(axum::middleware::from_fn(crate::http::graphql::guard_request))
        // async-graphql-axum reads the body itself; this layer caps it (413) either way.
        .layer(tower_http::limit::RequestBodyLimitLayer::new(state.max_body_bytes));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .merge(crate::http::graphiql::routes())
        .merge(graphql)
        .with_state(state)
}

/// Prometheus text format.
async fn metrics(State(state): State<AppState>) -> Response {
    let (open, idle) = state.db.pool_usage();
    crate::metrics::record_pool(open, idle);
    (
        [(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        crate::metrics::handle().render(),
    )
        .into_response()
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
