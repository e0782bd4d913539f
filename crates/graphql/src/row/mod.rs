//! The GraphQL object type of every table's rows, built from the table's declaration
//! (`domain::registry`) and its SeaORM entity instead of a getter per column.
//!
//! [`Row<E>`] implements async-graphql's `OutputType`/`ContainerType` once for all tables. Its
//! `create_type_info` registers the type under the declared name with the declared fields in
//! their declared order: a column field's GraphQL type comes from the entity's column
//! definition (SQL type and nullability) or from the declaration (`shown_as`, for enum
//! columns), its description from the declaration. Its `resolve_field` applies the row's guard
//! to every field, then answers a column field straight from the model (`ModelTrait::get`,
//! converted with the same scalars as hand-written fields), and hands every other field to the
//! table's [`Exposed::Links`]: the hand-written `#[Object]` with what is really specific to the
//! table (relationships, connections, typed JSON, computed values). A links field of the same
//! name as a declared column takes its place, so a column can be given a richer type by hand.
//!
//! Why not `#[Object]` per table: that was 586 getters and most of the gateway's compile time;
//! why not async-graphql's dynamic schema: it cannot hold the static workflow types beside it
//! and costs more per field (ARCHITECTURE.md, "Decisions", has the measurements).

use std::borrow::Cow;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::str::FromStr;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::Field as AstField;
use async_graphql::registry::{
    Deprecation, MetaEnumValue, MetaField, MetaInputValue, MetaType, MetaTypeId, Registry,
};
use async_graphql::resolver_utils::{ContainerType, resolve_container};
use async_graphql::{
    Context, ContextSelectionSet, Guard, ID, InputType, InputValueError, InputValueResult, Name,
    ObjectType, OutputType, Positioned, ScalarType, ServerResult, Value,
};
use domain::paging::SortOrder;
use domain::registry::{self, Field, Tenant};
use domain::tenancy::TenantScoped;
use domain::{DomainError, Resource};
use sea_orm::sea_query::{ColumnType, Value as SqlValue};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, IdenStatic, Iterable, ModelTrait, PrimaryKeyToColumn,
};

use crate::connection::{List, OrderDirection, child_list, window};
use crate::context::loaders;
use crate::errors::GqlResult;
use crate::guard::{ReadGuard, SignedIn};
use crate::ids;
use crate::scalars;
use crate::types::operations::ServiceOnly;
use uuid::Uuid;

mod applying;
mod checks;
mod filters;
mod keys;
mod lists;
mod orders;
mod parents;
mod steps;
mod values;
mod writes;

pub use applying::Written;
pub(crate) use applying::{apply, require};
pub use checks::{
    at_least_one, email, json_array, json_object, nonblank, not_blank, not_negative, now, phone,
    timezone,
};
pub use filters::{
    CustomCondition, Filter, FilterField, Filtering, Given, any_of, custom, equals,
    equals_ignoring_case, fuzzy, like_escape, nullable, refers, text, within,
};
pub(crate) use keys::foreign_keys_of;
pub use keys::points_at;
pub use lists::{
    Children, Filtered, Listed, RootList, children, children_in_order, one, root_list,
};
pub use orders::{BY_CREATED_AT, Ordering, Sort, SortKey, by};
use parents::parent_field;
pub use parents::{Parent, parent};
pub use steps::{Sets, Step, sets, sets_caller, step};
pub use values::enum_item;
use values::{graphql_type, wire_value};
pub(crate) use writes::{Change, Given as WriteGiven, input_fields, parse as parse_write};
pub use writes::{Check, CheckedInput, Derive, Input, RowCheck, Write, Writes, input, reference};

/// A table whose rows are a GraphQL object type (every table of the registry).
pub trait Exposed: TenantScoped<Model: Send + Sync> {
    /// The table's hand-written fields: relationships, connections and computed values.
    type Links<'a>: ObjectType + 'a;

    /// The hand-written fields of one row.
    fn links(model: &Self::Model) -> Self::Links<'_>;

    /// Who may see the row's fields (checked on every field, before it resolves): derived
    /// from the table's path to its clinic unless the table says otherwise. A rule, not a
    /// method, so that what the guard decides is known without a row: the read planner
    /// (`crate::plan`) answers only types whose rule the tenant scope already implies.
    const ROW_RULE: RowRule = RowRule::FromTenant;

