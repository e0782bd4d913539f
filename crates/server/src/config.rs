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
///
/// Without a subcommand it serves HTTP (the same as `gateway serve`). Each subcommand takes
/// only the options it uses (`gateway <command> --help`); every option is also an
/// environment variable.
#[derive(Debug, Parser)]
#[command(name = "gateway", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The options of `serve`, for `gateway` run without a subcommand.
    #[command(flatten)]
    pub serve: ServeArgs,
}

impl Cli {
    /// The mode and log format of whichever command runs (telemetry is set up before it).
    pub fn common(&self) -> &CommonArgs {
        match &self.command {
            None => &self.serve.common,
            Some(Command::Serve(serve)) => &serve.common,
            Some(Command::Migrate { common, .. }) => common,
            Some(Command::Seed(seed)) => &seed.common,
            Some(Command::Token(token)) => &token.common,
            Some(Command::Schema | Command::Permissions) => &self.serve.common,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve HTTP (the default).
    Serve(Box<ServeArgs>),
    /// Apply or inspect schema migrations (as the database owner).
    Migrate {
        #[command(flatten)]
        common: CommonArgs,
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(subcommand)]
        action: MigrateAction,
    },
    /// Load data.
    Seed(Box<SeedCommand>),
    /// Print the GraphQL schema (SDL), as committed in `schema.graphql`.
    Schema,
    /// Print the policy table as Markdown, as committed in `docs/PERMISSIONS.md`.
    Permissions,
    /// Mint a token the gateway accepts: a development user token (development mode only) to
    /// paste into GraphiQL, or a service token for webhooks and jobs.
    Token(Box<TokenCommand>),
}

/// Everything `serve` reads.
#[derive(Clone, Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[command(flatten)]
    pub runtime: RuntimeArgs,
    #[command(flatten)]
    pub http: HttpArgs,
    #[command(flatten)]
    pub auth: AuthArgs,
    #[command(flatten)]
    pub protection: ProtectionArgs,
}

/// Settings every command has: the mode and how to log.
#[derive(Clone, Debug, Args)]
pub struct CommonArgs {
    /// development or production.
    #[arg(long, env = "GATEWAY_MODE", value_enum, default_value_t = Mode::Development)]
    pub mode: Mode,

    /// Log format (the filter comes from RUST_LOG, default `info`).
    #[arg(long, env = "GATEWAY_LOG_FORMAT", value_enum, default_value_t = LogFormat::Auto)]
    pub log_format: LogFormat,
}

/// `gateway seed`.
#[derive(Clone, Debug, Args)]
pub struct SeedCommand {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[command(flatten)]
    pub seed: SeedArgs,
}

/// `gateway token`.
#[derive(Clone, Debug, Args)]
pub struct TokenCommand {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(flatten)]
    pub token: TokenArgs,
    #[command(flatten)]
    pub secrets: TokenSecrets,
    /// Where to look the user up (a token for a user who does not exist would only be refused
    /// later with a generic 401).
    #[command(flatten)]
    pub database: DatabaseLocation,
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
    /// Lifetime, e.g. `30m`, `12h`, `7d` (service tokens: at most the service-token maximum).
    #[arg(long, default_value = "12h")]
    pub ttl: String,
    /// Mint the user token without checking that the user exists in the database.
    #[arg(long, requires = "user")]
    pub no_check: bool,
}

/// The secrets `gateway token` signs with (the same variables `serve` verifies with).
#[derive(Clone, Debug, Args)]
pub struct TokenSecrets {
    /// HS256 secret (32+ bytes) for development user tokens.
    #[arg(long, env = "GATEWAY_JWT_HS256_SECRET", hide_env_values = true)]
    pub jwt_hs256_secret: Option<Secret>,
    /// HS256 secret (32+ bytes) of service tokens.
    #[arg(long, env = "GATEWAY_SERVICE_TOKEN_SECRET", hide_env_values = true)]
    pub service_token_secret: Option<Secret>,
    /// Longest lifetime of a service token (seconds).
    #[arg(long, env = "GATEWAY_SERVICE_TOKEN_MAX_TTL_SECS", default_value_t = DEFAULT_SERVICE_TOKEN_MAX_TTL_SECS)]
    pub service_token_max_ttl_secs: u64,
    /// Set when user tokens come from a JWKS (then no development user token can be minted).
    #[arg(long, env = "GATEWAY_JWKS_URL", hide = true)]
    pub jwks_url: Option<String>,
    #[arg(long, env = "GATEWAY_JWKS_FILE", hide = true)]
    pub jwks_file: Option<PathBuf>,
}

