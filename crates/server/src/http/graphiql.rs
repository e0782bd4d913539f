//! GraphiQL served entirely from the binary, so it works on a machine without internet and no
//! request of the page leaves the gateway's origin.
//!
//! - `GET /graphiql`: the page. It references the bundle by content-hashed URL with
//!   `integrity="sha384-…"`, carries its settings (endpoint, the README's first query, whether
//!   the demo-user picker exists) in a JSON data block, and is served with a
//!   `Content-Security-Policy` that allows nothing but `'self'` (plus `data:` for the images and
//!   fonts that GraphiQL's stylesheet inlines, and per-response nonce for the `<style>` elements
//!   that GraphiQL's dialogs insert).
//! - `GET /graphiql/assets/<name>.<hash>.js|css`: the bundle (built by
//!   `crates/server/assets/graphiql/build.sh`, committed, embedded with `include_bytes!`),
//!   cacheable forever because a new bundle gets a new URL.
//! - `GET /graphiql/licenses`: the licences of everything in the bundle.
//! - `GET /graphiql/demo-tokens`: development mode only (404 otherwise): short-lived tokens for
//!   the demo users, which the page's picker puts into the headers editor.

use std::sync::LazyLock;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use domain::seed::demo::fixtures;
use entity::enums::ClinicRole;
use serde_json::json;
use sha2::{Digest as _, Sha384};

use crate::app::AppState;
use crate::config::Mode;

/// The README, read at compile time: its first ```` ```graphql ```` block is the query a new
/// user is told to run, so it is also the default tab of GraphiQL (said once, in the README).
const README: &str = include_str!("../../../../README.md");

/// The README's first GraphQL block. Evaluated at compile time: a README without one does not
/// build.
pub const DEFAULT_QUERY: &str = first_graphql_block(README);

/// Lifetime of the tokens handed to the demo-user picker: long enough for a session of
/// exploring, short enough that a token copied out of a development machine soon expires.
const DEMO_TOKEN_TTL: Duration = Duration::from_secs(60 * 60);

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// The first fenced block opened by a line that is exactly ```` ```graphql ````, without its
/// fences. `const` so that a missing block is a compile error, not a blank editor.
pub const fn first_graphql_block(markdown: &str) -> &str {
    const OPEN: &[u8] = b"```graphql\n";
    const CLOSE: &[u8] = b"\n```";
    let bytes = markdown.as_bytes();
    let mut at = 0;
    let start = loop {
        match find(bytes, OPEN, at) {
            // A fence counts only at the start of a line.
            Some(i) if i == 0 || bytes[i - 1] == b'\n' => break i + OPEN.len(),
            Some(i) => at = i + 1,
            None => panic!("README.md has no ```graphql block"),
        }
    };
    let Some(end) = find(bytes, CLOSE, start - 1) else {
        panic!("README.md: the first ```graphql block is not closed");
    };
    if end < start {
        // An empty block: the closing fence directly follows the opening one.
        panic!("README.md: the first ```graphql block is empty");
    }
    let (_, rest) = bytes.split_at(start);
    let (block, _) = rest.split_at(end - start);
    match std::str::from_utf8(block) {
        Ok(text) => text,
        Err(_) => panic!("README.md is not UTF-8"),
    }
}

