//! Fair use: request quotas per user, per clinic, and per IP address for anonymous callers.
//!
//! Two stores, one interface. In memory, the `governor` crate (GCRA, keyed by a concurrent map)
//! limits one replica. With `REDIS_URL`, counters live in Redis so every replica of the gateway
//! shares them: a fixed one-minute window per key, incremented and expired atomically by a Lua
//! script. If Redis cannot be reached, signed-in callers are let through (an outage of the
//! counter store must not become an outage of the API for clinics) while anonymous callers are
//! refused (fail closed: without counters nothing would bound them); both are logged and
//! counted in `/metrics`.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DashMapStateStore;
use governor::{Quota, RateLimiter as Gcra};

/// What is being limited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    User,
    Clinic,
    AnonymousIp,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::User => "user",
            Scope::Clinic => "clinic",
            Scope::AnonymousIp => "ip",
        }
    }
}

/// Requests per minute for each scope.
#[derive(Clone, Copy, Debug)]
pub struct Quotas {
    pub per_user: u32,
    pub per_clinic: u32,
    pub per_anonymous_ip: u32,
}

impl Quotas {
    fn of(&self, scope: Scope) -> u32 {
        match scope {
            Scope::User => self.per_user,
            Scope::Clinic => self.per_clinic,
            Scope::AnonymousIp => self.per_anonymous_ip,
        }
    }
}

/// A refused request: which scope, and when to retry.
#[derive(Clone, Copy, Debug)]
pub struct Refused {
    pub scope: Scope,
    pub retry_after_secs: u64,
}

type Keyed = Gcra<String, DashMapStateStore<String>, DefaultClock>;

// One store per process, behind an `Arc`: the size difference of the variants costs nothing.
#[allow(clippy::large_enum_variant)]
enum Store {
    Memory {
        user: Keyed,
        clinic: Keyed,
        anonymous: Keyed,
    },
    Redis {
        connection: redis::aio::ConnectionManager,
        script: redis::Script,
    },
}

/// The gateway's rate limiter (cheap to clone).
#[derive(Clone)]
pub struct RateLimiter {
    quotas: Quotas,
    store: Arc<Store>,
}

/// INCR the window's counter, set its expiry on first use, return the count and the ms left.
const WINDOW_SCRIPT: &str = r"
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}
";

const WINDOW: Duration = Duration::from_secs(60);

fn gcra(per_minute: u32) -> Keyed {
    let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    Gcra::keyed(Quota::per_minute(per_minute))
}

impl RateLimiter {
    /// Counters in this process.
    pub fn in_memory(quotas: Quotas) -> Self {
        RateLimiter {
            quotas,
            store: Arc::new(Store::Memory {
                user: gcra(quotas.per_user),
                clinic: gcra(quotas.per_clinic),
                anonymous: gcra(quotas.per_anonymous_ip),
            }),
        }
    }

    /// Counters in Redis, shared by every replica.
    pub async fn redis(url: &str, quotas: Quotas) -> Result<Self, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_millis(500)));
        let connection = redis::aio::ConnectionManager::new_with_config(client, config).await?;
        Ok(RateLimiter {
            quotas,
            store: Arc::new(Store::Redis {
                connection,
                script: redis::Script::new(WINDOW_SCRIPT),
            }),
        })
    }

    pub fn is_shared(&self) -> bool {
        matches!(*self.store, Store::Redis { .. })
    }

    /// Counts one request against `key` in `scope`.
    pub async fn check(&self, scope: Scope, key: &str) -> Result<(), Refused> {
        let limit = self.quotas.of(scope);
        match &*self.store {
            Store::Memory {
                user,
                clinic,
                anonymous,
            } => {
                let limiter = match scope {
                    Scope::User => user,
                    Scope::Clinic => clinic,
                    Scope::AnonymousIp => anonymous,
                };
                let key = key.to_owned();
                limiter.check_key(&key).map_err(|not_until| {
                    let wait = not_until.wait_time_from(DefaultClock::default().now());
                    Refused {
                        scope,
                        retry_after_secs: wait.as_secs().max(1),
                    }
                })
            }
            Store::Redis { connection, script } => {
                let window = chrono::Utc::now().timestamp() / WINDOW.as_secs() as i64;
                let redis_key = format!("vetgw:rl:{}:{key}:{window}", scope.as_str());
                let mut connection = connection.clone();
                let result: Result<(i64, i64), _> = script
                    .key(&redis_key)
                    .arg(WINDOW.as_millis() as u64)
                    .invoke_async(&mut connection)
                    .await;
                match result {
                    Ok((count, ttl_ms)) if count > i64::from(limit) => Err(Refused {
                        scope,
                        retry_after_secs: (ttl_ms.max(0) as u64).div_ceil(1000).max(1),
                    }),
                    Ok(_) => Ok(()),
                    Err(err) if scope == Scope::AnonymousIp => {
                        tracing::warn!(error = %err, "rate-limit store unreachable; refusing an anonymous request");
                        crate::metrics::record_rate_limit_store_error(true);
                        Err(Refused {
                            scope,
                            retry_after_secs: 5,
                        })
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "rate-limit store unreachable; letting a signed-in request through");
                        crate::metrics::record_rate_limit_store_error(false);
                        Ok(())
                    }
                }
            }
        }
    }

    /// Drops idle in-memory keys (called periodically so the maps do not grow without bound).
    pub fn prune(&self) {
        if let Store::Memory {
            user,
            clinic,
            anonymous,
        } = &*self.store
        {
            for limiter in [user, clinic, anonymous] {
                limiter.retain_recent();
                limiter.shrink_to_fit();
            }
        }
    }
}
