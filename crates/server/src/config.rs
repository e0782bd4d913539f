//! The gateway's configuration: one typed, validated set of settings from command-line flags
//! and environment variables, each documented where it is declared (and in the README table).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// A value that must not be printed (URLs with passwords, signing secrets).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Secret(s.to_owned()))
    }
}

/// `gateway`: the multi-tenant GraphQL gateway for veterinary-clinic software.
#[derive(Debug, Parser)]
#[command(name = "gateway", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[command(flatten)]
    pub runtime: RuntimeArgs,
    #[command(flatten)]
    pub auth: AuthArgs,
    #[command(flatten)]
    pub protection: ProtectionArgs,
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve HTTP (the default).
    Serve,
    /// Apply or inspect schema migrations (as the database owner).
    Migrate {
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Load data.
    Seed(SeedArgs),
    /// Print the GraphQL schema (SDL), as committed in `schema.graphql`.
    Schema,
    /// Print the policy table as Markdown, as committed in `docs/PERMISSIONS.md`.
    Permissions,
    /// Mint a token the gateway accepts: a development user token (development mode only) to
    /// paste into GraphiQL, or a service token for webhooks and jobs.
    Token(TokenArgs),
}

#[derive(Clone, Debug, Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["user", "service"])))]
pub struct TokenArgs {
    /// The user's `clerk_user_id` (the token's `sub`).
    #[arg(long)]
    pub user: Option<String>,
    /// Pin the token to one clinic by its `clerk_org_id` (Clerk's `org_id`).
    #[arg(long, requires = "user")]
    pub org: Option<String>,
    /// Mint a service token instead.
    #[arg(long)]
    pub service: bool,
    /// The service's name (the token's subject is `service:<name>`).
    #[arg(long, default_value = "cli", requires = "service")]
    pub name: String,
    /// Lifetime, e.g. `30m`, `12h`, `7d`.
    #[arg(long, default_value = "12h")]
    pub ttl: String,
}

#[derive(Clone, Copy, Debug, Subcommand, PartialEq, Eq)]
pub enum MigrateAction {
    /// Apply all pending migrations.
    Up,
    /// Roll back migrations (all of them unless --steps is given).
    Down {
        /// How many migrations to roll back.
        #[arg(long)]
        steps: Option<u32>,
    },
    /// List migrations and whether each is applied.
    Status,
    /// Drop everything and apply all migrations from scratch.
    Fresh,
}

#[derive(Clone, Debug, Args)]
pub struct SeedArgs {
    /// Load the deterministic demo data set (idempotent).
    #[arg(long)]
    pub demo: bool,
    /// Generate the benchmark data set at this scale: 10·N clinics of uneven size, 2,000·N
    /// clients, ~4,000·N patients, ~10,000·N cases, ~15,000·N outbound and 5,000·N inbound
    /// calls (100 is the largest benchmark setting). Idempotent for the same N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=domain::seed::scale::MAX_SCALE as i64))]
    pub scale: Option<u32>,
}

/// Where the database is and how to talk to it.
#[derive(Clone, Debug, Args)]
pub struct DatabaseArgs {
    /// PostgreSQL URL of the database owner (runs migrations). When absent the gateway starts
    /// its own private PostgreSQL in the data directory (the embedded default).
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<Secret>,

    /// PostgreSQL URL for request traffic, when it should log in as a different (non-owner)
    /// role than DATABASE_URL. Defaults to DATABASE_URL.
    #[arg(long, env = "GATEWAY_DATABASE_URL", global = true, hide_env_values = true)]
    pub app_database_url: Option<Secret>,

    /// The database role assumed (transaction-locally) by every request: not the tables' owner,
    /// no BYPASSRLS. Created by the migrations.
    #[arg(long, env = "GATEWAY_DB_ROLE", default_value = domain::db::DEFAULT_APP_ROLE, global = true)]
    pub db_role: String,

    /// Maximum pooled connections.
    #[arg(long, env = "GATEWAY_DB_MAX_CONNECTIONS", default_value_t = 16, global = true)]
    pub db_max_connections: u32,

    /// How long a request waits for a pooled connection (ms) before answering UNAVAILABLE.
    #[arg(long, env = "GATEWAY_DB_ACQUIRE_TIMEOUT_MS", default_value_t = 2000, global = true)]
    pub db_acquire_timeout_ms: u64,

    /// Server-side limit for every statement (ms).
    #[arg(long, env = "GATEWAY_DB_STATEMENT_TIMEOUT_MS", default_value_t = 5000, global = true)]
    pub db_statement_timeout_ms: u64,

    /// Data directory of the embedded PostgreSQL (default: /var/lib/vet-gateway for root,
    /// otherwise $XDG_DATA_HOME/vet-gateway or ~/.local/share/vet-gateway).
    #[arg(long, env = "GATEWAY_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// Directory holding the PostgreSQL server binaries (initdb, pg_ctl, postgres) for the
    /// embedded default; searched for when absent.
    #[arg(long, env = "GATEWAY_PG_BIN_DIR", global = true)]
    pub pg_bin_dir: Option<PathBuf>,

