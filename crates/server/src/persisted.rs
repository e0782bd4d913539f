//! Persisted operations: automatic persisted queries (Apollo's protocol: the client sends the
//! SHA-256 of the query, and the full text only when the gateway does not know it yet), and an
//! allow-list mode in which only operations registered from a directory of `.graphql` files
//! run (what the web and mobile apps ship), for everyone but staff.
//!
//! The APQ cache is shared through Redis when `REDIS_URL` is set, so a query registered on one
//! replica is known to all; otherwise it is an in-memory map bounded in bytes. A query is
//! registered only after it passed the length check, parsed and passed the operation limits,
//! and only by a signed-in caller ([`PersistedQueries::resolve`] says what to do,
//! [`PersistedQueries::store`] does it): an anonymous flood cannot fill the store.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use sha2::{Digest, Sha256};

/// Most bytes of query text an in-memory APQ cache holds before it forgets the oldest.
const MEMORY_CAPACITY_BYTES: usize = 16 * 1024 * 1024;
/// Longest query text stored in either store (the length limit admits nothing longer; this
/// is the store's own bound in case the limit is raised).
const MAX_ENTRY_BYTES: usize = 64 * 1024;
/// How long Redis keeps an APQ entry after its last registration.
const REDIS_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// The lowercase hex SHA-256 of a query text.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Queries by hash, the order they came in, and the bytes they take.
#[derive(Default)]
struct MemoryStore {
    entries: HashMap<String, Arc<str>>,
    order: std::collections::VecDeque<String>,
    bytes: usize,
}

enum Cache {
    Memory(Mutex<MemoryStore>),
    Redis(redis::aio::ConnectionManager),
}

/// What a request's persisted-query parts mean.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolution {
    /// An ordinary request: run its text.
    Ordinary,
    /// A registered or cached operation: run this text instead of the (empty) one sent.
    Stored(String),
    /// Text and a matching hash: run the text, and register it under the hash once it has
    /// passed the checks, if the caller may register.
    Register(String),
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
    /// The operation names of the allow-list, parsed once on first use.
    registered_names: std::sync::OnceLock<std::collections::HashSet<String>>,
}

impl PersistedQueries {
    pub fn in_memory() -> Self {
        PersistedQueries {
            cache: Cache::Memory(Mutex::new(MemoryStore::default())),
            allowlist: None,
            registered_names: std::sync::OnceLock::new(),
        }
    }

