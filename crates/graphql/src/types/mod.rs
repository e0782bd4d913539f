//! The GraphQL object types, one module per domain area. Each type wraps an entity model and
//! lists the fields it exposes (an allow-list: a new column is private until added here), and
//! carries a type-level read guard for the row's clinic.

pub mod calls;
pub mod cases;
pub mod clinic;
pub mod identity;
pub mod people;
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

/// Every object type of the schema and what guards it. The contract test enumerates the SDL
/// and fails on a type missing here, so a new type cannot ship without a rule.
pub const TYPE_RULES: &[(&str, TypeRule)] = &[
    ("Query", TypeRule::Root),
    ("Me", TypeRule::Root),
    ("Clinic", TypeRule::Row(Resource::Clinics)),
    ("User", TypeRule::Row(Resource::Users)),
    ("Membership", TypeRule::Row(Resource::UserClinicAccess)),
    ("Client", TypeRule::Row(Resource::Clients)),
    ("Patient", TypeRule::Row(Resource::Patients)),
    ("Case", TypeRule::Row(Resource::Cases)),
    ("OutboundCall", TypeRule::Row(Resource::OutboundCalls)),
    ("InboundCall", TypeRule::Row(Resource::InboundCalls)),
    ("CallAnalysis", TypeRule::Row(Resource::CallAnalysis)),
    ("Address", TypeRule::Value),
    ("BusinessHours", TypeRule::Value),
    ("DayHours", TypeRule::Value),
    ("ErConfig", TypeRule::Value),
    ("PatientSnapshot", TypeRule::Value),
];

/// The rule of an object type, by its schema name.
pub fn resource_of(type_name: &str) -> Option<TypeRule> {
    TYPE_RULES.iter().find(|(name, _)| *name == type_name).map(|(_, rule)| *rule)
}
