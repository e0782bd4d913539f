//! The production behaviour of the gateway, through the real HTTP stack on a real socket:
//! operation limits, GraphQL-over-HTTP status codes, the database going away and coming back,
//! slow clients, shutdown, rate limits (in memory and in Redis), persisted operations,
//! introspection and observability.

use std::collections::HashSet;
use std::time::Duration;

use domain::seed::demo::fixtures;
use serde_json::json;
use server::Protection;
use server::config::Introspection;
use server::http::serve::ServeOptions;
use server::ratelimit::{Quotas, RateLimiter};
use testkit::TestDb;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::harness::*;

#[tokio::test]
async fn limit_bombs_are_refused_before_any_database_work() {
    // A pool pointing at a closed port: any database work would answer UNAVAILABLE, so a
    // LIMIT_EXCEEDED answer proves the operation was refused before touching the database.
    let nowhere = domain::Database::connect_lazy(&domain::db::DbConfig::new(
        "postgres://nobody@127.0.0.1:9/none",
    ))
    .unwrap();
    let db = TestDb::new().await;
    let running = start(
        nowhere,
        db.owner().await,
        Protection::defaults(),
        default_options(),
    )
    .await;
    let token = service_token();

    // Depth counts levels of data (connection wrappers are not levels): 11, each page one row.
    let deep = "{ clinics { clients(first: 1) { nodes { patients(first: 1) { nodes { client { patients(first: 1) { nodes { client { patients(first: 1) { nodes { client { patients(first: 1) { nodes { client { name } } } } } } } } } } } } } } } }";
    let wide =
        "{ clinics { clients(first: 100) { nodes { patients(first: 100) { nodes { name } } } } } }";
    let aliases: String = (0..16)
        .map(|i| format!("a{i}: clinics {{ name }} "))
        .collect();
    let long = format!("{{ clinics {{ name }} }} # {}", "x".repeat(15_100));
    for (case, query, limit) in [
        ("deep", deep.to_owned(), "depth"),
        ("wide", wide.to_owned(), "complexity"),
        ("aliased", format!("{{ {aliases} }}"), "aliases"),
        ("long", long, "query length"),
    ] {
        let (status, _, body) = post(
            &running,
            Some(&token),
            Some("application/graphql-response+json"),
            json!({ "query": query }),
        )
        .await;
        assert_eq!(status, 400, "{case}: {body}");
        assert_eq!(codes(&body), vec!["LIMIT_EXCEEDED"], "{case}: {body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(limit),
            "{case} names its limit: {body}"
        );
        assert!(body.get("data").is_none(), "{case}: no data");
    }

    // An oversized body never reaches GraphQL.
    let big =
        json!({ "query": "{ clinics { name } }", "variables": { "pad": "x".repeat(70 * 1024) } });
    let (status, _, _) = post(&running, Some(&token), None, big).await;
    assert_eq!(status, 413);

    // Batching is off: an array of operations is not a request.
    let (status, _, _) = post(
        &running,
        Some(&token),
        None,
        json!([{ "query": "{ clinics { name } }" }]),
    )
    .await;
    assert_eq!(status, 400);
    running.shutdown().await.unwrap();
}