impl TokenSecrets {
    /// The same secrets as serve-time authentication settings.
    pub fn as_auth_args(&self) -> AuthArgs {
        AuthArgs {
            jwks_url: self.jwks_url.clone(),
            jwks_file: self.jwks_file.clone(),
            jwks_refresh_secs: 60,
            jwks_max_age_secs: 300,
            jwt_issuer: None,
            jwt_audience: None,
            jwt_allowed_azp: Vec::new(),
            jwt_require_azp: true,
            jwt_hs256_secret: self.jwt_hs256_secret.clone(),
            service_token_secret: self.service_token_secret.clone(),
            service_token_max_ttl_secs: self.service_token_max_ttl_secs,
        }
    }
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

/// Where the database is: a URL, or the embedded PostgreSQL's data directory.
#[derive(Clone, Debug, Args)]
pub struct DatabaseLocation {
    /// PostgreSQL URL of the database owner (runs migrations). When absent the gateway starts
    /// its own private PostgreSQL in the data directory (the embedded default).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<Secret>,

    /// PostgreSQL URL for request traffic, when it should log in as a different (non-owner)
    /// role than DATABASE_URL. Defaults to DATABASE_URL.
    #[arg(long, env = "GATEWAY_DATABASE_URL", hide_env_values = true)]
    pub app_database_url: Option<Secret>,

    /// Data directory of the embedded PostgreSQL (default: /var/lib/vet-gateway for root,
    /// otherwise $XDG_DATA_HOME/vet-gateway or ~/.local/share/vet-gateway).
    #[arg(long, env = "GATEWAY_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    /// Directory holding the PostgreSQL server binaries (initdb, pg_ctl, postgres) for the
    /// embedded default; searched for when absent.
    #[arg(long, env = "GATEWAY_PG_BIN_DIR")]
    pub pg_bin_dir: Option<PathBuf>,

    /// OS user that runs the embedded PostgreSQL when the gateway runs as root.
    #[arg(long, env = "GATEWAY_PG_OS_USER", default_value = "nobody")]
    pub pg_os_user: String,
}

/// Where the database is and how to talk to it.
#[derive(Clone, Debug, Args)]
pub struct DatabaseArgs {
    #[command(flatten)]
    pub location: DatabaseLocation,

    /// The database role assumed (transaction-locally) by every request: not the tables' owner,
    /// no BYPASSRLS. Created by the migrations.
    #[arg(long, env = "GATEWAY_DB_ROLE", default_value = domain::db::DEFAULT_APP_ROLE)]
    pub db_role: String,

    /// Maximum pooled connections.
    #[arg(long, env = "GATEWAY_DB_MAX_CONNECTIONS", default_value_t = 16)]
    pub db_max_connections: u32,

    /// How long a request waits for a pooled connection (ms) before answering UNAVAILABLE.
    #[arg(long, env = "GATEWAY_DB_ACQUIRE_TIMEOUT_MS", default_value_t = 2000)]
    pub db_acquire_timeout_ms: u64,

    /// Server-side limit for every statement (ms).
    #[arg(long, env = "GATEWAY_DB_STATEMENT_TIMEOUT_MS", default_value_t = 5000)]
    pub db_statement_timeout_ms: u64,

    /// In production the request pool refuses to start when its login role is a superuser or
    /// has BYPASSRLS (row-level security would then protect nothing); set to allow it anyway.
    #[arg(long, env = "GATEWAY_ALLOW_PRIVILEGED_DB_LOGIN", default_value_t = false, action = clap::ArgAction::Set)]
    pub allow_privileged_db_login: bool,
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

/// How `serve` runs.
#[derive(Clone, Debug, Args)]
pub struct RuntimeArgs {
    /// Apply pending migrations when `serve` starts.
    #[arg(long, env = "GATEWAY_AUTO_MIGRATE", default_value_t = true, action = clap::ArgAction::Set)]
    pub auto_migrate: bool,

    /// Load the demo data when `serve` starts.
    #[arg(long, env = "GATEWAY_DEMO_DATA", value_enum, default_value_t = DemoData::Auto)]
    pub demo_data: DemoData,

    /// How long graceful shutdown waits for in-flight requests (ms) before exiting anyway.
    #[arg(long, env = "GATEWAY_SHUTDOWN_GRACE_MS", default_value_t = 10_000)]
    pub shutdown_grace_ms: u64,
}

/// The HTTP listener: address, connection limits, slow clients, cross-origin callers.
#[derive(Clone, Debug, Args)]
pub struct HttpArgs {
    /// Address and port to serve HTTP on. The built-in development secrets are refused on any
    /// address that is not loopback.
    #[arg(long, env = "GATEWAY_LISTEN", default_value = "127.0.0.1:8000")]
    pub listen: SocketAddr,

