//! The GraphQL object types, one module per domain area. Each type wraps an entity model and
//! lists the fields it exposes (an allow-list: a new column is private until added here), and
//! carries a type-level read guard for the row's clinic.

pub mod calls;
pub mod cases;
pub mod clinic;
pub mod identity;
pub mod people;
pub mod values;
