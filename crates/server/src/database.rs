//! Finding the database: the configured `DATABASE_URL`, or the embedded private PostgreSQL;
//! then the owner connection for migrations and the request pool for traffic.

use std::sync::Arc;

use anyhow::Context as _;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, DatabaseConnection};

use crate::config::{DatabaseArgs, DatabaseLocation};
use crate::embedded::{EmbeddedOptions, EmbeddedPostgres, default_data_dir};

/// Where the database is, and (for the embedded default) the running private cluster.
pub struct ResolvedDatabase {
    /// The owner's URL (migrations).
    pub owner_url: String,
    /// The URL request traffic logs in with.
    pub app_url: String,
    /// The embedded cluster, when the gateway started one.
    pub embedded: Option<Arc<EmbeddedPostgres>>,
}

impl ResolvedDatabase {
    /// True when the database is the gateway's own private cluster.
    pub fn is_embedded(&self) -> bool {
        self.embedded.is_some()
    }
}

/// Uses DATABASE_URL when set; otherwise starts (or reuses) the embedded cluster.
pub async fn resolve(args: &DatabaseLocation) -> anyhow::Result<ResolvedDatabase> {
    if let Some(url) = &args.database_url {
        let owner_url = url.expose().to_owned();
        let app_url = args
            .app_database_url
            .as_ref()
            .map(|u| u.expose().to_owned())
            .unwrap_or_else(|| owner_url.clone());
        return Ok(ResolvedDatabase {
            owner_url,
            app_url,
            embedded: None,
        });
    }
    let options = EmbeddedOptions {
        data_dir: args.data_dir.clone().unwrap_or_else(default_data_dir),
        bin_dir: args.pg_bin_dir.clone(),
        os_user: args.pg_os_user.clone(),
    };
    tracing::info!(data_dir = %options.data_dir.display(), "no DATABASE_URL: using the embedded PostgreSQL");
    // initdb and pg_ctl block; keep them off the async workers.
    let cluster = tokio::task::spawn_blocking(move || EmbeddedPostgres::start(&options))
        .await
        .context("embedded PostgreSQL start-up task failed")??;
    let url = cluster.url();
    Ok(ResolvedDatabase {
        owner_url: url.clone(),
        app_url: url,
        embedded: Some(Arc::new(cluster)),
    })
}

/// A connection as the database owner, for migrations and schema checks only.
pub async fn connect_owner(url: &str) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(2)
        .min_connections(0)
        .acquire_timeout(std::time::Duration::from_secs(10))
        .sqlx_logging(false);
    sea_orm::Database::connect(options)
        .await
        .context("cannot connect to PostgreSQL as the database owner")
}

/// The request pool, assuming the configured application role in every transaction.
pub fn connect_app(args: &DatabaseArgs, url: &str) -> anyhow::Result<domain::Database> {
    let mut config = domain::db::DbConfig::new(url);
    config.max_connections = args.db_max_connections;
    config.acquire_timeout = args.acquire_timeout();
    config.statement_timeout = args.statement_timeout();
    config.app_role = Some(args.db_role.clone());
    domain::Database::connect_lazy(&config).map_err(|e| anyhow::anyhow!("{e}"))
}

/// Whether every known migration has been applied.
pub async fn migrations_current(owner: &DatabaseConnection) -> Result<bool, sea_orm::DbErr> {
    Ok(Migrator::get_pending_migrations(owner).await?.is_empty())
}

/// In production the request pool must log in as a role that row-level security applies to:
/// a superuser or BYPASSRLS login would make RLS protect nothing (any `RESET ROLE` slipping
/// through would see every clinic). Refused unless explicitly allowed; warned about in every
/// mode.
pub async fn check_request_login(
    db: &domain::Database,
    mode: crate::config::Mode,
    allow: bool,
) -> anyhow::Result<()> {
    let privileges = match db.login_privileges().await {
        Ok(privileges) => privileges,
        Err(err) => {
            // A database that is down at start-up is reported by readiness, not fatal here.
            tracing::warn!(error = %err, "could not check the request login's privileges");
            return Ok(());
        }
    };
    if !privileges.superuser && !privileges.bypass_rls {
        return Ok(());
    }
    let what = match (privileges.superuser, privileges.bypass_rls) {
        (true, true) => "a superuser with BYPASSRLS",
        (true, false) => "a superuser",
        _ => "a role with BYPASSRLS",
    };
    tracing::warn!(
        login = %privileges.login,
        "the request pool logs in as {what}; row-level security is then only as strong as the gateway's own checks. \
         Give request traffic a login that owns nothing (GATEWAY_DATABASE_URL)"
    );
    if mode == crate::config::Mode::Production && !allow {
        anyhow::bail!(
            "production mode refuses a request pool that logs in as {what} ({}): set GATEWAY_DATABASE_URL to a \
             login that is a member of gateway_app and owns nothing, or GATEWAY_ALLOW_PRIVILEGED_DB_LOGIN=true",
            privileges.login
        );
    }
    Ok(())
}
