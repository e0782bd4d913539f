//! The gateway on a real socket inside the test process (its router, its connection loop),
//! with the tokens and HTTP helpers the endpoint tests share.

use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;
use server::config::Mode;
use server::http::serve::{ServeOptions, serve};
use server::{AppState, Protection};
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

pub const SERVICE_SECRET: &[u8] = b"service-secret-for-tests-only-0123456789";
pub const DEV_SECRET: &[u8] = b"development-user-secret-for-tests-0123456789";

/// A gateway serving on 127.0.0.1:<random port> until dropped.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Triggers shutdown and waits for the server to return.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        (&mut self.task).await.expect("server task")
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub fn authenticator() -> server::auth::Authenticator {
    server::auth::Authenticator::with_secrets(
        Some(DEV_SECRET.to_vec()),
        Some(SERVICE_SECRET.to_vec()),
    )
}

pub async fn start(
    db: domain::Database,
    owner: sea_orm::DatabaseConnection,
    protection: Protection,
    options: ServeOptions,
) -> Running {
    let state = AppState::new(db, owner, authenticator(), Mode::Production, protection);
    let router = server::build_router(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, router, options, async move {
        let _ = stopped.await;
    }));
    Running {
        addr,
        stop: Some(stop),
        task,
    }
}

pub fn default_options() -> ServeOptions {
    ServeOptions {
        shutdown_grace: Duration::from_secs(5),
        ..ServeOptions::default()
    }
}

pub fn service_token() -> String {
    server::auth::token::mint_service_token(SERVICE_SECRET, "tests", Duration::from_secs(300))
        .unwrap()
}

pub fn user_token(user: &str) -> String {
    server::auth::token::mint_user_token(DEV_SECRET, user, None, Duration::from_secs(300)).unwrap()
}

pub fn client() -> reqwest::Client {
    // reqwest is built without a bundled crypto provider (the gateway installs ring).
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

pub async fn post(
    running: &Running,
    token: Option<&str>,
    accept: Option<&str>,
    body: Value,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut request = client().post(running.url("/graphql")).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    (status, headers, body)
}

/// Percent-encodes a query-string value.
pub fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn codes(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|e| e["extensions"]["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

pub async fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    let mut buffer = [0u8; 1024];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue, // e.g. a 408 before closing
            Err(_) => return false,
        }
    }
}
