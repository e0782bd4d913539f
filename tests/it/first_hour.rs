//! The first hour of a new user, walked the way a person walks it: every GraphQL document in
//! the README and the docs runs as written against the demo data with the default limits;
//! every answer of the endpoint is a GraphQL JSON body with a stable code and the right
//! status; a client's mistake is never answered as a server fault; response keys follow the
//! selection; browsers on another origin may call; the CLI says what each command takes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use domain::seed::demo::fixtures;
use serde_json::{Value, json};
use server::Protection;
use testkit::TestDb;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::harness::*;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One fenced ```graphql block of a Markdown file, with where it is. A block fenced
/// ```graphql as=service is what a job or webhook sends: it runs with a service token.
struct Document {
    source: String,
    text: String,
    service: bool,
}

/// Every ```graphql block of the README and of every Markdown file under docs/ and examples/.
fn documents() -> Vec<Document> {
    let root = repository();
    let mut files = vec![root.join("README.md")];
    for dir in ["docs", "examples"] {
        if let Ok(entries) = std::fs::read_dir(root.join(dir)) {
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect();
            found.sort();
            files.extend(found);
        }
    }
    let mut documents = Vec::new();
    for file in files {
        let markdown = std::fs::read_to_string(&file).unwrap();
        let mut inside: Option<(usize, String, bool)> = None;
        for (number, line) in markdown.lines().enumerate() {
            match &mut inside {
                None if line.trim_start().starts_with("```graphql") => {
                    inside = Some((number + 1, String::new(), line.contains("as=service")))
                }
                Some((start, text, service)) if line.trim_start().starts_with("```") => {
                    documents.push(Document {
                        source: format!(
                            "{}:{}",
                            file.strip_prefix(&root).unwrap_or(&file).display(),
                            start
                        ),
                        text: std::mem::take(text),
                        service: *service,
                    });
                    inside = None;
                }
                Some((_, text, _)) => {
                    text.push_str(line);
                    text.push('\n');
                }
                None => {}
            }
        }
    }
    documents
}

#[tokio::test]
async fn every_graphql_document_in_the_readme_and_docs_runs_as_written() {
    let documents = documents();
    assert!(!documents.is_empty(), "the README shows GraphQL");
    let db = TestDb::demo().await;
    // The documented defaults, as a new user gets them (development: introspection for all).
    let mut protection = Protection::defaults();
    protection.introspection = server::config::Introspection::All;
    let running = start(db.app(), db.owner().await, protection, default_options()).await;
    let token = user_token(fixtures::USER_SUNRISE_OWNER);
    let service = service_token();
    for document in documents {
        let (status, _, body) = post(
            &running,
            Some(if document.service { &service } else { &token }),
            Some("application/graphql-response+json"),
            json!({ "query": document.text }),
        )
        .await;
        assert_eq!(status, 200, "{}: {body}", document.source);
        assert!(
            body.get("errors").is_none(),
            "{} answers errors: {body}",
            document.source
        );
        assert!(body["data"].is_object(), "{}: {body}", document.source);
    }
}

async fn raw_exchange(running: &Running, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(running.addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut seen = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut seen)).await;
    String::from_utf8_lossy(&seen).into_owned()
}

