//! Identity: turning an `Authorization` header into a verified credential.
//!
//! Three kinds of caller:
//! - **users**, with a JWT in Clerk's shape (`sub` = `users.clerk_user_id`, optional `org_id` =
//!   `clinics.clerk_org_id`, optional `azp` checked against the allowed origins). In production
//!   the token is RS256 or ES256, verified against the JWKS; in development an HS256 secret of
//!   at least 32 bytes may be configured instead (refused in production mode);
//! - the **service** (webhooks, jobs), with its own credential: an HS256 JWT signed with the
//!   service secret, `kid` = [`SERVICE_KEY_ID`] and audience [`SERVICE_AUDIENCE`]. The user
//!   verifier never accepts that audience and the service verifier never accepts a user token;
//! - **anonymous** callers, who send no credential at all.
//!
//! Before any of that, the token's JOSE header is checked on its own ([`header`]): critical
//! extensions, key-carrying members and other token kinds are refused. Service tokens have a
//! maximum lifetime. Every failure is the same to the caller (one 401 with one message); the
//! reason is logged.

pub mod header;
pub mod jwks;
pub mod setup;
pub mod token;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use serde::{Deserialize, Serialize};

use self::jwks::KeySet;

/// The `kid` of service tokens.
pub const SERVICE_KEY_ID: &str = "gateway-service";
/// The audience of service tokens; user tokens carrying it are refused.
pub const SERVICE_AUDIENCE: &str = "vet-gateway:service";
/// Issuer of the tokens the gateway mints itself (development user tokens, service tokens).
pub const LOCAL_ISSUER: &str = "vet-gateway";
/// Longest `Authorization` header accepted.
pub const MAX_AUTHORIZATION_BYTES: usize = 8 * 1024;
/// Clock skew tolerated on `exp` and `nbf`.
pub const LEEWAY_SECS: u64 = 5;

/// The claims the gateway reads.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    pub exp: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    /// Clerk: the active organization (a clinic's `clerk_org_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
    /// Clerk: the origin the token was issued to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aud: Option<serde_json::Value>,
}

/// What a verified header says about the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    Anonymous,
    User {
        clerk_user_id: String,
        clerk_org_id: Option<String>,
    },
    Service {
        name: String,
    },
}

/// Why a credential was refused (logged, never shown to the caller).
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the Authorization header is longer than {MAX_AUTHORIZATION_BYTES} bytes")]
    HeaderTooLarge,
    #[error("the Authorization header is not a Bearer token")]
    NotBearer,
    #[error("malformed token header: {0}")]
    BadHeader(String),
    #[error("algorithm {0:?} is not accepted")]
    AlgorithmNotAccepted(Algorithm),
    #[error("the token names no key id")]
    MissingKeyId,
    #[error("unknown key id {0}")]
    UnknownKeyId(String),
    #[error("the key for this key id verifies {expected:?}, the token says {found:?}")]
    AlgorithmMismatch {
        expected: Algorithm,
        found: Algorithm,
    },
    #[error("token rejected: {0}")]
    Invalid(#[from] jsonwebtoken::errors::Error),
    #[error("authorized party {0:?} is not an allowed origin")]
    AzpNotAllowed(Option<String>),
    #[error("the token has no authorized party (azp) and an allow-list is configured")]
    AzpMissing,
    #[error("the service token lives longer than allowed ({0} s) or has no iat")]
    ServiceTokenTooLong(u64),
    #[error("service tokens are not configured")]
    ServiceNotConfigured,
    #[error("the subject {0} is not a service subject")]
    NotAServiceSubject(String),
    #[error("no user has this subject")]
    UnknownUser,
}

/// How user and service tokens are verified.
pub struct Authenticator {
    /// Production user keys (RS256/ES256), refreshed on a schedule.
    pub jwks: Option<Arc<KeySet>>,
    /// Development HS256 secret for user tokens (never in production).
    pub dev_secret: Option<Vec<u8>>,
    /// Accepted issuers for user tokens (`None`: the local issuer only, development).
    pub issuer: Option<String>,
    /// Required audience of user tokens, if configured.
    pub audience: Option<String>,
    /// Origins allowed in Clerk's `azp`; empty: no check.
    pub allowed_azp: HashSet<String>,
    /// With an allow-list, refuse tokens that carry no `azp`.
    pub require_azp: bool,
    /// Secret of service tokens.
    pub service_secret: Option<Vec<u8>>,
    /// Longest `exp - iat` of a service token.
    pub service_max_ttl: Duration,
}

impl Authenticator {
    /// Development-style verification with the given secrets (tests and tools): no JWKS, the
    /// local issuer, no azp allow-list, the default service-token lifetime.
    pub fn with_secrets(dev_secret: Option<Vec<u8>>, service_secret: Option<Vec<u8>>) -> Self {
        Authenticator {
            jwks: None,
            dev_secret,
            issuer: None,
            audience: None,
            allowed_azp: HashSet::new(),
            require_azp: true,
            service_secret,
            service_max_ttl: Duration::from_secs(crate::config::DEFAULT_SERVICE_TOKEN_MAX_TTL_SECS),
        }
    }
}

