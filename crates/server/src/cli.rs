//! The subcommands: `serve` (default), `migrate`, `seed`, `token`, `schema`, `permissions`.

use std::time::Duration;

use anyhow::Context as _;
use migration::{Migrator, MigratorTrait};

use crate::app::{AppState, build_router};
use crate::config::{Cli, Command, DemoData, MigrateAction, Mode, ServeArgs, TokenCommand};
use crate::database::{self, ResolvedDatabase};

/// A boxed future from a plain function rather than an `async fn`: the state machine of an
/// `async fn` is compiled in every crate that awaits it, and this one reaches every command
/// (the seed, the migrations, the server), so the `gateway` binary compiled all of it a second
/// time in release builds. Boxed, it is compiled in this crate only.
pub fn run(cli: Cli) -> std::pin::Pin<Box<dyn std::future::Future<Output = anyhow::Result<()>>>> {
    Box::pin(run_command(cli))
}

async fn run_command(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => serve(&cli.serve).await,
        Some(Command::Serve(args)) => serve(&args).await,
        Some(Command::Token(args)) => mint_token(&args).await,
        Some(Command::Schema) => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Some(Command::Permissions) => {
            print!("{}", domain::policy::permissions_markdown());
            Ok(())
        }
        Some(Command::Migrate {
            database, action, ..
        }) => {
            let resolved = database::resolve(&database.location).await?;
            let result = migrate(&resolved, action).await;
            stop_embedded(&resolved).await;
            result
        }
        Some(Command::Seed(command)) => {
            let args = &command.seed;
            if !args.demo && args.scale.is_none() {
                anyhow::bail!("nothing to load: pass --demo and/or --scale N");
            }
            let resolved = database::resolve(&command.database.location).await?;
            let result = seed(&command.database, &resolved, args).await;
            stop_embedded(&resolved).await;
            result
        }
    }
}

async fn migrate(resolved: &ResolvedDatabase, action: MigrateAction) -> anyhow::Result<()> {
    let owner = database::connect_owner(&resolved.owner_url).await?;
    match action {
        MigrateAction::Up => {
            Migrator::up(&owner, None).await?;
            println!("migrations applied");
        }
        MigrateAction::Down { steps } => {
            Migrator::down(&owner, steps).await?;
            println!("migrations rolled back");
        }
        MigrateAction::Fresh => {
            Migrator::fresh(&owner).await?;
            println!("schema dropped and all migrations applied");
        }
        MigrateAction::Status => {
            let applied: std::collections::HashSet<String> =
                Migrator::get_applied_migrations(&owner)
                    .await?
                    .into_iter()
                    .map(|m| m.name().to_owned())
                    .collect();
            for m in Migrator::migrations() {
                let state = if applied.contains(m.name()) {
                    "applied"
                } else {
                    "pending"
                };
                println!("{state:8} {}", m.name());
            }
        }
    }
    Ok(())
}

/// Loads the demo data (through the domain layer, as the service principal) and/or the scale
/// data (set-based SQL, as the database owner), migrating first if needed.
async fn seed(
    args: &crate::config::DatabaseArgs,
    resolved: &ResolvedDatabase,
    seed: &crate::config::SeedArgs,
) -> anyhow::Result<()> {
    let owner = database::connect_owner(&resolved.owner_url).await?;
    if !database::migrations_current(&owner).await? {
        Migrator::up(&owner, None).await?;
    }
    if seed.demo {
        let db = database::connect_app(args, &resolved.app_url)?;
        let loaded = domain::seed::demo::load(&db)
            .await
            .map_err(|e| anyhow::anyhow!("demo seed failed: {e}"));
        db.close().await;
        if loaded? {
            println!("demo data loaded");
        } else {
            println!("demo data already present; nothing changed");
        }
    }
    if let Some(n) = seed.scale {
        let started = std::time::Instant::now();
        let outcome = domain::seed::scale::load(&owner, n, |table, rows, seconds| {
            eprintln!("  {table:<26} {rows:>10} rows  {seconds:>7.1} s");
        })
        .await?;
        match outcome {
            domain::seed::scale::ScaleOutcome::Loaded(tables) => {
                let total: u64 = tables.iter().map(|(_, rows)| rows).sum();
                println!(
                    "scale {n} loaded: {total} rows in {:.0} s",
                    started.elapsed().as_secs_f64()
                );
            }
            domain::seed::scale::ScaleOutcome::AlreadyPresent => {
                println!("scale {n} data already present; nothing changed");
            }
        }
    }
    Ok(())
}

async fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    let mode = args.common.mode;
    // Refuse unsafe settings before touching anything.
    let introspection = args.protection.introspection_for(mode)?;
    let cors_origins = args.http.cors_origins_for(mode)?;
    refuse_public_development_secrets(args)?;
    let auth = crate::auth::setup::build(&args.auth, mode).await?;
    let resolved = database::resolve(&args.database.location).await?;
    let owner = database::connect_owner(&resolved.owner_url).await?;
    if args.runtime.auto_migrate {
        Migrator::up(&owner, None)
            .await
            .context("applying migrations")?;
    }
    let db = database::connect_app(&args.database, &resolved.app_url)?;
    database::check_request_login(&db, mode, args.database.allow_privileged_db_login).await?;
    let load_demo = match args.runtime.demo_data {
        DemoData::On => true,
        DemoData::Off => false,
        DemoData::Auto => resolved.is_embedded(),
    };
    if load_demo {
        match domain::seed::demo::load(&db).await {
            Ok(true) => tracing::info!("demo data loaded"),
            Ok(false) => tracing::debug!("demo data already present"),
            Err(err) => tracing::error!(error = %err, "demo data could not be loaded"),
        }
    }

    let mut protection = protection(&args.protection, introspection).await?;
    protection.cors_origins = cors_origins;
    let state = AppState::new(db.clone(), owner, auth, mode, protection);
    let pruner = {
        let limiter = state.inner.rate_limiter.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(60));
            loop {
                every.tick().await;
                limiter.prune();
            }
        })
    };
    let router = build_router(state);
    let listener = tokio::net::TcpListener::bind(args.http.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.http.listen))?;
    tracing::info!(address = %listener.local_addr()?, "serving");
    let options = crate::http::serve::ServeOptions {
        request_read_timeout: Duration::from_millis(args.http.request_read_timeout_ms),
        keep_alive_timeout: Duration::from_millis(args.http.keep_alive_timeout_ms),
        max_connections: args.http.max_connections,
        shutdown_grace: Duration::from_millis(args.runtime.shutdown_grace_ms),
    };
    crate::http::serve::serve(listener, router, options, shutdown_signal()).await?;
    pruner.abort();
    db.close().await;
    stop_embedded(&resolved).await;
    Ok(())
}

/// The built-in development secrets are public (they are in this repository): anyone who can
/// reach a gateway that uses them can mint a service token (every tenant) or impersonate any
/// user. They are only acceptable on a loopback address.
pub fn refuse_public_development_secrets(args: &ServeArgs) -> anyhow::Result<()> {
    let mode = args.common.mode;
    if args.http.listen.ip().is_loopback() {
        return Ok(());
    }
    let dev_user = crate::auth::setup::dev_user_secret(&args.auth, mode)?
        .is_some_and(|s| s == crate::config::DEV_DEFAULT_USER_SECRET.as_bytes());
    let dev_service = crate::auth::setup::service_secret(&args.auth, mode)?
        .is_some_and(|s| s == crate::config::DEV_DEFAULT_SERVICE_SECRET.as_bytes());
    if dev_user || dev_service {
        let which = match (dev_user, dev_service) {
            (true, true) => "the built-in development user and service secrets",
            (true, false) => "the built-in development user-token secret",
            _ => "the built-in development service-token secret",
        };
        anyhow::bail!(
            "refusing to listen on {} with {which}: they are public, so anyone reaching this address could \
             mint tokens for every clinic. Listen on 127.0.0.1, or set GATEWAY_MODE=production with \
             GATEWAY_JWKS_URL, GATEWAY_JWT_ISSUER and GATEWAY_SERVICE_TOKEN_SECRET (or, in development, your \
             own GATEWAY_JWT_HS256_SECRET and GATEWAY_SERVICE_TOKEN_SECRET)",
            args.http.listen
        );
    }
    Ok(())
}

