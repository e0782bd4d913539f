//! Test support: a real PostgreSQL with the real migrations, and a fresh database per test.
//!
//! The server is `TEST_DATABASE_URL` or `DATABASE_URL` when set, otherwise the embedded
//! PostgreSQL (started once in the system temp directory and left running for the next run).
//! Each test gets its own database, cloned with `CREATE DATABASE … TEMPLATE` from a template
//! that was migrated (and, for [`TestDb::demo`], seeded) once per test binary build, so tests
//! are isolated from each other and run in parallel. A test database is dropped when its
//! `TestDb` is dropped.

use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context as _;
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// Which template a test database starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Template {
    /// All migrations applied, no rows.
    Schema,
    /// All migrations applied and the demo data loaded.
    Demo,
}

/// A throwaway database for one test.
pub struct TestDb {
    name: String,
    server: ServerUrl,
}

/// The URL of a server, with the database part replaceable.
#[derive(Clone, Debug)]
struct ServerUrl {
    /// `postgres://user:pass@host:port` (no database).
    base: String,
    /// Query string to keep (e.g. `?sslmode=disable`).
    query: String,
}

impl ServerUrl {
    fn parse(url: &str) -> Self {
        let (without_query, query) = match url.split_once('?') {
            Some((u, q)) => (u, format!("?{q}")),
            None => (url, String::new()),
        };
        // postgres://user@host:port/dbname → keep everything before the path.
        let scheme_end = without_query.find("://").map(|i| i + 3).unwrap_or(0);
        let base = match without_query[scheme_end..].find('/') {
            Some(slash) => without_query[..scheme_end + slash].to_owned(),
            None => without_query.to_owned(),
        };
        ServerUrl { base, query }
    }

    fn database(&self, name: &str) -> String {
        format!("{}/{}{}", self.base, name, self.query)
    }
}

impl TestDb {
    /// A fresh, migrated, empty database.
    pub async fn new() -> TestDb {
        Self::from_template(Template::Schema).await
    }

    /// A fresh database holding the demo data.
    pub async fn demo() -> TestDb {
        Self::from_template(Template::Demo).await
    }

    /// A fresh database with nothing in it (not even migrations), for migration tests.
    pub async fn empty() -> TestDb {
        let server = server();
        let name = unique_name("vgt_empty");
        admin_execute(&server, &format!("CREATE DATABASE {name}"))
            .await
            .expect("create empty test database");
        TestDb { name, server }
    }

    async fn from_template(template: Template) -> TestDb {
        let server = server();
        let template_name = ensure_templates(&server, template);
        let name = unique_name("vgt");
        // PostgreSQL refuses to copy a template while any session is connected to it; another
        // test process may be finishing its template at that moment, so retry briefly.
        let mut attempt = 0;
        loop {
            match admin_execute(
                &server,
                &format!("CREATE DATABASE {name} TEMPLATE {template_name}"),
            )
            .await
            {
                Ok(()) => break,
                Err(err) if attempt < 20 => {
                    attempt += 1;
                    wait_before_retry(attempt, &err).await;
                }
                Err(err) => panic!("clone the template database: {err:#}"),
            }
        }
        TestDb { name, server }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The URL of this database as the owner (superuser on the test server).
    pub fn url(&self) -> String {
        self.server.database(&self.name)
    }

    /// A connection as the owner: for arranging data and inspecting the catalog in tests.
    pub async fn owner(&self) -> DatabaseConnection {
        server::database::connect_owner(&self.url())
            .await
            .expect("connect to the test database")
    }

    /// The request pool the gateway would use (application role, RLS applies).
    pub fn app(&self) -> domain::Database {
        let mut config = domain::db::DbConfig::new(self.url());
        config.max_connections = 4;
        domain::Database::connect_lazy(&config).expect("request pool")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let server = self.server.clone();
        let name = self.name.clone();
        // Drop runs inside the test's runtime; do the blocking work on a thread of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(rt) = rt {
                let _ = rt.block_on(admin_execute(
                    &server,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ));
            }
        })
        .join();
    }
}

async fn wait_before_retry(attempt: u32, err: &anyhow::Error) {
    eprintln!("template busy (attempt {attempt}): {err:#}");
    tokio::time::sleep(std::time::Duration::from_millis(100 * u64::from(attempt))).await;
}

fn unique_name(prefix: &str) -> String {
    format!("{prefix}_{}", uuid::Uuid::new_v4().simple())
}

/// The test server, resolved once per process.
fn server() -> ServerUrl {
    static SERVER: OnceLock<ServerUrl> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let url = std::env::var("TEST_DATABASE_URL")
                .ok()
                .or_else(|| std::env::var("DATABASE_URL").ok())
                .filter(|u| !u.is_empty());
            match url {
                Some(url) => ServerUrl::parse(&url),
                None => ServerUrl::parse(
                    &start_embedded().expect("start the embedded PostgreSQL for tests"),
                ),
            }
        })
        .clone()
}

