//! Foreign keys, read from the SeaORM entities' relations (the entity is the one source of a
//! table's columns and relations) once per process: a declared column that points at another
//! table's row is shown as that row's global id (`caseId: ID!`) without a hand-written getter.

use std::collections::HashMap;
use std::sync::OnceLock;

use sea_orm::{Identity, RelationTrait};

use super::*;

/// The columns of `E` that point at another table's row, with the table they point at: every
/// relation declared from `E` whose column is not `E`'s key (a `has_many` starts from the key).
pub(crate) fn foreign_keys_of<E: EntityTrait>() -> Vec<(String, Resource)> {
    let own = E::default().table_name().to_owned();
    E::Relation::iter()
        .filter_map(|relation| {
            let def = relation.def();
            let Identity::Unary(column) = &def.from_col else {
                return None;
            };
            let column = column.to_string();
            let from = def.from_tbl.sea_orm_table().to_string();
            let to = def.to_tbl.sea_orm_table().to_string();
            let target = registry::by_table_name(&to)?.resource;
            let is_key = E::PrimaryKey::iter().any(|key| key.into_column().as_str() == column);
            (from == own && !is_key).then_some((column, target))
        })
        .collect()
}

/// The table the column `column` of `table` points at, if it is a foreign key.
pub fn points_at(table: Resource, column: &str) -> Option<Resource> {
    static KEYS: OnceLock<HashMap<Resource, Vec<(String, Resource)>>> = OnceLock::new();
    KEYS.get_or_init(crate::node::foreign_keys)
        .get(&table)?
        .iter()
        .find(|(name, _)| name == column)
        .map(|(_, target)| *target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_keys_are_the_entities_belongs_to_relations() {
        assert_eq!(
            points_at(Resource::AutoScheduledItems, "case_id"),
            Some(Resource::Cases)
        );
        assert_eq!(
            points_at(Resource::VapiAssistantMappings, "pims_clinic_id"),
            Some(Resource::Clinics)
        );
        assert_eq!(
            points_at(Resource::VapiBookings, "rescheduled_from_id"),
            Some(Resource::VapiBookings),
            "a table pointing at itself"
        );
        // A key is the row's own id, and a polymorphic id points at no one table.
        assert_eq!(points_at(Resource::Cases, "id"), None);
        assert_eq!(points_at(Resource::PimsMappings, "entity_id"), None);
        // Every foreign key of the spec (`entity::relation_tests` lists them), once.
        let keys = crate::node::foreign_keys();
        let total: usize = keys.values().map(Vec::len).sum();
        assert_eq!(total, 84);
        for (table, columns) in &keys {
            let mut names: Vec<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), columns.len(), "{table:?} lists a key twice");
        }
    }
}
