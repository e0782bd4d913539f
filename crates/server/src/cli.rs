//! The subcommands: `serve` (default), `migrate`, `seed`, `token`, `schema`, `permissions`.

use std::time::Duration;

use anyhow::Context as _;
use migration::{Migrator, MigratorTrait};

use crate::app::{AppState, build_router};
use crate::config::{Cli, Command, DemoData, MigrateAction, Mode, TokenArgs};
use crate::database::{self, ResolvedDatabase};

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(&cli.database, &cli.runtime, &cli.auth, &cli.protection).await,
        Command::Token(args) => mint_token(&cli.auth, cli.runtime.mode, &args),
        Command::Schema => {
            print!("{}", graphql::sdl());
            Ok(())
        }
        Command::Permissions => {
            print!("{}", domain::policy::permissions_markdown());
            Ok(())
        }
        Command::Migrate { action } => {
            let resolved = database::resolve(&cli.database).await?;
            let result = migrate(&resolved, action).await;
            stop_embedded(&resolved).await;
            result
        }
        Command::Seed(args) => {
            if !args.demo && args.scale.is_none() {
                anyhow::bail!("nothing to load: pass --demo and/or --scale N");
            }
            let resolved = database::resolve(&cli.database).await?;
            let result = seed(&cli.database, &resolved, &args).await;
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
            let applied: std::collections::HashSet<String> = Migrator::get_applied_migrations(&owner)
                .await?
                .into_iter()
                .map(|m| m.name().to_owned())
                .collect();
            for m in Migrator::migrations() {
                let state = if applied.contains(m.name()) { "applied" } else { "pending" };
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
        let loaded = domain::seed::demo::load(&db).await.map_err(|e| anyhow::anyhow!("demo seed failed: {e}"));
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
                println!("scale {n} loaded: {total} rows in {:.0} s", started.elapsed().as_secs_f64());
            }
            domain::seed::scale::ScaleOutcome::AlreadyPresent => {
                println!("scale {n} data already present; nothing changed");
            }
        }
    }
    Ok(())
}

async fn serve(
    args: &crate::config::DatabaseArgs,
    runtime: &crate::config::RuntimeArgs,
    auth_args: &crate::config::AuthArgs,
    protection_args: &crate::config::ProtectionArgs,
) -> anyhow::Result<()> {
    // Refuse unsafe settings before touching anything.
    let introspection = protection_args.introspection_for(runtime.mode)?;
    let auth = crate::auth::setup::build(auth_args, runtime.mode).await?;
    let resolved = database::resolve(args).await?;
    let owner = database::connect_owner(&resolved.owner_url).await?;
    if runtime.auto_migrate {
        Migrator::up(&owner, None).await.context("applying migrations")?;
    }
    let db = database::connect_app(args, &resolved.app_url)?;
    let load_demo = match runtime.demo_data {
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

    let protection = protection(protection_args, introspection).await?;
    let state = AppState::new(db.clone(), owner, auth, runtime.mode, protection);
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
    let listener = tokio::net::TcpListener::bind(runtime.listen)
        .await
        .with_context(|| format!("cannot listen on {}", runtime.listen))?;
    tracing::info!(address = %listener.local_addr()?, "serving");
    let options = crate::http::serve::ServeOptions {
        header_read_timeout: Duration::from_millis(protection_args.header_read_timeout_ms),
        shutdown_grace: Duration::from_millis(runtime.shutdown_grace_ms),
    };
    crate::http::serve::serve(listener, router, options, shutdown_signal()).await?;
    pruner.abort();
    db.close().await;
    stop_embedded(&resolved).await;
    Ok(())
}

async fn stop_embedded(resolved: &ResolvedDatabase) {
    if let Some(cluster) = resolved.embedded.clone() {
        match tokio::task::spawn_blocking(move || cluster.stop()).await {
            Ok(Ok(())) => tracing::info!("embedded PostgreSQL stopped"),
            Ok(Err(err)) => tracing::warn!(error = %err, "embedded PostgreSQL did not stop cleanly"),
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
fn mint_token(auth: &crate::config::AuthArgs, mode: Mode, args: &TokenArgs) -> anyhow::Result<()> {
    let ttl = crate::auth::token::parse_ttl(&args.ttl).map_err(|e| anyhow::anyhow!(e))?;
    let token = if args.service {
        let secret = crate::auth::setup::service_secret(auth, mode)?
            .ok_or_else(|| anyhow::anyhow!("service tokens need GATEWAY_SERVICE_TOKEN_SECRET"))?;
        crate::auth::token::mint_service_token(&secret, &args.name, ttl)?
    } else {
        if mode == Mode::Production {
            anyhow::bail!("development tokens cannot be minted in production mode");
        }
        let user = args.user.as_deref().ok_or_else(|| anyhow::anyhow!("--user is required"))?;
        let secret = crate::auth::setup::dev_user_secret(auth, mode)?.ok_or_else(|| {
            anyhow::anyhow!("user tokens are verified against a JWKS here; mint them with your identity provider")
        })?;
        crate::auth::token::mint_user_token(&secret, user, args.org.as_deref(), ttl)?
    };
    println!("{token}");
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
        staff: args.staff_users.iter().filter(|s| !s.is_empty()).cloned().collect(),
        introspection,
        request_timeout: Duration::from_millis(args.request_timeout_ms),
        max_body_bytes: args.max_body_bytes,
    })
}
