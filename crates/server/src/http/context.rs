//! The outermost middleware of every route: it gives the request its id (the caller's
//! `X-Request-Id` when sane, otherwise a new one), echoes it on the response, and turns a
//! panic anywhere below into a JSON 500 with `extensions.code = INTERNAL` and that id, counted
//! in `/metrics`, instead of a dropped connection.
//!
//! Why not tower-http's `CatchPanicLayer`: its panic handler sees only the panic payload, and
//! the answer must carry the request id so the log line and the client's report meet.

use std::panic::AssertUnwindSafe;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt as _;
use serde_json::json;

/// The id of the request being served (an extension of every request).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// The request id: the caller's `X-Request-Id` when it is sane, otherwise a new one.
pub fn request_id(headers: &HeaderMap) -> String {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.chars().all(|c| c.is_ascii_graphic()))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// Request id in, request id out, and no panic escapes as a dropped connection.
pub async fn request_context(mut request: Request, next: Next) -> Response {
    let id = request_id(request.headers());
    request.extensions_mut().insert(RequestId(id.clone()));
    let path = request.uri().path().to_owned();
    let mut response = match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-string panic payload".to_owned());
            tracing::error!(request_id = %id, path, panic = %message, "request panicked");
            crate::metrics::record_panic();
            internal_error(&id)
        }
    };
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// The answer to a request that failed inside the gateway: no detail, only the id to quote.
pub fn internal_error(request_id: &str) -> Response {
    let body = json!({
        "errors": [{
            "message": "internal error",
            "extensions": { "code": "INTERNAL", "requestId": request_id }
        }]
    });
    let mut response = (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