    /// A request must arrive whole within this time (ms): its headers counted from when the
    /// connection starts waiting for it, its body from when the headers arrived. Slower
    /// clients are cut off (408 for a late body).
    #[arg(
        long,
        env = "GATEWAY_REQUEST_READ_TIMEOUT_MS",
        default_value_t = 10_000
    )]
    pub request_read_timeout_ms: u64,

    /// An idle keep-alive connection (no request in flight) is closed after this time (ms).
    /// Effective at most the request read timeout, which also bounds the wait for the next
    /// request.
    #[arg(long, env = "GATEWAY_KEEP_ALIVE_TIMEOUT_MS", default_value_t = 5_000)]
    pub keep_alive_timeout_ms: u64,

    /// Most open client connections; beyond it a connection is answered 503 and closed.
    #[arg(long, env = "GATEWAY_MAX_CONNECTIONS", default_value_t = 4_096)]
    pub max_connections: usize,

    /// Comma-separated origins allowed to call the API from a browser (CORS), e.g.
    /// `https://app.example.com`. Default: none in production; the gateway's own origin
    /// (GraphiQL) and its `localhost` form in development. `*` is refused (credentials are
    /// allowed, which the CORS spec forbids with a wildcard).
    #[arg(long, env = "GATEWAY_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
}

