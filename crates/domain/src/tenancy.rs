//! Tenant scope in the data layer: for every entity, the SQL condition that limits it to a set
//! of clinics, built from the path to its clinic declared with its table
//! ([`crate::registry::Tenant`]).
//!
//! A table with a `clinic_id` column is limited on it; a table that hangs from a clinic-owned
//! parent is limited through its parent chain; a job row that covers several clinics through
//! the rows it produced is limited to the jobs with a row in the caller's clinics; templates add
//! the global rows (`clinic_id IS NULL`) for reads only; `users` are limited to the caller and
//! the staff of the caller's clinics. A table served only to the service principal or the
//! public has no clinic condition at all: for a user its condition matches nothing.
//!
//! The same declarations drive the audit trail's clinic lookup (`audit`) and are held against
//! the row-level-security policies of the migrations by a test (`tests/it/rls.rs`), so the
//! three cannot disagree.

use entity::*;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

use crate::policy::{Action, Resource};
use crate::registry::{self, Tenant};

/// Which rows of a resource a principal may touch for one action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// No rows.
    Nothing,
    /// All rows (the service principal, public inserts, global read-only tables).
    Everything,
    /// Rows of these clinics; for `users`, also the user's own row when `include_self`.
    Clinics {
        clinics: Vec<Uuid>,
        user_id: Uuid,
        include_self: bool,
    },
}

/// An entity whose rows belong to clinics.
pub trait TenantScoped: EntityTrait<Model: serde::Serialize + PartialEq + Sync> {
    /// The policy table's name for this entity.
    const RESOURCE: Resource;

    /// The row's primary key.
    fn id_of(model: &Self::Model) -> Uuid;

    /// `id = <id>`.
    fn id_condition(id: Uuid) -> Condition;

    /// `id IN (<ids>)`.
    fn ids_condition(ids: &[Uuid]) -> Condition;

    /// Rows that belong to one of `clinics` (for `users`: colleagues in those clinics, and
    /// `user_id` itself when `include_self`), following the table's declared path.
    fn tenant_condition(
        clinics: &[Uuid],
        user_id: Uuid,
        include_self: bool,
        action: Action,
    ) -> Condition {
        condition(Self::RESOURCE, clinics, user_id, include_self, action)
    }

    /// Limits a select to `reach`; `None` when nothing can match.
    fn scoped(select: Select<Self>, reach: &Reach, action: Action) -> Option<Select<Self>> {
        match reach {
            Reach::Nothing => None,
            Reach::Everything => Some(select),
            Reach::Clinics {
                clinics,
                user_id,
                include_self,
            } => {
                if clinics.is_empty() && !include_self {
                    return None;
                }
                Some(select.filter(Self::tenant_condition(
                    clinics,
                    *user_id,
                    *include_self,
                    action,
                )))
            }
        }
    }
}

/// `<table>.<column>`.
fn column(table: &'static str, column: &'static str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(column)))
}

/// A condition that matches no row.
fn nothing() -> Condition {
    Condition::all().add(Expr::val(false))
}

/// The rows of `resource` that belong to one of `clinics`, as its declaration says.
pub fn condition(
    resource: Resource,
    clinics: &[Uuid],
    user_id: Uuid,
    include_self: bool,
    action: Action,
) -> Condition {
    let declared = registry::table(resource);
    let table = declared.table;
    let in_clinics = |col: &'static str| column(table, col).is_in(clinics.iter().copied());
    match declared.tenant {
        Tenant::Clinic => Condition::all().add(in_clinics("clinic_id")),
        Tenant::ClinicItself => Condition::all().add(in_clinics("id")),
        Tenant::ClinicOrGlobal if action == Action::Read => Condition::any()
            .add(in_clinics("clinic_id"))
            .add(column(table, "clinic_id").is_null()),
        // Global rows are never within a user's reach for writes.
        Tenant::ClinicOrGlobal => Condition::all().add(in_clinics("clinic_id")),
        Tenant::Through {
            column: via,
            parent,
        } => Condition::all().add(column(table, via).in_subquery(ids_in(parent, clinics, user_id))),
        Tenant::ReferencedBy { child, column: via } => {
            let child_table = registry::table(child).table;
            let referencing = Query::select()
                .expr(column(child_table, via))
                .from(Alias::new(child_table))
                .cond_where(condition(child, clinics, user_id, false, Action::Read))
                .to_owned();
            Condition::all().add(column(table, "id").in_subquery(referencing))
        }
        Tenant::Colleagues => {
            let mut any = Condition::any();
            if include_self {
                any = any.add(ExprTrait::eq(column(table, "id"), user_id));
            }
            if !clinics.is_empty() {
                let memberships = registry::table(Resource::UserClinicAccess).table;
                let colleagues = Query::select()
                    .expr(column(memberships, "user_id"))
                    .from(Alias::new(memberships))
                    .cond_where(column(memberships, "clinic_id").is_in(clinics.iter().copied()))
                    .to_owned();
                any = any.add(column(table, "id").in_subquery(colleagues));
            }
            any
        }
        Tenant::NoClinic => nothing(),
    }
}

