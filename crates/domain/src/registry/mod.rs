//! One description per table: what each table is called (in SQL, in GraphQL, in messages),
//! how its rows belong to a clinic, who may do what with them and why, and which fields the
//! API shows of them under which rule. Everything that used to repeat per table is derived
//! from these declarations:
//!
//! - the policy table (`policy::rule`, `policy::reason`, `docs/PERMISSIONS.md`);
//! - the tenant scope of every query (`tenancy`: the SQL condition built from [`Tenant`]);
//! - the clinic of a written row for the audit trail (`audit`), from the same path;
//! - what a reader sees of a row, in the API and in the audit trail (`exposure`);
//! - names and nouns (`Resource::table`, `Resource::noun`, the GraphQL type of global ids).
//!
//! The declarations are plain data, one file per area in the order of the spec's tiers. A
//! resource without a declaration does not compile ([`table`] matches exhaustively), and tests
//! hold the declarations to the database (every table, column and RLS policy) and to the SDL.

mod audit_trail;
mod automation;
mod clinical;
mod communications;
mod organization;
mod people;
mod pims;
mod public;
mod scheduling;
mod settings;
mod slack;
mod templates;

use std::borrow::Cow;

use entity::enums::ClinicRole;

pub use crate::policy::{Action, Resource, Rule};

#[allow(unused_imports)]
use Action::*;
#[allow(unused_imports)]
use ClinicRole::{Admin as A, Member as M, Owner as O, Viewer as V};
#[allow(unused_imports)]
use Rule::*;

/// One table, as the gateway serves it.
#[derive(Debug)]
pub struct Table {
    /// The policy's name for the table.
    pub resource: Resource,
    /// The table in SQL (a test checks it against the entities and the catalog).
    pub table: &'static str,
    /// The GraphQL object type of its rows (and the type named in their global ids).
    pub type_name: &'static str,
    /// A singular, human name for messages ("case not found").
    pub noun: &'static str,
    /// The GraphQL type's description, for client developers.
    pub about: &'static str,
    /// The description of the table's generated `delete<Type>` mutation, if it has one (a
    /// table whose delete does more than delete the row writes its mutation by hand).
    pub delete: Option<&'static str>,
    /// The description of the table's generated `archive<Type>` mutation, if it has one: it
    /// sets `is_active` to false (a table whose archive does more writes it by hand).
    pub archive: Option<&'static str>,
    /// How a row belongs to a clinic.
    pub tenant: Tenant,
    /// Who may do what with the rows, and why. Nothing not listed is allowed.
    pub rules: &'static [Permission],
    /// The fields of the GraphQL type, each with the column it shows and the action needed to
    /// see it (`exposure`). Connection fields are not listed: they show other tables' rows.
    pub fields: &'static [Field],
}

/// How the rows of a table belong to clinics: the path from a row to its clinic, which the
/// tenant scope, the audit trail and the row-level-security policies all follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tenant {
    /// The row's own `clinic_id`.
    Clinic,
    /// The row is a clinic (`clinics.id`).
    ClinicItself,
    /// The row's own `clinic_id`, or none: a global row, readable by every signed-in user and
    /// written by the service only (templates).
    ClinicOrGlobal,
    /// The clinic of the parent row that `column` references.
    Through {
        column: &'static str,
        parent: Resource,
    },
    /// The clinics of the child rows of `child` whose `column` references this row (a job
    /// that covers several clinics belongs to each of them).
    ReferencedBy {
        child: Resource,
        column: &'static str,
    },
    /// Users: the caller themself, and the staff of the caller's clinics.
    Colleagues,
    /// No clinic: service-only, public or global read-only tables, reached by policy alone.
    NoClinic,
}

/// One row of the policy table.
#[derive(Clone, Copy, Debug)]
pub struct Permission {
    pub action: Action,
    pub rule: Rule,
    /// Why, as a clinic would put it (printed in `docs/PERMISSIONS.md`).
    pub why: &'static str,
}

/// A permission, in the declarations' shorthand.
const fn allow(action: Action, rule: Rule, why: &'static str) -> Permission {
    Permission { action, rule, why }
}

/// One field of a table's GraphQL type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// The field's name in the schema; `None`: the column's name in camelCase.
    name: Option<&'static str>,
    /// The column whose value the field shows as stored (a belongs-to field shows its foreign
    /// key); `None` for a field computed from other rows or from a secret (`hasBotToken`).
    column: Option<&'static str>,
    /// What the caller must be allowed to do with the row to see the field.
    action: Action,
    /// The field's description in the schema, for client developers.
    about: Option<&'static str>,
    /// The GraphQL type a column's values are shown as, when the column's SQL type does not
    /// say it (a status column is TEXT in SQL and an enum in the schema).
    shown_as: Option<&'static str>,
}

/// A field showing `column` under the column's camelCase name, to every reader of the row.
pub(crate) const fn col(column: &'static str) -> Field {
    Field {
        name: None,
        column: Some(column),
        action: Action::Read,
        about: None,
        shown_as: None,
    }
}

/// A field that shows no column as stored (a reverse relation, a count, a flag about a secret).
pub(crate) const fn computed(name: &'static str) -> Field {
    Field {
        name: Some(name),
        column: None,
        action: Action::Read,
        about: None,
        shown_as: None,
    }
}

impl Field {
    /// The field has another name than the column's (a belongs-to field, a renamed column).
    pub(crate) const fn named(self, name: &'static str) -> Field {
        Field {
            name: Some(name),
            ..self
        }
    }

    /// The field is shown only to callers allowed `action` on the row.
    pub(crate) const fn needs(self, action: Action) -> Field {
        Field { action, ..self }
    }

