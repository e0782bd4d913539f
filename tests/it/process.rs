//! The real `gateway` binary as a child process on a real socket, with its real telemetry, so
//! tests see what an operator sees: the log it writes (panics, sqlx notices such as "there is
//! already a transaction in progress") and the connections it keeps or drops.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use testkit::TestDb;

/// A running gateway process; stopped (SIGTERM, then killed) when dropped.
pub struct GatewayProcess {
    pub addr: SocketAddr,
    child: Option<Child>,
    log: PathBuf,
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl GatewayProcess {
    /// Starts `gateway serve` in development mode on `db` (demo data already loaded by the
    /// template), with `env` on top, and waits until `/readyz` answers.
    pub async fn start(db: &TestDb, env: &[(&str, &str)]) -> GatewayProcess {
        let port = free_port();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().expect("address");
        let log = std::env::temp_dir().join(format!(
            "vetgw-process-{}.log",
            uuid::Uuid::new_v4().simple()
        ));
        let log_file = std::fs::File::create(&log).expect("log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_gateway"));
        command
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", db.url())
            .env("GATEWAY_LISTEN", addr.to_string())
            .env("GATEWAY_MODE", "development")
            .env("GATEWAY_DEMO_DATA", "off")
            .env("GATEWAY_LOG_FORMAT", "json")
            .env("RUST_LOG", "info,sqlx=warn,sea_orm=warn")
            .stdout(Stdio::null())
            .stderr(Stdio::from(log_file));
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("start the gateway binary");
        let mut process = GatewayProcess {
            addr,
            child: Some(child),
            log,
        };
        process.wait_ready().await;
        process
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn wait_ready(&mut self) {
        // reqwest is built without a bundled crypto provider (the gateway installs ring).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::new();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                panic!(
                    "the gateway exited with {status} before becoming ready:\n{}",
                    self.log_text()
                );
            }
            if let Ok(response) = client.get(self.url("/readyz")).send().await
                && response.status().is_success()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the gateway never became ready:\n{}", self.log_text());
    }

    /// Everything the process has logged so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Stops the process gracefully (SIGTERM) and returns its whole log.
    pub async fn stop(mut self) -> String {
        if let Some(mut child) = self.child.take() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
            let started = Instant::now();
            loop {
                if let Ok(Some(_)) = child.try_wait() {
                    break;
                }
                if started.elapsed() > Duration::from_secs(30) {
                    let _ = child.kill();
                    let _ = child.wait();
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        self.log_text()
    }
}

impl Drop for GatewayProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_file(&self.log);
    }
}

/// Log lines that must never appear: panics, and the server telling a request it runs in the
/// wrong transaction state (a connection handed back inside a transaction).
pub fn alarming_lines(log: &str) -> Vec<&str> {
    const ALARMS: [&str; 5] = [
        "panicked",
        "there is already a transaction in progress",
        "there is no transaction in progress",
        "current transaction is aborted",
        "came back inside a transaction",
    ];
    log.lines()
        .filter(|line| ALARMS.iter().any(|alarm| line.contains(alarm)))
        .collect()
}
