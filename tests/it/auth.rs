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
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/jwt")
        .join(name)
}

fn rsa_key() -> EncodingKey {
    EncodingKey::from_rsa_pem(&std::fs::read(fixture("rsa_private.pem")).unwrap()).unwrap()
}

fn ec_key() -> EncodingKey {
    EncodingKey::from_ec_pem(&std::fs::read(fixture("ec_private.pem")).unwrap()).unwrap()
}

async fn router(db: &TestDb, audience: Option<&str>) -> Router {
    router_with(db, audience, true).await
}

async fn router_with(db: &TestDb, audience: Option<&str>, require_azp: bool) -> Router {
    let jwks = KeySet::load(
        JwksSource::File(fixture("jwks.json")),
        Duration::from_secs(60),
        Duration::from_secs(300),
    )
    .await
    .expect("fixture JWKS");
    let auth = Authenticator {
        jwks: Some(std::sync::Arc::new(jwks)),
        dev_secret: None,
        issuer: Some(ISSUER.into()),
        audience: audience.map(str::to_owned),
        allowed_azp: HashSet::from([ALLOWED_ORIGIN.to_owned()]),
        require_azp,
        service_secret: Some(SERVICE_SECRET.to_vec()),
        service_max_ttl: Duration::from_secs(server::config::DEFAULT_SERVICE_TOKEN_MAX_TTL_SECS),
    };
    server::build_router(server::AppState::new(
        db.app(),
        db.owner().await,
        auth,
        Mode::Production,
        server::Protection::defaults(),
    ))
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

async fn call(
    router: &Router,
    authorization: Option<String>,
) -> (StatusCode, Option<String>, Value) {
    let mut request = Request::post("/graphql").header(header::CONTENT_TYPE, "application/json");
    if let Some(value) = authorization {
        request = request.header(header::AUTHORIZATION, value);
    }
    let request = request
        .body(Body::from(
            r#"{"query":"{ me { clerkUserId } clinics { name } }"}"#,
        ))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let www = response
        .headers()
        .get(header::WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned());
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        www,
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    )
}

async fn assert_refused(router: &Router, case: &str, authorization: String) {
    let (status, www, body) = call(router, Some(authorization)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{case}: {body}");
    assert!(
        www.is_some_and(|w| w.starts_with("Bearer")),
        "{case}: WWW-Authenticate"
    );
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
        (
            "alg none",
            raw_token(json!({"alg": "none", "typ": "JWT"}), &good, b""),
        ),
        (
            "alg none, no signature part",
            format!(
                "{}.{}.",
                URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
                URL_SAFE_NO_PAD.encode(good.to_string())
            ),
        ),
        (
            "algorithm confusion: HS256 signed with the RSA public key",
            sign(
                Algorithm::HS256,
                Some("rsa-test-1"),
                &good,
                &EncodingKey::from_secret(&rsa_public_pem),
            ),
        ),
        (
            "HS256 with the JWKS's symmetric key",
            sign(
                Algorithm::HS256,
                Some("oct-test-1"),
                &good,
                &EncodingKey::from_secret(b"this-symmetric-key-must-never-be-trusted"),
            ),
        ),
        (
            "expired",
            rs256(&with(good.clone(), "exp", json!(now - 60))),
        ),
        (
            "not yet valid",
            rs256(&with(good.clone(), "nbf", json!(now + 60))),
        ),
        (
            "wrong issuer",
            rs256(&with(good.clone(), "iss", json!("https://evil.test"))),
        ),
        ("missing issuer", rs256(&without(good.clone(), "iss"))),
        ("missing subject", rs256(&without(good.clone(), "sub"))),
        ("missing expiry", rs256(&without(good.clone(), "exp"))),
        (
            "an audience nobody configured",
            rs256(&with(good.clone(), "aud", json!("some-other-api"))),
        ),
        (
            "a user token with the service audience",
            rs256(&with(good.clone(), "aud", json!(SERVICE_AUDIENCE))),
        ),
        (
            "unknown key id",
            sign(Algorithm::RS256, Some("rsa-test-2"), &good, &rsa_key()),
        ),
        ("no key id", sign(Algorithm::RS256, None, &good, &rsa_key())),
        (
            "key id of an ES256 key on an RS256 token",
            sign(Algorithm::RS256, Some("ec-test-1"), &good, &rsa_key()),
        ),
        ("bad signature", {
            let token = rs256(&good);
            let (head, _) = token.rsplit_once('.').unwrap();
            let forged = rs256(&with(
                good.clone(),
                "sub",
                json!(fixtures::USER_HARBOR_OWNER),
            ));
            let (_, signature) = forged.rsplit_once('.').unwrap();
            format!("{head}.{signature}")
        }),
        ("tampered payload", {
            let token = rs256(&good);
            let parts: Vec<&str> = token.split('.').collect();
            let evil = URL_SAFE_NO_PAD
                .encode(with(good.clone(), "sub", json!(fixtures::USER_HARBOR_OWNER)).to_string());
            format!("{}.{}.{}", parts[0], evil, parts[2])
        }),
        (
            "jku pointing elsewhere with an unknown kid",
            raw_token(
                json!({"alg": "RS256", "kid": "attacker", "jku": "https://evil.test/jwks.json"}),
                &good,
                b"sig",
            ),
        ),
        (
            "azp not an allowed origin",
            rs256(&with(good.clone(), "azp", json!("https://evil.test"))),
        ),
        (
            "unknown user",
            rs256(&with(good.clone(), "sub", json!("user_nobody"))),
        ),
        (
            "service kid signed with RSA",
            sign(Algorithm::RS256, Some(SERVICE_KEY_ID), &good, &rsa_key()),
        ),
        ("service token with the wrong secret", {
            let claims = json!({"sub": "service:jobs", "iss": "vet-gateway", "aud": SERVICE_AUDIENCE, "exp": now + 300});
            sign(
                Algorithm::HS256,
                Some(SERVICE_KEY_ID),
                &claims,
                &EncodingKey::from_secret(b"not-the-service-secret-not-the-service"),
            )
        }),
        ("service token without audience", {
            let claims = json!({"sub": "service:jobs", "iss": "vet-gateway", "exp": now + 300});
            sign(
                Algorithm::HS256,
                Some(SERVICE_KEY_ID),
                &claims,
                &EncodingKey::from_secret(SERVICE_SECRET),
            )
        }),
        ("service token with a user subject", {
            let claims = json!({"sub": fixtures::USER_SUNRISE_OWNER, "iss": "vet-gateway", "aud": SERVICE_AUDIENCE, "exp": now + 300});
            sign(
                Algorithm::HS256,
                Some(SERVICE_KEY_ID),
                &claims,
                &EncodingKey::from_secret(SERVICE_SECRET),
            )
        }),
        ("garbage", "not-a-token".into()),
    ];
    for (case, token) in cases {
        assert_refused(&router, case, format!("Bearer {token}")).await;
    }
    assert_refused(&router, "not a bearer token", "Basic dXNlcjpwYXNz".into()).await;
    assert_refused(&router, "empty bearer", "Bearer ".into()).await;
    assert_refused(
        &router,
        "oversized header",
        format!("Bearer {}", "a".repeat(9 * 1024)),
    )
    .await;
}

