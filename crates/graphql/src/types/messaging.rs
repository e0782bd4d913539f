//! (being written)

use super::TypeRule;

/// The object types of this module and their resources (for the schema-coverage test).
pub const TYPE_RULES: &[(&str, TypeRule)] = &[];