    /// The connection fields listing other tables' rows that reference this row.
    const CHILDREN: &'static [Children] = &[];

    /// The fields showing the rows this row's declared foreign keys point at.
    const PARENTS: &'static [Parent] = &[];

    /// The table's generated create and update mutations and the columns they set.
    const WRITES: &'static Writes = &Writes::NONE;

    /// The table's root list of `Query` (tables of no one clinic).
    const ROOT: Option<&'static RootList> = None;
}

/// Which guard a table's rows carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowRule {
    /// From the table's path to its clinic ([`derived_guard`]).
    FromTenant,
    /// The read rule in the row's own `clinic_id`; a row without one is global, readable by
    /// every signed-in user (the audit trail's system rows).
    ClinicOrGlobal,
    /// Every row is global: readable by every signed-in user, field rules still applying
    /// (the platform's AI templates).
    Global,
}

/// The guard on every field of a row.
pub enum RowGuard {
    /// The row's clinic and the field's read rule (`guard::ReadGuard`).
    Read(ReadGuard),
    /// Any signed-in caller (the rows reached them through the domain's scope).
    SignedIn,
    /// Jobs and webhooks only (public sign-ups).
    ServiceOnly,
}

impl RowGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        match self {
            RowGuard::Read(guard) => guard.check(ctx).await,
            RowGuard::SignedIn => SignedIn.check(ctx).await,
            RowGuard::ServiceOnly => ServiceOnly.check(ctx).await,
        }
    }
}

/// The hand-written part of a table that has none: every field is a declared column.
pub struct NoLinks;

/// `Exposed::Links` of a table without hand-written fields: `no_links!();` in its `impl
/// Exposed` (an associated type cannot have a default on stable Rust).
macro_rules! no_links {
    () => {
        type Links<'a> = $crate::row::NoLinks;
        fn links(_model: &<Self as sea_orm::EntityTrait>::Model) -> Self::Links<'_> {
            $crate::row::NoLinks
        }
    };
}
pub(crate) use no_links;

impl OutputType for NoLinks {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("NoLinks")
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |_| {
            object(
                "NoLinks",
                "No fields of its own (never in the schema).",
                IndexMap::new(),
                std::any::type_name::<Self>(),
            )
        })
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<AstField>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl ContainerType for NoLinks {
    async fn resolve_field(&self, _ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        Ok(None)
    }
}

impl ObjectType for NoLinks {}

/// The guard of a row: its table's [`RowRule`], by default the one its path to its clinic gives:
/// - its own `clinic_id`: the read rule in that clinic (a row with none is no clinic's, so
///   NOT_FOUND to users);
/// - clinic or global: the same, and global rows are readable by every signed-in user;
/// - the clinic itself: the read rule in it;
/// - through a parent, referenced by children, colleagues: a signed-in caller (such rows reach a
///   caller only through the tenant scope, which follows the path) and the field-level rules;
/// - no clinic at all: jobs and webhooks only.
pub fn derived_guard<E: Exposed>(model: &E::Model) -> RowGuard {
    let resource = E::RESOURCE;
    let clinic = || match E::Column::from_str("clinic_id").map(|c| model.get(c)) {
        Ok(SqlValue::Uuid(clinic)) => clinic,
        _ => None,
    };
    match E::ROW_RULE {
        RowRule::FromTenant => {}
        RowRule::ClinicOrGlobal => {
            return RowGuard::Read(ReadGuard::maybe_global(resource, clinic()));
        }
        RowRule::Global => return RowGuard::Read(ReadGuard::maybe_global(resource, None)),
    }
    match registry::table(resource).tenant {
        Tenant::Clinic => RowGuard::Read(ReadGuard::new(resource, clinic().unwrap_or_default())),
        Tenant::ClinicOrGlobal => RowGuard::Read(ReadGuard::maybe_global(resource, clinic())),
        Tenant::ClinicItself => RowGuard::Read(ReadGuard::new(resource, E::id_of(model))),
        Tenant::Through { .. } | Tenant::ReferencedBy { .. } | Tenant::Colleagues => {
            RowGuard::Read(ReadGuard::unowned(resource))
        }
        Tenant::NoClinic => RowGuard::ServiceOnly,
    }
}

/// A row of `E`'s table, as its GraphQL object type.
pub struct Row<E: EntityTrait>(pub E::Model);