/// Index of the first occurrence of `needle` in `haystack` at or after `from`.
const fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i + needle.len() <= haystack.len() {
        let mut j = 0;
        while j < needle.len() && haystack[i + j] == needle[j] {
            j += 1;
        }
        if j == needle.len() {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// One file of the bundle, with the URL and integrity derived from its bytes.
pub struct Asset {
    /// Content-hashed file name, e.g. `graphiql.0123456789abcdef.js`.
    pub file_name: String,
    /// Subresource-integrity value, `sha384-<base64>`.
    pub integrity: String,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

impl Asset {
    fn new(stem: &str, extension: &str, content_type: &'static str, bytes: &'static [u8]) -> Self {
        let digest = Sha384::digest(bytes);
        // 64 bits of the digest are plenty to tell bundles apart in a URL.
        let short: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        Asset {
            file_name: format!("{stem}.{short}.{extension}"),
            integrity: format!("sha384-{}", BASE64.encode(digest)),
            content_type,
            bytes,
        }
    }

    pub fn url(&self) -> String {
        format!("/graphiql/assets/{}", self.file_name)
    }
}

/// The script and the stylesheet, hashed once per process.
pub struct Bundle {
    pub js: Asset,
    pub css: Asset,
}

pub static BUNDLE: LazyLock<Bundle> = LazyLock::new(|| Bundle {
    js: Asset::new(
        "graphiql",
        "js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../assets/graphiql/dist/graphiql.js"),
    ),
    css: Asset::new(
        "graphiql",
        "css",
        "text/css; charset=utf-8",
        include_bytes!("../../assets/graphiql/dist/graphiql.css"),
    ),
});

const LICENCES: &str = include_str!("../../assets/graphiql/dist/THIRD_PARTY_LICENSES");

/// The routes of this module, merged into the application router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/graphiql", get(page))
        .route("/graphiql/assets/{file}", get(asset))
        .route("/graphiql/licenses", get(licences))
        .route("/graphiql/demo-tokens", get(demo_tokens))
}

/// The development-mode secret that demo tokens are signed with, if the picker is available:
/// only in development mode, and only while user tokens are HS256 (not verified by a JWKS).
fn demo_secret(state: &AppState) -> Option<&[u8]> {
    match state.inner.mode {
        Mode::Development => state.auth.dev_secret.as_deref(),
        Mode::Production => None,
    }
}

async fn page(State(state): State<AppState>) -> Response {
    page_response(demo_secret(&state).is_some(), &nonce())
}

/// A fresh value for the CSP nonce of this response (122 random bits).
fn nonce() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// The Content-Security-Policy of the page: its own origin only. `data:` covers the fonts and
/// images inlined in GraphiQL's stylesheet; the nonce covers the `<style>` elements that the
/// dialogs' scroll lock (react-remove-scroll) inserts at run time.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; \
         font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

/// The HTML page: settings in a JSON data block (CSP forbids inline scripts, not data), assets
/// by hashed URL with their integrity.
pub fn page_response(demo_users: bool, nonce: &str) -> Response {
    let bundle = &*BUNDLE;
    let settings = json!({
        "endpoint": "/graphql",
        "defaultQuery": DEFAULT_QUERY,
        "demoTokensUrl": if demo_users { Some("/graphiql/demo-tokens") } else { None },
        "styleNonce": nonce,
    });
    // `<` escaped so no string in the settings can close the data block.
    let settings = settings.to_string().replace('<', "\\u003c");
    let html = format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vet-gateway GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{css}" integrity="{css_integrity}">
<script type="application/json" id="graphiql-config">{settings}</script>
<script src="{js}" integrity="{js_integrity}" defer></script>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript.</noscript>
</body>
</html>
"#,
        css = bundle.css.url(),
        css_integrity = bundle.css.integrity,
        js = bundle.js.url(),
        js_integrity = bundle.js.integrity,
    );
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    let headers = response.headers_mut();
    // The page names the current bundle: revalidate it so an upgraded gateway is picked up.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    match HeaderValue::from_str(&content_security_policy(nonce)) {
        Ok(csp) => {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
        // The nonce is hex, so this cannot happen; never serve the page without its policy.
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    response
}

async fn asset(Path(file): Path<String>) -> Response {
    asset_response(&file)
}

/// A bundle file by its hashed name; any other name (an old hash included) is 404.
pub fn asset_response(file: &str) -> Response {
    let bundle = &*BUNDLE;
    let Some(asset) = [&bundle.js, &bundle.css]
        .into_iter()
        .find(|a| a.file_name == file)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, IMMUTABLE),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        asset.bytes,
    )
        .into_response()
}

async fn licences() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        LICENCES,
    )
        .into_response()
}

async fn demo_tokens(State(state): State<AppState>) -> Response {
    demo_tokens_response(demo_secret(&state))
}

