//! Soak tests against the real binary on a real socket: many mixed requests at once (reads,
//! mutations, every kind of refusal), and requests cancelled at random points. They assert
//! what users saw fail before: no panic in the log, no dropped connection, no request run in
//! another request's transaction, nothing half-written.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use domain::seed::demo::fixtures;
use serde_json::{Value, json};
use testkit::TestDb;

use crate::common::scalar;
use crate::process::{GatewayProcess, alarming_lines};

/// Requests in the soak (the issue asks for at least 50,000); `SOAK_REQUESTS` may raise it.
fn soak_requests() -> usize {
    std::env::var("SOAK_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000)
        .max(50_000)
}

const CONCURRENCY: usize = 16;

fn dev_token(user: &str) -> String {
    server::auth::token::mint_user_token(
        server::config::DEV_DEFAULT_USER_SECRET.as_bytes(),
        user,
        None,
        Duration::from_secs(3600),
    )
    .expect("token")
}

fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(CONCURRENCY)
        .build()
        .expect("client")
}

/// Generous quotas: the soak is about stability, not fair use.
const HIGH_QUOTAS: [(&str, &str); 3] = [
    ("GATEWAY_RATE_LIMIT_USER_PER_MIN", "10000000"),
    ("GATEWAY_RATE_LIMIT_CLINIC_PER_MIN", "10000000"),
    ("GATEWAY_RATE_LIMIT_ANONYMOUS_PER_MIN", "10000000"),
];

/// One request of the mix and the status and first error code it must get.
fn request(
    i: usize,
    owner: &str,
    harbor_clinic: &str,
    sunrise_clinic: &str,
) -> (Option<String>, Value, u16, Option<&'static str>) {
    let bearer = Some(format!("Bearer {owner}"));
    match i % 10 {
        0..=2 => (
            bearer,
            json!({ "query": "{ me { user { email } } clinics { name } }" }),
            200,
            None,
        ),
        3 => (
            bearer,
            json!({ "query": "query Page($c: ID!) { clinic(id: $c) { clients(first: 5) { nodes { displayName } pageInfo { hasNextPage } } } }",
                    "variables": { "c": sunrise_clinic } }),
            200,
            None,
        ),
        4 => (
            bearer,
            json!({ "query": "mutation($input: CreateClientInput!) { createClient(input: $input) { client { id } } }",
                    "variables": { "input": { "clinicId": sunrise_clinic, "displayName": format!("Soak client {i}") } } }),
            200,
            None,
        ),
        5 => (
            bearer,
            json!({ "query": "{ me { " }),
            200,
            Some("BAD_USER_INPUT"),
        ),
        6 => (
            Some("Bearer not-a-token".into()),
            json!({ "query": "{ __typename }" }),
            401,
            Some("UNAUTHENTICATED"),
        ),
        7 => (None, json!({ "query": "{ __typename }" }), 200, None),
        8 => (
            bearer,
            json!({ "query": "query($c: ID!) { clinic(id: $c) { name } }", "variables": { "c": harbor_clinic } }),
            200,
            Some("NOT_FOUND"),
        ),
        _ => (
            bearer,
            json!({ "query": "query($c: ID!) { clinic(id: $c) { name } }" }),
            200,
            Some("BAD_USER_INPUT"),
        ),
    }
}

#[tokio::test]
async fn fifty_thousand_mixed_requests_without_a_panic_or_a_dropped_connection() {
    let db = TestDb::demo().await;
    let gateway = GatewayProcess::start(&db, &HIGH_QUOTAS).await;
    let url = gateway.url("/graphql");
    let owner = dev_token(fixtures::USER_SUNRISE_OWNER);
    let sunrise = crate::common::global_id("Clinic", fixtures::clinic_id(&fixtures::SUNRISE));
    let harbor = crate::common::global_id("Clinic", fixtures::clinic_id(&fixtures::HARBOR));
    let total = soak_requests();
    let next = Arc::new(AtomicUsize::new(0));
    let dropped = Arc::new(AtomicUsize::new(0));
    let wrong = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, url, owner, sunrise, harbor) = (
            client(),
            url.clone(),
            owner.clone(),
            sunrise.clone(),
            harbor.clone(),
        );
        let (next, dropped, wrong) = (next.clone(), dropped.clone(), wrong.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    return;
                }
                let (auth, body, status, code) = request(i, &owner, &harbor, &sunrise);
                let mut call = client.post(&url).json(&body);
                if let Some(auth) = auth {
                    call = call.header("authorization", auth);
                }
                let response = match call.send().await {
                    Ok(response) => response,
                    Err(err) => {
                        dropped.fetch_add(1, Ordering::Relaxed);
                        wrong
                            .lock()
                            .unwrap()
                            .push(format!("request {i}: transport error {err}"));
                        continue;
                    }
                };
                let got = response.status().as_u16();
                let answer: Value = match response.json().await {
                    Ok(answer) => answer,
                    Err(err) => {
                        dropped.fetch_add(1, Ordering::Relaxed);
                        wrong
                            .lock()
                            .unwrap()
                            .push(format!("request {i}: body lost: {err}"));
                        continue;
                    }
                };
                let first_code = answer["errors"][0]["extensions"]["code"]
                    .as_str()
                    .map(str::to_owned);
                if got != status || first_code.as_deref() != code {
                    wrong
                        .lock()
                        .unwrap()
                        .push(format!("request {i}: {got} {answer}"));
                }
            }
        }));
    }
    for worker in workers {
        worker.await.expect("worker");
    }
    let metrics = client()
        .get(gateway.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let log = gateway.stop().await;
    let wrong = std::mem::take(&mut *wrong.lock().unwrap());
    assert_eq!(
        dropped.load(Ordering::Relaxed),
        0,
        "dropped connections: {:?}",
        &wrong[..wrong.len().min(10)]
    );
    assert!(
        wrong.is_empty(),
        "{} unexpected answers, e.g. {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(10)]
    );
    assert!(
        !metrics.contains("gateway_panics_total"),
        "panics were counted:\n{metrics}"
    );
    let alarms = alarming_lines(&log);
    assert!(
        alarms.is_empty(),
        "the log has {} alarming lines, e.g. {:?}",
        alarms.len(),
        &alarms[..alarms.len().min(5)]
    );
    let created: i64 = scalar(
        &db.owner().await,
        "SELECT count(*) FROM clients WHERE display_name LIKE 'Soak client %'",
    )
    .await;
    assert_eq!(
        created as usize,
        total / 10,
        "every createClient of the mix landed once"
    );
}

