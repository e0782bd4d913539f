//! The JWT attack matrix, through the real router: every token that should be refused gets the
//! same 401 (`UNAUTHENTICATED`, one message, `WWW-Authenticate`), and the good ones work.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::seed::demo::fixtures;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode, get_current_timestamp};
use serde_json::{Value, json};
use server::auth::jwks::{JwksSource, KeySet};
use server::auth::{Authenticator, SERVICE_AUDIENCE, SERVICE_KEY_ID};
use server::config::Mode;
use testkit::TestDb;
use tower::ServiceExt as _;

const ISSUER: &str = "https://clerk.vet.test";
const ALLOWED_ORIGIN: &str = "https://app.vet.test";
const SERVICE_SECRET: &[u8] = b"service-secret-for-tests-only-0123456789";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/jwt").join(name)
}

fn rsa_key() -> EncodingKey {
    EncodingKey::from_rsa_pem(&std::fs::read(fixture("rsa_private.pem")).unwrap()).unwrap()
}

fn ec_key() -> EncodingKey {
    EncodingKey::from_ec_pem(&std::fs::read(fixture("ec_private.pem")).unwrap()).unwrap()
}

async fn router(db: &TestDb, audience: Option<&str>) -> Router {
    let jwks = KeySet::load(JwksSource::File(fixture("jwks.json")), Duration::from_secs(60), Duration::from_secs(300))
        .await
        .expect("fixture JWKS");
    let auth = Authenticator {
        jwks: Some(std::sync::Arc::new(jwks)),
        dev_secret: None,
        issuer: Some(ISSUER.into()),
        audience: audience.map(str::to_owned),
        allowed_azp: HashSet::from([ALLOWED_ORIGIN.to_owned()]),
        require_azp: false,
        service_secret: Some(SERVICE_SECRET.to_vec()),
        service_max_ttl: Duration::from_secs(server::config::DEFAULT_SERVICE_TOKEN_MAX_TTL_SECS),
    };
    server::build_router(server::AppState::new(db.app(), db.owner().await, auth, Mode::Production, server::Protection::defaults()))
}

fn good_claims() -> Value {
    let now = get_current_timestamp();
    json!({
        "sub": fixtures::USER_SUNRISE_OWNER,
        "iss": ISSUER,
        "exp": now + 300,
        "nbf": now - 10,
        "iat": now - 10,
        "azp": ALLOWED_ORIGIN,
    })
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

fn without(mut claims: Value, key: &str) -> Value {
    claims.as_object_mut().unwrap().remove(key);
    claims
}

fn sign(alg: Algorithm, kid: Option<&str>, claims: &Value, key: &EncodingKey) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    encode(&header, claims, key).unwrap()
}

fn rs256(claims: &Value) -> String {
    sign(Algorithm::RS256, Some("rsa-test-1"), claims, &rsa_key())
}