/// `SELECT id FROM <resource> WHERE <its own tenant condition>`: the parent rows a child row
/// may hang from.
fn ids_in(resource: Resource, clinics: &[Uuid], user_id: Uuid) -> SelectStatement {
    let table = registry::table(resource).table;
    Query::select()
        .expr(column(table, "id"))
        .from(Alias::new(table))
        .cond_where(condition(resource, clinics, user_id, false, Action::Read))
        .to_owned()
}

/// Where a written row's clinic is found, for the audit trail.
pub fn clinic_lookup(resource: Resource) -> ClinicLookup {
    let declared = registry::table(resource);
    match declared.tenant {
        Tenant::Clinic | Tenant::ClinicOrGlobal => ClinicLookup::Column("clinic_id"),
        Tenant::ClinicItself => ClinicLookup::Column("id"),
        Tenant::Through { column: via, .. } => ClinicLookup::Parent {
            column: via,
            sql: lookup_sql(resource),
        },
        Tenant::ReferencedBy { .. } | Tenant::Colleagues | Tenant::NoClinic => ClinicLookup::None,
    }
}

/// `SELECT <clinic> FROM parent JOIN grandparent … WHERE parent.id = $1` for a table reached
/// through its parents.
fn lookup_sql(resource: Resource) -> String {
    let mut from = String::new();
    let mut clinic = String::new();
    let mut current = registry::table(resource);
    let mut hop = 0;
    while let Tenant::Through { column, parent } = current.tenant {
        let parent_table = registry::table(parent);
        hop += 1;
        if hop == 1 {
            from = format!("{} p1", parent_table.table);
        } else {
            from = format!(
                "{from} JOIN {} p{hop} ON p{hop}.id = p{}.{column}",
                parent_table.table,
                hop - 1
            );
        }
        clinic = match parent_table.tenant {
            Tenant::ClinicItself => format!("p{hop}.id"),
            _ => format!("p{hop}.clinic_id"),
        };
        current = parent_table;
    }
    format!("SELECT {clinic} FROM {from} WHERE p1.id = $1")
}

/// Where a written row's clinic is, for the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClinicLookup {
    /// In the row itself, in this column.
    Column(&'static str),
    /// In a parent row: `sql` yields it from the parent's id, which is the row's `column`.
    Parent { column: &'static str, sql: String },
    /// The row belongs to no single clinic.
    None,
}

/// Entities and their resources; each gets the generic id handling. The table name of every
/// entity is checked against its declaration by a test.
macro_rules! tenant_scoped {
    ($($module:ident => $resource:ident,)* ; $($own:ident => $own_resource:ident,)*) => {
        tenant_scoped!(@each $($module => $resource,)* $($own => $own_resource,)*);
    };
    (@each $($module:ident => $resource:ident,)*) => {
        $(
            impl TenantScoped for $module::Entity {
                const RESOURCE: Resource = Resource::$resource;
                fn id_of(model: &Self::Model) -> Uuid {
                    model.id
                }
                fn id_condition(id: Uuid) -> Condition {
                    Condition::all().add($module::Column::Id.eq(id))
                }
                fn ids_condition(ids: &[Uuid]) -> Condition {
                    Condition::all().add($module::Column::Id.is_in(ids.iter().copied()))
                }
            }
        )*

        /// Every entity's table name with the resource it is declared as.
        pub fn entity_tables() -> Vec<(&'static str, Resource)> {
            use sea_orm::EntityName as _;
            vec![$(($module::Entity.table_name(), Resource::$resource)),*]
        }
    };
}

entity::for_each_table!(tenant_scoped);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_is_scoped_as_the_resource_declared_for_its_table() {
        let scoped = entity_tables();
        for (table, resource) in &scoped {
            assert_eq!(
                registry::table(*resource).table,
                *table,
                "entity {table} is scoped as {resource:?}"
            );
        }
        assert_eq!(
            scoped.len(),
            Resource::ALL.len(),
            "every resource has an entity"
        );
        for name in entity::TABLES {
            assert!(
                scoped.iter().any(|(t, _)| t == name),
                "entity {name} is not tenant-scoped"
            );
        }
    }

    #[test]
    fn parent_chains_look_up_the_clinic_through_every_hop() {
        assert_eq!(
            lookup_sql(Resource::SlackTaskCompletions),
            "SELECT p3.clinic_id FROM slack_tasks p1 JOIN slack_channels p2 ON p2.id = p1.channel_id \
             JOIN slack_workspaces p3 ON p3.id = p2.workspace_id WHERE p1.id = $1"
        );
        assert_eq!(
            lookup_sql(Resource::DischargeBatchItems),
            "SELECT p1.clinic_id FROM discharge_batches p1 WHERE p1.id = $1"
        );
    }
}