impl HttpArgs {
    /// The CORS allow-list for the mode (see `cors_origins`).
    pub fn cors_origins_for(&self, mode: Mode) -> anyhow::Result<Vec<String>> {
        let configured: Vec<String> = self
            .cors_origins
            .iter()
            .map(|o| o.trim().trim_end_matches('/').to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        if configured.iter().any(|o| o == "*") {
            anyhow::bail!(
                "GATEWAY_CORS_ORIGINS=* is refused: list the origins (credentialed requests need them)"
            );
        }
        for origin in &configured {
            if !(origin.starts_with("http://") || origin.starts_with("https://"))
                || origin.matches('/').count() != 2
            {
                anyhow::bail!(
                    "GATEWAY_CORS_ORIGINS: {origin:?} is not an origin (scheme://host[:port])"
                );
            }
        }
        if !configured.is_empty() || mode == Mode::Production {
            return Ok(configured);
        }
        let port = self.listen.port();
        let mut own = vec![format!("http://{}", self.listen)];
        if self.listen.ip().is_loopback() || self.listen.ip().is_unspecified() {
            own.push(format!("http://localhost:{port}"));
            own.push(format!("http://127.0.0.1:{port}"));
        }
        own.sort();
        own.dedup();
        Ok(own)
    }
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
    #[arg(long, env = "GATEWAY_JWKS_URL")]
    pub jwks_url: Option<String>,

    /// A JWKS file instead of a URL.
    #[arg(long, env = "GATEWAY_JWKS_FILE", conflicts_with = "jwks_url")]
    pub jwks_file: Option<PathBuf>,

    /// Minimum seconds between JWKS refreshes triggered by unknown key ids.
    #[arg(long, env = "GATEWAY_JWKS_REFRESH_SECS", default_value_t = 60)]
    pub jwks_refresh_secs: u64,

    /// The key set is fetched again on this schedule (seconds) so a revoked key stops being
    /// trusted; a shorter `Cache-Control: max-age` from the JWKS URL wins (never below 30 s).
    #[arg(long, env = "GATEWAY_JWKS_MAX_AGE_SECS", default_value_t = 300)]
    pub jwks_max_age_secs: u64,

    /// Required `iss` of user tokens (Clerk: the instance URL). Development default: `vet-gateway`.
    #[arg(long, env = "GATEWAY_JWT_ISSUER")]
    pub jwt_issuer: Option<String>,

    /// Required `aud` of user tokens, if your identity provider sets one.
    #[arg(long, env = "GATEWAY_JWT_AUDIENCE")]
    pub jwt_audience: Option<String>,

    /// Comma-separated origins accepted in Clerk's `azp` claim.
    #[arg(long, env = "GATEWAY_JWT_ALLOWED_AZP", value_delimiter = ',')]
    pub jwt_allowed_azp: Vec<String>,

    /// With an `azp` allow-list, refuse user tokens that carry no `azp` at all. Set to false
    /// when server-to-server callers present user tokens without one.
    #[arg(long, env = "GATEWAY_JWT_REQUIRE_AZP", default_value_t = true, action = clap::ArgAction::Set)]
    pub jwt_require_azp: bool,

    /// HS256 secret (32+ bytes) for user tokens in development mode; refused in production.
    #[arg(long, env = "GATEWAY_JWT_HS256_SECRET", hide_env_values = true)]
    pub jwt_hs256_secret: Option<Secret>,

    /// HS256 secret (32+ bytes) of service tokens (webhooks, jobs). Development default: a
    /// built-in value; production: service tokens are off unless this is set.
    #[arg(long, env = "GATEWAY_SERVICE_TOKEN_SECRET", hide_env_values = true)]
    pub service_token_secret: Option<Secret>,

    /// Longest lifetime (seconds) of a service token: tokens with a longer `exp - iat`, or
    /// without `iat`, are refused, so a leaked one cannot live for ever.
    #[arg(long, env = "GATEWAY_SERVICE_TOKEN_MAX_TTL_SECS", default_value_t = DEFAULT_SERVICE_TOKEN_MAX_TTL_SECS)]
    pub service_token_max_ttl_secs: u64,
}

/// Default longest lifetime of a service token: one day.
pub const DEFAULT_SERVICE_TOKEN_MAX_TTL_SECS: u64 = 24 * 3600;

/// Limits, timeouts, fair use, persisted operations and who counts as staff.
#[derive(Clone, Debug, Args)]
pub struct ProtectionArgs {
    /// Deadline of one GraphQL request (ms); past it the answer is 503 UNAVAILABLE.
    #[arg(long, env = "GATEWAY_REQUEST_TIMEOUT_MS", default_value_t = 10_000)]
    pub request_timeout_ms: u64,
    /// Largest request body (bytes); larger ones get 413.
    #[arg(long, env = "GATEWAY_MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,
    /// Longest query text (characters).
    #[arg(long, env = "GATEWAY_MAX_QUERY_LENGTH", default_value_t = 15_000)]
    pub max_query_length: usize,
    /// Deepest nesting in levels of data (a connection's `nodes`/`edges` add none).
    #[arg(long, env = "GATEWAY_MAX_DEPTH", default_value_t = 10)]
    pub max_depth: usize,
    /// Most complexity points: about the rows an operation may fetch (a connection counts its
    /// page size times what one row selects; docs/LIMITS.md).
    #[arg(long, env = "GATEWAY_MAX_COMPLEXITY", default_value_t = 100_000)]
    pub max_complexity: usize,
    /// Most aliases in one operation.
    #[arg(long, env = "GATEWAY_MAX_ALIASES", default_value_t = 15)]
    pub max_aliases: usize,
    /// Most root fields in one operation.
    #[arg(long, env = "GATEWAY_MAX_ROOT_FIELDS", default_value_t = 20)]
    pub max_root_fields: usize,
    /// Most directives on one field.
    #[arg(long, env = "GATEWAY_MAX_DIRECTIVES", default_value_t = 5)]
    pub max_directives: usize,
    /// Redis for state shared by replicas (rate-limit counters, persisted queries); in memory when unset.
    #[arg(long, env = "REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<Secret>,
    /// Requests per minute per user.
    #[arg(long, env = "GATEWAY_RATE_LIMIT_USER_PER_MIN", default_value_t = 600)]
    pub rate_limit_user_per_min: u32,
    /// Requests per minute per clinic (all of its users together).
    #[arg(
        long,
        env = "GATEWAY_RATE_LIMIT_CLINIC_PER_MIN",
        default_value_t = 3_000
    )]
    pub rate_limit_clinic_per_min: u32,
    /// Requests per minute per IP address for callers without a credential.
    #[arg(
        long,
        env = "GATEWAY_RATE_LIMIT_ANONYMOUS_PER_MIN",
        default_value_t = 30
    )]
    pub rate_limit_anonymous_per_min: u32,
    /// Allow-list mode: only the operations in this directory of `.graphql` files run (staff excepted).
    #[arg(long, env = "GATEWAY_PERSISTED_OPERATIONS_DIR")]
    pub persisted_operations_dir: Option<PathBuf>,
    /// Comma-separated `clerk_user_id`s of staff: introspection and GraphiQL in production,
    /// and exemption from the allow-list.
    #[arg(long, env = "GATEWAY_STAFF_USERS", value_delimiter = ',')]
    pub staff_users: Vec<String>,
    /// Introspection: `staff` (staff and service only; production default), `all`
    /// (development default; refused in production) or `off`.
    #[arg(long, env = "GATEWAY_INTROSPECTION", value_enum)]
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