#[tokio::test]
async fn graphql_over_http_status_codes() {
    let db = TestDb::demo().await;
    let running = start(
        db.app(),
        db.owner().await,
        Protection::defaults(),
        default_options(),
    )
    .await;
    let token = user_token(fixtures::USER_SUNRISE_OWNER);
    let gql_json = Some("application/graphql-response+json");

    // Content negotiation.
    let (status, headers, body) = post(
        &running,
        Some(&token),
        gql_json,
        json!({ "query": "{ clinics { name } }" }),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/graphql-response+json")
    );
    let (status, headers, _) = post(
        &running,
        Some(&token),
        Some("application/json"),
        json!({ "query": "{ clinics { name } }" }),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let (status, _, _) = post(
        &running,
        Some(&token),
        Some("text/html"),
        json!({ "query": "{ clinics { name } }" }),
    )
    .await;
    assert_eq!(status, 406);

    // Validation errors: 400 without data under the GraphQL media type, 200 under plain JSON.
    let invalid = json!({ "query": "{ clinics { noSuchField } }" });
    let (status, _, body) = post(&running, Some(&token), gql_json, invalid.clone()).await;
    assert_eq!(status, 400, "{body}");
    assert!(body.get("data").is_none(), "{body}");
    let (status, _, body) = post(&running, Some(&token), Some("application/json"), invalid).await;
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = post(
        &running,
        Some(&token),
        gql_json,
        json!({ "query": "{ clinics { " }),
    )
    .await;
    assert_eq!(
        (status, codes(&body)),
        (400, vec!["BAD_USER_INPUT".to_owned()]),
        "{body}"
    );

    // Only JSON bodies; no mutations over GET; only GET and POST.
    let response = client()
        .post(running.url("/graphql"))
        .header("content-type", "text/plain")
        .bearer_auth(&token)
        .body(r#"{"query":"{ clinics { name } }"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 415);
    let response = client()
        .get(running.url(&format!(
            "/graphql?query={}",
            encode(r#"mutation { joinWaitlist(input: {email: "a@b.example.com"}) { signupId } }"#)
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    let response = client()
        .get(running.url(&format!(
            "/graphql?query={}",
            encode("{ clinics { name } }")
        )))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "queries over GET work");
    let response = client().put(running.url("/graphql")).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 405);

    // The request id is accepted and returned, or generated.
    let response = client()
        .post(running.url("/graphql"))
        .bearer_auth(&token)
        .header("x-request-id", "req-abc-123")
        .json(&json!({ "query": "{ clinics { name } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "req-abc-123");
    let response = client()
        .post(running.url("/graphql"))
        .json(&json!({ "query": "{ me { clerkUserId } }" }))
        .send()
        .await
        .unwrap();
    assert!(!response.headers()["x-request-id"].is_empty());

    // Metrics.
    let metrics = client()
        .get(running.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(metrics.contains("gateway_requests_total"), "{metrics}");
    assert!(
        metrics.contains("gateway_limit_rejections_total")
            || metrics.contains("gateway_request_duration_seconds")
    );
    running.shutdown().await.unwrap();
}

#[tokio::test]
async fn introspection_and_suggestions_are_for_staff_only_in_production() {
    let db = TestDb::demo().await;
    let mut protection = Protection::defaults();
    protection.staff = HashSet::from([fixtures::USER_SUNRISE_ADMIN.to_owned()]);
    protection.introspection = Introspection::Staff;
    let running = start(db.app(), db.owner().await, protection, default_options()).await;
    let introspect = json!({ "query": "{ __schema { queryType { name } } }" });

    let (_, _, body) = post(
        &running,
        Some(&user_token(fixtures::USER_SUNRISE_VIEWER)),
        None,
        introspect.clone(),
    )
    .await;
    assert!(
        body["data"]["__schema"].is_null(),
        "non-staff get no schema: {body}"
    );
    let (_, _, body) = post(
        &running,
        Some(&user_token(fixtures::USER_SUNRISE_ADMIN)),
        None,
        introspect,
    )
    .await;
    assert_eq!(
        body["data"]["__schema"]["queryType"]["name"], "Query",
        "staff may introspect: {body}"
    );

    // No suggestions, and no names the caller did not write.
    let (_, _, body) = post(
        &running,
        Some(&user_token(fixtures::USER_SUNRISE_VIEWER)),
        None,
        json!({ "query": "{ clinicz { name } }" }),
    )
    .await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(!message.contains("Did you mean"), "{message}");
    assert!(!message.contains("\"clinics\""), "{message}");
    running.shutdown().await.unwrap();
}

#[tokio::test]
async fn rate_limits_in_memory_and_in_redis() {
    let db = TestDb::demo().await;
    let quotas = Quotas {
        per_user: 3,
        per_clinic: 1_000,
        per_anonymous_ip: 2,
    };
    for (store, limiter) in [
        ("memory", RateLimiter::in_memory(quotas)),
        (
            "redis",
            RateLimiter::redis("redis://127.0.0.1:6379", quotas)
                .await
                .expect("Redis on 127.0.0.1:6379"),
        ),
    ] {
        // A fresh database has fresh user ids, so Redis keys from earlier runs never collide.
        let mut protection = Protection::defaults();
        protection.rate_limiter = limiter;
        let running = start(db.app(), db.owner().await, protection, default_options()).await;
        let token = user_token(fixtures::USER_SUNRISE_MEMBER);
        let query = json!({ "query": "{ me { clerkUserId } }" });
        for _ in 0..3 {
            let (status, _, body) = post(&running, Some(&token), None, query.clone()).await;
            assert_eq!(status, 200, "{store}: {body}");
        }
        let (status, headers, body) = post(&running, Some(&token), None, query.clone()).await;
        assert_eq!(status, 429, "{store}: {body}");
        assert_eq!(codes(&body), vec!["RATE_LIMITED"], "{store}");
        assert!(
            headers["retry-after"]
                .to_str()
                .unwrap()
                .parse::<u64>()
                .unwrap()
                >= 1
        );
        // Another user of the same clinic is not affected by this user's quota.
        let (status, _, _) = post(
            &running,
            Some(&user_token(fixtures::USER_SUNRISE_VIEWER)),
            None,
            query.clone(),
        )
        .await;
        assert_eq!(status, 200, "{store}");

        // Anonymous callers are limited per IP.
        let signup = |i: usize| json!({ "query": format!(r#"mutation {{ joinWaitlist(input: {{email: "{store}{i}-{}@example.com"}}) {{ signupId }} }}"#, uuid::Uuid::new_v4().simple()) });
        let mut statuses = Vec::new();
        for i in 0..3 {
            statuses.push(post(&running, None, None, signup(i)).await.0);
        }
        if store == "memory" {
            assert_eq!(statuses, vec![200, 200, 429], "{store}");
        } else {
            // Redis windows are shared by everything on this machine that uses the same IP key.
            assert_eq!(statuses.last(), Some(&429), "{store}: {statuses:?}");
        }
        running.shutdown().await.unwrap();
    }
}

#[tokio::test]
async fn persisted_queries_and_the_allow_list() {
    let db = TestDb::demo().await;
    let token = user_token(fixtures::USER_SUNRISE_VIEWER);
    let query = "query Clinics { clinics { name } }";
    let hash = server::persisted::sha256_hex(query);
    let apq = |with_query: bool| {
        let mut body =
            json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } } });
        if with_query {
            body["query"] = json!(query);
        }
        body
    };

    // Automatic persisted queries.
    let running = start(
        db.app(),
        db.owner().await,
        Protection::defaults(),
        default_options(),
    )
    .await;
    let (_, _, body) = post(&running, Some(&token), None, apq(false)).await;
    assert_eq!(
        body["errors"][0]["message"], "PersistedQueryNotFound",
        "{body}"
    );
    let (_, _, body) = post(&running, Some(&token), None, apq(true)).await;
    assert_eq!(
        body["data"]["clinics"][0]["name"],
        fixtures::SUNRISE.name,
        "{body}"
    );
    let (_, _, body) = post(&running, Some(&token), None, apq(false)).await;
    assert_eq!(
        body["data"]["clinics"][0]["name"],
        fixtures::SUNRISE.name,
        "now known by hash: {body}"
    );
    running.shutdown().await.unwrap();

    // Allow-list mode: only registered operations, except for staff.
    let dir =
        std::env::temp_dir().join(format!("vetgw-allowlist-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("clinics.graphql"), query).unwrap();
    let mut protection = Protection::defaults();
    protection.persisted = server::persisted::PersistedQueries::in_memory()
        .with_allowlist_dir(&dir)
        .unwrap();
    protection.staff = HashSet::from([fixtures::USER_SUNRISE_ADMIN.to_owned()]);
    let running = start(db.app(), db.owner().await, protection, default_options()).await;
    let (_, _, body) = post(&running, Some(&token), None, json!({ "query": query })).await;
    assert_eq!(
        body["data"]["clinics"][0]["name"],
        fixtures::SUNRISE.name,
        "registered text: {body}"
    );
    let (_, _, body) = post(&running, Some(&token), None, apq(false)).await;
    assert_eq!(
        body["data"]["clinics"][0]["name"],
        fixtures::SUNRISE.name,
        "registered hash: {body}"
    );
    let (_, _, body) = post(
        &running,
        Some(&token),
        None,
        json!({ "query": "{ me { clerkUserId } }" }),
    )
    .await;
    assert_eq!(codes(&body), vec!["FORBIDDEN"], "unregistered: {body}");
    let (_, _, body) = post(
        &running,
        Some(&user_token(fixtures::USER_SUNRISE_ADMIN)),
        None,
        json!({ "query": "{ me { clerkUserId } }" }),
    )
    .await;
    assert_eq!(
        body["data"]["me"]["clerkUserId"],
        fixtures::USER_SUNRISE_ADMIN,
        "staff are exempt: {body}"
    );
    running.shutdown().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Reads from a socket until EOF or `limit`; returns whether the peer closed it.
#[tokio::test]
async fn slow_clients_are_cut_off_and_shutdown_is_bounded() {
    let db = TestDb::demo().await;
    let options = ServeOptions {
        request_read_timeout: Duration::from_millis(500),
        shutdown_grace: Duration::from_millis(1_500),
        ..ServeOptions::default()
    };
    let running = start(db.app(), db.owner().await, Protection::defaults(), options).await;

    // Slowloris: headers that never finish.
    let mut slow = TcpStream::connect(running.addr).await.unwrap();
    slow.write_all(b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nX-Slow: ")
        .await
        .unwrap();
    assert!(
        closed_within(&mut slow, Duration::from_secs(10)).await,
        "the server must drop a client that never finishes its headers"
    );

    // Shutdown with a request in flight (its body still arriving) and a half-open connection.
    let mut in_flight = TcpStream::connect(running.addr).await.unwrap();
    in_flight
        .write_all(b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"query\":")
        .await
        .unwrap();
    let _half_open = TcpStream::connect(running.addr).await.unwrap();
    // A completed request on another connection before the shutdown.
    let (status, _, _) = post(
        &running,
        Some(&service_token()),
        None,
        json!({ "query": "{ clinics { name } }" }),
    )
    .await;
    assert_eq!(status, 200);

    let addr = running.addr;
    tokio::time::timeout(Duration::from_secs(20), running.shutdown())
        .await
        .expect("shutdown must finish even with half-open connections")
        .unwrap();
    // The listener is closed: new connections are refused.
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "no new connections after shutdown"
    );
}

#[tokio::test]
async fn a_lost_database_answers_503_fast_and_the_gateway_recovers() {
    // A private PostgreSQL this test may stop and start.
    let data_dir =
        std::env::temp_dir().join(format!("vetgw-outage-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&data_dir).unwrap();
    let options = server::embedded::EmbeddedOptions {
        data_dir: data_dir.clone(),
        bin_dir: std::env::var_os("GATEWAY_PG_BIN_DIR").map(Into::into),
        os_user: std::env::var("GATEWAY_PG_OS_USER").unwrap_or_else(|_| "nobody".into()),
    };
    let start_pg = |options: server::embedded::EmbeddedOptions| async move {
        tokio::task::spawn_blocking(move || server::embedded::EmbeddedPostgres::start(&options))
            .await
            .unwrap()
            .expect("embedded PostgreSQL")
    };
    let cluster = start_pg(options.clone()).await;
    let owner = server::database::connect_owner(&cluster.url())
        .await
        .unwrap();
    {
        use migration::MigratorTrait as _;
        migration::Migrator::up(&owner, None).await.unwrap();
    }
    let mut config = domain::db::DbConfig::new(cluster.url());
    config.acquire_timeout = Duration::from_millis(500);
    let db = domain::Database::connect_lazy(&config).unwrap();
    let running = start(db, owner, Protection::defaults(), default_options()).await;
    let token = service_token();
    let query = json!({ "query": "{ clinics { name } }" });
    let (status, _, body) = post(&running, Some(&token), None, query.clone()).await;
    assert_eq!(status, 200, "{body}");

    // The database goes away.
    let stopper = std::sync::Arc::new(cluster);
    let stop = stopper.clone();
    tokio::task::spawn_blocking(move || stop.stop())
        .await
        .unwrap()
        .unwrap();
    let (status, headers, body) = post(&running, Some(&token), None, query.clone()).await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(codes(&body), vec!["UNAVAILABLE"], "{body}");
    assert!(headers.contains_key("retry-after"));
    let ready = client().get(running.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status().as_u16(), 503, "readiness turns red");

    // It comes back: the gateway recovers by itself, without a restart.
    let _cluster = start_pg(options).await;
    let mut recovered = false;
    for _ in 0..50 {
        let (status, _, _) = post(&running, Some(&token), None, query.clone()).await;
        if status == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        recovered,
        "the gateway did not recover after the database came back"
    );
    let ready = client().get(running.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status().as_u16(), 200);
    running.shutdown().await.unwrap();
    let stop = stopper.clone();
    let _ = tokio::task::spawn_blocking(move || stop.stop()).await;
    let _ = std::fs::remove_dir_all(&data_dir);
}