impl Authenticator {
    /// Verifies the value of an `Authorization` header (or its absence).
    pub async fn authenticate(&self, header: Option<&[u8]>) -> Result<Credential, AuthError> {
        let Some(raw) = header else {
            return Ok(Credential::Anonymous);
        };
        if raw.len() > MAX_AUTHORIZATION_BYTES {
            return Err(AuthError::HeaderTooLarge);
        }
        let text = std::str::from_utf8(raw).map_err(|_| AuthError::NotBearer)?;
        let token = text
            .strip_prefix("Bearer ")
            .or_else(|| text.strip_prefix("bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AuthError::NotBearer)?;
        header::inspect(token).map_err(AuthError::BadHeader)?;
        let header = decode_header(token).map_err(|e| AuthError::BadHeader(e.to_string()))?;
        if header.kid.as_deref() == Some(SERVICE_KEY_ID) {
            return self.verify_service(token, header.alg);
        }
        self.verify_user(token, header.alg, header.kid.as_deref())
            .await
    }

    async fn verify_user(
        &self,
        token: &str,
        alg: Algorithm,
        kid: Option<&str>,
    ) -> Result<Credential, AuthError> {
        let (key, algorithm) = match alg {
            Algorithm::RS256 | Algorithm::ES256 => {
                let jwks = self
                    .jwks
                    .as_ref()
                    .ok_or(AuthError::AlgorithmNotAccepted(alg))?;
                let kid = kid.ok_or(AuthError::MissingKeyId)?;
                let found = jwks
                    .key(kid)
                    .await
                    .ok_or_else(|| AuthError::UnknownKeyId(kid.to_owned()))?;
                if found.algorithm != alg {
                    return Err(AuthError::AlgorithmMismatch {
                        expected: found.algorithm,
                        found: alg,
                    });
                }
                (found.key, found.algorithm)
            }
            Algorithm::HS256 => {
                let secret = self
                    .dev_secret
                    .as_ref()
                    .ok_or(AuthError::AlgorithmNotAccepted(alg))?;
                (DecodingKey::from_secret(secret), Algorithm::HS256)
            }
            other => return Err(AuthError::AlgorithmNotAccepted(other)),
        };
        let mut validation = strict_validation(algorithm);
        match (&self.issuer, algorithm) {
            (Some(issuer), _) => validation.set_issuer(&[issuer.as_str()]),
            (None, _) => validation.set_issuer(&[LOCAL_ISSUER]),
        }
        // No audience configured: a token that carries one (a service token, a token for
        // another API) is refused by the library's default audience check.
        if let Some(audience) = &self.audience {
            validation.set_audience(&[audience.as_str()]);
            validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        }
        let data = decode::<Claims>(token, &key, &validation)?;
        let claims = data.claims;
        if !self.allowed_azp.is_empty() {
            match &claims.azp {
                Some(azp) if !self.allowed_azp.contains(azp) => {
                    return Err(AuthError::AzpNotAllowed(Some(azp.clone())));
                }
                None if self.require_azp => return Err(AuthError::AzpMissing),
                _ => {}
            }
        }
        Ok(Credential::User {
            clerk_user_id: claims.sub,
            clerk_org_id: claims.org_id.filter(|o| !o.is_empty()),
        })
    }

    pub(crate) fn verify_service(
        &self,
        token: &str,
        alg: Algorithm,
    ) -> Result<Credential, AuthError> {
        let secret = self
            .service_secret
            .as_ref()
            .ok_or(AuthError::ServiceNotConfigured)?;
        if alg != Algorithm::HS256 {
            return Err(AuthError::AlgorithmNotAccepted(alg));
        }
        let mut validation = strict_validation(Algorithm::HS256);
        validation.set_issuer(&[LOCAL_ISSUER]);
        validation.set_audience(&[SERVICE_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "sub", "aud"]);
        let data = decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation)?;
        // A service token is all-powerful across tenants: it must say when it was issued and
        // live no longer than the configured maximum, so a leaked one expires.
        let max = self.service_max_ttl.as_secs();
        let issued = data.claims.iat.ok_or(AuthError::ServiceTokenTooLong(max))?;
        let now = jsonwebtoken::get_current_timestamp();
        if issued > now + LEEWAY_SECS || data.claims.exp.saturating_sub(issued) > max {
            return Err(AuthError::ServiceTokenTooLong(max));
        }
        let name = data
            .claims
            .sub
            .strip_prefix("service:")
            .filter(|n| !n.is_empty())
            .ok_or_else(|| AuthError::NotAServiceSubject(data.claims.sub.clone()))?;
        Ok(Credential::Service {
            name: name.to_owned(),
        })
    }
}

/// One algorithm, `exp`/`iss`/`sub` required, `nbf` checked, 5 s leeway.
fn strict_validation(algorithm: Algorithm) -> Validation {
    let mut validation = Validation::new(algorithm);
    validation.algorithms = vec![algorithm];
    validation.leeway = LEEWAY_SECS;
    validation.validate_exp = true;
    validation.validate_nbf = true;
    validation.set_required_spec_claims(&["exp", "iss", "sub"]);
    validation
}