impl<E: Exposed> Row<E> {
    pub fn new(model: E::Model) -> Self {
        Row(model)
    }

    /// The row's global id (also what the `Node` interface asks for).
    pub async fn id(&self, _ctx: &Context<'_>) -> async_graphql::Result<ID> {
        Ok(ids::of(E::RESOURCE, E::id_of(&self.0)))
    }
}

impl<E: Exposed> Clone for Row<E>
where
    E::Model: Clone,
{
    fn clone(&self) -> Self {
        Row(self.0.clone())
    }
}

impl<E: Exposed> OutputType for Row<E> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(registry::table(E::RESOURCE).type_name)
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |registry| {
            let table = registry::table(E::RESOURCE);
            let links = links_fields::<E>(registry);
            let mut fields = IndexMap::new();
            for declared in table.fields {
                let name = declared.name();
                let parent = E::PARENTS.iter().find(|p| p.field == name);
                let child = E::CHILDREN.iter().find(|c| c.field == name);
                let field = match (links.get(name.as_ref()), parent, child) {
                    (Some(by_hand), _, _) => by_hand.clone(),
                    (None, Some(parent), _) => parent_field(registry, declared, parent),
                    // A declared field may be a child row (`one`): it keeps its declared place.
                    (None, None, Some(child)) => (child.register)(registry, child),
                    (None, None, None) => column_field::<E>(registry, declared),
                };
                fields.insert(name.into_owned(), field);
            }
            // Connections list other tables' rows and are not declared: they follow, the
            // hand-written ones first, in the order they are written.
            for (name, field) in links {
                fields.entry(name).or_insert(field);
            }
            for children in E::CHILDREN {
                if !fields.contains_key(children.field) {
                    let field = (children.register)(registry, children);
                    fields.insert(children.field.to_owned(), field);
                }
            }
            object(
                table.type_name,
                table.about,
                fields,
                std::any::type_name::<Self>(),
            )
        })
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<AstField>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl<E: Exposed> ContainerType for Row<E> {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        derived_guard::<E>(&self.0)
            .check(ctx)
            .await
            .map_err(|err| err.into_server_error(ctx.item.pos))?;
        // The hand-written fields first: one of them may take a declared column's place (a
        // belongs-to field shows the row its foreign key points at). An `#[Object]` answers
        // `None` for a name it does not have.
        if let Some(value) = E::links(&self.0).resolve_field(ctx).await? {
            return Ok(Some(value));
        }
        let name = ctx.item.node.name.node.as_str();
        if let Some(children) = E::CHILDREN.iter().find(|c| c.field == name) {
            return (children.resolve)(ctx, children, E::id_of(&self.0)).await;
        }
        let Some((declared, column)) = registry::table(E::RESOURCE)
            .field(name)
            .and_then(|declared| Some((declared, column_of::<E>(declared)?)))
        else {
            return Ok(None);
        };
        if let Some(parent) = E::PARENTS.iter().find(|p| p.field == name) {
            return match self.0.get(column) {
                SqlValue::Uuid(Some(id)) => (parent.resolve)(ctx, id).await,
                _ => Ok(Some(Value::Null)),
            };
        }
        Ok(Some(wire_value::<E>(ctx, declared, column, &self.0)))
    }
}

impl<E: Exposed> ObjectType for Row<E> {}

/// The fields of `E`'s hand-written part, registered under its own name (a type no field
/// returns, so the schema drops it) and spliced into the row type.
fn links_fields<E: Exposed>(registry: &mut Registry) -> IndexMap<String, MetaField> {
    match registry.create_fake_output_type::<E::Links<'static>>() {
        MetaType::Object { fields, .. } => fields,
        _ => IndexMap::new(),
    }
}

/// The entity column a declared field shows.
fn column_of<E: Exposed>(declared: &Field) -> Option<E::Column> {
    declared
        .column()
        .and_then(|name| E::Column::from_str(name).ok())
}

/// Whether `column` is the table's primary key (shown as the global `ID`).
fn is_primary_key<E: Exposed>(column: &E::Column) -> bool {
    E::PrimaryKey::iter().any(|key| key.into_column().as_str() == column.as_str())
}

