//! Persisted operations: automatic persisted queries (Apollo's protocol: the client sends the
//! SHA-256 of the query, and the full text only when the gateway does not know it yet), and an
//! allow-list mode in which only operations registered from a directory of `.graphql` files
//! run (what the web and mobile apps ship), for everyone but staff.
//!
//! The APQ cache is shared through Redis when `REDIS_URL` is set, so a query registered on one
//! replica is known to all; otherwise it is a bounded in-memory map.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};

/// Most queries an in-memory APQ cache holds before it forgets the oldest.
const MEMORY_CAPACITY: usize = 10_000;
/// How long Redis keeps an APQ entry after its last registration.
const REDIS_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// The lowercase hex SHA-256 of a query text.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

enum Cache {
    Memory(Mutex<(HashMap<String, Arc<str>>, std::collections::VecDeque<String>)>),
    Redis(redis::aio::ConnectionManager),
}

/// Why a persisted-query request cannot run.
#[derive(Debug, PartialEq, Eq)]
pub enum PersistedError {
    /// Apollo's protocol: the client should retry with the full query text.
    NotFound,
    /// The sent text does not hash to the sent hash.
    HashMismatch,
    /// Allow-list mode: the operation is not registered.
    NotAllowed,
    /// Unsupported `persistedQuery.version`.
    UnsupportedVersion,
}

/// APQ cache and the optional allow-list.
pub struct PersistedQueries {
    cache: Cache,
    /// Registered operations by hash (allow-list mode when `Some`).
    allowlist: Option<HashMap<String, Arc<str>>>,
}

impl PersistedQueries {
    pub fn in_memory() -> Self {
        PersistedQueries {
            cache: Cache::Memory(Mutex::new((HashMap::new(), std::collections::VecDeque::new()))),
            allowlist: None,
        }
    }

    pub async fn redis(url: &str) -> Result<Self, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_millis(500)));
        Ok(PersistedQueries {
            cache: Cache::Redis(redis::aio::ConnectionManager::new_with_config(client, config).await?),
            allowlist: None,
        })
    }

    /// Switches on allow-list mode with every `.graphql` file of `dir` (recursively); each file
    /// is one registered document, identified by the SHA-256 of its exact text.
    pub fn with_allowlist_dir(mut self, dir: &Path) -> std::io::Result<Self> {
        let mut allowed = HashMap::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(current) = pending.pop() {
            for entry in std::fs::read_dir(&current)? {
                let path = entry?.path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|e| e == "graphql") {
                    let text = std::fs::read_to_string(&path)?;
                    allowed.insert(sha256_hex(&text), Arc::from(text.as_str()));
                }
            }
        }
        tracing::info!(operations = allowed.len(), dir = %dir.display(), "persisted-operation allow-list loaded");
        self.allowlist = Some(allowed);
        Ok(self)
    }

    pub fn allowlist_len(&self) -> Option<usize> {
        self.allowlist.as_ref().map(HashMap::len)
    }

    /// The query text to run for a request that sent `query` (possibly empty) and perhaps a
    /// `persistedQuery` extension; `enforce_allowlist` is false for staff.
    pub async fn resolve(
        &self,
        query: &str,
        persisted: Option<&serde_json::Value>,
        enforce_allowlist: bool,
    ) -> Result<Option<String>, PersistedError> {
        let hash = match persisted {
            Some(ext) => {
                if ext.get("version").and_then(serde_json::Value::as_u64) != Some(1) {
                    return Err(PersistedError::UnsupportedVersion);
                }
                ext.get("sha256Hash")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_ascii_lowercase)
            }
            None => None,
        };
        if enforce_allowlist {
            if let Some(allowed) = &self.allowlist {
                let key = match (&hash, query.is_empty()) {
                    (Some(hash), true) => hash.clone(),
                    _ => sha256_hex(query),
                };
                return match allowed.get(&key) {
                    Some(text) => Ok(Some(text.to_string())),
                    None => Err(PersistedError::NotAllowed),
                };
            }
        }
        let Some(hash) = hash else {
            return Ok(None); // an ordinary request
        };
        if query.is_empty() {
            if let Some(text) = self.allowlist.as_ref().and_then(|a| a.get(&hash)) {
                return Ok(Some(text.to_string()));
            }
            return match self.lookup(&hash).await {
                Some(text) => Ok(Some(text)),
                None => Err(PersistedError::NotFound),
            };
        }
        if sha256_hex(query) != hash {
            return Err(PersistedError::HashMismatch);
        }
        self.store(&hash, query).await;
        Ok(None)
    }

    async fn lookup(&self, hash: &str) -> Option<String> {
        match &self.cache {
            Cache::Memory(map) => map.lock().ok()?.0.get(hash).map(|t| t.to_string()),
            Cache::Redis(connection) => {
                let mut connection = connection.clone();
                let result: Result<Option<String>, _> = redis::cmd("GET")
                    .arg(format!("vetgw:apq:{hash}"))
                    .query_async(&mut connection)
                    .await;
                result.unwrap_or_else(|err| {
                    tracing::warn!(error = %err, "persisted-query store unreachable");
                    None
                })
            }
        }
    }

    async fn store(&self, hash: &str, query: &str) {
        match &self.cache {
            Cache::Memory(map) => {
                let Ok(mut guard) = map.lock() else { return };
                let (entries, order) = &mut *guard;
                if entries.insert(hash.to_owned(), Arc::from(query)).is_none() {
                    order.push_back(hash.to_owned());
                    while order.len() > MEMORY_CAPACITY {
                        if let Some(oldest) = order.pop_front() {
                            entries.remove(&oldest);
                        }
                    }
                }
            }
            Cache::Redis(connection) => {
                let mut connection = connection.clone();
                let result: Result<(), _> = redis::cmd("SET")
                    .arg(format!("vetgw:apq:{hash}"))
                    .arg(query)
                    .arg("EX")
                    .arg(REDIS_TTL.as_secs())
                    .query_async(&mut connection)
                    .await;
                if let Err(err) = result {
                    tracing::warn!(error = %err, "could not store a persisted query");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn automatic_persisted_queries() {
        let store = PersistedQueries::in_memory();
        let query = "{ me { clerkUserId } }";
        let hash = sha256_hex(query);
        let ext = serde_json::json!({ "version": 1, "sha256Hash": hash });
        assert_eq!(store.resolve("", Some(&ext), true).await, Err(PersistedError::NotFound));
        assert_eq!(store.resolve(query, Some(&ext), true).await, Ok(None));
        assert_eq!(store.resolve("", Some(&ext), true).await, Ok(Some(query.to_owned())));
        let wrong = serde_json::json!({ "version": 1, "sha256Hash": "00" });
        assert_eq!(store.resolve(query, Some(&wrong), true).await, Err(PersistedError::HashMismatch));
    }
}
