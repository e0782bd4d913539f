//! The GraphQL endpoint over HTTP, as the GraphQL-over-HTTP spec says, with the gateway's
//! protections in the order that keeps refusals cheap:
//!
//! 1. `guard_request` (middleware): method, `Content-Type` (415), `Accept` (406);
//! 2. reading the request: body size (413), the body's read deadline (408), JSON shape (400),
//!    no batches (`request.rs`);
//! 3. from here on everything runs under the request deadline (503 `UNAVAILABLE` past it):
//!    the credential (one uniform 401; refused credentials count against the caller's address),
//!    the principal, rate limits (429 `RATE_LIMITED` with `Retry-After`), persisted operations
//!    (APQ and the allow-list), query length, parsing, the operation limits
//!    (`LIMIT_EXCEEDED`, no database work), required variables, mutations over GET (405);
//! 4. execution, then commit, then the answer in the negotiated media type, with the keys of
//!    `data` in the order of the selection.
//!
//! The handler runs inside `tracing`'s span for the request through `Instrument` (a span
//! entered with `enter()` must never be held across an `.await`: under load it corrupts the
//! subscriber's span stack and panics).

use std::sync::Arc;
use std::time::Instant;

use async_graphql::parser::types::{ExecutableDocument, OperationDefinition, OperationType};
use axum::Extension;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::{DomainError, ErrorCode, Principal, Session};
use serde_json::json;
use tracing::Instrument as _;

