//! The GraphQL endpoint over HTTP, as the GraphQL-over-HTTP spec says, with the gateway's
//! protections in the order that keeps refusals cheap:
//!
//! 1. `guard_request` (middleware): method, `Content-Type` (415), `Accept` (406);
//! 2. body size (413, by a body-limit layer on the route) and JSON parsing (400);
//! 3. the credential (one uniform 401) and the principal;
//! 4. rate limits (429 `RATE_LIMITED` with `Retry-After`);
//! 5. persisted operations (APQ and the allow-list);
//! 6. query length, parsing, and the operation limits (`LIMIT_EXCEEDED`, no database work);
//!    mutations over GET (405);
//! 7. execution under a deadline (503 `UNAVAILABLE` past it), then commit, then the answer in
//!    the negotiated media type.

use std::sync::Arc;
use std::time::Instant;

use async_graphql::parser::types::OperationType;
use async_graphql_axum::GraphQLRequest;
use axum::Extension;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::{DomainError, ErrorCode, Principal, Session};
use serde_json::{Value, json};

use crate::app::AppState;
use crate::auth::Credential;
use crate::http::serve::PeerAddr;
use crate::persisted::PersistedError;
use crate::ratelimit::Scope;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const APPLICATION_JSON: &str = "application/json";

/// The media type of the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `application/graphql-response+json`: request errors are 4xx without `data`.
    GraphqlResponse,
    /// `application/json`: the legacy format, 200 for every well-formed request.
    Json,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
        }
    }
}

/// Picks the response media type from `Accept` (q-values respected; no header or `*/*`:
/// `application/json`); `None` when nothing acceptable is on offer.
pub fn negotiate(headers: &HeaderMap) -> Option<Format> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(Format::Json);
    };
    let mut best: Option<(f32, u8, Format)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';').map(str::trim);
        let media = parts.next().unwrap_or_default().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.strip_prefix("q="))
            .find_map(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        // Preference among equals: the exact GraphQL type, then JSON, then wildcards.
        let candidate = match media.as_str() {
            GRAPHQL_RESPONSE_JSON => Some((3, Format::GraphqlResponse)),
            APPLICATION_JSON => Some((2, Format::Json)),
            "application/*" | "*/*" => Some((1, Format::Json)),
            _ => None,
        };
        if let Some((rank, format)) = candidate {
            if q > 0.0 && best.is_none_or(|(bq, br, _)| q > bq || (q == bq && rank > br)) {
                best = Some((q, rank, format));
            }
        }
    }
    best.map(|(_, _, format)| format)
}

/// Refusals that need no parsing: method, content type, acceptable response type.
pub async fn guard_request(request: Request, next: Next) -> Response {
    let headers = request.headers();
    if negotiate(headers).is_none() {
        return plain_error(
            StatusCode::NOT_ACCEPTABLE,
            "BAD_USER_INPUT",
            "acceptable response types: application/graphql-response+json, application/json",
        );
    }
    match *request.method() {
        Method::GET => {}
        Method::POST => {
            let content_type = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.split(';').next().unwrap_or_default().trim().to_ascii_lowercase());
            // Only JSON: `text/plain` and form posts are what browsers send cross-site without
            // a preflight, so accepting them would make every mutation a CSRF target.
            if content_type.as_deref() != Some(APPLICATION_JSON) {
                return plain_error(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "BAD_USER_INPUT",
                    "send GraphQL requests as application/json",
                );
            }
        }
        _ => {
            let mut response = plain_error(StatusCode::METHOD_NOT_ALLOWED, "BAD_USER_INPUT", "use GET or POST");
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
            return response;
        }
    }
    next.run(request).await
}

/// A JSON error body for refusals made before any GraphQL processing.
fn plain_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (status, axum::Json(body)).into_response()
}

/// The request id: the caller's `X-Request-Id` when it is sane, otherwise a new one.
pub fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.chars().all(|c| c.is_ascii_graphic()))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// What one request did, for the log line and the metrics.
struct Outcome {
    label: &'static str,
    codes: Vec<String>,
}

