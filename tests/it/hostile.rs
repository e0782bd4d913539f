//! Hostile callers through the real HTTP stack: panics answered as JSON, slow bodies and idle
//! sockets cut off, the connection cap, refused credentials rate limited, persisted-query
//! abuse, metric labels an attacker cannot inflate, and the start-up refusals that keep a
//! deployment from running with public secrets or an all-powerful database login.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use clap::Parser as _;
use domain::seed::demo::fixtures;
use serde_json::{Value, json};
use server::Protection;
use server::http::serve::ServeOptions;
use server::persisted::sha256_hex;
use server::ratelimit::{Quotas, RateLimiter, Scope};
use testkit::TestDb;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt as _;

use crate::common::scalar;
use crate::harness::*;

/// A handler with a bug.
async fn boom() -> &'static str {
    std::panic::panic_any("a bug deep inside a resolver")
}

#[tokio::test]
async fn a_panic_becomes_a_json_500_with_a_request_id_and_is_counted() {
    let router = server::app::with_request_context(Router::new().route("/boom", get(boom)));
    let before = server::metrics::handle().render();
    let response = router
        .oneshot(
            Request::get("/boom")
                .header("x-request-id", "req-panic-1")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .expect("an answer, not a dropped connection");
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(response.headers()["x-request-id"], "req-panic-1");
    let body: Value = serde_json::from_slice(
        &axum::body::to_bytes(response.into_body(), 1 << 16)
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "INTERNAL");
    assert_eq!(body["errors"][0]["extensions"]["requestId"], "req-panic-1");
    assert_eq!(
        body["errors"][0]["message"], "internal error",
        "no panic text leaks: {body}"
    );
    let after = server::metrics::handle().render();
    assert!(
        after.contains("gateway_panics_total"),
        "panics are counted:\n{after}"
    );
    assert_ne!(before, after);
}

/// Reads until the server closes the socket (true) or `limit` passes (false).
async fn closed_or_answered_within(stream: &mut TcpStream, limit: Duration) -> (bool, String) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (true, String::from_utf8_lossy(&seen).into_owned()),
            Ok(Ok(n)) => seen.extend_from_slice(&buf[..n]),
            Err(_) => return (false, String::from_utf8_lossy(&seen).into_owned()),
        }
    }
}