/// The schema field of a declared column, typed from the entity's column definition.
fn column_field<E: Exposed>(registry: &mut Registry, declared: &Field) -> MetaField {
    let table = registry::table(E::RESOURCE);
    let column = column_of::<E>(declared).unwrap_or_else(|| {
        panic!(
            "{}.{} is declared without a column or a hand-written field",
            table.type_name,
            declared.name()
        )
    });
    let def = column.def();
    let foreign = points_at(E::RESOURCE, column.as_str()).is_some();
    let ty = if is_primary_key::<E>(&column) {
        <ID as OutputType>::create_type_info(registry)
    } else if foreign {
        // A foreign key is the global id of the row it points at.
        let id = <ID as OutputType>::create_type_info(registry);
        if def.is_null() {
            id.trim_end_matches('!').to_owned()
        } else {
            id
        }
    } else {
        let base = match declared.declared_type() {
            Some(named) => crate::enums::mirror(named)
                .unwrap_or_else(|| panic!("{}: {named} is not an enum", table.type_name))
                .register(registry)
                .to_owned(),
            None => graphql_type(registry, def.get_column_type())
                .trim_end_matches('!')
                .to_owned(),
        };
        if def.is_null() {
            base
        } else {
            format!("{base}!")
        }
    };
    MetaField {
        description: declared.description().map(str::to_owned),
        ..meta_field(&declared.name(), ty)
    }
}

/// A field with no arguments and no description.
pub(crate) fn meta_field(name: &str, ty: String) -> MetaField {
    MetaField {
        name: name.to_owned(),
        description: None,
        args: IndexMap::new(),
        ty,
        deprecation: Deprecation::NoDeprecated,
        cache_control: Default::default(),
        external: false,
        requires: None,
        provides: None,
        visible: None,
        shareable: false,
        inaccessible: false,
        tags: vec![],
        override_from: None,
        compute_complexity: None,
        directive_invocations: vec![],
        requires_scopes: vec![],
    }
}

/// An argument with no description and no default.
pub(crate) fn argument(name: &str, ty: String) -> MetaInputValue {
    MetaInputValue {
        name: name.to_owned(),
        description: None,
        ty,
        deprecation: Deprecation::NoDeprecated,
        default_value: None,
        visible: None,
        inaccessible: false,
        tags: vec![],
        is_secret: false,
        directive_invocations: vec![],
    }
}

/// An object type's registry entry.
pub(crate) fn object(
    name: &str,
    about: &str,
    fields: IndexMap<String, MetaField>,
    rust_typename: &'static str,
) -> MetaType {
    MetaType::Object {
        name: name.to_owned(),
        description: Some(about.to_owned()),
        fields,
        cache_control: Default::default(),
        extends: false,
        shareable: false,
        resolvable: true,
        keys: None,
        visible: None,
        inaccessible: false,
        interface_object: false,
        tags: vec![],
        is_subscription: false,
        rust_typename: Some(rust_typename),
        directive_invocations: vec![],
        requires_scopes: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enums::{MIRRORS, mirror};

    #[test]
    fn every_enum_column_shows_its_stored_values_as_the_items_of_its_graphql_enum() {
        for mirror in MIRRORS {
            for (item, stored) in mirror.items() {
                assert_eq!(
                    enum_item(stored),
                    item,
                    "{}: the stored value {stored:?} does not name its item",
                    mirror.name
                );
            }
        }
        for table in registry::tables() {
            for field in table.fields {
                if let Some(shown_as) = field.declared_type() {
                    assert!(
                        mirror(shown_as).is_some(),
                        "{}.{} is shown as {shown_as}, which is not an enum mirror",
                        table.type_name,
                        field.name()
                    );
                }
            }
        }
    }

    #[test]
    fn every_enum_mirror_can_be_found_by_its_name() {
        // Each mirror is declared with `remote = "entity::enums::…"`; one missing from
        // `MIRRORS` could be shown by no column and tested by no filter.
        let declared = include_str!("../enums.rs")
            .lines()
            .filter(|line| line.trim_start().starts_with("#[graphql(remote = "))
            .count();
        assert_eq!(declared, MIRRORS.len());
    }

    #[test]
    fn stored_enum_values_become_their_graphql_items() {
        assert_eq!(enum_item("in-progress"), "IN_PROGRESS");
        assert_eq!(enum_item("no_answer"), "NO_ANSWER");
        assert_eq!(enum_item("queued"), "QUEUED");
    }
}