use super::context::RequestId;
use super::request::ReadError;
use crate::app::AppState;
use crate::auth::Credential;
use crate::http::serve::PeerAddr;
use crate::persisted::{PersistedError, Resolution};
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
        if let Some((rank, format)) = candidate
            && q > 0.0
            && best.is_none_or(|(bq, br, _)| q > bq || (q == bq && rank > br))
        {
            best = Some((q, rank, format));
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
                .map(|v| {
                    v.split(';')
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_ascii_lowercase()
                });
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
            let mut response = plain_error(
                StatusCode::METHOD_NOT_ALLOWED,
                "BAD_USER_INPUT",
                "use GET or POST",
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, POST"));
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

/// What one request did, for the log line and the metrics.
struct Outcome {
    /// `ok`, `error`, `rejected`, `unauthenticated`, `rate_limited`, `unavailable`, `timeout`.
    label: &'static str,
    codes: Vec<String>,
}

impl Outcome {
    fn of(label: &'static str, code: &str) -> Self {
        Outcome {
            label,
            codes: vec![code.to_owned()],
        }
    }
}

/// The answer, what happened, the SQL statements sent, and the operation's metric label.
struct Handled {
    response: Response,
    outcome: Outcome,
    statements: u32,
    operation: String,
}

impl Handled {
    fn refused(response: Response, outcome: Outcome) -> Self {
        Handled {
            response,
            outcome,
            statements: 0,
            operation: "other".into(),
        }
    }
}

/// `POST /graphql` and `GET /graphql`.
pub async fn graphql(
    State(state): State<AppState>,
    Extension(RequestId(request_id)): Extension<RequestId>,
    peer: Option<Extension<PeerAddr>>,
    request: Request,
) -> Response {
    let started = Instant::now();
    let span = tracing::info_span!(
        "graphql",
        request_id = %request_id,
        operation = tracing::field::Empty,
        user = tracing::field::Empty,
        clinic = tracing::field::Empty,
    );
    let peer = peer.map(|p| p.0);
    async move {
        let handled = handle(&state, request, peer, &request_id, started).await;
        let elapsed = started.elapsed();
        tracing::Span::current().record("operation", handled.operation.as_str());
        crate::metrics::record_request(
            &handled.operation,
            handled.outcome.label,
            elapsed.as_secs_f64(),
            handled.statements,
        );
        tracing::info!(
            outcome = handled.outcome.label,
            codes = ?handled.outcome.codes,
            status = handled.response.status().as_u16(),
            duration_ms = elapsed.as_secs_f64() * 1000.0,
            statements = handled.statements,
            "graphql request"
        );
        handled.response
    }
    .instrument(span)
    .await
}

async fn handle(
    state: &AppState,
    request: Request,
    peer: Option<PeerAddr>,
    request_id: &str,
    started: Instant,
) -> Handled {
    let inner = &state.inner;
    let (parts, body) = request.into_parts();
    let format = negotiate(&parts.headers).unwrap_or(Format::Json);

    // 2. The request itself.
    let request = match super::request::read(
        &parts.method,
        &parts.uri,
        &parts.headers,
        body,
        state.max_body_bytes,
    )
    .await
    {
        Ok(request) => request,
        Err(err) => {
            let label = if err == ReadError::TooSlow {
                "timeout"
            } else {
                "rejected"
            };
            if let ReadError::TooLarge { .. } = err {
                crate::metrics::record_limit_rejection("body_size");
            }
            return Handled::refused(
                read_error(&err, format, request_id),
                Outcome::of(label, err.code()),
            );
        }
    };

    // 3. Everything after this point runs under the request deadline.
    let deadline = tokio::time::Instant::from_std(started + inner.request_timeout);
    let prepared = tokio::time::timeout_at(
        deadline,
        prepare(
            state,
            &parts.method,
            &parts.headers,
            peer,
            request,
            format,
            request_id,
        ),
    )
    .await;
    let prepared = match prepared {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(refused)) => return *refused,
        Err(_) => return deadline_exceeded(format, request_id, 0),
    };
    let Prepared {
        request,
        principal,
        operation,
        may_introspect,
    } = prepared;

    // 4. Execute under the same deadline, commit, answer.
    let session = Arc::new(Session::new(
        state.db.clone(),
        principal,
        request_id.to_owned(),
    ));
    // A user token was resolved with one statement (`gateway_principal`) before the session.
    if matches!(session.principal(), Principal::User(_)) {
        session.count_earlier_statements(1);
    }
    let query_text = (!may_introspect).then(|| request.query.clone());
    let executed = tokio::time::timeout_at(
        deadline,
        graphql::execute(&state.schema, request, session.clone()),
    )
    .await;
    let Ok(response) = executed else {
        tracing::warn!(request_id, "request deadline exceeded");
        // The execution future is gone; end its transaction now, before answering.
        if let Err(err) = session.rollback().await {
            tracing::warn!(request_id, error = %err, "rollback after the deadline failed");
        }
        let mut handled = deadline_exceeded(format, request_id, session.statement_count());
        handled.operation = operation;
        return handled;
    };
    let mut response = graphql::errors::finalize(response, request_id);
    if let Some(query) = &query_text {
        graphql::errors::hide_unseen_names(&mut response, query);
    }
    if let Err(err) = session.commit().await {
        tracing::warn!(request_id, error = %err, "commit failed");
        let status = if err.code() == ErrorCode::Unavailable {
            StatusCode::SERVICE_UNAVAILABLE
        } else {
            StatusCode::INTERNAL_SERVER_ERROR
        };
        let label = if status == StatusCode::SERVICE_UNAVAILABLE {
            "unavailable"
        } else {
            "error"
        };
        return Handled {
            response: request_error(status, &err, format, request_id),
            outcome: Outcome::of(label, err.code().as_str()),
            statements: session.statement_count(),
            operation,
        };
    }
    let (response, outcome) = graphql_response(response, format);
    Handled {
        response,
        outcome,
        statements: session.statement_count(),
        operation,
    }
}

/// A request that passed every check and may execute.
struct Prepared {
    request: async_graphql::Request,
    principal: Principal,
    operation: String,
    may_introspect: bool,
}

/// Steps 3a–3e: who is calling, fair use, persisted operations, shape and limits.
async fn prepare(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    peer: Option<PeerAddr>,
    mut request: async_graphql::Request,
    format: Format,
    request_id: &str,
) -> Result<Prepared, Box<Handled>> {
    let inner = &state.inner;
    let refuse = |status: StatusCode, err: &DomainError, label: &'static str| {
        Box::new(Handled::refused(
            request_error(status, err, format, request_id),
            Outcome::of(label, err.code().as_str()),
        ))
    };

    // Who is calling.
    let principal = match authenticate(state, headers, request_id).await {
        Ok(principal) => principal,
        Err(Refusal::Credential) => {
            // A refused credential counts against the caller's address, so guessing tokens is
            // rate limited like any anonymous traffic.
            if let Err(refused) = inner
                .rate_limiter
                .check(Scope::AnonymousIp, &peer_key(peer))
                .await
            {
                return Err(Box::new(rate_limited(refused, format, request_id)));
            }
            return Err(Box::new(Handled::refused(
                unauthorized(),
                Outcome::of("unauthenticated", "UNAUTHENTICATED"),
            )));
        }
        Err(Refusal::Failed(err)) => {
            let status = if err.code() == ErrorCode::Unavailable {
                StatusCode::SERVICE_UNAVAILABLE
            } else {
                StatusCode::INTERNAL_SERVER_ERROR
            };
            let label = if status == StatusCode::SERVICE_UNAVAILABLE {
                "unavailable"
            } else {
                "error"
            };
            return Err(refuse(status, &err, label));
        }
    };
    if let Principal::User(user) = &principal {
        tracing::Span::current().record("user", tracing::field::display(user.user_id));
        if let Some(clinic) = user.active_clinic {
            tracing::Span::current().record("clinic", tracing::field::display(clinic));
        }
    }
    let staff = is_staff(state, &principal);
    let signed_in = !matches!(principal, Principal::Anonymous);

    // Fair use.
    if let Err(refused) = rate_limit(state, &principal, peer).await {
        return Err(Box::new(rate_limited(refused, format, request_id)));
    }

    // Persisted operations.
    let persisted = request
        .extensions
        .get("persistedQuery")
        .map(|v| v.clone().into_json().unwrap_or_default());
    let mut register = None;
    match inner
        .persisted
        .resolve(&request.query, persisted.as_ref(), !staff)
        .await
    {
        Ok(Resolution::Stored(text)) => request.query = text,
        Ok(Resolution::Ordinary) => {}
        Ok(Resolution::Register(hash)) => register = Some(hash),
        Err(err) => {
            let domain_err = match err {
                // Apollo clients look for this code (and message) to resend the full query.
                PersistedError::NotFound => DomainError::PersistedQueryNotFound,
                PersistedError::HashMismatch => DomainError::bad_input(
                    "extensions.persistedQuery",
                    "the persisted query hash does not match the query",
                ),
                PersistedError::UnsupportedVersion => DomainError::bad_input(
                    "extensions.persistedQuery",
                    "unsupported persisted query version",
                ),
                PersistedError::NotAllowed => {
                    DomainError::forbidden("this operation is not registered")
                }
            };
            return Err(refuse(StatusCode::BAD_REQUEST, &domain_err, "rejected"));
        }
    }
    let operation = crate::metrics::operation_label(
        request.operation_name.as_deref(),
        signed_in,
        inner
            .persisted
            .is_registered_name(request.operation_name.as_deref()),
    );

    // Size and shape, before any work.
    if let Err(violation) = graphql::limits::check_length(&request.query, inner.limits) {
        crate::metrics::record_limit_rejection(violation.limit);
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            &limit_error(&violation),
            "rejected",
        ));
    }
    let document = match async_graphql::parser::parse_query(&request.query) {
        Ok(document) => document,
        Err(err) => {
            let err = DomainError::bad_input("query", format!("syntax error: {err}"));
            return Err(refuse(StatusCode::BAD_REQUEST, &err, "rejected"));
        }
    };
    let may_introspect = match inner.introspection {
        crate::config::Introspection::All => true,
        crate::config::Introspection::Staff => staff,
        crate::config::Introspection::Off => false,
    };
    if let Some(op) = selected_operation(&document, request.operation_name.as_deref()) {
        if op.ty == OperationType::Mutation && *method == Method::GET {
            let mut refused = refuse(
                StatusCode::METHOD_NOT_ALLOWED,
                &DomainError::bad_input("query", "mutations must be sent with POST"),
                "rejected",
            );
            refused
                .response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            return Err(refused);
        }
        if let Err(err) = check_limits(state, &document, &request, may_introspect) {
            return Err(refuse(StatusCode::BAD_REQUEST, &err, "rejected"));
        }
        if let Err(err) = required_variables(op, &request.variables) {
            return Err(refuse(StatusCode::BAD_REQUEST, &err, "rejected"));
        }
    }
    // Only now, with the text checked and parsed, may an APQ registration be stored; and only
    // a signed-in caller may fill the shared store.
    if let Some(hash) = register
        && signed_in
    {
        inner.persisted.store(&hash, &request.query).await;
    }
    if !may_introspect {
        request = request.disable_introspection();
    }
    request.set_parsed_query(document);
    Ok(Prepared {
        request,
        principal,
        operation,
        may_introspect,
    })
}

