//! The mutations on one row that every table declaring them has the same way: `create<Type>`
//! and `update<Type>` (`Exposed::WRITES`, see `row::writes`; run by `row_writes`),
//! `delete<Type>` (`Table::delete`) and `archive<Type>` (`Table::archive`). Each takes `<Verb><Type>Input` and writes the row
//! in a savepoint through the `Writer`, which checks the table's rule for the action in the
//! row's clinic and audits the row:
//! - a create inserts the row the input describes, in the clinic it names or the clinic of
//!   the row it refers to, and an update applies the given fields (absent: kept; `null`:
//!   cleared); both answer `<Verb><Type>Payload { <type> }`, and an update that changes
//!   nothing writes and audits nothing;
//! - a delete deletes it (`node::delete_row`) and answers `Delete<Type>Payload { deleted<Type>Id }`;
//! - an archive sets `is_active` to false, and `updated_at` with it (`node::archive_row`), and
//!   answers `Archive<Type>Payload { <type> }` (`payloads::Changed`).
//!
//! One implementation for every table, registered from the declarations; the typed work is a
//! match over `Resource` (`node_types!`).

use std::borrow::Cow;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::Field as AstField;
use async_graphql::registry::{MetaInputValue, MetaType, MetaTypeId, Registry};
use async_graphql::resolver_utils::{ContainerType, resolve_container};
use async_graphql::{
    Context, ContextSelectionSet, ID, InputType, Json, ObjectType, OutputType, Positioned,
    ServerError, ServerResult, Value,
};
use std::str::FromStr;

use chrono::Utc;
use domain::policy::{self, Rule};
use domain::registry::{self, Table};
use domain::{Action, DomainError};
use sea_orm::sea_query::Value as SqlValue;
use sea_orm::{ActiveModelBehavior, ActiveModelTrait, IntoActiveModel, PrimaryKeyTrait};
use uuid::Uuid;

use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::payloads::{self, Changed};
use crate::row::{Exposed, Row, Step, Write, argument, meta_field, object};
use crate::row_writes::{Op, upper_first};

/// The root part holding every generated `delete<Type>` and `archive<Type>` mutation.
#[derive(Default)]
pub struct RowMutations;

/// What a generated mutation does to its row.
#[derive(Clone, Copy)]
enum Verb {
    Write(Write),
    Step(&'static Step),
    Archive,
    Delete,
}

impl PartialEq for Verb {
    fn eq(&self, other: &Verb) -> bool {
        match (self, other) {
            (Verb::Write(a), Verb::Write(b)) => a == b,
            (Verb::Step(a), Verb::Step(b)) => a.name == b.name,
            (Verb::Archive, Verb::Archive) | (Verb::Delete, Verb::Delete) => true,
            _ => false,
        }
    }
}

impl Verb {
    fn name(self) -> &'static str {
        match self {
            Verb::Write(Write::Create) => "Create",
            Verb::Write(Write::Update) => "Update",
            Verb::Write(Write::Save) => "Save",
            Verb::Step(step) => step.name,
            Verb::Archive => "Archive",
            Verb::Delete => "Delete",
        }
    }

    /// The action on an existing row that the mutation is (`None`: it names no row; a create
    /// or a save names a clinic, and answers NOT_FOUND first for a clinic not the caller's).
    fn on_row(self) -> Option<Action> {
        match self {
            Verb::Write(Write::Create | Write::Save) => None,
            Verb::Step(step) if matches!(step.write, Write::Create | Write::Save) => None,
            Verb::Write(Write::Update) => Some(Action::Update),
            Verb::Step(step) => Some(step.action),
            Verb::Archive => Some(Action::Archive),
            Verb::Delete => Some(Action::Delete),
        }
    }

    /// The write a create, update or step runs.
    fn op(self) -> Option<Op> {
        match self {
            Verb::Write(write) => Some(Op::Generic(write)),
            Verb::Step(step) => Some(Op::Step(step)),
            Verb::Archive | Verb::Delete => None,
        }
    }
}

/// The generated mutations, in tier order: each table's create, update, steps, archive and
/// delete.
fn generated() -> impl Iterator<Item = (&'static Table, Verb, &'static str)> {
    registry::tables().flat_map(|t| {
        let writes = crate::node::writes_of(t.resource);
        let create = writes
            .create
            .map(|about| (t, Verb::Write(Write::Create), about));
        let update = writes
            .update
            .map(|about| (t, Verb::Write(Write::Update), about));
        let steps = writes
            .steps
            .iter()
            .map(move |step| (t, Verb::Step(step), step.about));
        let archive = t.archive.map(|about| (t, Verb::Archive, about));
        let delete = t.delete.map(|about| (t, Verb::Delete, about));
        create
            .into_iter()
            .chain(update)
            .chain(steps)
            .chain(archive)
            .chain(delete)
    })
}