    /// OS user that runs the embedded PostgreSQL when the gateway runs as root.
    #[arg(long, env = "GATEWAY_PG_OS_USER", default_value = "nobody", global = true)]
    pub pg_os_user: String,
}

impl DatabaseArgs {
    pub fn acquire_timeout(&self) -> Duration {
        Duration::from_millis(self.db_acquire_timeout_ms)
    }

    pub fn statement_timeout(&self) -> Duration {
        Duration::from_millis(self.db_statement_timeout_ms)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    /// Local development: readable logs, HS256 tokens allowed, GraphiQL and introspection on.
    Development,
    /// Production: JSON logs, unsafe settings refused at start-up.
    Production,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// JSON in production, human-readable otherwise.
    Auto,
    Json,
    Pretty,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DemoData {
    /// Load the demo data on the first start of the embedded database only.
    Auto,
    /// Load it at every start when missing (idempotent).
    On,
    Off,
}

/// How the process runs.
#[derive(Clone, Debug, Args)]
pub struct RuntimeArgs {
    /// Address and port to serve HTTP on.
    #[arg(long, env = "GATEWAY_LISTEN", default_value = "127.0.0.1:8000", global = true)]
    pub listen: SocketAddr,

    /// development or production.
    #[arg(long, env = "GATEWAY_MODE", value_enum, default_value_t = Mode::Development, global = true)]
    pub mode: Mode,

    /// Log format (the filter comes from RUST_LOG, default `info`).
    #[arg(long, env = "GATEWAY_LOG_FORMAT", value_enum, default_value_t = LogFormat::Auto, global = true)]
    pub log_format: LogFormat,

    /// Apply pending migrations when `serve` starts.
    #[arg(long, env = "GATEWAY_AUTO_MIGRATE", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub auto_migrate: bool,

    /// Load the demo data when `serve` starts.
    #[arg(long, env = "GATEWAY_DEMO_DATA", value_enum, default_value_t = DemoData::Auto, global = true)]
    pub demo_data: DemoData,

    /// How long graceful shutdown waits for in-flight requests (ms) before exiting anyway.
    #[arg(long, env = "GATEWAY_SHUTDOWN_GRACE_MS", default_value_t = 10_000, global = true)]
    pub shutdown_grace_ms: u64,
}

/// Development-only default for user tokens, used when no JWKS and no secret is configured in
/// development mode so `gateway token` works out of the box. Refused in production.
pub const DEV_DEFAULT_USER_SECRET: &str = "vet-gateway-development-user-secret-do-not-use";
/// Development-only default for service tokens. Production requires its own secret.
pub const DEV_DEFAULT_SERVICE_SECRET: &str = "vet-gateway-development-service-secret-do-not-use";

/// How callers prove who they are.
#[derive(Clone, Debug, Args)]
pub struct AuthArgs {
    /// URL of the JWKS with the keys of user tokens (RS256/ES256), e.g. Clerk's
    /// `https://<instance>.clerk.accounts.dev/.well-known/jwks.json`.
    #[arg(long, env = "GATEWAY_JWKS_URL", global = true)]
    pub jwks_url: Option<String>,

    /// A JWKS file instead of a URL.
    #[arg(long, env = "GATEWAY_JWKS_FILE", global = true, conflicts_with = "jwks_url")]
    pub jwks_file: Option<PathBuf>,

    /// Minimum seconds between JWKS refreshes triggered by unknown key ids.
    #[arg(long, env = "GATEWAY_JWKS_REFRESH_SECS", default_value_t = 60, global = true)]
    pub jwks_refresh_secs: u64,

    /// Required `iss` of user tokens (Clerk: the instance URL). Development default: `vet-gateway`.
    #[arg(long, env = "GATEWAY_JWT_ISSUER", global = true)]
    pub jwt_issuer: Option<String>,

    /// Required `aud` of user tokens, if your identity provider sets one.
    #[arg(long, env = "GATEWAY_JWT_AUDIENCE", global = true)]
    pub jwt_audience: Option<String>,

    /// Comma-separated origins accepted in Clerk's `azp` claim (a token without `azp` is accepted).
    #[arg(long, env = "GATEWAY_JWT_ALLOWED_AZP", value_delimiter = ',', global = true)]
    pub jwt_allowed_azp: Vec<String>,

    /// HS256 secret (32+ bytes) for user tokens in development mode; refused in production.
    #[arg(long, env = "GATEWAY_JWT_HS256_SECRET", global = true, hide_env_values = true)]
    pub jwt_hs256_secret: Option<Secret>,

    /// HS256 secret (32+ bytes) of service tokens (webhooks, jobs). Development default: a
    /// built-in value; production: service tokens are off unless this is set.
    #[arg(long, env = "GATEWAY_SERVICE_TOKEN_SECRET", global = true, hide_env_values = true)]
    pub service_token_secret: Option<Secret>,
}

/// Limits, timeouts, fair use, persisted operations and who counts as staff.
#[derive(Clone, Debug, Args)]
pub struct ProtectionArgs {
    /// Deadline of one GraphQL request (ms); past it the answer is 503 UNAVAILABLE.
    #[arg(long, env = "GATEWAY_REQUEST_TIMEOUT_MS", default_value_t = 10_000, global = true)]
    pub request_timeout_ms: u64,
    /// A connection must send a request's headers within this time (ms).
    #[arg(long, env = "GATEWAY_HEADER_READ_TIMEOUT_MS", default_value_t = 10_000, global = true)]
    pub header_read_timeout_ms: u64,
    /// Largest request body (bytes); larger ones get 413.
    #[arg(long, env = "GATEWAY_MAX_BODY_BYTES", default_value_t = 64 * 1024, global = true)]
    pub max_body_bytes: usize,
    /// Longest query text (characters).
    #[arg(long, env = "GATEWAY_MAX_QUERY_LENGTH", default_value_t = 15_000, global = true)]
    pub max_query_length: usize,
    /// Deepest field nesting.
    #[arg(long, env = "GATEWAY_MAX_DEPTH", default_value_t = 10, global = true)]
    pub max_depth: usize,
    /// Most complexity points (each field 1; a list field multiplies what it selects by its page size).
    #[arg(long, env = "GATEWAY_MAX_COMPLEXITY", default_value_t = 1_000, global = true)]
    pub max_complexity: usize,
    /// Most aliases in one operation.
    #[arg(long, env = "GATEWAY_MAX_ALIASES", default_value_t = 15, global = true)]
    pub max_aliases: usize,
    /// Most root fields in one operation.
    #[arg(long, env = "GATEWAY_MAX_ROOT_FIELDS", default_value_t = 20, global = true)]
    pub max_root_fields: usize,
    /// Most directives on one field.
    #[arg(long, env = "GATEWAY_MAX_DIRECTIVES", default_value_t = 5, global = true)]
    pub max_directives: usize,
    /// Redis for state shared by replicas (rate-limit counters, persisted queries); in memory when unset.
    #[arg(long, env = "REDIS_URL", global = true, hide_env_values = true)]
    pub redis_url: Option<Secret>,
    /// Requests per minute per user.
    #[arg(long, env = "GATEWAY_RATE_LIMIT_USER_PER_MIN", default_value_t = 600, global = true)]
    pub rate_limit_user_per_min: u32,
    /// Requests per minute per clinic (all of its users together).
    #[arg(long, env = "GATEWAY_RATE_LIMIT_CLINIC_PER_MIN", default_value_t = 3_000, global = true)]
    pub rate_limit_clinic_per_min: u32,
    /// Requests per minute per IP address for callers without a credential.
    #[arg(long, env = "GATEWAY_RATE_LIMIT_ANONYMOUS_PER_MIN", default_value_t = 30, global = true)]
    pub rate_limit_anonymous_per_min: u32,
    /// Allow-list mode: only the operations in this directory of `.graphql` files run (staff excepted).
    #[arg(long, env = "GATEWAY_PERSISTED_OPERATIONS_DIR", global = true)]
    pub persisted_operations_dir: Option<PathBuf>,
    /// Comma-separated `clerk_user_id`s of staff: introspection and GraphiQL in production,
    /// and exemption from the allow-list.
    #[arg(long, env = "GATEWAY_STAFF_USERS", value_delimiter = ',', global = true)]
    pub staff_users: Vec<String>,
    /// Introspection: `staff` (staff and service only; production default), `all`
    /// (development default; refused in production) or `off`.
    #[arg(long, env = "GATEWAY_INTROSPECTION", value_enum, global = true)]
    pub introspection: Option<Introspection>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Introspection {
    Staff,
    All,
    Off,
}

impl ProtectionArgs {
    pub fn limits(&self) -> graphql::limits::Limits {
        graphql::limits::Limits {
            max_query_length: self.max_query_length,
            max_depth: self.max_depth,
            max_complexity: self.max_complexity,
            max_aliases: self.max_aliases,
            max_root_fields: self.max_root_fields,
            max_directives_per_field: self.max_directives,
            default_page_size: 20,
        }
    }

    /// The introspection policy for the mode, refusing `all` in production.
    pub fn introspection_for(&self, mode: Mode) -> anyhow::Result<Introspection> {
        match (mode, self.introspection) {
            (Mode::Production, Some(Introspection::All)) => {
                anyhow::bail!("GATEWAY_INTROSPECTION=all is refused in production mode (use staff)")
            }
            (_, Some(choice)) => Ok(choice),
            (Mode::Production, None) => Ok(Introspection::Staff),
            (Mode::Development, None) => Ok(Introspection::All),
        }
    }
}