/// The demo users with a fresh token each, or 404 when there is no development secret (always
/// in production mode): the endpoint must not even seem to exist there.
pub fn demo_tokens_response(secret: Option<&[u8]>) -> Response {
    let Some(secret) = secret else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut users = Vec::with_capacity(fixtures::USERS.len());
    for user in &fixtures::USERS {
        let token = match crate::auth::token::mint_user_token(
            secret,
            user.clerk_user_id,
            None,
            DEMO_TOKEN_TTL,
        ) {
            Ok(token) => token,
            Err(err) => {
                tracing::error!(error = %err, user = user.clerk_user_id, "minting a demo token failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        };
        users.push(json!({
            "clerkUserId": user.clerk_user_id,
            "email": user.email,
            "label": demo_label(user),
            "token": token,
        }));
    }
    let body = json!({ "expiresInSeconds": DEMO_TOKEN_TTL.as_secs(), "users": users });
    ([(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response()
}

/// "Elena Ramirez — owner at Sunrise Veterinary Clinic", as the picker lists the user.
fn demo_label(user: &fixtures::DemoUser) -> String {
    let roles: Vec<String> = user
        .memberships
        .iter()
        .map(|m| format!("{} at {}", role_name(m.role), m.clinic.name))
        .collect();
    let roles = if roles.is_empty() {
        "no clinic".to_owned()
    } else {
        roles.join(", ")
    };
    format!("{} {} — {roles}", user.first_name, user.last_name)
}

fn role_name(role: ClinicRole) -> &'static str {
    match role {
        ClinicRole::Owner => "owner",
        ClinicRole::Admin => "admin",
        ClinicRole::Member => "member",
        ClinicRole::Viewer => "viewer",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extracts_the_first_graphql_block_at_a_line_start() {
        let md = "intro ```graphql\nnot this```\n\n```sh\nls\n```\n```graphql\n{ a }\n```\n```graphql\n{ b }\n```\n";
        assert_eq!(first_graphql_block(md), "{ a }");
        assert_eq!(
            first_graphql_block("```graphql\n{\n  x\n}\n```"),
            "{\n  x\n}"
        );
    }

    #[test]
    fn the_default_query_is_the_readmes_first_query() {
        assert!(DEFAULT_QUERY.starts_with('{'), "{DEFAULT_QUERY}");
        assert!(DEFAULT_QUERY.trim_end().ends_with('}'), "{DEFAULT_QUERY}");
        assert!(
            DEFAULT_QUERY.contains("me { user { email }"),
            "{DEFAULT_QUERY}"
        );
        assert!(!DEFAULT_QUERY.contains("```"));
        async_graphql::parser::parse_query(DEFAULT_QUERY).expect("the README's first query parses");
    }

    /// The committed manifest records the hashes build.mjs saw; the bytes embedded here must be
    /// those bytes (a hand-edited bundle, or a dist/ from another build, fails).
    #[test]
    fn embedded_bundle_matches_the_committed_manifest() {
        let manifest: serde_json::Value =
            serde_json::from_str(include_str!("../../assets/graphiql/dist/manifest.json"))
                .expect("manifest.json");
        assert_eq!(
            manifest["files"]["graphiql.js"],
            BUNDLE.js.integrity.as_str()
        );
        assert_eq!(
            manifest["files"]["graphiql.css"],
            BUNDLE.css.integrity.as_str()
        );
        let licences = Sha384::digest(LICENCES.as_bytes());
        assert_eq!(
            manifest["files"]["THIRD_PARTY_LICENSES"],
            format!("sha384-{}", BASE64.encode(licences))
        );
    }

    fn body(response: Response) -> String {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let bytes = runtime
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .expect("body");
        String::from_utf8(bytes.to_vec()).expect("utf-8")
    }

    #[test]
    fn page_references_hashed_assets_with_integrity_under_a_self_only_policy() {
        let response = page_response(true, "abc123");
        assert_eq!(response.status(), StatusCode::OK);
        let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert!(csp.contains("script-src 'self';"), "{csp}");
        assert!(csp.contains("'nonce-abc123'"), "{csp}");
        assert!(
            !csp.contains("http"),
            "no external origin may be allowed: {csp}"
        );
        assert!(!csp.contains("unsafe"), "{csp}");
        let html = body(response);
        for asset in [&BUNDLE.js, &BUNDLE.css] {
            let reference = format!(r#""{}" integrity="{}""#, asset.url(), asset.integrity);
            assert!(html.contains(&reference), "missing {reference} in\n{html}");
        }
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{html}"
        );
        assert!(
            html.contains(r#""demoTokensUrl":"/graphiql/demo-tokens""#),
            "{html}"
        );
        // The query's text is in the data block, JSON-encoded.
        let encoded = serde_json::to_string(DEFAULT_QUERY)
            .expect("json")
            .replace('<', "\\u003c");
        assert!(html.contains(&encoded));
        assert!(body(page_response(false, "n")).contains(r#""demoTokensUrl":null"#));
    }

    #[test]
    fn assets_are_immutable_with_their_content_type_and_unknown_names_are_404() {
        for (asset, content_type) in [
            (&BUNDLE.js, "text/javascript; charset=utf-8"),
            (&BUNDLE.css, "text/css; charset=utf-8"),
        ] {
            let response = asset_response(&asset.file_name);
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.headers()[header::CONTENT_TYPE], content_type);
            assert_eq!(response.headers()[header::CACHE_CONTROL], IMMUTABLE);
            assert_eq!(body(response).len(), asset.bytes.len());
        }
        assert_eq!(
            asset_response("graphiql.0000000000000000.js").status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            asset_response("graphiql.js").status(),
            StatusCode::NOT_FOUND
        );
    }

    #[test]
    fn demo_tokens_are_404_without_a_development_secret() {
        assert_eq!(demo_tokens_response(None).status(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn demo_tokens_cover_every_demo_user_and_verify() {
        let secret = b"a-development-secret-of-at-least-32-bytes";
        let response = demo_tokens_response(Some(secret));
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let value: serde_json::Value = serde_json::from_str(&body(response)).expect("json");
        let users = value["users"].as_array().expect("users");
        assert_eq!(users.len(), fixtures::USERS.len());
        let multi = users
            .iter()
            .find(|u| u["clerkUserId"] == fixtures::USER_MULTI)
            .expect("multi");
        assert_eq!(
            multi["label"],
            "Noah Patel — member at Sunrise Veterinary Clinic, admin at Harbor Animal Hospital"
        );
        let token = users[0]["token"].as_str().expect("token");
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.set_issuer(&[crate::auth::LOCAL_ISSUER]);
        let claims = jsonwebtoken::decode::<crate::auth::Claims>(
            token,
            &jsonwebtoken::DecodingKey::from_secret(secret),
            &validation,
        )
        .expect("a demo token verifies with the development secret");
        assert_eq!(
            claims.claims.sub,
            users[0]["clerkUserId"].as_str().expect("id")
        );
        assert!(
            claims.claims.exp <= jsonwebtoken::get_current_timestamp() + DEMO_TOKEN_TTL.as_secs()
        );
    }
}