/// The generated `update<Type>` mutations: each table declaring one, by its GraphQL type name
/// (for the tests that run every one of them).
pub fn generated_updates() -> impl Iterator<Item = &'static Table> {
    generated()
        .filter(|(_, verb, _)| *verb == Verb::Write(Write::Update))
        .map(|(table, _, _)| table)
}

/// The generated `create<Type>` mutations, as [`generated_updates`].
pub fn generated_creates() -> impl Iterator<Item = &'static Table> {
    generated()
        .filter(|(_, verb, _)| *verb == Verb::Write(Write::Create))
        .map(|(table, _, _)| table)
}

/// A generated mutation on an existing row of a table (an update, a step that updates, an
/// archive, a delete), for the tests that run every one of them against another clinic's row.
pub struct OnRow {
    pub table: &'static Table,
    /// The mutation's name.
    pub field: String,
    /// Its input type's name.
    pub input: String,
    /// Whether only the service may run it (a user is refused before the row is read).
    pub service_only: bool,
}

/// Every generated mutation on an existing row.
pub fn generated_on_rows() -> impl Iterator<Item = OnRow> {
    generated().filter_map(|(table, verb, _)| {
        let action = verb.on_row()?;
        let step_of_service = matches!(verb, Verb::Step(step) if step.service);
        Some(OnRow {
            table,
            field: field_name(table, verb),
            input: input_name(table, verb),
            service_only: step_of_service
                || policy::rule(table.resource, action) == Some(Rule::Service),
        })
    })
}

fn field_name(table: &Table, verb: Verb) -> String {
    match verb {
        Verb::Step(step) => step.name.to_owned(),
        _ => format!("{}{}", lower_first(verb.name()), table.type_name),
    }
}

