//! The JOSE header of a token, checked before anything else looks at it (RFC 7515 §4,
//! RFC 8725). jsonwebtoken reads only the fields it knows and ignores the rest, so a header
//! naming a critical extension (`crit`) or carrying its own key would otherwise pass. The
//! gateway implements no JWS extension and takes keys only from its own configuration, so:
//!
//! - `crit` (any value) is refused: RFC 7515 §4.1.11 requires rejecting a token whose
//!   critical extensions are not understood, and we understand none;
//! - `b64` is refused: RFC 7797's unencoded payload is only valid together with `crit`;
//! - `jku`, `x5u`, `jwk`, `x5c` are refused: a token that offers its own key (or where to
//!   fetch one) is not from our issuer, and following them is the classic key-injection hole;
//! - JWE members (`enc`, `zip`, …) and `cty` (nested tokens) are refused;
//! - `typ`, when present, must say JWT (`JWT`, `at+jwt`, or their `application/` forms;
//!   RFC 8725 §3.11 explicit typing), so other kinds of signed object cannot be replayed;
//! - `kid`, when present, is a short printable string (it is only ever a key in the cached
//!   key set, never a path or a query, but nothing longer or stranger is plausible);
//! - a member named twice is refused (RFC 7515 §4: no guessing which one counts).

use std::collections::HashSet;
use std::fmt;

use base64::Engine as _;
use serde::de::{Deserializer as _, MapAccess, Visitor};

/// Header members that offer a key, or where to get one.
const KEY_CARRYING: [&str; 4] = ["jku", "x5u", "jwk", "x5c"];
/// Members that belong to encrypted tokens (JWE), which are never accepted.
const ENCRYPTION: [&str; 9] = ["enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c"];
/// Longest `kid` accepted.
const MAX_KID_LEN: usize = 256;

/// Checks the header of a compact JWS; the error says what was wrong (for the log only).
pub fn inspect(token: &str) -> Result<(), String> {
    let encoded = token.split('.').next().unwrap_or_default();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| "the header is not base64url".to_owned())?;
    let members = members(&bytes)?;
    let mut seen = HashSet::new();
    for (name, value) in &members {
        if !seen.insert(name.as_str()) {
            return Err(format!("the header names `{name}` twice"));
        }
        match name.as_str() {
            "crit" => {
                return Err(
                    "the header names critical extensions (`crit`); none is implemented".into(),
                );
            }
            "b64" => return Err("`b64` (unencoded payload) is not accepted".into()),
            "cty" => return Err("nested tokens (`cty`) are not accepted".into()),
            "typ" => {
                let typ = value
                    .as_str()
                    .ok_or("`typ` is not a string")?
                    .to_ascii_lowercase();
                let typ = typ.strip_prefix("application/").unwrap_or(&typ);
                if typ != "jwt" && typ != "at+jwt" {
                    return Err(format!("`typ` {typ:?} is not a JWT"));
                }
            }
            "kid" => {
                let kid = value.as_str().ok_or("`kid` is not a string")?;
                let printable = kid.chars().all(|c| c.is_ascii_graphic());
                if kid.is_empty() || kid.len() > MAX_KID_LEN || !printable {
                    return Err("`kid` is not a plausible key id".into());
                }
            }
            "alg" if !value.is_string() => return Err("`alg` is not a string".into()),
            other if KEY_CARRYING.contains(&other) => {
                return Err(format!(
                    "the header carries a key reference (`{other}`); keys come only from the configuration"
                ));
            }
            other if ENCRYPTION.contains(&other) => {
                return Err(format!("encrypted tokens (`{other}`) are not accepted"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The header's members in order, duplicates kept (serde_json's maps would keep only one).
fn members(bytes: &[u8]) -> Result<Vec<(String, serde_json::Value)>, String> {
    struct Members;
    impl<'de> Visitor<'de> for Members {
        type Value = Vec<(String, serde_json::Value)>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut members = Vec::new();
            while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
                members.push(entry);
            }
            Ok(members)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let members = deserializer
        .deserialize_map(Members)
        .map_err(|_| "the header is not a JSON object".to_owned())?;
    deserializer
        .end()
        .map_err(|_| "trailing data after the header".to_owned())?;
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(header: &str) -> String {
        format!(
            "{}.e30.sig",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(header)
        )
    }

    #[test]
    fn ordinary_headers_pass() {
        assert!(inspect(&token(r#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#)).is_ok());
        assert!(inspect(&token(r#"{"alg":"HS256"}"#)).is_ok());
        assert!(inspect(&token(r#"{"alg":"ES256","typ":"at+jwt","x5t":"abc"}"#)).is_ok());
    }

    #[test]
    fn every_dangerous_member_is_refused() {
        for header in [
            r#"{"alg":"RS256","crit":["exp"],"exp":1}"#,
            r#"{"alg":"RS256","crit":[]}"#,
            r#"{"alg":"RS256","b64":false,"crit":["b64"]}"#,
            r#"{"alg":"RS256","b64":true}"#,
            r#"{"alg":"RS256","jku":"https://evil.example/jwks.json"}"#,
            r#"{"alg":"RS256","x5u":"https://evil.example/cert.pem"}"#,
            r#"{"alg":"RS256","jwk":{"kty":"oct","k":"AAAA"}}"#,
            r#"{"alg":"RS256","x5c":["MIIB"]}"#,
            r#"{"alg":"RS256","typ":"JWE"}"#,
            r#"{"alg":"RS256","typ":"secevent+jwt"}"#,
            r#"{"alg":"RS256","typ":1}"#,
            r#"{"alg":"RS256","cty":"JWT"}"#,
            r#"{"alg":"RSA-OAEP","enc":"A256GCM"}"#,
            r#"{"alg":"RS256","kid":"../../etc/passwd\u0000"}"#,
            r#"{"alg":"RS256","kid":"' OR 1=1 --"}"#,
            r#"{"alg":"RS256","kid":""}"#,
            r#"{"alg":"RS256","kid":7}"#,
            r#"{"alg":"RS256","alg":"none"}"#,
            r#"{"alg":["RS256"]}"#,
            r#"["alg"]"#,
            r#"{"alg":"RS256"} x"#,
        ] {
            assert!(inspect(&token(header)).is_err(), "accepted {header}");
        }
        let long_kid = format!(
            r#"{{"alg":"RS256","kid":"{}"}}"#,
            "k".repeat(MAX_KID_LEN + 1)
        );
        assert!(inspect(&token(&long_kid)).is_err());
        assert!(inspect("not base64!.e30.sig").is_err());
    }
}