#[tokio::test]
async fn slow_bodies_idle_sockets_and_too_many_connections_are_cut_off() {
    let db = TestDb::demo().await;
    let options = ServeOptions {
        request_read_timeout: Duration::from_millis(1_000),
        keep_alive_timeout: Duration::from_millis(400),
        max_connections: 300,
        shutdown_grace: Duration::from_secs(2),
    };
    let running = start(db.app(), db.owner().await, Protection::defaults(), options).await;

    // 250 clients send complete headers, then one body byte at a time, slowly.
    let mut slow = Vec::new();
    for _ in 0..250 {
        let mut stream = TcpStream::connect(running.addr).await.unwrap();
        stream
            .write_all(b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
            .await
            .unwrap();
        slow.push(stream);
    }
    let trickle = tokio::spawn(async move {
        let started = tokio::time::Instant::now();
        let mut results = Vec::new();
        let mut streams = slow;
        // One byte every 200 ms on each socket until the server lets go of it.
        let mut open = vec![true; streams.len()];
        while started.elapsed() < Duration::from_secs(6) && open.iter().any(|o| *o) {
            for (i, stream) in streams.iter_mut().enumerate() {
                if open[i] && stream.write_all(b" ").await.is_err() {
                    open[i] = false;
                }
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        for stream in &mut streams {
            results.push(closed_or_answered_within(stream, Duration::from_secs(3)).await);
        }
        results
    });
    // Meanwhile, ordinary requests are served.
    let (status, _, body) = post(
        &running,
        Some(&service_token()),
        None,
        json!({ "query": "{ clinics { name } }" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let results = trickle.await.unwrap();
    let closed = results.iter().filter(|(closed, _)| *closed).count();
    assert_eq!(
        closed,
        results.len(),
        "every slow body is cut off ({closed} of {} closed)",
        results.len()
    );
    let timed_out = results
        .iter()
        .filter(|(_, seen)| seen.starts_with("HTTP/1.1 408"))
        .count();
    assert!(
        timed_out > 0,
        "slow bodies are answered 408: {:?}",
        &results[0].1
    );

    // An idle keep-alive connection is closed after the keep-alive timeout.
    let mut idle = TcpStream::connect(running.addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 512];
    let n = idle.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let (closed, _) = closed_or_answered_within(&mut idle, Duration::from_secs(3)).await;
    assert!(closed, "an idle keep-alive connection must be closed");

    // Beyond the connection cap: a clear 503, at once.
    let mut held = Vec::new();
    for _ in 0..300 {
        held.push(TcpStream::connect(running.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut extra = TcpStream::connect(running.addr).await.unwrap();
    let (closed, seen) = closed_or_answered_within(&mut extra, Duration::from_secs(2)).await;
    assert!(closed, "a connection beyond the cap is closed");
    assert!(seen.starts_with("HTTP/1.1 503"), "{seen}");
    assert!(
        seen.contains("\"UNAVAILABLE\"") && seen.to_ascii_lowercase().contains("retry-after"),
        "{seen}"
    );
    drop(held);
    // The held sockets idle out; the gateway accepts again.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let (status, _, _) = post(
        &running,
        Some(&service_token()),
        None,
        json!({ "query": "{ clinics { name } }" }),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        server::metrics::handle()
            .render()
            .contains("gateway_connections_refused_total")
    );
}

#[tokio::test]
async fn refused_credentials_count_against_the_callers_address() {
    let db = TestDb::demo().await;
    let mut protection = Protection::defaults();
    protection.rate_limiter = RateLimiter::in_memory(Quotas {
        per_user: 1_000,
        per_clinic: 1_000,
        per_anonymous_ip: 3,
    });
    let running = start(db.app(), db.owner().await, protection, default_options()).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let (status, headers, _) = post(
            &running,
            Some("forged.token.here"),
            None,
            json!({ "query": "{ __typename }" }),
        )
        .await;
        statuses.push((status, headers.get("retry-after").is_some()));
    }
    assert_eq!(statuses[..3], [(401, false), (401, false), (401, false)]);
    assert_eq!(
        statuses[3..],
        [(429, true), (429, true)],
        "guessing tokens is rate limited"
    );
    // Signed-in callers have their own quota and are not affected.
    let (status, _, _) = post(
        &running,
        Some(&user_token(fixtures::USER_SUNRISE_OWNER)),
        None,
        json!({ "query": "{ __typename }" }),
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn rate_limits_fail_closed_for_anonymous_callers_when_redis_is_gone() {
    // A Redis of this test's own, so it can be stopped.
    let port = crate::process::free_port();
    let dir = std::env::temp_dir().join(format!("vetgw-redis-{port}"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut redis = std::process::Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .arg("--dir")
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("redis-server");
    let url = format!("redis://127.0.0.1:{port}");
    let mut limiter = None;
    for _ in 0..50 {
        if let Ok(l) = RateLimiter::redis(
            &url,
            Quotas {
                per_user: 100,
                per_clinic: 100,
                per_anonymous_ip: 100,
            },
        )
        .await
        {
            limiter = Some(l);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let limiter = limiter.expect("connect to the private Redis");
    assert!(
        limiter
            .check(Scope::AnonymousIp, "198.51.100.7")
            .await
            .is_ok()
    );
    let _ = redis.kill();
    let _ = redis.wait();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        limiter
            .check(Scope::AnonymousIp, "198.51.100.7")
            .await
            .is_err(),
        "without counters, anonymous callers are refused"
    );
    assert!(
        limiter.check(Scope::User, "a-user").await.is_ok(),
        "signed-in callers keep working"
    );
}

#[tokio::test]
async fn persisted_queries_are_checked_before_they_are_stored_and_only_signed_in_callers_register()
{
    let db = TestDb::demo().await;
    let running = start(
        db.app(),
        db.owner().await,
        Protection::defaults(),
        default_options(),
    )
    .await;
    let apq = |query: &str| json!({ "version": 1, "sha256Hash": sha256_hex(query) });
    let lookup = |query: &str| json!({ "extensions": { "persistedQuery": apq(query) } });

    // An unknown hash: Apollo's code, so clients resend the text.
    let query = "query Known { __typename }";
    let (status, _, body) = post(&running, None, None, lookup(query)).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND",
        "{body}"
    );
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");

    // An anonymous caller's text runs, but is not registered.
    let (_, _, body) = post(
        &running,
        None,
        None,
        json!({ "query": query, "extensions": { "persistedQuery": apq(query) } }),
    )
    .await;
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
    let (_, _, body) = post(&running, None, None, lookup(query)).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );

    // A text over the length limit is refused and never stored, whoever sends it.
    let token = user_token(fixtures::USER_SUNRISE_OWNER);
    let long = format!("{{ __typename }} #{}", "x".repeat(15_100));
    let (_, _, body) = post(
        &running,
        Some(&token),
        None,
        json!({ "query": long, "extensions": { "persistedQuery": apq(&long) } }),
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{body}"
    );
    let (_, _, body) = post(&running, Some(&token), None, lookup(&long)).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );
    // So is one that does not parse.
    let broken = "{ clinics { ";
    post(
        &running,
        Some(&token),
        None,
        json!({ "query": broken, "extensions": { "persistedQuery": apq(broken) } }),
    )
    .await;
    let (_, _, body) = post(&running, Some(&token), None, lookup(broken)).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "PERSISTED_QUERY_NOT_FOUND"
    );

    // A signed-in caller registers; then anyone may run it by hash.
    let (_, _, body) = post(
        &running,
        Some(&token),
        None,
        json!({ "query": query, "extensions": { "persistedQuery": apq(query) } }),
    )
    .await;
    assert_eq!(body["data"]["__typename"], "Query");
    let (_, _, body) = post(&running, None, None, lookup(query)).await;
    assert_eq!(body["data"]["__typename"], "Query", "{body}");
}

#[tokio::test]
async fn anonymous_operation_names_do_not_become_metric_labels() {
    let db = TestDb::demo().await;
    let running = start(
        db.app(),
        db.owner().await,
        Protection::defaults(),
        default_options(),
    )
    .await;
    let name = format!("Flood{}", uuid::Uuid::new_v4().simple());
    post(
        &running,
        None,
        None,
        json!({ "query": format!("query {name} {{ __typename }}"), "operationName": name }),
    )
    .await;
    let metrics = client()
        .get(running.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !metrics.contains(&name),
        "an anonymous caller's operation name is a label"
    );
    let signed = format!("Signed{}", uuid::Uuid::new_v4().simple());
    let token = user_token(fixtures::USER_SUNRISE_OWNER);
    post(
        &running,
        Some(&token),
        None,
        json!({ "query": format!("query {signed} {{ __typename }}"), "operationName": signed }),
    )
    .await;
    let metrics = client()
        .get(running.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(&signed),
        "signed-in callers' names are kept (bounded)"
    );
}

#[tokio::test]
async fn outages_are_recorded_as_unavailable_not_as_unauthenticated() {
    let db = TestDb::new().await;
    let nowhere = domain::Database::connect_lazy(&domain::db::DbConfig::new(
        "postgres://nobody@127.0.0.1:9/none",
    ))
    .unwrap();
    let running = start(
        nowhere,
        db.owner().await,
        Protection::defaults(),
        default_options(),
    )
    .await;
    let token = user_token(fixtures::USER_SUNRISE_OWNER);
    let name = format!("Outage{}", uuid::Uuid::new_v4().simple());
    let (status, headers, body) = post(
        &running,
        Some(&token),
        None,
        json!({ "query": format!("query {name} {{ __typename }}") }),
    )
    .await;
    assert_eq!(status, 503, "{body}");
    assert!(headers.get("retry-after").is_some());
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAVAILABLE");
    let metrics = client()
        .get(running.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let line = metrics
        .lines()
        .find(|l| l.starts_with("gateway_requests_total") && l.contains("outcome=\"unavailable\""));
    assert!(
        line.is_some(),
        "the outage is recorded as unavailable:\n{metrics}"
    );
}

#[tokio::test]
async fn the_public_development_secrets_never_serve_a_non_loopback_address() {
    let public = server::config::Cli::parse_from(["gateway", "--listen", "0.0.0.0:8000"]);
    let err = server::cli::refuse_public_development_secrets(&public.serve).expect_err("refused");
    assert!(err.to_string().contains("built-in development"), "{err}");
    let lan = server::config::Cli::parse_from([
        "gateway",
        "--listen",
        "192.0.2.10:8000",
        "--service-token-secret",
        "s".repeat(40).as_str(),
    ]);
    assert!(
        server::cli::refuse_public_development_secrets(&lan.serve).is_err(),
        "the user-token secret is still the built-in one"
    );
    let own = server::config::Cli::parse_from([
        "gateway",
        "--listen",
        "0.0.0.0:8000",
        "--jwt-hs256-secret",
        "u".repeat(40).as_str(),
        "--service-token-secret",
        "s".repeat(40).as_str(),
    ]);
    assert!(server::cli::refuse_public_development_secrets(&own.serve).is_ok());
    let local = server::config::Cli::parse_from(["gateway"]);
    assert!(server::cli::refuse_public_development_secrets(&local.serve).is_ok());
}

#[tokio::test]
async fn production_refuses_a_superuser_or_bypassrls_request_login() {
    use server::config::Mode;
    let db = TestDb::new().await;
    // The test server's login is a superuser.
    let err = server::database::check_request_login(&db.app(), Mode::Production, false)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("superuser"), "{err}");
    assert!(
        server::database::check_request_login(&db.app(), Mode::Production, true)
            .await
            .is_ok()
    );
    assert!(
        server::database::check_request_login(&db.app(), Mode::Development, false)
            .await
            .is_ok()
    );
    // A login that owns nothing and may only assume gateway_app passes.
    let owner = db.owner().await;
    let login = format!("vgt_login_{}", uuid::Uuid::new_v4().simple());
    crate::common::exec(
        &owner,
        &format!("CREATE ROLE {login} LOGIN PASSWORD 'pw' IN ROLE gateway_app"),
    )
    .await
    .unwrap();
    let url = db.url().replacen(
        "postgres://postgres@",
        &format!("postgres://{login}:pw@"),
        1,
    );
    let mut config = domain::db::DbConfig::new(url);
    config.max_connections = 1;
    let pool = domain::Database::connect_lazy(&config).unwrap();
    let checked = server::database::check_request_login(&pool, Mode::Production, false).await;
    pool.close().await;
    crate::common::exec(&owner, &format!("DROP ROLE {login}"))
        .await
        .unwrap();
    checked.expect("an unprivileged login is accepted");
}

#[tokio::test]
async fn the_shipped_container_defaults_to_production() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dockerfile = std::fs::read_to_string(root.join("Dockerfile")).unwrap();
    assert!(
        dockerfile.contains("GATEWAY_MODE=production"),
        "the image runs in production mode"
    );
    let compose = std::fs::read_to_string(root.join("docker-compose.yml")).unwrap();
    assert!(compose.contains("GATEWAY_MODE: ${GATEWAY_MODE:-production}"));
    for required in [
        "GATEWAY_JWKS_URL",
        "GATEWAY_JWT_ISSUER",
        "GATEWAY_SERVICE_TOKEN_SECRET",
        "POSTGRES_PASSWORD",
    ] {
        assert!(
            compose.contains(&format!("${{{required}:?")),
            "compose requires {required}"
        );
    }
    assert!(
        compose.contains("GATEWAY_DATABASE_URL: postgres://gateway_login:"),
        "requests use the unprivileged login"
    );
    assert!(
        !compose.contains("do-not-use"),
        "no built-in secret in the compose file"
    );
}

#[tokio::test]
async fn requests_spent_by_the_deadline_answer_503_and_leave_nothing_behind() {
    let db = TestDb::demo().await;
    let mut protection = Protection::defaults();
    protection.request_timeout = Duration::from_millis(1);
    let running = start(db.app(), db.owner().await, protection, default_options()).await;
    let token = user_token(fixtures::USER_SUNRISE_OWNER);
    let sunrise = crate::common::global_id("Clinic", fixtures::clinic_id(&fixtures::SUNRISE));
    for i in 0..20 {
        let (status, _, body) = post(
            &running,
            Some(&token),
            None,
            json!({ "query": "mutation($i: CreateClientInput!) { createClient(input: $i) { client { id } } }",
                    "variables": { "i": { "clinicId": sunrise, "displayName": format!("Deadline {i}") } } }),
        )
        .await;
        assert!(status == 503 || status == 200, "{status} {body}");
    }
    let owner = db.owner().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let open: i64 = scalar(
        &owner,
        &format!("SELECT count(*) FROM pg_stat_activity WHERE datname = '{}' AND state LIKE 'idle in transaction%'", db.name()),
    )
    .await;
    assert_eq!(open, 0);
}

/// `/metrics` counts every statement a request sends: the principal lookup of a user token
/// (before the request's session exists) as well as BEGIN, the settings, the reads and COMMIT.
/// The real binary, so that the metrics are this one request's and no other test's.
#[tokio::test]
async fn the_statement_metric_counts_the_principal_lookup_and_the_commit() {
    let db = TestDb::demo().await;
    let query = "{ clinics { name clients(first: 5) { nodes { displayName } } } }";
    let who = crate::common::As::User(fixtures::USER_SUNRISE_OWNER, None);
    let (_, in_session) = crate::common::gql_counted(&db.app(), &who, query, Value::Null).await;
    let gateway = crate::process::GatewayProcess::start(&db, &[]).await;
    let token = server::auth::token::mint_user_token(
        server::config::DEV_DEFAULT_USER_SECRET.as_bytes(),
        fixtures::USER_SUNRISE_OWNER,
        None,
        Duration::from_secs(600),
    )
    .expect("token");
    let answer: Value = client()
        .post(gateway.url("/graphql"))
        .bearer_auth(&token)
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(answer["errors"].is_null(), "{answer}");
    let metrics = client()
        .get(gateway.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    gateway.stop().await;
    let metric = |name: &str| -> f64 {
        metrics
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {metrics}"))
            .trim()
            .parse()
            .unwrap()
    };
    assert_eq!(metric("gateway_sql_statements_per_request_count "), 1.0);
    assert_eq!(
        metric("gateway_sql_statements_per_request_sum "),
        f64::from(in_session + 1),
        "one request: its session's {in_session} statements and the principal lookup"
    );
}
