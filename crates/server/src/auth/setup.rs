//! Building the [`Authenticator`] from configuration, refusing unsafe combinations, and the
//! start-up self-test of the JWT crypto backend.

use std::collections::HashSet;
use std::time::Duration;

use anyhow::{Context as _, bail};

use super::jwks::{JwksSource, KeySet};
use super::{Authenticator, Credential, token};
use crate::config::{AuthArgs, DEV_DEFAULT_SERVICE_SECRET, DEV_DEFAULT_USER_SECRET, Mode};

const MIN_SECRET_BYTES: usize = 32;

/// The HS256 secret for development user tokens, if user tokens may be HS256 at all.
pub fn dev_user_secret(args: &AuthArgs, mode: Mode) -> anyhow::Result<Option<Vec<u8>>> {
    match (mode, &args.jwt_hs256_secret) {
        (Mode::Production, Some(_)) => bail!(
            "GATEWAY_JWT_HS256_SECRET is set in production mode: HS256 user tokens are for development \
             only; configure GATEWAY_JWKS_URL (RS256/ES256) instead"
        ),
        (Mode::Production, None) => Ok(None),
        (Mode::Development, Some(secret)) => {
            if secret.expose().len() < MIN_SECRET_BYTES {
                bail!("GATEWAY_JWT_HS256_SECRET must be at least {MIN_SECRET_BYTES} bytes");
            }
            Ok(Some(secret.expose().as_bytes().to_vec()))
        }
        (Mode::Development, None) if args.jwks_url.is_none() && args.jwks_file.is_none() => {
            Ok(Some(DEV_DEFAULT_USER_SECRET.as_bytes().to_vec()))
        }
        (Mode::Development, None) => Ok(None),
    }
}

/// The secret of service tokens, if service tokens are enabled.
pub fn service_secret(args: &AuthArgs, mode: Mode) -> anyhow::Result<Option<Vec<u8>>> {
    match (&args.service_token_secret, mode) {
        (Some(secret), _) => {
            if secret.expose().len() < MIN_SECRET_BYTES {
                bail!("GATEWAY_SERVICE_TOKEN_SECRET must be at least {MIN_SECRET_BYTES} bytes");
            }
            if args.jwt_hs256_secret.as_ref() == Some(secret) {
                bail!("the service token secret must differ from the user token secret");
            }
            Ok(Some(secret.expose().as_bytes().to_vec()))
        }
        (None, Mode::Development) => Ok(Some(DEV_DEFAULT_SERVICE_SECRET.as_bytes().to_vec())),
        (None, Mode::Production) => Ok(None),
    }
}

/// Builds the authenticator; in production refuses HS256 user tokens and requires a JWKS and
/// an issuer.
pub async fn build(args: &AuthArgs, mode: Mode) -> anyhow::Result<Authenticator> {
    self_test()?;
    let source = match (&args.jwks_url, &args.jwks_file) {
        (Some(url), _) => Some(JwksSource::Url(url.clone())),
        (None, Some(path)) => Some(JwksSource::File(path.clone())),
        (None, None) => None,
    };
    if mode == Mode::Production {
        if source.is_none() {
            bail!("production mode needs GATEWAY_JWKS_URL or GATEWAY_JWKS_FILE for user tokens");
        }
        if args.jwt_issuer.is_none() {
            bail!("production mode needs GATEWAY_JWT_ISSUER (the identity provider's issuer URL)");
        }
    }
    let dev_secret = dev_user_secret(args, mode)?;
    if dev_secret.as_deref() == Some(DEV_DEFAULT_USER_SECRET.as_bytes()) {
        tracing::warn!(
            "development mode: user tokens are HS256 with the built-in development secret"
        );
    }
    let jwks = match source {
        Some(source) => {
            let set = KeySet::load(
                source,
                Duration::from_secs(args.jwks_refresh_secs),
                Duration::from_secs(args.jwks_max_age_secs),
            )
            .await
            .context("loading the JWKS")?;
            let set = std::sync::Arc::new(set);
            super::jwks::spawn_refresher(&set);
            Some(set)
        }
        None => None,
    };
    let service_secret = service_secret(args, mode)?;
    if service_secret.is_none() {
        tracing::warn!("GATEWAY_SERVICE_TOKEN_SECRET is not set: service tokens are refused");
    }
    Ok(Authenticator {
        jwks,
        dev_secret,
        issuer: args.jwt_issuer.clone(),
        audience: args.jwt_audience.clone(),
        allowed_azp: args
            .jwt_allowed_azp
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<HashSet<_>>(),
        require_azp: args.jwt_require_azp,
        service_secret,
        service_max_ttl: Duration::from_secs(args.service_token_max_ttl_secs),
    })
}

/// Signs and verifies one throwaway token, so a build without a working crypto backend fails
/// at start-up instead of on the first request.
pub fn self_test() -> anyhow::Result<()> {
    let secret = b"self-test-secret-self-test-secret-self-test";
    let token = token::mint_service_token(secret, "self-test", Duration::from_secs(60))
        .context("JWT self-test: signing failed")?;
    let authenticator = Authenticator::with_secrets(None, Some(secret.to_vec()));
    let verified = authenticator
        .verify_service(&token, jsonwebtoken::Algorithm::HS256)
        .map_err(|e| anyhow::anyhow!("JWT self-test: verification failed: {e}"))?;
    if verified
        != (Credential::Service {
            name: "self-test".into(),
        })
    {
        bail!("JWT self-test: verification returned {verified:?}");
    }
    Ok(())
}