/// The operation a request will run (`None` when the name matches none; validation says so).
fn selected_operation<'a>(
    document: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    document
        .operations
        .iter()
        .find(|(op_name, _)| name.is_none() || op_name.map(|n| n.as_str()) == name)
        .map(|(_, op)| &op.node)
}

/// The operation limits (`graphql::limits`), before any database work. Introspection, where
/// this caller may introspect, is measured against limits of its own (the standard queries
/// of GraphiQL, codegen and the Python client are deeper than any data query needs to be).
fn check_limits(
    state: &AppState,
    document: &ExecutableDocument,
    request: &async_graphql::Request,
    may_introspect: bool,
) -> Result<(), DomainError> {
    let analysis = state.analyzer.check(
        document,
        request.operation_name.as_deref(),
        &request.variables,
        &state.inner.limits,
        may_introspect,
    );
    analysis.map(|_| ()).map_err(|violation| {
        if violation.invalid.is_some() {
            DomainError::bad_input("query", violation.message())
        } else {
            crate::metrics::record_limit_rejection(violation.limit);
            limit_error(&violation)
        }
    })
}

/// A variable of a non-null type without a default must be given, and not as null: otherwise
/// the field that uses it would fail during execution, which is the caller's mistake and must
/// be answered as one, naming the variable.
fn required_variables(
    op: &OperationDefinition,
    variables: &async_graphql::Variables,
) -> Result<(), DomainError> {
    for definition in &op.variable_definitions {
        let definition = &definition.node;
        if definition.var_type.node.nullable || definition.default_value.is_some() {
            continue;
        }
        let name = definition.name.node.as_str();
        let given = variables.get(&definition.name.node);
        if given.is_none_or(|v| matches!(v, async_graphql::Value::Null)) {
            let missing = if given.is_none() {
                "was not provided"
            } else {
                "must not be null"
            };
            return Err(DomainError::bad_input(
                format!("variables.{name}"),
                format!(
                    "variable `${name}` of type `{}` {missing}",
                    definition.var_type.node
                ),
            ));
        }
    }
    Ok(())
}