    pub async fn redis(url: &str) -> Result<Self, redis::RedisError> {
        let client = redis::Client::open(url)?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_millis(500)));
        Ok(PersistedQueries {
            cache: Cache::Redis(
                redis::aio::ConnectionManager::new_with_config(client, config).await?,
            ),
            allowlist: None,
            registered_names: std::sync::OnceLock::new(),
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

    /// Whether `name` is the name of an operation in the allow-list (a bounded set, safe as a
    /// metrics label).
    pub fn is_registered_name(&self, name: Option<&str>) -> bool {
        let (Some(name), Some(allowed)) = (name, &self.allowlist) else {
            return false;
        };
        self.registered_names.get_or_init(|| {
            allowed
                .values()
                .filter_map(|text| async_graphql::parser::parse_query(text.as_ref()).ok())
                .flat_map(|doc| {
                    doc.operations
                        .iter()
                        .filter_map(|(name, _)| name.map(|n| n.to_string()))
                        .collect::<Vec<_>>()
                })
                .collect()
        });
        self.registered_names
            .get()
            .is_some_and(|names| names.contains(name))
    }

    /// What to run for a request that sent `query` (possibly empty) and perhaps a
    /// `persistedQuery` extension; `enforce_allowlist` is false for staff. Nothing is stored
    /// here: a [`Resolution::Register`] is stored by [`PersistedQueries::store`] after the
    /// text has passed the checks.
    pub async fn resolve(
        &self,
        query: &str,
        persisted: Option<&serde_json::Value>,
        enforce_allowlist: bool,
    ) -> Result<Resolution, PersistedError> {
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
        if enforce_allowlist && let Some(allowed) = &self.allowlist {
            let key = match (&hash, query.is_empty()) {
                (Some(hash), true) => hash.clone(),
                _ => sha256_hex(query),
            };
            return match allowed.get(&key) {
                Some(text) => Ok(Resolution::Stored(text.to_string())),
                None => Err(PersistedError::NotAllowed),
            };
        }
        let Some(hash) = hash else {
            return Ok(Resolution::Ordinary);
        };
        if query.is_empty() {
            if let Some(text) = self.allowlist.as_ref().and_then(|a| a.get(&hash)) {
                return Ok(Resolution::Stored(text.to_string()));
            }
            return match self.lookup(&hash).await {
                Some(text) => Ok(Resolution::Stored(text)),
                None => Err(PersistedError::NotFound),
            };
        }
        if sha256_hex(query) != hash {
            return Err(PersistedError::HashMismatch);
        }
        Ok(Resolution::Register(hash))
    }

    async fn lookup(&self, hash: &str) -> Option<String> {
        match &self.cache {
            Cache::Memory(map) => map.lock().ok()?.entries.get(hash).map(|t| t.to_string()),
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

    /// Registers `query` under `hash` (checked by [`PersistedQueries::resolve`]). Entries
    /// longer than the store's bound are not kept; the memory store forgets its oldest
    /// entries beyond its byte budget.
    pub async fn store(&self, hash: &str, query: &str) {
        if query.len() > MAX_ENTRY_BYTES {
            return;
        }
        match &self.cache {
            Cache::Memory(map) => {
                let Ok(mut store) = map.lock() else { return };
                if store.entries.contains_key(hash) {
                    return;
                }
                store.entries.insert(hash.to_owned(), Arc::from(query));
                store.order.push_back(hash.to_owned());
                store.bytes += query.len() + hash.len();
                while store.bytes > MEMORY_CAPACITY_BYTES {
                    let Some(oldest) = store.order.pop_front() else {
                        break;
                    };
                    if let Some(text) = store.entries.remove(&oldest) {
                        store.bytes = store.bytes.saturating_sub(text.len() + oldest.len());
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

    /// Bytes held by the in-memory store (0 for Redis).
    pub fn memory_bytes(&self) -> usize {
        match &self.cache {
            Cache::Memory(map) => map.lock().map(|s| s.bytes).unwrap_or_default(),
            Cache::Redis(_) => 0,
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
        assert_eq!(
            store.resolve("", Some(&ext), true).await,
            Err(PersistedError::NotFound)
        );
        assert_eq!(
            store.resolve(query, Some(&ext), true).await,
            Ok(Resolution::Register(hash.clone()))
        );
        // Resolving alone stores nothing: registration waits for the checks.
        assert_eq!(
            store.resolve("", Some(&ext), true).await,
            Err(PersistedError::NotFound)
        );
        store.store(&hash, query).await;
        assert_eq!(
            store.resolve("", Some(&ext), true).await,
            Ok(Resolution::Stored(query.to_owned()))
        );
        let wrong = serde_json::json!({ "version": 1, "sha256Hash": "00" });
        assert_eq!(
            store.resolve(query, Some(&wrong), true).await,
            Err(PersistedError::HashMismatch)
        );
    }

    #[tokio::test]
    async fn the_memory_store_is_bounded_in_bytes() {
        let store = PersistedQueries::in_memory();
        let text = "x".repeat(60 * 1024);
        for i in 0..400 {
            let query = format!("{text}{i}");
            store.store(&sha256_hex(&query), &query).await;
        }
        assert!(
            store.memory_bytes() <= MEMORY_CAPACITY_BYTES,
            "{}",
            store.memory_bytes()
        );
        assert!(store.memory_bytes() > MEMORY_CAPACITY_BYTES / 2);
        store.store("big", &"y".repeat(MAX_ENTRY_BYTES + 1)).await;
        assert_eq!(store.lookup("big").await, None);
    }
}
