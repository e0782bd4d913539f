//! The GraphQL object types, one module per domain area. Each type wraps an entity model and
//! lists the fields it exposes (an allow-list: a new column is private until added here), and
//! carries a type-level read guard for the row's clinic.

pub mod automation;
pub mod bookings;
pub mod calls;
pub mod cases;
pub mod clinic;
pub mod clinical;
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

/// The object types outside the areas and what guards them. Each area module has its own
/// `TYPE_RULES`; the contract test enumerates the SDL and fails on a type found in none of
/// them, so a new type cannot ship without a rule.
pub const CORE_TYPE_RULES: &[(&str, TypeRule)] = &[
    ("Query", TypeRule::Root),
    ("CoreQuery", TypeRule::Root),
    ("NodeQuery", TypeRule::Root),
    ("Mutation", TypeRule::Root),
    ("Me", TypeRule::Root),
    ("Clinic", TypeRule::Row(Resource::Clinics)),
    ("ClinicProfile", TypeRule::Row(Resource::Clinics)),
    ("User", TypeRule::Row(Resource::Users)),
    ("Membership", TypeRule::Row(Resource::UserClinicAccess)),
    ("Address", TypeRule::Value),
    ("BusinessHours", TypeRule::Value),
    ("DayHours", TypeRule::Value),
    ("ErConfig", TypeRule::Value),
    ("PatientSnapshot", TypeRule::Value),
    ("PageInfo", TypeRule::Value),
];

/// The rule of an object type, by its schema name. Connection and edge types take the rule of
/// their node type; mutation payloads only carry row types, which have their own guards.
pub fn resource_of(type_name: &str) -> Option<TypeRule> {
    let tables = [
        CORE_TYPE_RULES,
        people::TYPE_RULES,
        clinical::TYPE_RULES,
        scheduling::TYPE_RULES,
        operations::TYPE_RULES,
        staff::TYPE_RULES,
        pims::TYPE_RULES,
        notes::TYPE_RULES,
        messaging::TYPE_RULES,
        bookings::TYPE_RULES,
        settings::TYPE_RULES,
        automation::TYPE_RULES,
        templates::TYPE_RULES,
        slack::TYPE_RULES,
        public::TYPE_RULES,
    ];
    if let Some(rule) = tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|(name, _)| *name == type_name)
        .map(|(_, rule)| *rule)
    {
        return Some(rule);
    }
    if let Some(node) = type_name
        .strip_suffix("Connection")
        .or_else(|| type_name.strip_suffix("Edge"))
    {
        return resource_of(node);
    }
    type_name.ends_with("Payload").then_some(TypeRule::Value)
}
