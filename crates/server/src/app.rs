//! The HTTP application: shared state and the router (health, readiness, metrics, GraphQL,
//! GraphiQL), with the request-id and panic middleware around every route and CORS on the
//! GraphQL endpoint.

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
    /// The operation analyser, built once from the schema.
    pub analyzer: Arc<graphql::limits::Analyzer>,
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
    pub cors_origins: Vec<String>,
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
    /// Origins allowed to call `/graphql` from a browser (CORS); none: no cross-origin calls.
    pub cors_origins: Vec<String>,
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
            cors_origins: Vec::new(),
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
        let schema = graphql::build_schema_for(production_schema);
        let analyzer = Arc::new(graphql::limits::Analyzer::new(&schema));
        AppState {
            db,
            owner,
            schema,
            analyzer,
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
                cors_origins: protection.cors_origins,
            }),
        }
    }
}

/// Builds the router for the given state.
pub fn build_router(state: AppState) -> Router {
    let cors = cors_layer(&state.inner.cors_origins);
    let graphql = Router::new()
        .route(
            "/graphql",
            axum::routing::any(crate::http::graphql::graphql),
        )
        .layer(axum::middleware::from_fn(
            crate::http::graphql::guard_request,
        ))
        // Outside the guard: a preflight (OPTIONS) is answered here, before the method check.
        .layer(cors);
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .merge(crate::http::graphiql::routes())
        .merge(graphql)
        .with_state(state);
    with_request_context(router)
}

/// The middleware every route runs inside: request id in and out, and a panic becomes a JSON
/// 500 (see `http::context`). Public so tests can prove it around a route that panics.
pub fn with_request_context(router: Router) -> Router {
    router.layer(axum::middleware::from_fn(
        crate::http::context::request_context,
    ))
}

/// CORS for browser clients on other origins (tower-http's layer): only the configured
/// origins, with credentials (the `Authorization` header), and the headers a client needs to
/// read back exposed (`Retry-After` to back off, `X-Request-Id` to quote).
fn cors_layer(origins: &[String]) -> tower_http::cors::CorsLayer {
    use axum::http::{HeaderName, Method, header};
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let origins: Vec<axum::http::HeaderValue> =
        origins.iter().filter_map(|o| o.parse().ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-request-id"),
            HeaderName::from_static("apollo-require-preflight"),
            HeaderName::from_static("apollographql-client-name"),
            HeaderName::from_static("apollographql-client-version"),
        ])
        .allow_credentials(true)
        .expose_headers([header::RETRY_AFTER, HeaderName::from_static("x-request-id")])
        .max_age(Duration::from_secs(600))
}

/// Prometheus text format.
async fn metrics(State(state): State<AppState>) -> Response {
    let (open, idle) = state.db.pool_usage();
    crate::metrics::record_pool(open, idle);
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4",
        )],
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