/// A token assembled by hand (for headers the library refuses to produce).
fn raw_token(header: Value, claims: &Value, signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

async fn call(router: &Router, authorization: Option<String>) -> (StatusCode, Option<String>, Value) {
    let mut request = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    let request = request
        .body(Body::from(r#"{"query":"{ me { clerkUserId } clinics { name } }"}"#))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let www = response
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned());
    let body = axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, www, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn assert_refused(router: &Router, case: &str, authorization: String) {
    let (status, www, body) = call(router, Some(authorization)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}: {body}");
    assert!(www.is_some_and(|w| w.starts_with("Bearer")), "{case}: WWW-Authenticate");
    assert_eq!(
        body,
        json!({"errors": [{"message": "invalid or missing credentials", "extensions": {"code": "UNAUTHENTICATED"}}]}),
        "{case}: one uniform answer"
    );
}

#[tokio::test]
async fn tokens_that_must_be_refused_are_all_refused_alike() {
    let db = TestDb::demo().await;
    let router = router(&db, None).await;
    let now = get_current_timestamp();
    let good = good_claims();
    let rsa_public_pem = std::fs::read(fixture("rsa_public.pem")).unwrap();

    let cases: Vec<(&str, String)> = vec![
        ("alg none", raw_token(json!({"alg": "none", "typ": "JWT"}), &good, b"")),
        ("alg none, no signature part", format!("{}.{}.", URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#), URL_SAFE_NO_PAD.encode(good.to_string()))),
        (
            "algorithm confusion: HS256 signed with the RSA public key",
            sign(Algorithm::HS256, Some("rsa-test-1"), &good, &EncodingKey::from_secret(&rsa_public_pem)),
        ),
        (
            "HS256 with the JWKS's symmetric key",
            sign(Algorithm::HS256, Some("oct-test-1"), &good, &EncodingKey::from_secret(b"this-symmetric-key-must-never-be-trusted")),
        ),
        ("expired", rs256(&with(good.clone(), "exp", json!(now - 60)))),
        ("not yet valid", rs256(&with(good.clone(), "nbf", json!(now + 60)))),
        ("wrong issuer", rs256(&with(good.clone(), "iss", json!("https://evil.test")))),
        ("missing issuer", rs256(&without(good.clone(), "iss"))),
        ("missing subject", rs256(&without(good.clone(), "sub"))),
        ("missing expiry", rs256(&without(good.clone(), "exp"))),
        ("an audience nobody configured", rs256(&with(good.clone(), "aud", json!("some-other-api")))),
        ("a user token with the service audience", rs256(&with(good.clone(), "aud", json!(SERVICE_AUDIENCE)))),
        ("unknown key id", sign(Algorithm::RS256, Some("rsa-test-2"), &good, &rsa_key())),
        ("no key id", sign(Algorithm::RS256, None, &good, &rsa_key())),
        ("key id of an ES256 key on an RS256 token", sign(Algorithm::RS256, Some("ec-test-1"), &good, &rsa_key())),
        ("bad signature", {
            let token = rs256(&good);
            let (head, _) = token.rsplit_once('.').unwrap();
            let forged = rs256(&with(good.clone(), "sub", json!(fixtures::USER_HARBOR_OWNER)));
            let (_, signature) = forged.rsplit_once('.').unwrap();
            format!("{head}.{signature}")
        }),
        ("tampered payload", {
            let token = rs256(&good);
            let parts: Vec<&str> = token.split('.').collect();
            let evil = URL_SAFE_NO_PAD.encode(with(good.clone(), "sub", json!(fixtures::USER_HARBOR_OWNER)).to_string());
            format!("{}.{}.{}", parts[0], evil, parts[2])
        }),
        ("jku pointing elsewhere with an unknown kid", raw_token(
            json!({"alg": "RS256", "kid": "attacker", "jku": "https://evil.test/jwks.json"}), &good, b"sig")),
        ("azp not an allowed origin", rs256(&with(good.clone(), "azp", json!("https://evil.test")))),
        ("unknown user", rs256(&with(good.clone(), "sub", json!("user_nobody")))),
        ("service kid signed with RSA", sign(Algorithm::RS256, Some(SERVICE_KEY_ID), &good, &rsa_key())),
        ("service token with the wrong secret", {
            let claims = json!({"sub": "service:jobs", "iss": "vet-gateway", "aud": SERVICE_AUDIENCE, "exp": now + 300});
            sign(Algorithm::HS256, Some(SERVICE_KEY_ID), &claims, &EncodingKey::from_secret(b"not-the-service-secret-not-the-service"))
        }),
        ("service token without audience", {
            let claims = json!({"sub": "service:jobs", "iss": "vet-gateway", "exp": now + 300});
            sign(Algorithm::HS256, Some(SERVICE_KEY_ID), &claims, &EncodingKey::from_secret(SERVICE_SECRET))
        }),
        ("service token with a user subject", {
            let claims = json!({"sub": fixtures::USER_SUNRISE_OWNER, "iss": "vet-gateway", "aud": SERVICE_AUDIENCE, "exp": now + 300});
            sign(Algorithm::HS256, Some(SERVICE_KEY_ID), &claims, &EncodingKey::from_secret(SERVICE_SECRET))
        }),
        ("garbage", "not-a-token".into()),
    ];
    for (case, token) in cases {
        assert_refused(&router, case, format!("Bearer {token}")).await;
    }
    assert_refused(&router, "not a bearer token", "Basic dXNlcjpwYXNz".into()).await;
    assert_refused(&router, "empty bearer", "Bearer ".into()).await;
    assert_refused(&router, "oversized header", format!("Bearer {}", "a".repeat(9 * 1024))).await;
}

#[tokio::test]
async fn good_tokens_are_accepted() {
    let db = TestDb::demo().await;
    let router = router(&db, None).await;
    let good = good_claims();

    let (status, _, body) = call(&router, Some(format!("Bearer {}", rs256(&good)))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["me"]["clerkUserId"], fixtures::USER_SUNRISE_OWNER);

    let es256 = sign(Algorithm::ES256, Some("ec-test-1"), &good, &ec_key());
    let (status, _, body) = call(&router, Some(format!("Bearer {es256}"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["clinics"][0]["name"], fixtures::SUNRISE.name);

    // Clerk tokens from a backend carry no azp: accepted.
    let (status, _, body) = call(&router, Some(format!("Bearer {}", rs256(&without(good.clone(), "azp"))))).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The organization claim pins the clinic.
    let pinned = with(
        with(good.clone(), "sub", json!(fixtures::USER_MULTI)),
        "org_id",
        json!(fixtures::HARBOR.clerk_org_id),
    );
    let (_, _, body) = call(&router, Some(format!("Bearer {}", rs256(&pinned)))).await;
    assert_eq!(body["data"]["clinics"], json!([{"name": fixtures::HARBOR.name}]), "{body}");

    // The service credential.
    let service = server::auth::token::mint_service_token(SERVICE_SECRET, "jobs", Duration::from_secs(60)).unwrap();
    let (status, _, body) = call(&router, Some(format!("Bearer {service}"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["data"]["me"].is_null());
    assert_eq!(body["data"]["clinics"].as_array().unwrap().len(), 3);

    // No credential: the anonymous principal, which may read nothing.
    let (status, _, body) = call(&router, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["errors"].as_array().unwrap().iter().all(|e| e["extensions"]["code"] == "UNAUTHENTICATED"));
}

#[tokio::test]
async fn a_configured_audience_is_required() {
    let db = TestDb::demo().await;
    let router = router(&db, Some("vet-api")).await;
    let good = good_claims();
    assert_refused(&router, "no audience", format!("Bearer {}", rs256(&good))).await;
    assert_refused(&router, "wrong audience", format!("Bearer {}", rs256(&with(good.clone(), "aud", json!("other"))))).await;
    let (status, _, body) = call(&router, Some(format!("Bearer {}", rs256(&with(good, "aud", json!("vet-api")))))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn development_tokens_work_in_development_and_hs256_is_refused_in_production() {
    use clap::Parser as _;
    let dev = server::config::Cli::parse_from(["gateway"]);
    let secret = server::auth::setup::dev_user_secret(&dev.serve.auth, Mode::Development).unwrap().unwrap();
    let auth = server::auth::setup::build(&dev.serve.auth, Mode::Development).await.unwrap();
    let token = server::auth::token::mint_user_token(&secret, "user_sunrise_owner", Some("org_sunrise"), Duration::from_secs(60)).unwrap();
    let credential = auth.authenticate(Some(format!("Bearer {token}").as_bytes())).await.unwrap();
    assert_eq!(
        credential,
        server::auth::Credential::User {
            clerk_user_id: "user_sunrise_owner".into(),
            clerk_org_id: Some("org_sunrise".into())
        }
    );

    let with_secret = server::config::Cli::parse_from([
        "gateway",
        "--jwt-hs256-secret",
        "0123456789abcdef0123456789abcdef",
        "--jwks-file",
        fixture("jwks.json").to_str().unwrap(),
        "--jwt-issuer",
        ISSUER,
    ]);
    let err = server::auth::setup::build(&with_secret.serve.auth, Mode::Production).await.err().expect("refused");
    assert!(err.to_string().contains("HS256"), "{err}");
    let short = server::config::Cli::parse_from(["gateway", "--jwt-hs256-secret", "too-short"]);
    assert!(server::auth::setup::build(&short.serve.auth, Mode::Development).await.is_err());
    let no_jwks = server::config::Cli::parse_from(["gateway", "--jwt-issuer", ISSUER]);
    assert!(server::auth::setup::build(&no_jwks.serve.auth, Mode::Production).await.is_err());
}
