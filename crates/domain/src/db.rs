//! The connection pool the gateway's requests run on, and the transaction-local settings that
//! row-level security reads.
//!
//! Every request transaction starts with one statement that sets, transaction-locally, the
//! database role to assume (a role that neither owns the tables nor bypasses RLS) and the
//! caller's tenant scope. Nothing is set at session level, so the pool is safe behind a
//! transaction-mode pooler, and a connection returned to the pool carries nothing over: a
//! forgotten setting reads as empty and yields no rows rather than another tenant's rows.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, SqlxPostgresConnector};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use crate::error::DomainError;

/// The role the gateway assumes inside every request transaction. Created by the migrations;
/// not the owner of any table, no BYPASSRLS.
pub const DEFAULT_APP_ROLE: &str = "gateway_app";

/// How to reach PostgreSQL, and the time limits that keep a slow or absent database from
/// holding requests.
#[derive(Clone, Debug)]
pub struct DbConfig {
    pub url: String,
    pub max_connections: u32,
    /// How long a request waits for a pooled connection before answering UNAVAILABLE.
    pub acquire_timeout: Duration,
    /// Server-side limit for each statement (`statement_timeout`).
    pub statement_timeout: Duration,
    /// The role assumed in request transactions; `None` runs as the login role (only for
    /// maintenance and tests of the owner path).
    pub app_role: Option<String>,
}

impl DbConfig {
    pub fn new(url: impl Into<String>) -> Self {
        DbConfig {
            url: url.into(),
            max_connections: 16,
            acquire_timeout: Duration::from_secs(2),
            statement_timeout: Duration::from_secs(5),
            app_role: Some(DEFAULT_APP_ROLE.to_owned()),
        }
    }
}

/// The gateway's handle on the database. It hands out no connection: data is reached only
/// through a [`Session`](crate::session::Session), which carries an authorization context.
#[derive(Clone, Debug)]
pub struct Database {
    pub(crate) conn: DatabaseConnection,
    pub(crate) app_role: Option<String>,
}

impl Database {
    /// Builds the pool. Connections are opened lazily, so a database that is down at start-up
    /// does not stop the gateway from starting (readiness reports it instead).
    pub fn connect_lazy(config: &DbConfig) -> Result<Self, DomainError> {
        let options: PgConnectOptions = config.url.parse().map_err(|e: sqlx::Error| {
            DomainError::Internal(format!("invalid database URL: {e}"))
        })?;
        // A transaction left idle is ended by the server after twice the statement timeout: the
        // last line of defence should a connection ever go back to the pool inside one.
        let idle_in_transaction = config
            .statement_timeout
            .saturating_mul(2)
            .max(Duration::from_secs(1));
        let options = options.application_name("vet-gateway").options([
            (
                "statement_timeout",
                format!("{}", config.statement_timeout.as_millis()),
            ),
            (
                "idle_in_transaction_session_timeout",
                format!("{}", idle_in_transaction.as_millis()),
            ),
        ]);
        let pool = PgPoolOptions::new()
            .max_connections(config.max_connections)
            .min_connections(0)
            .acquire_timeout(config.acquire_timeout)
            // A ping on every acquire costs a round trip per request; a broken connection
            // surfaces as an I/O error instead, which maps to UNAVAILABLE and is retried by the
            // caller, and the pool replaces it.
            .test_before_acquire(false)
            .idle_timeout(Some(Duration::from_secs(300)))
            // sqlx's own release check (a ping) drains what a cancelled statement left behind,
            // but does not look at whether the session is still inside a transaction. Sessions
            // end their transactions themselves, whatever happens to the request (see
            // `Session`); a connection that still counts one open was leaked and is closed
            // rather than handed to the next request.
            .after_release(|conn, _meta| {
                Box::pin(async move {
                    use sqlx::Connection as _;
                    if conn.is_in_transaction() {
                        tracing::error!(
                            "a pooled connection came back inside a transaction; closing it"
                        );
                        return Ok(false);
                    }
                    Ok(true)
                })
            })
            .connect_lazy_with(options);
        Ok(Database {
            conn: SqlxPostgresConnector::from_sqlx_postgres_pool(pool),
            app_role: config.app_role.clone(),
        })
    }

    /// A cheap liveness check of the database (`SELECT 1`).
    pub async fn ping(&self) -> Result<(), DomainError> {
        self.conn
            .execute_unprepared("SELECT 1")
            .await
            .map(|_| ())
            .map_err(DomainError::from)
    }

    /// Whether the login role of the request pool is a superuser or may bypass RLS.
    pub async fn login_privileges(&self) -> Result<LoginPrivileges, DomainError> {
        let row = self
            .conn
            .query_one_raw(sea_orm::Statement::from_string(
                sea_orm::DbBackend::Postgres,
                "SELECT session_user::text AS login, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = session_user",
            ))
            .await?
            .ok_or_else(|| DomainError::Internal("the login role is not in pg_roles".into()))?;
        Ok(LoginPrivileges {
            login: row.try_get("", "login")?,
            superuser: row.try_get("", "rolsuper")?,
            bypass_rls: row.try_get("", "rolbypassrls")?,
        })
    }

    /// Pool statistics for metrics: (connections open, connections idle).
    pub fn pool_usage(&self) -> (u32, u32) {
        let pool = self.conn.get_postgres_connection_pool();
        (pool.size(), pool.num_idle() as u32)
    }

    /// Closes the pool (graceful shutdown).
    pub async fn close(&self) {
        self.conn.get_postgres_connection_pool().close().await;
    }
}

/// What the request pool's login role may do regardless of row-level security.
#[derive(Clone, Debug)]
pub struct LoginPrivileges {
    pub login: String,
    pub superuser: bool,
    pub bypass_rls: bool,
}
