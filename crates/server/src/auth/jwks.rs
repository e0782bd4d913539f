//! The production key set: public keys (RS256, ES256) from a JWKS URL or file, cached, and
//! fetched again on a schedule (the configured maximum age, or the URL's shorter
//! `Cache-Control: max-age`), so a key the identity provider revokes stops being trusted;
//! besides, at most one refresh per interval when a token names a key id we do not know.
//!
//! Only asymmetric keys are ever loaded: a symmetric (`oct`) key in a JWKS would let anyone who
//! can read the key set sign tokens, so such entries are skipped. Header fields that point at
//! other keys (`jku`, `x5u`, `jwk`) are never consulted; keys come only from this cache.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve, JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey};
use tokio::sync::RwLock;

/// Where the key set comes from.
#[derive(Clone, Debug)]
pub enum JwksSource {
    Url(String),
    File(PathBuf),
}

/// One verification key and the only algorithm it may verify.
#[derive(Clone)]
pub struct VerificationKey {
    pub key: DecodingKey,
    pub algorithm: Algorithm,
}

/// The cached key set.
pub struct KeySet {
    source: JwksSource,
    keys: RwLock<HashMap<String, VerificationKey>>,
    last_refresh: Mutex<Option<Instant>>,
    min_refresh_interval: Duration,
    /// Longest time a fetched key set is trusted before it is fetched again.
    max_age: Duration,
    /// The `max-age` the JWKS URL sent with the current set, if shorter.
    served_max_age: Mutex<Option<Duration>>,
    http: Option<reqwest::Client>,
}

/// The shortest schedule, whatever a `Cache-Control` header says.
const MIN_SCHEDULED_REFRESH: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum JwksError {
    #[error("cannot fetch the JWKS from {url}: {detail}")]
    Fetch { url: String, detail: String },
    #[error("cannot read the JWKS file {path}: {detail}")]
    Read { path: String, detail: String },
    #[error("the JWKS is not valid JSON Web Key Set JSON: {0}")]
    Parse(String),
    #[error("the JWKS holds no usable RS256 or ES256 key")]
    NoKeys,
}

impl KeySet {
    /// Loads the key set once; start-up fails if it cannot be loaded.
    pub async fn load(
        source: JwksSource,
        min_refresh_interval: Duration,
        max_age: Duration,
    ) -> Result<Self, JwksError> {
        let http = match &source {
            JwksSource::Url(_) => Some({
                // reqwest is built without a bundled crypto provider; use ring, which the
                // database driver already links. A second install is a harmless no-op.
                let _ = rustls::crypto::ring::default_provider().install_default();
                reqwest::Client::builder()
                    .timeout(Duration::from_secs(5))
                    .build()
                    .map_err(|e| JwksError::Fetch {
                        url: String::new(),
                        detail: e.to_string(),
                    })?
            }),
            JwksSource::File(_) => None,
        };
        let set = KeySet {
            source,
            keys: RwLock::new(HashMap::new()),
            last_refresh: Mutex::new(None),
            min_refresh_interval,
            max_age,
            served_max_age: Mutex::new(None),
            http,
        };
        let keys = set.fetch().await?;
        if keys.is_empty() {
            return Err(JwksError::NoKeys);
        }
        *set.keys.write().await = keys;
        *set.last_refresh.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        Ok(set)
    }

    /// The key for `kid`; on a miss, one refresh if the last one is old enough, then look again.
    pub async fn key(&self, kid: &str) -> Option<VerificationKey> {
        if let Some(key) = self.keys.read().await.get(kid) {
            return Some(key.clone());
        }
        if !self.claim_refresh_slot() {
            return None;
        }
        match self.fetch().await {
            Ok(keys) if !keys.is_empty() => {
                tracing::info!(count = keys.len(), "JWKS refreshed after an unknown key id");
                *self.keys.write().await = keys;
            }
            Ok(_) => tracing::warn!("JWKS refresh returned no usable keys; keeping the old set"),
            Err(err) => tracing::warn!(error = %err, "JWKS refresh failed; keeping the old set"),
        }
        self.keys.read().await.get(kid).cloned()
    }

    /// Fetches the key set now and replaces the cached one entirely (keys no longer published
    /// are forgotten). A failed or empty fetch keeps the old set and says so in the log.
    pub async fn refresh_now(&self) -> bool {
        match self.fetch().await {
            Ok(keys) if !keys.is_empty() => {
                *self.keys.write().await = keys;
                *self.last_refresh.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
                true
            }
            Ok(_) => {
                tracing::warn!(
                    "scheduled JWKS refresh returned no usable keys; keeping the old set"
                );
                false
            }
            Err(err) => {
                tracing::warn!(error = %err, "scheduled JWKS refresh failed; keeping the old set");
                false
            }
        }
    }

