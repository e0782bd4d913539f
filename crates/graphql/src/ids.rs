//! Opaque global ids (Relay): `base64url("<Type>:<uuid>")`. Clients treat them as opaque;
//! the type prefix makes an id of one type useless as an id of another.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

use async_graphql::ID;
use domain::DomainError;

/// The global id of a row of the type called `type_name` in the schema.
pub fn encode(type_name: &str, id: Uuid) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{type_name}:{id}")))
}

/// Splits a global id into its type name and row id.
pub fn decode_any(id: &ID) -> Result<(String, Uuid), DomainError> {
    let invalid = || DomainError::bad_input("id", "not a valid id");
    let bytes = URL_SAFE_NO_PAD.decode(id.as_str()).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (kind, raw) = text.split_once(':').ok_or_else(invalid)?;
    let uuid = Uuid::parse_str(raw).map_err(|_| invalid())?;
    Ok((kind.to_owned(), uuid))
}

/// The row id of a global id that must be of `type_name`. An id of another type answers
/// NOT_FOUND (as a row that does not exist would), a malformed one BAD_USER_INPUT.
pub fn decode(id: &ID, type_name: &str, noun: &'static str) -> Result<Uuid, DomainError> {
    let (kind, uuid) = decode_any(id)?;
    if kind != type_name {
        return Err(DomainError::NotFound(noun));
    }
    Ok(uuid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_type_check() {
        let uuid = Uuid::new_v4();
        let id = encode("Case", uuid);
        assert_eq!(decode(&id, "Case", "case").unwrap(), uuid);
        assert!(matches!(
            decode(&id, "Clinic", "clinic"),
            Err(DomainError::NotFound(_))
        ));
        assert!(matches!(
            decode(&ID("%%%".into()), "Case", "case"),
            Err(DomainError::BadInput { .. })
        ));
    }
}