fn limit_error(violation: &graphql::limits::Violation) -> DomainError {
    DomainError::LimitExceeded(violation.message())
}

fn peer_key(peer: Option<PeerAddr>) -> String {
    peer.map(|p| p.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// 429 with `Retry-After`.
fn rate_limited(refused: crate::ratelimit::Refused, format: Format, request_id: &str) -> Handled {
    crate::metrics::record_rate_limited(refused.scope.as_str());
    let err = DomainError::RateLimited {
        retry_after_secs: refused.retry_after_secs,
    };
    let mut response = request_error(StatusCode::TOO_MANY_REQUESTS, &err, format, request_id);
    if let Ok(value) = HeaderValue::from_str(&refused.retry_after_secs.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    Handled::refused(response, Outcome::of("rate_limited", "RATE_LIMITED"))
}

/// 503 `UNAVAILABLE` with `Retry-After`: the request did not finish within its deadline.
fn deadline_exceeded(format: Format, request_id: &str, statements: u32) -> Handled {
    let response = request_error(
        StatusCode::SERVICE_UNAVAILABLE,
        &DomainError::Unavailable,
        format,
        request_id,
    );
    Handled {
        response,
        outcome: Outcome::of("timeout", "UNAVAILABLE"),
        statements,
        operation: "other".into(),
    }
}

/// The answer to a request that could not be read. Not a well-formed GraphQL-over-HTTP
/// request, so a 4xx in either media type.
fn read_error(err: &ReadError, format: Format, request_id: &str) -> Response {
    let mut extensions = json!({ "code": err.code(), "requestId": request_id });
    if let Some(field) = err.field() {
        extensions["field"] = json!(field);
    }
    let body = json!({ "errors": [{ "message": err.message(), "extensions": extensions }] });
    let mut response = (err.status(), axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if *err == ReadError::TooSlow {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// The JSON of an executed operation: `data` (its keys in selection order, as async-graphql
/// built them), `errors`, `extensions`, written straight from the response without an
/// intermediate map that would reorder keys.
#[derive(serde::Serialize)]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a async_graphql::Value>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [async_graphql::ServerError],
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    extensions: &'a std::collections::BTreeMap<String, async_graphql::Value>,
}

/// A response for an executed operation, with the status the media type calls for.
fn graphql_response(response: async_graphql::Response, format: Format) -> (Response, Outcome) {
    let codes: Vec<String> = response
        .errors
        .iter()
        .filter_map(|e| match e.extensions.as_ref()?.get("code")? {
            async_graphql::Value::String(code) => Some(code.clone()),
            other => Some(other.to_string()),
        })
        .collect();
    // Errors without a path come from parsing or validation: execution never started, so
    // there is no `data` at all.
    let request_error =
        !response.errors.is_empty() && response.errors.iter().all(|e| e.path.is_empty());
    let unavailable = codes.iter().any(|c| c == "UNAVAILABLE");
    let body = Body {
        data: (!request_error).then_some(&response.data),
        errors: &response.errors,
        extensions: &response.extensions,
    };
    let bytes = match serde_json::to_vec(&body) {
        Ok(bytes) => bytes,
        Err(err) => {
            tracing::error!(error = %err, "a response could not be serialised");
            let err = DomainError::Internal(err.to_string());
            return (
                request_error_body(StatusCode::INTERNAL_SERVER_ERROR, &err, format, None),
                Outcome::of("error", "INTERNAL"),
            );
        }
    };
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
    let mut http = (status, bytes).into_response();
    http.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if unavailable {
        http.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    }
    (http, Outcome { label, codes })
}

/// A request-level failure (nothing executed) in the negotiated format. Under
/// `application/json` a well-formed request that GraphQL refused is still 200, except for
/// rate limits, unavailability, wrong methods and server faults, which need their status for
/// clients and proxies to act on.
fn request_error(
    status: StatusCode,
    err: &DomainError,
    format: Format,
    request_id: &str,
) -> Response {
    request_error_body(status, err, format, Some(request_id))
}

fn request_error_body(
    status: StatusCode,
    err: &DomainError,
    format: Format,
    request_id: Option<&str>,
) -> Response {
    let mut extensions = json!({ "code": err.code().as_str() });
    if let Some(id) = request_id {
        extensions["requestId"] = json!(id);
    }
    if let DomainError::BadInput {
        field: Some(field), ..
    } = err
    {
        extensions["field"] = json!(field);
    }
    if let DomainError::RateLimited { retry_after_secs } = err {
        extensions["retryAfter"] = json!(retry_after_secs);
    }
    let body = json!({ "errors": [{ "message": err.to_string(), "extensions": extensions }] });
    let status = match format {
        Format::GraphqlResponse => status,
        Format::Json
            if matches!(
                status,
                StatusCode::TOO_MANY_REQUESTS
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::METHOD_NOT_ALLOWED
                    | StatusCode::INTERNAL_SERVER_ERROR
            ) =>
        {
            status
        }
        Format::Json => StatusCode::OK,
    };
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    if status == StatusCode::SERVICE_UNAVAILABLE {
        // Clients and proxies back off and retry; without it some retry at once.
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    }
    response
}

/// Why there is no principal.
enum Refusal {
    /// The credential was refused (the uniform 401).
    Credential,
    /// Resolving the principal failed (the database is away).
    Failed(DomainError),
}

/// The principal behind the request's credential.
async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    request_id: &str,
) -> Result<Principal, Refusal> {
    let header = headers
        .get(header::AUTHORIZATION)
        .map(HeaderValue::as_bytes);
    let credential = match state.auth.authenticate(header).await {
        Ok(credential) => credential,
        Err(err) => {
            tracing::info!(request_id, reason = %err, "credential refused");
            return Err(Refusal::Credential);
        }
    };
    match credential {
        Credential::Anonymous => Ok(Principal::Anonymous),
        Credential::Service { name } => Ok(Principal::Service { name }),
        Credential::User {
            clerk_user_id,
            clerk_org_id,
        } => {
            match domain::identity::resolve_user(&state.db, &clerk_user_id, clerk_org_id.as_deref())
                .await
            {
                Ok(Some(principal)) => Ok(principal),
                Ok(None) => {
                    tracing::info!(request_id, reason = "unknown subject", "credential refused");
                    Err(Refusal::Credential)
                }
                Err(err) => Err(Refusal::Failed(err)),
            }
        }
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
async fn rate_limit(
    state: &AppState,
    principal: &Principal,
    peer: Option<PeerAddr>,
) -> Result<(), crate::ratelimit::Refused> {
    let limiter = &state.inner.rate_limiter;
    match principal {
        // Jobs and webhooks are trusted and bounded by their own schedulers.
        Principal::Service { .. } => Ok(()),
        Principal::User(user) => {
            limiter
                .check(Scope::User, &user.user_id.to_string())
                .await?;
            for clinic in user.clinic_ids() {
                limiter.check(Scope::Clinic, &clinic.to_string()).await?;
            }
            Ok(())
        }
        Principal::Anonymous => limiter.check(Scope::AnonymousIp, &peer_key(peer)).await,
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
