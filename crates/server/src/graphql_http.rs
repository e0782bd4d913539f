//! The GraphQL endpoint over HTTP: authenticate, open the request's session, execute, commit,
//! answer. GraphiQL is served at `/graphiql`.

use std::sync::Arc;

use async_graphql::http::GraphiQLSource;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use domain::{DomainError, Principal, Session};
use graphql::RequestData;
use serde_json::json;

use crate::app::AppState;
use crate::auth::Credential;

/// The request id: the caller's `X-Request-Id` when it is sane, otherwise a new one.
pub fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.chars().all(|c| c.is_ascii_graphic()))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// `POST /graphql` and `GET /graphql`.
pub async fn graphql(State(state): State<AppState>, headers: HeaderMap, request: GraphQLRequest) -> Response {
    let request_id = request_id(&headers);
    let principal = match authenticate(&state, &headers, &request_id).await {
        Ok(principal) => principal,
        Err(response) => return response,
    };
    let session = Arc::new(Session::new(state.db.clone(), principal, request_id.clone()));
    let request = request.into_inner().data(RequestData::new(session.clone()));
    let response = state.schema.execute(request).await;
    let response = graphql::errors::finalize(response, &request_id);
    // The response is only true once the transaction has committed.
    if let Err(err) = session.commit().await {
        tracing::warn!(request_id, error = %err, "commit failed");
        return error_response(&err, &request_id);
    }
    let mut http = GraphQLResponse::from(response).into_response();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        http.headers_mut().insert("x-request-id", value);
    }
    http
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

/// A request-level failure as a GraphQL error response with the matching HTTP status.
pub fn error_response(err: &DomainError, request_id: &str) -> Response {
    let status = match err.code() {
        domain::ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        domain::ErrorCode::Unauthenticated => return unauthorized(),
        domain::ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
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

/// GraphiQL, with the header editor open so staff can paste `Authorization: Bearer …`.
pub async fn graphiql() -> impl IntoResponse {
    Html(
        GraphiQLSource::build()
            .endpoint("/graphql")
            .title("vet-gateway GraphiQL")
            .finish(),
    )
}
