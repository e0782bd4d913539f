//! The GraphQL object types, one module per domain area. A table's rows are `row::Row<E>`,
//! built from the table's declaration (`domain::registry`: an allow-list, a new column is
//! private until declared); each area adds what is specific to its tables (`Exposed::Links`:
//! relationships, lists, typed JSON, computed values), their filters and orders, and the
//! mutations with their inputs and payloads.

pub mod automation;
pub mod bookings;
pub mod calls;
pub mod cases;
pub mod clinic;
pub mod clinical;
pub mod follow_up;
pub mod identity;
pub mod messaging;
pub mod notes;
pub mod operations;
pub mod people;
pub mod pims;
pub mod public;
pub mod scheduling;
pub mod settings;
pub mod slack;
pub mod staff;
pub mod templates;
pub mod values;

use domain::Resource;

/// What guards a GraphQL object type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeRule {
    /// A row of this resource: the type's guard checks the read rule in the row's clinic.
    Row(Resource),
    /// A root type (its fields carry their own guards).
    Root,
    /// A value nested in a row (typed JSON, connection plumbing): no rows of its own.
    Value,
}

/// The object types that are not a table's rows, and what guards them. A row type's rule comes
/// from its table's declaration (`domain::registry`, by GraphQL type name), so only these are
/// listed here; the contract test enumerates the SDL and fails on a type with no rule.
pub const OTHER_TYPE_RULES: &[(&str, TypeRule)] = &[
    ("Query", TypeRule::Root),
    ("CoreQuery", TypeRule::Root),
    ("NodeQuery", TypeRule::Root),
    ("RowQueries", TypeRule::Root),
    ("Mutation", TypeRule::Root),
    ("Me", TypeRule::Root),
    // Values nested in a row.
    ("Address", TypeRule::Value),
    ("BusinessHours", TypeRule::Value),
    ("DayHours", TypeRule::Value),
    ("ErConfig", TypeRule::Value),
    ("PatientSnapshot", TypeRule::Value),
    ("StatusCount", TypeRule::Value),
    // Computed from rows the caller may read (`Clinic.availability`).
    ("Availability", TypeRule::Value),
    ("AvailableSlot", TypeRule::Value),
    ("SkippedFollowUp", TypeRule::Value),
    ("PageInfo", TypeRule::Value),
    ("JoinWaitlistPayload", TypeRule::Value),
];

/// The rule of an object type, by its schema name. Connection and edge types take the rule of
/// their node type; mutation payloads only carry row types, which have their own guards.
pub fn resource_of(type_name: &str) -> Option<TypeRule> {
    if let Some(table) = domain::registry::by_type_name(type_name) {
        return Some(TypeRule::Row(table.resource));
    }
    if let Some((_, rule)) = OTHER_TYPE_RULES.iter().find(|(name, _)| *name == type_name) {
        return Some(*rule);
    }
    if let Some(node) = type_name
        .strip_suffix("Connection")
        .or_else(|| type_name.strip_suffix("Edge"))
    {
        return resource_of(node);
    }
    type_name.ends_with("Payload").then_some(TypeRule::Value)
}