/// `POST /graphql` and `GET /graphql`.
pub async fn graphql(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    peer: Option<Extension<PeerAddr>>,
    request: GraphQLRequest,
) -> Response {
    let started = Instant::now();
    let request_id = request_id(&headers);
    let format = negotiate(&headers).unwrap_or(Format::Json);
    let request = request.into_inner();
    let operation = crate::metrics::operation_label(request.operation_name.as_deref());
    let span = tracing::info_span!(
        "graphql",
        request_id = %request_id,
        operation = %operation,
        user = tracing::field::Empty,
        clinic = tracing::field::Empty,
    );
    let _enter = span.enter();

    let (mut response, outcome, statements) =
        handle(&state, &method, &headers, peer.map(|p| p.0), request, format, &request_id).await;

    let elapsed = started.elapsed();
    crate::metrics::record_request(&operation, outcome.label, elapsed.as_secs_f64(), statements);
    tracing::info!(
        outcome = outcome.label,
        codes = ?outcome.codes,
        status = response.status().as_u16(),
        duration_ms = elapsed.as_secs_f64() * 1000.0,
        statements,
        "graphql request"
    );
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

#[allow(clippy::too_many_arguments)]
async fn handle(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    peer: Option<PeerAddr>,
    mut request: async_graphql::Request,
    format: Format,
    request_id: &str,
) -> (Response, Outcome, u32) {
    let inner = &state.inner;
    let refuse = |status: StatusCode, err: &DomainError, label: &'static str| {
        let outcome = Outcome {
            label,
            codes: vec![err.code().as_str().to_owned()],
        };
        (request_error(status, err, format, request_id), outcome, 0)
    };

    // 3. Who is calling.
    let principal = match authenticate(state, headers, request_id).await {
        Ok(principal) => principal,
        Err(response) => {
            let outcome = Outcome {
                label: "unauthenticated",
                codes: vec!["UNAUTHENTICATED".into()],
            };
            return (response, outcome, 0);
        }
    };
    if let Principal::User(user) = &principal {
        tracing::Span::current().record("user", tracing::field::display(user.user_id));
        if let Some(clinic) = user.active_clinic {
            tracing::Span::current().record("clinic", tracing::field::display(clinic));
        }
    }
    let staff = is_staff(state, &principal);

    // 4. Fair use.
    if let Err(refused) = rate_limit(state, &principal, peer).await {
        crate::metrics::record_rate_limited(refused.scope.as_str());
        let err = DomainError::RateLimited {
            retry_after_secs: refused.retry_after_secs,
        };
        let (mut response, outcome, n) = refuse(StatusCode::TOO_MANY_REQUESTS, &err, "rate_limited");
        if let Ok(value) = HeaderValue::from_str(&refused.retry_after_secs.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        return (response, outcome, n);
    }

    // 5. Persisted operations.
    let persisted = request.extensions.get("persistedQuery").map(|v| v.clone().into_json().unwrap_or(Value::Null));
    match inner.persisted.resolve(&request.query, persisted.as_ref(), !staff).await {
        Ok(Some(text)) => request.query = text,
        Ok(None) => {}
        Err(err) => {
            let message = match err {
                // Apollo clients look for this exact message to resend the full query.
                PersistedError::NotFound => "PersistedQueryNotFound",
                PersistedError::HashMismatch => "the persisted query hash does not match the query",
                PersistedError::UnsupportedVersion => "unsupported persisted query version",
                PersistedError::NotAllowed => "this operation is not registered",
            };
            let domain_err = if err == PersistedError::NotAllowed {
                DomainError::forbidden(message)
            } else {
                DomainError::bad_input("extensions.persistedQuery", message)
            };
            return refuse(StatusCode::BAD_REQUEST, &domain_err, "rejected");
        }
    }

    // 6. Size and shape, before any work.
    if let Err(violation) = graphql::limits::check_length(&request.query, inner.limits) {
        crate::metrics::record_limit_rejection(violation.limit);
        return refuse(StatusCode::BAD_REQUEST, &limit_error(&violation), "rejected");
    }
    let document = match async_graphql::parser::parse_query(&request.query) {
        Ok(document) => document,
        Err(err) => {
            let err = DomainError::bad_input("query", format!("syntax error: {err}"));
            return refuse(StatusCode::BAD_REQUEST, &err, "rejected");
        }
    };
    let operation = document
        .operations
        .iter()
        .find(|(name, _)| request.operation_name.is_none() || name.map(|n| n.as_str()) == request.operation_name.as_deref())
        .map(|(_, op)| op);
    if let Some(op) = operation {
        if op.node.ty == OperationType::Mutation && *method == Method::GET {
            let mut response = request_error(
                StatusCode::METHOD_NOT_ALLOWED,
                &DomainError::bad_input("query", "mutations must be sent with POST"),
                format,
                request_id,
            );
            response.headers_mut().insert(header::ALLOW, HeaderValue::from_static("POST"));
            let outcome = Outcome {
                label: "rejected",
                codes: vec!["BAD_USER_INPUT".into()],
            };
            return (response, outcome, 0);
        }
        let introspection_only = op.node.selection_set.node.items.iter().all(|item| {
            matches!(&item.node, async_graphql::parser::types::Selection::Field(f)
                if f.node.name.node.starts_with("__"))
        });
        if !introspection_only || !staff {
            if let Err(violation) =
                graphql::limits::check(&document, request.operation_name.as_deref(), &request.variables, inner.limits)
            {
                crate::metrics::record_limit_rejection(violation.limit);
                return refuse(StatusCode::BAD_REQUEST, &limit_error(&violation), "rejected");
            }
        }
    }
    let may_introspect = match inner.introspection {
        crate::config::Introspection::All => true,
        crate::config::Introspection::Staff => staff,
        crate::config::Introspection::Off => false,
    };
    if !may_introspect {
        request = request.disable_introspection();
    }

    // 7. Execute under the deadline, commit, answer.
    let session = Arc::new(Session::new(state.db.clone(), principal, request_id.to_owned()));
    let query_text = request.query.clone();
    let executed =
        tokio::time::timeout(inner.request_timeout, graphql::execute(&state.schema, request, session.clone())).await;
    let statements = session.statement_count();
    let Ok(response) = executed else {
        tracing::warn!(request_id, "request deadline exceeded");
        let _ = session.rollback().await;
        let (mut response, mut outcome, _) = refuse(StatusCode::SERVICE_UNAVAILABLE, &DomainError::Unavailable, "unavailable");
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        outcome.codes = vec!["UNAVAILABLE".into()];
        return (response, outcome, statements);
    };
    let mut response = graphql::errors::finalize(response, request_id);
    if !may_introspect {
        graphql::errors::hide_unseen_names(&mut response, &query_text);
    }
    if let Err(err) = session.commit().await {
        tracing::warn!(request_id, error = %err, "commit failed");
        let status = if err.code() == ErrorCode::Unavailable {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        let (mut response, outcome, _) = refuse(status, &err, "unavailable");
        if status == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        }
        return (response, outcome, statements);
    }
    let (http, outcome) = graphql_response(response, format);
    (http, outcome, statements)
}

fn limit_error(violation: &graphql::limits::Violation) -> DomainError {
    DomainError::LimitExceeded(violation.message())
}

/// A response for an executed operation, with the status the media type calls for.
fn graphql_response(response: async_graphql::Response, format: Format) -> (Response, Outcome) {
    let codes: Vec<String> = response
        .errors
        .iter()
        .filter_map(|e| e.extensions.as_ref()?.get("code").map(|c| c.to_string().trim_matches('"').to_owned()))
        .collect();
    // Errors without a path come from parsing or validation: execution never started, so
    // there is no `data` at all.
    let request_error = !response.errors.is_empty() && response.errors.iter().all(|e| e.path.is_empty());
    let unavailable = codes.iter().any(|c| c == "UNAVAILABLE");
    let mut body = serde_json::Map::new();
    if !request_error {
        body.insert("data".into(), response.data.into_json().unwrap_or(Value::Null));
    }
    if !response.errors.is_empty() {
        body.insert("errors".into(), serde_json::to_value(&response.errors).unwrap_or(Value::Null));
    }
    if !response.extensions.is_empty() {
        body.insert("extensions".into(), serde_json::to_value(&response.extensions).unwrap_or(Value::Null));
    }
    let status = if unavailable {
        StatusCode::SERVICE_UNAVAILABLE
    } else if request_error && format == Format::GraphqlResponse {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let label = match (unavailable, request_error, codes.is_empty()) {
        (true, _, _) => "unavailable",
        (_, true, _) => "rejected",
        (_, _, true) => "ok",
        _ => "error",
    };
    let mut http = (status, axum::Json(Value::Object(body))).into_response();
    http.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    if unavailable {
        http.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    }
    (http, Outcome { label, codes })
}

/// A request-level failure (nothing executed) in the negotiated format. Under
/// `application/json` a well-formed request that GraphQL refused is still 200, except for
/// rate limits and unavailability, which need their status for clients and proxies to back off.
fn request_error(status: StatusCode, err: &DomainError, format: Format, request_id: &str) -> Response {
    let mut extensions = json!({ "code": err.code().as_str(), "requestId": request_id });
    if let DomainError::BadInput { field: Some(field), .. } = err {
        extensions["field"] = json!(field);
    }
    if let DomainError::RateLimited { retry_after_secs } = err {
        extensions["retryAfter"] = json!(retry_after_secs);
    }
    let body = json!({ "errors": [{ "message": err.to_string(), "extensions": extensions }] });
    let status = match format {
        Format::GraphqlResponse => status,
        Format::Json if matches!(status, StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE | StatusCode::METHOD_NOT_ALLOWED | StatusCode::INTERNAL_SERVER_ERROR) => status,
        Format::Json => StatusCode::OK,
    };
    let mut response = (status, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    response
}

/// The principal behind the request's credential, or the uniform 401.
async fn authenticate(state: &AppState, headers: &HeaderMap, request_id: &str) -> Result<Principal, Response> {
    let header = headers.get(header::AUTHORIZATION).map(HeaderValue::as_bytes);
    let credential = match state.auth.authenticate(header).await {
        Ok(credential) => credential,
        Err(err) => {
            tracing::info!(request_id, reason = %err, "credential refused");
            return Err(unauthorized());
        }
    };
    match credential {
        Credential::Anonymous => Ok(Principal::Anonymous),
        Credential::Service { name } => Ok(Principal::Service { name }),
        Credential::User {
            clerk_user_id,
            clerk_org_id,
        } => match domain::identity::resolve_user(&state.db, &clerk_user_id, clerk_org_id.as_deref()).await {
            Ok(Some(principal)) => Ok(principal),
            Ok(None) => {
                tracing::info!(request_id, reason = "unknown subject", "credential refused");
                Err(unauthorized())
            }
            Err(err) => Err(error_response(&err, request_id)),
        },
    }
}

fn is_staff(state: &AppState, principal: &Principal) -> bool {
    match principal {
        Principal::User(user) => state.inner.staff.contains(&user.clerk_user_id),
        Principal::Service { .. } => true,
        Principal::Anonymous => false,
    }
}

/// One request against every quota that applies to its caller.
async fn rate_limit(state: &AppState, principal: &Principal, peer: Option<PeerAddr>) -> Result<(), crate::ratelimit::Refused> {
    let limiter = &state.inner.rate_limiter;
    match principal {
        // Jobs and webhooks are trusted and bounded by their own schedulers.
        Principal::Service { .. } => Ok(()),
        Principal::User(user) => {
            limiter.check(Scope::User, &user.user_id.to_string()).await?;
            for clinic in user.clinic_ids() {
                limiter.check(Scope::Clinic, &clinic.to_string()).await?;
            }
            Ok(())
        }
        Principal::Anonymous => {
            let ip = peer.map(|p| p.0.ip().to_string()).unwrap_or_else(|| "unknown".into());
            limiter.check(Scope::AnonymousIp, &ip).await
        }
    }
}

/// The one answer to every refused credential: same status, header and body whatever the
/// reason, so a caller learns nothing about why.
pub fn unauthorized() -> Response {
    let body = json!({
        "errors": [{
            "message": "invalid or missing credentials",
            "extensions": { "code": "UNAUTHENTICATED" }
        }]
    });
    let mut response = (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(r#"Bearer realm="vet-gateway", error="invalid_token""#),
    );
    response
}

/// A failure before execution that is not the caller's fault (the database is away).
pub fn error_response(err: &DomainError, request_id: &str) -> Response {
    let status = match err.code() {
        ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Unauthenticated => return unauthorized(),
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let body = json!({
        "errors": [{
            "message": err.to_string(),
            "extensions": { "code": err.code().as_str(), "requestId": request_id }
        }]
    });
    let mut response = (status, axum::Json(body)).into_response();
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    }
    response
}