    /// The field's description in the schema.
    pub(crate) const fn about(self, about: &'static str) -> Field {
        Field {
            about: Some(about),
            ..self
        }
    }

    /// The column's values are shown as the GraphQL type `name` (an enum), not as what its SQL
    /// type would give.
    pub(crate) const fn shown_as(self, name: &'static str) -> Field {
        Field {
            shown_as: Some(name),
            ..self
        }
    }

    /// The field's name in the schema.
    pub fn name(&self) -> Cow<'static, str> {
        match (self.name, self.column) {
            (Some(name), _) => Cow::Borrowed(name),
            (None, Some(column)) => Cow::Owned(camel_case(column)),
            (None, None) => Cow::Borrowed(""),
        }
    }

    /// Whether this is the schema field `name` (no allocation: the guard asks for every field of
    /// every row).
    pub fn is(&self, name: &str) -> bool {
        match (self.name, self.column) {
            (Some(own), _) => own == name,
            (None, Some(column)) => is_camel_case_of(name, column),
            (None, None) => false,
        }
    }

    pub fn column(&self) -> Option<&'static str> {
        self.column
    }

    pub fn action(&self) -> Action {
        self.action
    }

    pub fn description(&self) -> Option<&'static str> {
        self.about
    }

    /// The GraphQL type declared for the column's values, if its SQL type does not say it.
    pub fn declared_type(&self) -> Option<&'static str> {
        self.shown_as
    }
}

/// `snake_case` → `camelCase`.
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn is_camel_case_of(camel: &str, snake: &str) -> bool {
    let mut expected = camel.chars();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
            continue;
        }
        let want = if upper { c.to_ascii_uppercase() } else { c };
        upper = false;
        if expected.next() != Some(want) {
            return false;
        }
    }
    expected.next().is_none()
}

macro_rules! declarations {
    ($($module:ident => $name:ident,)* ; $($own:ident => $own_name:ident,)*) => {
        /// The declaration of `resource`: the `Table` named after its table in its area's file.
        /// Exhaustive, so a table without one does not compile.
        pub const fn table(resource: Resource) -> &'static Table {
            use areas::*;
            match resource {
                $(Resource::$name => &$module,)*
                $(Resource::$own_name => &$own,)*
            }
        }
    };
}

/// Every area's declarations, for `table`.
mod areas {
    pub use super::{
        audit_trail::*, automation::*, clinical::*, communications::*, organization::*, people::*,
        pims::*, public::*, scheduling::*, settings::*, slack::*, templates::*,
    };
}

entity::for_each_table!(declarations);

/// Every declaration, in tier order.
pub fn tables() -> impl Iterator<Item = &'static Table> {
    Resource::ALL.into_iter().map(table)
}

/// The declaration whose SQL table is `name`.
pub fn by_table_name(name: &str) -> Option<&'static Table> {
    tables().find(|t| t.table == name)
}

/// The declaration whose rows are the GraphQL type `name`.
pub fn by_type_name(name: &str) -> Option<&'static Table> {
    tables().find(|t| t.type_name == name)
}

impl Table {
    /// The rule for `action`, if the table has one.
    pub fn rule(&self, action: Action) -> Option<&'static Permission> {
        self.rules.iter().find(|p| p.action == action)
    }

    /// The declared field `name` of this table's type.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.is(name))
    }

    /// What a new row hangs from, for the NOT_FOUND of a create aimed at someone else's parent.
    pub fn parent_noun(&self) -> &'static str {
        match self.tenant {
            Tenant::Through { parent, .. } => table(parent).noun,
            Tenant::Clinic | Tenant::ClinicOrGlobal | Tenant::ClinicItself => "clinic",
            Tenant::ReferencedBy { .. } | Tenant::Colleagues | Tenant::NoClinic => "record",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_resource_is_declared_once_under_its_own_name() {
        let mut names = std::collections::HashSet::new();
        let mut types = std::collections::HashSet::new();
        for resource in Resource::ALL {
            let declared = table(resource);
            assert_eq!(
                declared.resource, resource,
                "{} is declared under another resource",
                declared.table
            );
            assert!(
                names.insert(declared.table),
                "{} is declared twice",
                declared.table
            );
            assert!(
                types.insert(declared.type_name),
                "{} names two tables",
                declared.type_name
            );
        }
        for name in entity::TABLES {
            assert!(
                by_table_name(name).is_some(),
                "table {name} has no declaration"
            );
        }
    }

    #[test]
    fn every_table_has_a_rule_for_every_standard_action_and_no_action_twice() {
        for declared in tables() {
            for action in Action::STANDARD {
                assert!(
                    declared.rule(action).is_some(),
                    "{} has no rule for {}",
                    declared.table,
                    action.as_str()
                );
            }
            let mut seen = std::collections::HashSet::new();
            for permission in declared.rules {
                assert!(
                    seen.insert(permission.action),
                    "{} lists {:?} twice",
                    declared.table,
                    permission.action
                );
            }
        }
    }

    #[test]
    fn a_parent_chain_ends_at_a_clinic() {
        for declared in tables() {
            let mut current = declared;
            let mut hops = 0;
            while let Tenant::Through { parent, .. } = current.tenant {
                current = table(parent);
                hops += 1;
                assert!(hops < 10, "{} has a cyclic parent chain", declared.table);
            }
            if let Tenant::ReferencedBy { child, .. } = declared.tenant {
                assert!(
                    matches!(table(child).tenant, Tenant::Clinic),
                    "{} is reached through a child with its own clinic",
                    declared.table
                );
            }
        }
    }
}