#[tokio::test]
async fn every_answer_is_a_graphql_json_body_with_a_code() {
    let db = TestDb::demo().await;
    let running = start(
        db.app(),
        db.owner().await,
        Protection::defaults(),
        default_options(),
    )
    .await;
    let url = running.url("/graphql");
    let http = client();
    let send = |body: &'static str, accept: &'static str| {
        http.post(&url)
            .header("content-type", "application/json")
            .header("accept", accept)
            .body(body)
            .send()
    };
    for (case, body, status, field) in [
        ("a batch", r#"[{"query":"{ __typename }"}]"#, 400, None),
        ("not JSON", r#"{"query": "#, 400, Some("body")),
        ("a JSON string", r#""{ __typename }""#, 400, Some("body")),
        ("no query", r#"{}"#, 400, Some("query")),
        ("an empty query", r#"{"query": "  "}"#, 400, Some("query")),
        ("query not a string", r#"{"query": 5}"#, 400, Some("query")),
        (
            "variables not an object",
            r#"{"query": "{ __typename }", "variables": [1]}"#,
            400,
            Some("variables"),
        ),
    ] {
        for accept in ["application/json", "application/graphql-response+json"] {
            let response = send(body, accept).await.unwrap();
            assert_eq!(response.status().as_u16(), status, "{case} ({accept})");
            let content_type = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(content_type.contains("json"), "{case}: {content_type}");
            let answer: Value = response
                .json()
                .await
                .unwrap_or_else(|_| panic!("{case}: not JSON"));
            assert_eq!(
                answer["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
                "{case}: {answer}"
            );
            assert!(
                !answer["errors"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("Error("),
                "{case}: a debug string: {answer}"
            );
            if let Some(field) = field {
                assert_eq!(
                    answer["errors"][0]["extensions"]["field"], field,
                    "{case}: {answer}"
                );
            }
            assert!(answer.get("data").is_none(), "{case}");
        }
    }
    // A GET without a query says so too.
    let answer: Value = http
        .get(running.url("/graphql"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        answer["errors"][0]["extensions"]["field"], "query",
        "{answer}"
    );

    // Too large, with a Content-Length and chunked: 413 with a JSON body either way.
    let big = format!(
        r#"{{"query": "{{ __typename }}", "pad": "{}"}}"#,
        "x".repeat(70 * 1024)
    );
    let response = http
        .post(&url)
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(
        answer["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED",
        "{answer}"
    );
    let mut chunked = b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for piece in big.as_bytes().chunks(8 * 1024) {
        chunked.extend_from_slice(format!("{:x}\r\n", piece.len()).as_bytes());
        chunked.extend_from_slice(piece);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = raw_exchange(&running, &chunked).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.contains("\"LIMIT_EXCEEDED\"") && !answer.contains("length limit exceeded"),
        "{answer}"
    );
}

#[tokio::test]
async fn a_clients_mistake_is_never_a_server_fault() {
    let db = TestDb::demo().await;
    let running = start(
        db.app(),
        db.owner().await,
        Protection::defaults(),
        default_options(),
    )
    .await;
    let token = user_token(fixtures::USER_SUNRISE_OWNER);
    let sunrise = crate::common::global_id("Clinic", fixtures::clinic_id(&fixtures::SUNRISE));
    let mistakes: Vec<(&str, Value, &str)> = vec![
        (
            "missing required variable",
            json!({ "query": "query($id: ID!) { clinic(id: $id) { name } }" }),
            "variables.id",
        ),
        (
            "required variable sent as null",
            json!({ "query": "query($id: ID!) { clinic(id: $id) { name } }", "variables": { "id": null } }),
            "variables.id",
        ),
        (
            "missing input object",
            json!({ "query": "mutation($input: CreateClientInput!) { createClient(input: $input) { client { id } } }" }),
            "variables.input",
        ),
        (
            "variable of the wrong type",
            json!({ "query": "query($n: Int) { clinics { clients(first: $n) { nodes { id } } } }", "variables": { "n": "ten" } }),
            "",
        ),
        (
            "malformed DateTime in a variable",
            json!({ "query": "query($c: ID!, $t: DateTime) { clinic(id: $c) { clients(first: 1, filter: { createdAt: { from: $t } }) { nodes { id } } } }", "variables": { "c": sunrise, "t": "yesterday-ish" } }),
            "",
        ),
        (
            "malformed global id",
            json!({ "query": "{ clinic(id: \"nonsense\") { name } }" }),
            "",
        ),
        (
            "a global id of another type",
            json!({ "query": format!("{{ clinic(id: \"{}\") {{ name }} }}", crate::common::global_id("Client", uuid::Uuid::nil())) }),
            "",
        ),
        (
            "page too large",
            json!({ "query": "{ clinics { clients(first: 1000) { nodes { id } } } }" }),
            "",
        ),
        (
            "negative page",
            json!({ "query": "{ clinics { clients(first: -1) { nodes { id } } } }" }),
            "",
        ),
        (
            "garbage cursor",
            json!({ "query": "{ clinics { clients(first: 1, after: \"!!\") { nodes { id } } } }" }),
            "",
        ),
        (
            "unknown field",
            json!({ "query": "{ clinics { nope } }" }),
            "",
        ),
        (
            "unknown operation name",
            json!({ "query": "query A { __typename }", "operationName": "B" }),
            "",
        ),
        (
            "two operations, none named",
            json!({ "query": "query A { __typename } query B { __typename }" }),
            "",
        ),
        (
            "unknown enum value",
            json!({ "query": "{ clinics { clients(first: 1, orderBy: { field: SHOE_SIZE }) { nodes { id } } } }" }),
            "",
        ),
        (
            "unknown fragment",
            json!({ "query": "{ clinics { ...Nope } }" }),
            "",
        ),
    ];
    for (case, body, field) in mistakes {
        let (status, _, answer) = post(&running, Some(&token), None, body.clone()).await;
        let codes = codes(&answer);
        assert!(!codes.is_empty(), "{case}: no error at all: {answer}");
        assert!(
            !codes.iter().any(|c| c == "INTERNAL"),
            "{case} is answered as a server fault: {answer}"
        );
        assert!(
            codes
                .iter()
                .all(|c| ["BAD_USER_INPUT", "NOT_FOUND", "LIMIT_EXCEEDED"].contains(&c.as_str())),
            "{case}: {answer}"
        );
        assert_eq!(status, 200, "{case} under application/json: {answer}");
        if !field.is_empty() {
            assert_eq!(
                answer["errors"][0]["extensions"]["field"], field,
                "{case}: {answer}"
            );
            let (status, _, strict) = post(
                &running,
                Some(&token),
                Some("application/graphql-response+json"),
                body,
            )
            .await;
            assert_eq!(
                status, 400,
                "{case} under application/graphql-response+json: {strict}"
            );
            assert!(strict.get("data").is_none());
        }
    }
}

#[tokio::test]
async fn response_keys_follow_the_selection_order() {
    let db = TestDb::demo().await;
    let running = start(
        db.app(),
        db.owner().await,
        Protection::defaults(),
        default_options(),
    )
    .await;
    let token = user_token(fixtures::USER_SUNRISE_OWNER);
    // Reverse alphabetical on purpose, with an alias and a fragment.
    let query = "{ me { user { lastName email } zz: clerkUserId memberships { role clinic { name id } } ...Who } } fragment Who on Me { activeClinic { name } }";
    let text = client()
        .post(running.url("/graphql"))
        .bearer_auth(&token)
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let position = |key: &str| {
        text.find(&format!("\"{key}\""))
            .unwrap_or_else(|| panic!("{key} missing in {text}"))
    };
    assert!(position("user") < position("zz"), "{text}");
    assert!(position("zz") < position("memberships"), "{text}");
    assert!(position("memberships") < position("activeClinic"), "{text}");
    assert!(position("lastName") < position("email"), "{text}");
    assert!(
        position("role") < position("clinic") && position("name") < position("id"),
        "{text}"
    );
}

#[tokio::test]
async fn browsers_on_an_allowed_origin_may_call_and_others_may_not() {
    let db = TestDb::demo().await;
    let mut protection = Protection::defaults();
    protection.cors_origins = vec!["https://app.vet.test".into()];
    let running = start(db.app(), db.owner().await, protection, default_options()).await;
    let http = client();
    let preflight = |origin: &'static str| {
        http.request(reqwest::Method::OPTIONS, running.url("/graphql"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
    };
    let response = preflight("https://app.vet.test").await.unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    let headers = response.headers();
    assert_eq!(
        headers["access-control-allow-origin"],
        "https://app.vet.test"
    );
    assert_eq!(headers["access-control-allow-credentials"], "true");
    let allowed = headers["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        allowed.contains("authorization") && allowed.contains("content-type"),
        "{allowed}"
    );
    assert!(
        headers["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    let response = preflight("https://evil.test").await.unwrap();
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "another origin is not allowed"
    );

    let response = http
        .post(running.url("/graphql"))
        .header("origin", "https://app.vet.test")
        .bearer_auth(user_token(fixtures::USER_SUNRISE_OWNER))
        .json(&json!({ "query": "{ clinics { name } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://app.vet.test"
    );
    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(
        exposed.contains("retry-after") && exposed.contains("x-request-id"),
        "{exposed}"
    );
    assert!(
        response.headers().get("vary").is_some(),
        "caches must key on the origin"
    );
}

#[test]
fn cors_defaults_follow_the_mode() {
    use clap::Parser as _;
    use server::config::Mode;
    let cli = server::config::Cli::parse_from(["gateway"]);
    assert!(
        cli.serve
            .http
            .cors_origins_for(Mode::Production)
            .unwrap()
            .is_empty(),
        "none by default in production"
    );
    let development = cli.serve.http.cors_origins_for(Mode::Development).unwrap();
    assert!(
        development.contains(&"http://127.0.0.1:8000".to_owned())
            && development.contains(&"http://localhost:8000".to_owned()),
        "{development:?}"
    );
    let wildcard = server::config::Cli::parse_from(["gateway", "--cors-origins", "*"]);
    assert!(
        wildcard
            .serve
            .http
            .cors_origins_for(Mode::Production)
            .is_err()
    );
    let path = server::config::Cli::parse_from([
        "gateway",
        "--cors-origins",
        "https://app.example.com/login",
    ]);
    assert!(path.serve.http.cors_origins_for(Mode::Production).is_err());
}

fn gateway(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_gateway"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("run gateway")
}

#[tokio::test]
async fn each_subcommand_shows_its_own_options_and_token_checks_the_user() {
    let help = gateway(&["token", "--help"], &[]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success());
    assert!(
        text.contains("--user") && text.contains("--service"),
        "{text}"
    );
    for foreign in [
        "--max-complexity",
        "--listen",
        "--redis-url",
        "--jwks-refresh-secs",
    ] {
        assert!(
            !text.contains(foreign),
            "`gateway token --help` lists {foreign}:\n{text}"
        );
    }
    assert!(text.lines().count() < 120, "{} lines", text.lines().count());
    let migrate =
        String::from_utf8_lossy(&gateway(&["migrate", "--help"], &[]).stdout).into_owned();
    assert!(
        !migrate.contains("--max-complexity") && migrate.contains("--database-url"),
        "{migrate}"
    );

    let db = TestDb::demo().await;
    let unknown = gateway(
        &["token", "--user", "does_not_exist"],
        &[("DATABASE_URL", &db.url())],
    );
    assert!(!unknown.status.success(), "a token for an unknown user");
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("does_not_exist") && stderr.contains("no user"),
        "{stderr}"
    );
    let wrong_org = gateway(
        &[
            "token",
            "--user",
            fixtures::USER_SUNRISE_OWNER,
            "--org",
            fixtures::HARBOR.clerk_org_id,
        ],
        &[("DATABASE_URL", &db.url())],
    );
    assert!(
        !wrong_org.status.success(),
        "{}",
        String::from_utf8_lossy(&wrong_org.stdout)
    );
    let good = gateway(
        &["token", "--user", fixtures::USER_SUNRISE_OWNER],
        &[("DATABASE_URL", &db.url())],
    );
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let token = String::from_utf8_lossy(&good.stdout).trim().to_owned();
    assert_eq!(token.split('.').count(), 3, "{token}");
    let unchecked = gateway(&["token", "--user", "does_not_exist", "--no-check"], &[]);
    assert!(unchecked.status.success());
    let service = gateway(&["token", "--service", "--ttl", "30d"], &[]);
    assert!(
        !service.status.success(),
        "a service token beyond the maximum lifetime"
    );
}

#[test]
fn the_readme_configuration_table_is_one_table() {
    let readme = std::fs::read_to_string(repository().join("README.md")).unwrap();
    let section = readme
        .split("## Configuration")
        .nth(1)
        .expect("a configuration section");
    let lines: Vec<&str> = section.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with("| variable"))
        .expect("the table");
    let rows: Vec<&&str> = lines[first..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .collect();
    let after = lines[first + rows.len()..]
        .iter()
        .find(|l| !l.trim().is_empty())
        .copied()
        .unwrap_or_default();
    assert!(
        !after.starts_with('|'),
        "a blank line splits the configuration table"
    );
    // Every variable the gateway reads is in the table.
    let help = String::from_utf8_lossy(&gateway(&["serve", "--help"], &[]).stdout).into_owned();
    for variable in help
        .split("[env: ")
        .skip(1)
        .filter_map(|s| s.split(['=', ']']).next())
    {
        assert!(
            rows.iter()
                .any(|row| row.contains(&format!("`{variable}`"))),
            "{variable} is missing from the README table"
        );
    }
}

/// The exact introspection texts the tools send (`tests/fixtures/introspection`, see its README).
fn introspection_fixtures() -> Vec<(String, String)> {
    let dir = repository().join("tests/fixtures/introspection");
    let mut fixtures: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "graphql"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    fixtures.sort();
    assert!(fixtures.len() >= 6, "the fixtures are there");
    fixtures
}

#[tokio::test]
async fn introspection_tools_read_the_schema_where_introspection_is_allowed() {
    let db = TestDb::demo().await;
    // Development: introspection for everyone, the default limits.
    let mut open = Protection::defaults();
    open.introspection = server::config::Introspection::All;
    let development = start(db.app(), db.owner().await, open, default_options()).await;
    // Production: introspection for staff only.
    let mut staff_only = Protection::defaults();
    staff_only.staff = std::collections::HashSet::from([fixtures::USER_SUNRISE_ADMIN.to_owned()]);
    let production = start(db.app(), db.owner().await, staff_only, default_options()).await;
    let staff = user_token(fixtures::USER_SUNRISE_ADMIN);
    let member = user_token(fixtures::USER_SUNRISE_MEMBER);
    for (name, text) in introspection_fixtures() {
        let operation = if text.contains("query IntrospectionQuery") {
            Some("IntrospectionQuery")
        } else {
            None
        };
        let body = json!({ "query": text, "operationName": operation });
        for (running, token, who) in [
            (&development, None, "anyone in development"),
            (&production, Some(staff.as_str()), "staff in production"),
        ] {
            let (status, _, answer) = post(running, token, None, body.clone()).await;
            assert_eq!(status, 200, "{name} for {who}: {answer}");
            assert!(answer.get("errors").is_none(), "{name} for {who}: {answer}");
            let types = answer["data"]["__schema"]["types"]
                .as_array()
                .unwrap_or_else(|| panic!("{name}: {answer}"));
            assert!(
                types.iter().any(|t| t["name"] == "Clinic"),
                "{name} for {who}: the schema's types"
            );
        }
        // Everyone else in production learns nothing about the schema.
        let (_, _, answer) = post(&production, Some(&member), None, body).await;
        assert!(
            answer["data"]["__schema"].is_null() || answer.get("errors").is_some(),
            "{name} for a member: {answer}"
        );
    }
    // Introspection does not loosen the limits of data queried beside it.
    let deep_data = "{ __schema { queryType { name } } clinics { clients { nodes { patients { nodes { client { patients { nodes { client { patients { nodes { client { patients { nodes { name } } } } } } } } } } } } } } }";
    let (_, _, answer) = post(
        &development,
        Some(&staff),
        None,
        json!({ "query": deep_data }),
    )
    .await;
    assert_eq!(codes(&answer), ["LIMIT_EXCEEDED"], "{answer}");
}

#[tokio::test]
async fn fragment_bombs_are_refused_at_once_and_the_gateway_stays_responsive() {
    let db = TestDb::demo().await;
    let running = start(
        db.app(),
        db.owner().await,
        Protection::defaults(),
        default_options(),
    )
    .await;
    // The 50-byte self-spreading bomb, a doubling chain of 30 fragments, and a cycle of 32.
    let chain: String = (0..30)
        .map(|i| format!("fragment F{i} on Query {{ ...F{} ...F{} }} ", i + 1, i + 1))
        .collect::<String>()
        + "fragment F30 on Query { __typename }";
    let cycle: String = (0..32)
        .map(|i| format!("fragment C{i} on Query {{ ...C{} }} ", (i + 1) % 32))
        .collect();
    let bombs = [
        "{ ...A } fragment A on Query { ...A ...A ...A }".to_owned(),
        format!("{{ ...F0 }} {chain}"),
        format!("{{ ...C0 }} {cycle}"),
    ];
    let mut waiting = Vec::new();
    for bomb in bombs {
        let url = running.url("/graphql");
        waiting.push(tokio::spawn(async move {
            client()
                .post(url)
                .json(&json!({ "query": bomb }))
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }));
    }
    // While they are being refused, the process answers health checks.
    let health = client().get(running.url("/healthz")).send().await.unwrap();
    assert!(health.status().is_success());
    for bomb in waiting {
        let answer = tokio::time::timeout(Duration::from_secs(10), bomb)
            .await
            .expect("answered")
            .unwrap();
        let code = answer["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(
            code == "BAD_USER_INPUT" || code == "LIMIT_EXCEEDED",
            "{answer}"
        );
    }
}