#[tokio::test]
async fn good_tokens_are_accepted() {
    let db = TestDb::demo().await;
    let router = router(&db, None).await;
    let good = good_claims();

    let (status, _, body) = call(&router, Some(format!("Bearer {}", rs256(&good)))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["data"]["me"]["clerkUserId"],
        fixtures::USER_SUNRISE_OWNER
    );

    let es256 = sign(Algorithm::ES256, Some("ec-test-1"), &good, &ec_key());
    let (status, _, body) = call(&router, Some(format!("Bearer {es256}"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["clinics"][0]["name"], fixtures::SUNRISE.name);

    // With an azp allow-list, a token without azp is refused by default…
    let no_azp = format!("Bearer {}", rs256(&without(good.clone(), "azp")));
    assert_refused(&router, "no azp with an allow-list", no_azp.clone()).await;
    // …and accepted where server-to-server tokens were allowed (GATEWAY_JWT_REQUIRE_AZP=false).
    let lenient = router_with(&db, None, false).await;
    let (status, _, body) = call(&lenient, Some(no_azp)).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // The organization claim pins the clinic.
    let pinned = with(
        with(good.clone(), "sub", json!(fixtures::USER_MULTI)),
        "org_id",
        json!(fixtures::HARBOR.clerk_org_id),
    );
    let (_, _, body) = call(&router, Some(format!("Bearer {}", rs256(&pinned)))).await;
    assert_eq!(
        body["data"]["clinics"],
        json!([{"name": fixtures::HARBOR.name}]),
        "{body}"
    );

    // The service credential.
    let service =
        server::auth::token::mint_service_token(SERVICE_SECRET, "jobs", Duration::from_secs(60))
            .unwrap();
    let (status, _, body) = call(&router, Some(format!("Bearer {service}"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["data"]["me"].is_null());
    assert_eq!(body["data"]["clinics"].as_array().unwrap().len(), 3);

    // No credential: the anonymous principal, which may read nothing.
    let (status, _, body) = call(&router, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["extensions"]["code"] == "UNAUTHENTICATED")
    );
}

#[tokio::test]
async fn a_configured_audience_is_required() {
    let db = TestDb::demo().await;
    let router = router(&db, Some("vet-api")).await;
    let good = good_claims();
    assert_refused(&router, "no audience", format!("Bearer {}", rs256(&good))).await;
    assert_refused(
        &router,
        "wrong audience",
        format!(
            "Bearer {}",
            rs256(&with(good.clone(), "aud", json!("other")))
        ),
    )
    .await;
    let (status, _, body) = call(
        &router,
        Some(format!(
            "Bearer {}",
            rs256(&with(good, "aud", json!("vet-api")))
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn development_tokens_work_in_development_and_hs256_is_refused_in_production() {
    use clap::Parser as _;
    let dev = server::config::Cli::parse_from(["gateway"]);
    let secret = server::auth::setup::dev_user_secret(&dev.serve.auth, Mode::Development)
        .unwrap()
        .unwrap();
    let auth = server::auth::setup::build(&dev.serve.auth, Mode::Development)
        .await
        .unwrap();
    let token = server::auth::token::mint_user_token(
        &secret,
        "user_sunrise_owner",
        Some("org_sunrise"),
        Duration::from_secs(60),
    )
    .unwrap();
    let credential = auth
        .authenticate(Some(format!("Bearer {token}").as_bytes()))
        .await
        .unwrap();
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
    let err = server::auth::setup::build(&with_secret.serve.auth, Mode::Production)
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("HS256"), "{err}");
    let short = server::config::Cli::parse_from(["gateway", "--jwt-hs256-secret", "too-short"]);
    assert!(
        server::auth::setup::build(&short.serve.auth, Mode::Development)
            .await
            .is_err()
    );
    let no_jwks = server::config::Cli::parse_from(["gateway", "--jwt-issuer", ISSUER]);
    assert!(
        server::auth::setup::build(&no_jwks.serve.auth, Mode::Production)
            .await
            .is_err()
    );
}

/// A token with exactly this JOSE header, properly signed with the fixture RSA key: a refusal
/// is then the header's doing, not a bad signature's.
fn rs256_with_header(header: Value, claims: &Value) -> String {
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature =
        jsonwebtoken::crypto::sign(message.as_bytes(), &rsa_key(), Algorithm::RS256).unwrap();
    format!("{message}.{signature}")
}

#[tokio::test]
async fn every_jose_header_parameter_is_covered() {
    let db = TestDb::demo().await;
    let router = router(&db, None).await;
    let good = good_claims();
    let base = json!({ "alg": "RS256", "kid": "rsa-test-1", "typ": "JWT" });
    // The control: this header, signed this way, is accepted.
    let (status, _, body) = call(
        &router,
        Some(format!("Bearer {}", rs256_with_header(base.clone(), &good))),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, _, _) = call(
        &router,
        Some(format!(
            "Bearer {}",
            rs256_with_header(
                json!({"alg": "RS256", "kid": "rsa-test-1", "x5t": "aGFzaA"}),
                &good
            )
        )),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "a thumbprint alone changes nothing");
    let header = |extra: Value| {
        let mut h = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            h[k] = v.clone();
        }
        h
    };
    let jwk = json!({ "kty": "RSA", "n": "sXch", "e": "AQAB", "kid": "attacker" });
    let cases = [
        (
            "crit naming an unknown extension (RFC 7515 4.1.11)",
            header(json!({ "crit": ["http://example.com/ext"], "http://example.com/ext": true })),
        ),
        (
            "crit naming a registered claim",
            header(json!({ "crit": ["exp"] })),
        ),
        ("empty crit", header(json!({ "crit": [] }))),
        (
            "b64 false with crit (RFC 7797)",
            header(json!({ "b64": false, "crit": ["b64"] })),
        ),
        ("b64 without crit", header(json!({ "b64": false }))),
        (
            "jku pointing elsewhere",
            header(json!({ "jku": "https://attacker.example/jwks.json" })),
        ),
        (
            "x5u pointing elsewhere",
            header(json!({ "x5u": "https://attacker.example/cert.pem" })),
        ),
        ("embedded jwk", header(json!({ "jwk": jwk }))),
        (
            "embedded x5c chain",
            header(json!({ "x5c": ["MIIBszCCAVmgAwIBAgIJAOc"] })),
        ),
        (
            "kid path traversal",
            header(json!({ "kid": "../../../../dev/null" })),
        ),
        (
            "kid SQL injection",
            header(json!({ "kid": "rsa-test-1' OR '1'='1" })),
        ),
        (
            "kid with a NUL",
            header(json!({ "kid": "rsa-test-1\u{0}" })),
        ),
        (
            "kid far too long",
            header(json!({ "kid": "k".repeat(300) })),
        ),
        ("kid not a string", header(json!({ "kid": 1 }))),
        (
            "typ of another kind of token",
            header(json!({ "typ": "JOSE+JSON" })),
        ),
        ("typ of a JWE", header(json!({ "typ": "JWE" }))),
        ("nested token (cty)", header(json!({ "cty": "JWT" }))),
        ("JWE enc member", header(json!({ "enc": "A256GCM" }))),
        ("zip member", header(json!({ "zip": "DEF" }))),
    ];
    for (case, header) in cases {
        assert_refused(
            &router,
            case,
            format!("Bearer {}", rs256_with_header(header, &good)),
        )
        .await;
    }
    // A member named twice (the JSON text itself, since serde would keep one).
    let twice = r#"{"alg":"RS256","kid":"rsa-test-1","alg":"none"}"#;
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(twice),
        URL_SAFE_NO_PAD.encode(good.to_string())
    );
    let signature =
        jsonwebtoken::crypto::sign(message.as_bytes(), &rsa_key(), Algorithm::RS256).unwrap();
    assert_refused(
        &router,
        "duplicate alg",
        format!("Bearer {message}.{signature}"),
    )
    .await;
}

#[tokio::test]
async fn service_tokens_have_a_maximum_lifetime() {
    let db = TestDb::demo().await;
    let router = router(&db, None).await;
    let now = get_current_timestamp();
    let service = |claims: Value| {
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(SERVICE_KEY_ID.to_owned());
        encode(&header, &claims, &EncodingKey::from_secret(SERVICE_SECRET)).unwrap()
    };
    let claims = |iat: Option<u64>, exp: u64| {
        let mut c = json!({ "sub": "service:jobs", "iss": "vet-gateway", "aud": SERVICE_AUDIENCE, "exp": exp, "nbf": now - 5 });
        if let Some(iat) = iat {
            c["iat"] = json!(iat);
        }
        c
    };
    let day = server::config::DEFAULT_SERVICE_TOKEN_MAX_TTL_SECS;
    let (status, _, body) = call(
        &router,
        Some(format!("Bearer {}", service(claims(Some(now), now + 3600)))),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_refused(
        &router,
        "service token for a year",
        format!("Bearer {}", service(claims(Some(now), now + 365 * 86_400))),
    )
    .await;
    assert_refused(
        &router,
        "service token a second over the maximum",
        format!("Bearer {}", service(claims(Some(now), now + day + 1))),
    )
    .await;
    assert_refused(
        &router,
        "service token without iat",
        format!("Bearer {}", service(claims(None, now + 60))),
    )
    .await;
    assert_refused(
        &router,
        "service token issued in the future",
        format!("Bearer {}", service(claims(Some(now + 600), now + 900))),
    )
    .await;
}

#[tokio::test]
async fn a_key_withdrawn_from_the_jwks_stops_being_trusted() {
    let db = TestDb::demo().await;
    // A JWKS file of this test's own, which it rotates.
    let dir = std::env::temp_dir().join(format!("vetgw-jwks-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("jwks.json");
    let full: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("jwks.json")).unwrap()).unwrap();
    std::fs::write(&path, full.to_string()).unwrap();
    let jwks = std::sync::Arc::new(
        KeySet::load(
            JwksSource::File(path.clone()),
            Duration::from_secs(60),
            Duration::from_secs(300),
        )
        .await
        .unwrap(),
    );
    let auth = Authenticator {
        jwks: Some(jwks.clone()),
        dev_secret: None,
        issuer: Some(ISSUER.into()),
        audience: None,
        allowed_azp: HashSet::from([ALLOWED_ORIGIN.to_owned()]),
        require_azp: true,
        service_secret: None,
        service_max_ttl: Duration::from_secs(3600),
    };
    let router = server::build_router(server::AppState::new(
        db.app(),
        db.owner().await,
        auth,
        Mode::Production,
        server::Protection::defaults(),
    ));
    let token = format!("Bearer {}", rs256(&good_claims()));
    let (status, _, _) = call(&router, Some(token.clone())).await;
    assert_eq!(status, StatusCode::OK);
    // The identity provider withdraws the RSA key; the next scheduled refresh forgets it.
    let mut rotated = full.clone();
    rotated["keys"]
        .as_array_mut()
        .unwrap()
        .retain(|k| k["kid"] != "rsa-test-1");
    std::fs::write(&path, rotated.to_string()).unwrap();
    assert!(jwks.refresh_now().await);
    assert!(!jwks.key_ids().await.contains(&"rsa-test-1".to_owned()));
    assert_refused(&router, "token signed with a withdrawn key", token).await;
    // The refresher task keeps running on its schedule for as long as the key set lives.
    let refresher = server::auth::jwks::spawn_refresher(&jwks);
    assert!(!refresher.is_finished());
    refresher.abort();
    let _ = std::fs::remove_dir_all(&dir);
}