    /// How long until the next scheduled refresh is due.
    fn refresh_schedule(&self) -> Duration {
        let served = *self
            .served_max_age
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        served
            .map_or(self.max_age, |served| served.min(self.max_age))
            .max(MIN_SCHEDULED_REFRESH)
    }

    /// Ids of the keys currently trusted (for tests and diagnostics).
    pub async fn key_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.keys.read().await.keys().cloned().collect();
        ids.sort();
        ids
    }

    /// True (and the slot taken) when no refresh happened within the minimum interval, so a
    /// flood of tokens with made-up key ids costs one fetch per interval at most.
    fn claim_refresh_slot(&self) -> bool {
        let mut last = self.last_refresh.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        match *last {
            Some(at) if now.duration_since(at) < self.min_refresh_interval => false,
            _ => {
                *last = Some(now);
                true
            }
        }
    }

    async fn fetch(&self) -> Result<HashMap<String, VerificationKey>, JwksError> {
        let body = match &self.source {
            JwksSource::Url(url) => {
                let http = self.http.as_ref().expect("URL sources have a client");
                let response = http.get(url).send().await.map_err(|e| JwksError::Fetch {
                    url: url.clone(),
                    detail: e.to_string(),
                })?;
                if !response.status().is_success() {
                    return Err(JwksError::Fetch {
                        url: url.clone(),
                        detail: format!("HTTP {}", response.status()),
                    });
                }
                let served = response
                    .headers()
                    .get(reqwest::header::CACHE_CONTROL)
                    .and_then(|v| v.to_str().ok())
                    .and_then(max_age_of);
                *self
                    .served_max_age
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()) = served;
                response.text().await.map_err(|e| JwksError::Fetch {
                    url: url.clone(),
                    detail: e.to_string(),
                })?
            }
            JwksSource::File(path) => {
                tokio::fs::read_to_string(path)
                    .await
                    .map_err(|e| JwksError::Read {
                        path: path.display().to_string(),
                        detail: e.to_string(),
                    })?
            }
        };
        parse_key_set(&body)
    }
}

/// Fetches the key set again whenever its schedule says so, for as long as the set is in use.
pub fn spawn_refresher(set: &Arc<KeySet>) -> tokio::task::JoinHandle<()> {
    let weak = Arc::downgrade(set);
    tokio::spawn(async move {
        loop {
            let Some(wait) = weak.upgrade().map(|set| set.refresh_schedule()) else {
                return;
            };
            tokio::time::sleep(wait).await;
            let Some(set) = weak.upgrade() else { return };
            if set.refresh_now().await {
                tracing::debug!("JWKS refreshed on schedule");
            }
        }
    })
}

/// `max-age=N` of a `Cache-Control` value (`no-store`/`no-cache`: refresh as soon as allowed).
fn max_age_of(cache_control: &str) -> Option<Duration> {
    let mut max_age = None;
    for directive in cache_control.split(',').map(str::trim) {
        let lower = directive.to_ascii_lowercase();
        if lower == "no-store" || lower == "no-cache" {
            return Some(Duration::ZERO);
        }
        if let Some(n) = lower.strip_prefix("max-age=") {
            max_age = n
                .trim_matches('"')
                .parse::<u64>()
                .ok()
                .map(Duration::from_secs);
        }
    }
    max_age
}

/// The usable keys of a JWKS document: RSA keys for RS256 and P-256 keys for ES256, each with
/// a key id. Anything else (symmetric keys, other curves, keys without `kid`) is skipped.
pub fn parse_key_set(json: &str) -> Result<HashMap<String, VerificationKey>, JwksError> {
    let set: JwkSet = serde_json::from_str(json).map_err(|e| JwksError::Parse(e.to_string()))?;
    let mut keys = HashMap::new();
    for jwk in &set.keys {
        let Some(kid) = jwk.common.key_id.clone() else {
            continue;
        };
        let algorithm = match (&jwk.algorithm, jwk.common.key_algorithm) {
            (AlgorithmParameters::RSA(_), None | Some(KeyAlgorithm::RS256)) => Algorithm::RS256,
            (AlgorithmParameters::EllipticCurve(ec), None | Some(KeyAlgorithm::ES256))
                if ec.curve == EllipticCurve::P256 =>
            {
                Algorithm::ES256
            }
            _ => {
                tracing::warn!(kid, "skipping a JWKS key that is not RS256 or ES256");
                continue;
            }
        };
        match DecodingKey::from_jwk(jwk) {
            Ok(key) => {
                keys.insert(kid, VerificationKey { key, algorithm });
            }
            Err(err) => tracing::warn!(kid, error = %err, "skipping an unreadable JWKS key"),
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::max_age_of;
    use std::time::Duration;

    #[test]
    fn cache_control_max_age() {
        assert_eq!(
            max_age_of("public, max-age=120"),
            Some(Duration::from_secs(120))
        );
        assert_eq!(max_age_of("no-store"), Some(Duration::ZERO));
        assert_eq!(max_age_of("public"), None);
    }
}