fn input_name(table: &Table, verb: Verb) -> String {
    match verb {
        Verb::Step(step) => format!("{}Input", upper_first(step.name)),
        _ => format!("{}{}Input", verb.name(), table.type_name),
    }
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

impl OutputType for RowMutations {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("RowMutations")
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |registry| {
            // `ID!`: the input's id is required, and so is the payload's.
            let id = <ID as InputType>::create_type_info(registry);
            let mut fields = IndexMap::new();
            for (table, verb, about) in generated() {
                let field = field_name(table, verb);
                let input = input_name(table, verb);
                let mut input_fields = IndexMap::new();
                let mut written = None;
                match verb.op() {
                    Some(op) => {
                        let (fields, payload) =
                            crate::node::register_write(registry, table.resource, op);
                        input_fields.extend(fields.into_iter().map(|f| (f.name.clone(), f)));
                        written = Some(payload);
                    }
                    None => {
                        input_fields.insert("id".to_owned(), argument("id", id.clone()));
                    }
                }
                // One line: the mutation's text is wrapped for its own place.
                let mut description = format!(
                    "The input of `{field}`, which {}",
                    lower_first(&about.replace('\n', " "))
                );
                let saves = matches!(verb, Verb::Step(step) if step.write == Write::Save);
                if saves {
                    description.push_str(
                        " The first save creates the row (absent fields take their defaults); \
                         later saves leave absent fields as they are, and `null` clears a \
                         nullable field.",
                    );
                } else if verb == Verb::Write(Write::Update) {
                    description.push_str(
                        " Absent fields are left as they are; `null` clears a nullable field.",
                    );
                }
                registry.types.insert(
                    input.clone(),
                    MetaType::InputObject {
                        name: input.clone(),
                        description: Some(description),
                        input_fields,
                        visible: None,
                        inaccessible: false,
                        tags: vec![],
                        rust_typename: None,
                        oneof: false,
                        directive_invocations: vec![],
                    },
                );
                let payload = match verb {
                    Verb::Write(_) | Verb::Step(_) => written.unwrap_or_default(),
                    Verb::Archive => crate::node::register_archived(registry, table.resource),
                    Verb::Delete => {
                        let payload = format!("{}!", payload_name(table));
                        let mut payload_fields = IndexMap::new();
                        let deleted = id_field(table);
                        payload_fields.insert(deleted.clone(), meta_field(&deleted, id.clone()));
                        registry.types.insert(
                            payload_name(table),
                            object(
                                &payload_name(table),
                                &format!(
                                    "The result of `{field}`: the ID of the deleted {}, so a \
                                     client can drop it from its cache.",
                                    table.noun
                                ),
                                payload_fields,
                                "graphql::row_mutations::Deleted",
                            ),
                        );
                        payload
                    }
                };
                let mut args: IndexMap<String, MetaInputValue> = IndexMap::new();
                args.insert("input".to_owned(), argument("input", format!("{input}!")));
                let mut meta = meta_field(&field, payload);
                meta.description = Some(about.to_owned());
                meta.args = args;
                fields.insert(field, meta);
            }
            object(
                "RowMutations",
                "The generated create, update, archive and delete mutations.",
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

impl ContainerType for RowMutations {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let name = ctx.item.node.name.node.as_str();
        let Some((table, verb, _)) = generated().find(|(t, v, _)| field_name(t, *v) == name) else {
            return Ok(None);
        };
        let input = async {
            // A table only the platform writes says so to a user (FORBIDDEN), whether or not
            // the row exists, as the hand-written service mutations do. A create answers
            // NOT_FOUND first for a clinic not the caller's (`row_writes::create`).
            let action = verb.on_row();
            let step_of_service = matches!(verb, Verb::Step(step) if step.service);
            if step_of_service
                || action.is_some_and(|a| policy::rule(table.resource, a) == Some(Rule::Service))
            {
                crate::types::operations::require_service(ctx)?;
            }
            let (_, Json(input)) = ctx.param_value::<Json<serde_json::Value>>("input", None)?;
            Ok::<_, async_graphql::Error>(input)
        };
        let input = input
            .await
            .map_err(|err| err.into_server_error(ctx.item.pos))?;
        if let Some(op) = verb.op() {
            let input = Value::from_json(input)
                .map_err(|err| ServerError::new(err.to_string(), Some(ctx.item.pos)))?;
            return crate::node::write_row(ctx, table.resource, op, input)
                .await
                .map(Some);
        }
        let input = async {
            let id = ID(input["id"].as_str().unwrap_or_default().to_owned());
            let uuid = ids::decode_as(&id, table.resource).gql()?;
            Ok::<_, async_graphql::Error>((id, uuid))
        };
        let (id, uuid) = input
            .await
            .map_err(|err| err.into_server_error(ctx.item.pos))?;
        if verb == Verb::Archive {
            return crate::node::archive_row(ctx, table.resource, uuid)
                .await
                .map(Some);
        }
        let deleted = async {
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

impl ObjectType for RowMutations {}

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

    /// Registered with the mutations (`RowMutations`), one payload type per table; this Rust
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

/// Archives the row `id` of `E` as the caller and answers `Archive<Type>Payload` for the
/// field's selection: `is_active` becomes false and `updated_at` now; a row already archived
/// is left unwritten and unaudited.
pub(crate) async fn archive<E>(ctx: &Context<'_>, id: Uuid) -> ServerResult<Value>
where
    E: Exposed,
    E::ActiveModel: ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    let archived = async {
        let (active, updated_at) = archive_columns::<E>();
        let (_, row) = session(ctx)?
            .atomically(async |w| {
                w.update::<E, E::ActiveModel>(id, Action::Archive, |row| {
                    let inactive = SqlValue::Bool(Some(false));
                    if row.get(active).into_value() == Some(inactive.clone()) {
                        return Ok(());
                    }
                    let written = row
                        .try_set(active, inactive)
                        .and_then(|()| match updated_at {
                            Some(column) => row.try_set(column, Utc::now().into()),
                            None => Ok(()),
                        });
                    written.map_err(|err| DomainError::Internal(err.to_string()))
                })
                .await
            })
            .await
            .gql()?;
        Ok::<_, async_graphql::Error>(row)
    }
    .await
    .map_err(|err| err.into_server_error(ctx.item.pos))?;
    let payload = Changed::<E, payloads::Archive>::new(Row::new(archived));
    let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
    OutputType::resolve(&payload, &inner, ctx.item).await
}

/// Registers `Archive<Type>Payload` of `E`, checking that its table can be archived this way.
pub(crate) fn register_archived<E: Exposed>(registry: &mut Registry) -> String {
    archive_columns::<E>();
    <Changed<E, payloads::Archive> as OutputType>::create_type_info(registry)
}

/// The columns an archive writes: `is_active` (which a table declaring `archive` must have),
/// and `updated_at` if it has one.
fn archive_columns<E: Exposed>() -> (E::Column, Option<E::Column>) {
    let active = E::Column::from_str("is_active").unwrap_or_else(|_| {
        panic!(
            "{} declares an archive mutation but has no is_active column",
            registry::table(E::RESOURCE).table
        )
    });
    (active, E::Column::from_str("updated_at").ok())
}