async fn stop_embedded(resolved: &ResolvedDatabase) {
    if let Some(cluster) = resolved.embedded.clone() {
        match tokio::task::spawn_blocking(move || cluster.stop()).await {
            Ok(Ok(())) => tracing::info!("embedded PostgreSQL stopped"),
            Ok(Err(err)) => {
                tracing::warn!(error = %err, "embedded PostgreSQL did not stop cleanly")
            }
            Err(err) => tracing::warn!(error = %err, "embedded PostgreSQL stop task failed"),
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// `gateway token`: prints a token to paste into GraphiQL (`Authorization: Bearer <token>`).
/// A user token is minted only for a user that exists (a token for anyone else would just get
/// the uniform 401 later, with no hint why), unless `--no-check`.
async fn mint_token(command: &TokenCommand) -> anyhow::Result<()> {
    let args = &command.token;
    let mode = command.common.mode;
    let auth = command.secrets.as_auth_args();
    let ttl = crate::auth::token::parse_ttl(&args.ttl).map_err(|e| anyhow::anyhow!(e))?;
    let token = if args.service {
        let max = Duration::from_secs(command.secrets.service_token_max_ttl_secs);
        if ttl > max {
            anyhow::bail!(
                "service tokens live at most {} s (GATEWAY_SERVICE_TOKEN_MAX_TTL_SECS); ask for a shorter --ttl",
                max.as_secs()
            );
        }
        let secret = crate::auth::setup::service_secret(&auth, mode)?
            .ok_or_else(|| anyhow::anyhow!("service tokens need GATEWAY_SERVICE_TOKEN_SECRET"))?;
        crate::auth::token::mint_service_token(&secret, &args.name, ttl)?
    } else {
        if mode == Mode::Production {
            anyhow::bail!("development tokens cannot be minted in production mode");
        }
        let user = args
            .user
            .as_deref()
            .ok_or_else(|| anyhow::anyhow!("--user is required"))?;
        let secret = crate::auth::setup::dev_user_secret(&auth, mode)?.ok_or_else(|| {
            anyhow::anyhow!("user tokens are verified against a JWKS here; mint them with your identity provider")
        })?;
        if !args.no_check {
            check_user_exists(&command.database, user, args.org.as_deref()).await?;
        }
        crate::auth::token::mint_user_token(&secret, user, args.org.as_deref(), ttl)?
    };
    println!("{token}");
    Ok(())
}

/// Looks the user up the way a request would; says what is wrong when it is not there.
async fn check_user_exists(
    location: &crate::config::DatabaseLocation,
    user: &str,
    org: Option<&str>,
) -> anyhow::Result<()> {
    let resolved = database::resolve(location).await?;
    let found = async {
        let db =
            domain::Database::connect_lazy(&domain::db::DbConfig::new(resolved.app_url.clone()))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
        let principal = domain::identity::resolve_user(&db, user, org)
            .await
            .map_err(|e| anyhow::anyhow!("cannot look the user up: {e}"));
        db.close().await;
        principal
    }
    .await;
    stop_embedded(&resolved).await;
    let Some(principal) = found? else {
        anyhow::bail!(
            "no user has the clerk_user_id {user:?} in this database, so a token for it would be refused \
             (demo users: user_sunrise_owner, user_sunrise_admin, user_sunrise_member, user_sunrise_viewer, \
             the same for harbor, user_alpine_owner, user_multi, user_no_clinic); pass --no-check to mint it anyway"
        );
    };
    if let (Some(org), Some(found)) = (org, principal.as_user())
        && found.active_clinic.is_none()
    {
        anyhow::bail!(
            "{user:?} is not a member of the clinic with clerk_org_id {org:?}; pass --no-check to mint it anyway"
        );
    }
    Ok(())
}

/// The endpoint's protections from configuration: Redis-backed when `REDIS_URL` is set.
async fn protection(
    args: &crate::config::ProtectionArgs,
    introspection: crate::config::Introspection,
) -> anyhow::Result<crate::app::Protection> {
    let quotas = crate::ratelimit::Quotas {
        per_user: args.rate_limit_user_per_min,
        per_clinic: args.rate_limit_clinic_per_min,
        per_anonymous_ip: args.rate_limit_anonymous_per_min,
    };
    let (rate_limiter, persisted) = match &args.redis_url {
        Some(url) => (
            crate::ratelimit::RateLimiter::redis(url.expose(), quotas)
                .await
                .context("connecting to Redis (REDIS_URL) for rate limits")?,
            crate::persisted::PersistedQueries::redis(url.expose())
                .await
                .context("connecting to Redis (REDIS_URL) for persisted queries")?,
        ),
        None => (
            crate::ratelimit::RateLimiter::in_memory(quotas),
            crate::persisted::PersistedQueries::in_memory(),
        ),
    };
    let persisted = match &args.persisted_operations_dir {
        Some(dir) => persisted
            .with_allowlist_dir(dir)
            .with_context(|| format!("reading persisted operations from {}", dir.display()))?,
        None => persisted,
    };
    Ok(crate::app::Protection {
        limits: args.limits(),
        rate_limiter,
        persisted,
        staff: args
            .staff_users
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect(),
        introspection,
        request_timeout: Duration::from_millis(args.request_timeout_ms),
        max_body_bytes: args.max_body_bytes,
        cors_origins: Vec::new(),
    })
}