/// Starts (or reuses) an embedded cluster for tests in the system temp directory.
fn start_embedded() -> anyhow::Result<String> {
    let options = server::embedded::EmbeddedOptions {
        data_dir: std::env::temp_dir().join("vet-gateway-test-pg"),
        bin_dir: std::env::var_os("GATEWAY_PG_BIN_DIR").map(Into::into),
        os_user: std::env::var("GATEWAY_PG_OS_USER").unwrap_or_else(|_| "nobody".into()),
    };
    let cluster = server::embedded::EmbeddedPostgres::start(&options)?;
    Ok(cluster.url())
}

async fn admin_execute(server: &ServerUrl, sql: &str) -> anyhow::Result<()> {
    let conn = server::database::connect_owner(&server.database("postgres")).await?;
    conn.execute_unprepared(sql)
        .await
        .with_context(|| format!("running `{sql}`"))?;
    conn.close().await?;
    Ok(())
}

/// A name for this test binary's build, so templates are rebuilt when the code changes and
/// shared by every test process of the same build.
fn build_tag() -> String {
    let stamp = std::env::current_exe()
        .and_then(|exe| exe.metadata())
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
        });
    format!("{:x}", stamp.as_millis())
}

/// A short name for this checkout, so test runs of two checkouts on one server (a second
/// worktree, a CI clone beside a working tree) never drop each other's templates.
fn checkout_tag() -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_MANIFEST_DIR").hash(&mut hasher);
    format!("{:08x}", hasher.finish() as u32)
}

/// Creates the template databases once (per build, across processes) and returns the name of
/// the one asked for.
fn ensure_templates(server: &ServerUrl, which: Template) -> String {
    static DONE: Mutex<Option<(String, String)>> = Mutex::new(None);
    let mut done = DONE.lock().unwrap_or_else(|e| e.into_inner());
    if done.is_none() {
        let server = server.clone();
        // A runtime of its own: pools must not outlive the runtime that made them, and each
        // test has its own runtime.
        let names = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime")
                .block_on(create_templates(&server))
        })
        .join()
        .expect("template thread")
        .expect("create the template databases");
        *done = Some(names);
    }
    let (schema, demo) = done.clone().expect("templates created above");
    match which {
        Template::Schema => schema,
        Template::Demo => demo,
    }
}

async fn create_templates(server: &ServerUrl) -> anyhow::Result<(String, String)> {
    let tag = build_tag();
    let checkout = checkout_tag();
    let schema = format!("vgt_tpl_{checkout}_schema_{tag}");
    let demo = format!("vgt_tpl_{checkout}_demo_{tag}");
    let admin = server::database::connect_owner(&server.database("postgres")).await?;
    // One creator at a time across processes; the others wait, then find the templates.
    admin
        .execute_unprepared("SELECT pg_advisory_lock(716348001)")
        .await?;
    let result = async {
        let exists = |name: String| {
            let admin = &admin;
            async move {
                let row = admin
                    .query_one_raw(sea_orm::Statement::from_string(
                        sea_orm::DbBackend::Postgres,
                        format!("SELECT 1 AS one FROM pg_database WHERE datname = '{name}'"),
                    ))
                    .await?;
                anyhow::Ok(row.is_some())
            }
        };
        if !exists(demo.clone()).await? {
            drop_stale_templates(&admin, &checkout, &tag).await;
            for name in [&schema, &demo] {
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await?;
            }
            admin
                .execute_unprepared(&format!("CREATE DATABASE {schema}"))
                .await?;
            {
                let owner = server::database::connect_owner(&server.database(&schema)).await?;
                use migration::MigratorTrait as _;
                migration::Migrator::up(&owner, None).await?;
                owner.close().await?;
            }
            admin
                .execute_unprepared(&format!("CREATE DATABASE {demo} TEMPLATE {schema}"))
                .await?;
            {
                let mut config = domain::db::DbConfig::new(server.database(&demo));
                config.max_connections = 2;
                let db =
                    domain::Database::connect_lazy(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
                domain::seed::demo::load(&db)
                    .await
                    .map_err(|e| anyhow::anyhow!("demo seed: {e}"))?;
                db.close().await;
            }
        }
        anyhow::Ok(())
    }
    .await;
    admin
        .execute_unprepared("SELECT pg_advisory_unlock(716348001)")
        .await?;
    admin.close().await?;
    result?;
    Ok((schema, demo))
}

/// Removes templates of earlier builds of this checkout (best effort: one still in use by
/// another process is left alone).
async fn drop_stale_templates(admin: &DatabaseConnection, checkout: &str, tag: &str) {
    let Ok(rows) = admin
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT datname FROM pg_database WHERE datname LIKE 'vgt\\_%'".to_owned(),
        ))
        .await
    else {
        return;
    };
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else {
            continue;
        };
        let stale_template =
            name.starts_with(&format!("vgt_tpl_{checkout}_")) && !name.ends_with(tag);
        if stale_template {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                .await;
        }
    }
}
