//! The `delete<Type>` mutations of the tables whose declaration has one (`Table::delete`):
//! each takes `Delete<Type>Input { id }`, deletes the row in a savepoint through the `Writer`
//! (which checks the table's delete rule in the row's clinic and audits the row), and answers
//! `Delete<Type>Payload { deleted<Type>Id }`. One implementation for every table, registered
//! from the declarations; the row is deleted by `node::delete_row`, a match over `Resource`.

use std::borrow::Cow;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::Field as AstField;
use async_graphql::registry::{MetaInputValue, MetaType, MetaTypeId, Registry};
use async_graphql::resolver_utils::{ContainerType, resolve_container};
use async_graphql::{
    Context, ContextSelectionSet, ID, InputType, Json, ObjectType, OutputType, Positioned,
    ServerResult, Value,
};
use domain::registry::{self, Table};

use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::row::{argument, meta_field, object};

/// The root part holding every generated `delete<Type>` mutation.
#[derive(Default)]
pub struct DeleteMutations;

/// The tables with a generated delete mutation, in tier order.
fn deletable() -> impl Iterator<Item = (&'static Table, &'static str)> {
    registry::tables().filter_map(|t| t.delete.map(|about| (t, about)))
}

fn field_name(table: &Table) -> String {
    format!("delete{}", table.type_name)
}

fn input_name(table: &Table) -> String {
    format!("Delete{}Input", table.type_name)
}

fn payload_name(table: &Table) -> String {
    format!("Delete{}Payload", table.type_name)
}

fn id_field(table: &Table) -> String {
    format!("deleted{}Id", table.type_name)
}

/// `Deletes a pet (admin or above).` → `deletes a pet (admin or above).`
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

impl OutputType for DeleteMutations {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("DeleteMutations")
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |registry| {
            // `ID!`: the input's id is required, and so is the payload's.
            let id = <ID as InputType>::create_type_info(registry);
            let mut fields = IndexMap::new();
            for (table, about) in deletable() {
                let field = field_name(table);
                let input = input_name(table);
                let mut input_fields = IndexMap::new();
                input_fields.insert("id".to_owned(), argument("id", id.clone()));
                registry.types.insert(
                    input.clone(),
                    MetaType::InputObject {
                        name: input.clone(),
                        description: Some(format!(
                            "The input of `{field}`, which {}",
                            lower_first(about)
                        )),
                        input_fields,
                        visible: None,
                        inaccessible: false,
                        tags: vec![],
                        rust_typename: None,
                        oneof: false,
                        directive_invocations: vec![],
                    },
                );
                let payload = payload_name(table);
                let mut payload_fields = IndexMap::new();
                let deleted = id_field(table);
                payload_fields.insert(deleted.clone(), meta_field(&deleted, id.clone()));
                registry.types.insert(
                    payload.clone(),
                    object(
                        &payload,
                        &format!(
                            "The result of `{field}`: the ID of the deleted {}, so a client can \
                             drop it from its cache.",
                            table.noun
                        ),
                        payload_fields,
                        "graphql::deletes::Deleted",
                    ),
                );
                let mut args: IndexMap<String, MetaInputValue> = IndexMap::new();
                args.insert("input".to_owned(), argument("input", format!("{input}!")));
                let mut meta = meta_field(&field, format!("{payload}!"));
                meta.description = Some(about.to_owned());
                meta.args = args;
                fields.insert(field, meta);
            }
            object(
                "DeleteMutations",
                "The generated delete mutations.",
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

impl ContainerType for DeleteMutations {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let name = ctx.item.node.name.node.as_str();
        let Some((table, _)) = deletable().find(|(t, _)| field_name(t) == name) else {
            return Ok(None);
        };
        let deleted = async {
            let (_, Json(input)) = ctx.param_value::<Json<serde_json::Value>>("input", None)?;
            let id = ID(input["id"].as_str().unwrap_or_default().to_owned());
            let uuid = ids::decode_as(&id, table.resource).gql()?;
            crate::node::delete_row(session(ctx)?, table.resource, uuid)
                .await
                .gql()?;
            Ok::<_, async_graphql::Error>(id)
        }
        .await
        .map_err(|err| err.into_server_error(ctx.item.pos))?;
        let payload = Deleted { table, id: deleted };
        let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
        OutputType::resolve(&payload, &inner, ctx.item)
            .await
            .map(Some)
    }
}

impl ObjectType for DeleteMutations {}

/// A `Delete<Type>Payload`: the id of the deleted row.
struct Deleted {
    table: &'static Table,
    id: ID,
}

impl OutputType for Deleted {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("Deleted")
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        Cow::Owned(payload_name(self.table))
    }

    /// Registered with the mutations (`DeleteMutations`), one payload type per table; this Rust
    /// type is never named as a field's type.
    fn create_type_info(_registry: &mut Registry) -> String {
        "Deleted".to_owned()
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<AstField>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl ContainerType for Deleted {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        Ok((ctx.item.node.name.node == id_field(self.table))
            .then(|| Value::String(self.id.0.clone())))
    }
}
