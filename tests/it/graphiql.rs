//! GraphiQL through the real router: the demo-user picker and its token endpoint exist in
//! development mode only, and a token it hands out works on `/graphql`.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use domain::seed::demo::fixtures;
use serde_json::Value;
use server::auth::Authenticator;
use server::config::Mode;
use testkit::TestDb;
use tower::ServiceExt as _;

const DEV_SECRET: &[u8] = b"graphiql-test-development-secret-0123456789";

async fn router(db: &TestDb, mode: Mode, dev_secret: Option<&[u8]>) -> Router {
    let auth = Authenticator::with_secrets(dev_secret.map(<[u8]>::to_vec), None);
    server::build_router(server::AppState::new(
        db.app(),
        db.owner().await,
        auth,
        mode,
        server::Protection::defaults(),
    ))
}

async fn get(router: &Router, uri: &str) -> (StatusCode, String) {
    let response = router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 8 << 20)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn production_has_the_page_but_no_demo_tokens() {
    let db = TestDb::new().await;
    // Even a configured HS256 secret must not open the endpoint in production mode.
    let router = router(&db, Mode::Production, Some(DEV_SECRET)).await;
    let (status, _) = get(&router, "/graphiql/demo-tokens").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, page) = get(&router, "/graphiql").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#""demoTokensUrl":null"#), "{page}");
    let js = &server::http::graphiql::BUNDLE.js;
    let (status, body) = get(&router, &js.url()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.len(), js.bytes.len());
}

#[tokio::test]
async fn development_without_an_hs256_secret_has_no_demo_tokens() {
    let db = TestDb::new().await;
    let router = router(&db, Mode::Development, None).await;
    assert_eq!(
        get(&router, "/graphiql/demo-tokens").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_demo_token_from_the_picker_signs_in_as_that_user() {
    let db = TestDb::demo().await;
    let router = router(&db, Mode::Development, Some(DEV_SECRET)).await;
    let (status, page) = get(&router, "/graphiql").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#""demoTokensUrl":"/graphiql/demo-tokens""#),
        "{page}"
    );

    let (status, body) = get(&router, "/graphiql/demo-tokens").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let tokens: Value = serde_json::from_str(&body).unwrap();
    let owner = tokens["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["clerkUserId"] == fixtures::USER_SUNRISE_OWNER)
        .unwrap();
    let request = Request::post("/graphql")
        .header(header::CONTENT_TYPE, "application/json")
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", owner["token"].as_str().unwrap()),
        )
        .body(Body::from(
            r#"{"query":"{ me { clerkUserId } clinics { name } }"}"#,
        ))
        .unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = serde_json::from_slice(
        &axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        body["data"]["me"]["clerkUserId"],
        fixtures::USER_SUNRISE_OWNER,
        "{body}"
    );
    assert_eq!(
        body["data"]["clinics"][0]["name"],
        fixtures::SUNRISE.name,
        "{body}"
    );
}
