//! Opaque global ids (Relay): `base64url("<Type>:<uuid>")`. Clients treat them as opaque;
//! the type prefix makes an id of one type useless as an id of another.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

use async_graphql::ID;
use domain::{DomainError, Resource, registry};

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

/// The global id of a row of `resource` (its type name from the registry).
pub fn of(resource: Resource, id: Uuid) -> ID {
    encode(registry::table(resource).type_name, id)
}

/// The resource and row id of a global id of any row type; `None` for a well-formed id whose
/// type has no rows (answered NOT_FOUND, as a missing row would be).
pub fn decode_row(id: &ID) -> Result<Option<(Resource, Uuid)>, DomainError> {
    let (kind, uuid) = decode_any(id)?;
    Ok(registry::by_type_name(&kind).map(|table| (table.resource, uuid)))
}

/// The row id of a global id that must be of `resource`.
pub fn decode_as(id: &ID, resource: Resource) -> Result<Uuid, DomainError> {
    decode(id, registry::table(resource).type_name, resource.noun())
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

    #[test]
    fn every_resource_round_trips_through_the_registry() {
        for resource in Resource::ALL {
            let uuid = Uuid::new_v4();
            let id = of(resource, uuid);
            assert_eq!(decode_row(&id).unwrap(), Some((resource, uuid)));
            assert_eq!(decode_as(&id, resource).unwrap(), uuid);
        }
        assert_eq!(decode_row(&encode("PageInfo", Uuid::nil())).unwrap(), None);
    }
}
