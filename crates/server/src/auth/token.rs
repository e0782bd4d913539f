//! Minting tokens the gateway itself accepts: development user tokens (HS256, development mode
//! only) for pasting into GraphiQL, and service tokens for webhooks and jobs.

use std::time::Duration;

use jsonwebtoken::{Algorithm, EncodingKey, Header, encode, get_current_timestamp};

use super::{Claims, LOCAL_ISSUER, SERVICE_AUDIENCE, SERVICE_KEY_ID};

/// A development user token for `clerk_user_id`, optionally pinned to an organization.
pub fn mint_user_token(
    secret: &[u8],
    clerk_user_id: &str,
    clerk_org_id: Option<&str>,
    ttl: Duration,
) -> Result<String, jsonwebtoken::errors::Error> {
    let now = get_current_timestamp();
    let claims = Claims {
        sub: clerk_user_id.to_owned(),
        iss: Some(LOCAL_ISSUER.to_owned()),
        exp: now + ttl.as_secs(),
        nbf: Some(now),
        iat: Some(now),
        org_id: clerk_org_id.map(str::to_owned),
        azp: None,
        aud: None,
    };
    encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret),
    )
}

/// A service token for the job or webhook called `name`.
pub fn mint_service_token(
    secret: &[u8],
    name: &str,
    ttl: Duration,
) -> Result<String, jsonwebtoken::errors::Error> {
    let now = get_current_timestamp();
    let claims = Claims {
        sub: format!("service:{name}"),
        iss: Some(LOCAL_ISSUER.to_owned()),
        exp: now + ttl.as_secs(),
        nbf: Some(now),
        iat: Some(now),
        org_id: None,
        azp: None,
        aud: Some(serde_json::Value::String(SERVICE_AUDIENCE.to_owned())),
    };
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(SERVICE_KEY_ID.to_owned());
    encode(&header, &claims, &EncodingKey::from_secret(secret))
}

/// Parses durations like `30s`, `15m`, `12h`, `7d` (a bare number is seconds).
pub fn parse_ttl(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let value: u64 = number
        .parse()
        .map_err(|_| format!("invalid duration {text:?}"))?;
    let seconds = match unit {
        "" | "s" => value,
        "m" => value * 60,
        "h" => value * 3600,
        "d" => value * 86_400,
        _ => {
            return Err(format!(
                "invalid duration unit in {text:?} (use s, m, h or d)"
            ));
        }
    };
    if seconds == 0 {
        return Err("the duration must be positive".into());
    }
    Ok(Duration::from_secs(seconds))
}