#[tokio::test]
async fn requests_cancelled_at_random_points_leave_no_transaction_open_and_nothing_half_written() {
    let db = TestDb::demo().await;
    // A tight deadline cancels some executions on the server; the client abandons others.
    let env: Vec<(&str, &str)> = HIGH_QUOTAS
        .iter()
        .copied()
        .chain([
            ("GATEWAY_REQUEST_TIMEOUT_MS", "40"),
            ("GATEWAY_DB_MAX_CONNECTIONS", "4"),
        ])
        .collect();
    let gateway = GatewayProcess::start(&db, &env).await;
    let url = gateway.url("/graphql");
    let owner = dev_token(fixtures::USER_SUNRISE_OWNER);
    let sunrise = crate::common::global_id("Clinic", fixtures::clinic_id(&fixtures::SUNRISE));
    // Each request writes two rows in two mutations; the pair lands together or not at all.
    let pair = "mutation($a: CreateClientInput!, $b: CreateClientInput!) { \
                a: createClient(input: $a) { client { id } } b: createClient(input: $b) { client { id } } }";
    let rounds = 1_500usize;
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut tasks = Vec::new();
    let client = client();
    for i in 0..rounds {
        // xorshift: a cancellation point between 0 and 30 ms, deterministic per run.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let abandon_after = Duration::from_micros(seed % 30_000);
        let body = json!({
            "query": pair,
            "variables": {
                "a": { "clinicId": sunrise, "displayName": format!("Pair {i} a") },
                "b": { "clinicId": sunrise, "displayName": format!("Pair {i} b") },
            }
        });
        let call = client
            .post(&url)
            .header("authorization", format!("Bearer {owner}"))
            .json(&body)
            .send();
        tasks.push(tokio::spawn(async move {
            let _ = tokio::time::timeout(abandon_after, call).await;
        }));
        if tasks.len() >= 24 {
            for task in tasks.drain(..) {
                let _ = task.await;
            }
        }
    }
    for task in tasks {
        let _ = task.await;
    }
    // Let abandoned work finish on the server, then every later request must succeed, on every
    // pooled connection. The 40 ms deadline of this run still applies, so on a loaded machine a
    // later request may be refused by it (UNAVAILABLE, with a "request deadline exceeded" line
    // for its request id, checked below); any other error fails, and 40 must succeed.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut succeeded = 0;
    let mut timed_out = Vec::new();
    for _ in 0..400 {
        let answer: Value = client
            .post(&url)
            .header("authorization", format!("Bearer {owner}"))
            .json(&json!({ "query": "{ me { user { email } } clinics { name } }" }))
            .send()
            .await
            .expect("request after the cancellations")
            .json()
            .await
            .expect("JSON");
        match answer.get("errors") {
            None => succeeded += 1,
            Some(errors) if errors[0]["extensions"]["code"] == "UNAVAILABLE" => timed_out.push(
                errors[0]["extensions"]["requestId"]
                    .as_str()
                    .expect("a request id")
                    .to_owned(),
            ),
            Some(_) => panic!("a request after the cancellations failed: {answer}"),
        }
        if succeeded == 40 {
            break;
        }
    }
    assert_eq!(
        succeeded, 40,
        "requests refused after the cancellations: {timed_out:?}"
    );
    let owner_db = db.owner().await;
    let half: i64 = scalar(
        &owner_db,
        "SELECT count(*) FROM (SELECT substring(display_name from '^Pair ([0-9]+) ') AS n, count(*) AS c \
         FROM clients WHERE display_name LIKE 'Pair %' GROUP BY 1) pairs WHERE c <> 2",
    )
    .await;
    assert_eq!(
        half, 0,
        "a request's two mutations landed without each other"
    );
    let idle_in_tx: i64 = scalar(
        &owner_db,
        &format!(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = '{}' AND application_name = 'vet-gateway' \
             AND state LIKE 'idle in transaction%'",
            db.name()
        ),
    )
    .await;
    assert_eq!(
        idle_in_tx, 0,
        "a pooled connection sits inside a transaction"
    );
    let log = gateway.stop().await;
    for request_id in &timed_out {
        assert!(
            log.lines()
                .any(|line| line.contains("request deadline exceeded")
                    && line.contains(request_id.as_str())),
            "request {request_id} answered UNAVAILABLE without reaching its deadline"
        );
    }
    let alarms = alarming_lines(&log);
    assert!(
        alarms.is_empty(),
        "{} alarming log lines, e.g. {:?}",
        alarms.len(),
        &alarms[..alarms.len().min(5)]
    );
    let deadlines = log.matches("request deadline exceeded").count();
    eprintln!("cancellation run: {deadlines} server-side deadlines in {rounds} requests");
}
