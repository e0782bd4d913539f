//! Prometheus metrics at `/metrics`: requests by operation and outcome, latency, SQL statements
//! per request, pool usage, and refusals by rate limits and operation limits.
//!
//! The `metrics` facade with the Prometheus exporter's recorder (no HTTP listener of its own:
//! the gateway's router serves the rendered text). The recorder is process-global, installed
//! once.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Latency buckets (seconds) from a millisecond to the request deadline.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];
const STATEMENT_BUCKETS: &[f64] = &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 50.0];

/// The process's metrics handle.
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("gateway_request_duration_seconds".into()),
                LATENCY_BUCKETS,
            )
            .and_then(|b| {
                b.set_buckets_for_metric(
                    Matcher::Full("gateway_sql_statements_per_request".into()),
                    STATEMENT_BUCKETS,
                )
            });
        let builder = match builder {
            Ok(builder) => builder,
            Err(err) => {
                tracing::warn!(error = %err, "metric buckets rejected; using summaries");
                PrometheusBuilder::new()
            }
        };
        match builder.install_recorder() {
            Ok(handle) => handle,
            // Another recorder is installed (tests that build several apps): render an empty
            // registry rather than fail.
            Err(_) => PrometheusBuilder::new().build_recorder().handle(),
        }
    })
}

/// A bounded label for an operation name. Client-chosen names would otherwise let any caller
/// create series without end, so: the names of registered operations (the allow-list) always;
/// the names signed-in callers send, up to a fixed number of distinct names; `other` for
/// everything else, including every anonymous or unauthenticated caller.
pub fn operation_label(name: Option<&str>, signed_in: bool, registered: bool) -> String {
    const MAX_DISTINCT: usize = 200;
    static SEEN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let Some(name) = name else {
        return "anonymous".into();
    };
    let valid = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return "other".into();
    }
    if registered {
        return name.to_owned();
    }
    if !signed_in {
        return "other".into();
    }
    let mut seen = SEEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if seen.contains(name) || seen.len() < MAX_DISTINCT {
        seen.insert(name.to_owned());
        name.to_owned()
    } else {
        "other".into()
    }
}

/// Records one finished GraphQL request.
pub fn record_request(operation: &str, outcome: &'static str, seconds: f64, statements: u32) {
    metrics::counter!("gateway_requests_total", "operation" => operation.to_owned(), "outcome" => outcome).increment(1);
    metrics::histogram!("gateway_request_duration_seconds", "operation" => operation.to_owned())
        .record(seconds);
    metrics::histogram!("gateway_sql_statements_per_request").record(f64::from(statements));
}

pub fn record_rate_limited(scope: &'static str) {
    metrics::counter!("gateway_rate_limited_total", "scope" => scope).increment(1);
}

pub fn record_limit_rejection(limit: &'static str) {
    metrics::counter!("gateway_limit_rejections_total", "limit" => limit).increment(1);
}

/// Pool gauges, refreshed when `/metrics` is scraped.
pub fn record_pool(open: u32, idle: u32) {
    metrics::gauge!("gateway_db_pool_connections", "state" => "open").set(f64::from(open));
    metrics::gauge!("gateway_db_pool_connections", "state" => "idle").set(f64::from(idle));
}

/// A request that panicked (answered 500 `INTERNAL`).
pub fn record_panic() {
    metrics::counter!("gateway_panics_total").increment(1);
}

/// A connection refused because the gateway was at its connection limit.
pub fn record_connection_refused() {
    metrics::counter!("gateway_connections_refused_total").increment(1);
}

/// The rate-limit store could not be reached; `failed_closed` when the request was refused.
pub fn record_rate_limit_store_error(failed_closed: bool) {
    let outcome = if failed_closed { "refused" } else { "allowed" };
    metrics::counter!("gateway_rate_limit_store_errors_total", "outcome" => outcome).increment(1);
}
