//! The mutations on one row that every table declaring them has the same way: `create<Type>`
//! and `update<Type>` (`Exposed::WRITES`, see `row::writes`), `delete<Type>` (`Table::delete`)
//! and `archive<Type>` (`Table::archive`). Each takes `<Verb><Type>Input` and writes the row
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
use domain::registry::{self, Table, Tenant};
use domain::session::Writer;
use domain::{Action, DomainError, Resource};
use entity::user_clinic_access;
use sea_orm::sea_query::Value as SqlValue;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, Condition, IntoActiveModel, Iterable,
    ModelTrait, PrimaryKeyToColumn, PrimaryKeyTrait,
};
use uuid::Uuid;

use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::payloads::{self, Changed};
use crate::row::{
    Change, Exposed, Input, Row, Write, WriteGiven, apply, argument, meta_field, object,
};

/// The root part holding every generated `delete<Type>` and `archive<Type>` mutation.
#[derive(Default)]
pub struct RowMutations;

/// What a generated mutation does to its row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verb {
    Write(Write),
    Archive,
    Delete,
}

impl Verb {
    fn name(self) -> &'static str {
        match self {
            Verb::Write(Write::Create) => "Create",
            Verb::Write(Write::Update) => "Update",
            Verb::Archive => "Archive",
            Verb::Delete => "Delete",
        }
    }
}

/// The generated mutations, in tier order: each table's create, update, archive and delete.
fn generated() -> impl Iterator<Item = (&'static Table, Verb, &'static str)> {
    registry::tables().flat_map(|t| {
        let writes = crate::node::writes_of(t.resource);
        let create = writes
            .create
            .map(|about| (t, Verb::Write(Write::Create), about));
        let update = writes
            .update
            .map(|about| (t, Verb::Write(Write::Update), about));
        let archive = t.archive.map(|about| (t, Verb::Archive, about));
        let delete = t.delete.map(|about| (t, Verb::Delete, about));
        create
            .into_iter()
            .chain(update)
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

fn field_name(table: &Table, verb: Verb) -> String {
    format!("{}{}", lower_first(verb.name()), table.type_name)
}

fn input_name(table: &Table, verb: Verb) -> String {
    format!("{}{}Input", verb.name(), table.type_name)
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
                match verb {
                    Verb::Write(write) => {
                        let (fields, payload) =
                            crate::node::register_write(registry, table.resource, write);
                        input_fields.extend(fields.into_iter().map(|f| (f.name.clone(), f)));
                        written = Some(payload);
                    }
                    Verb::Archive | Verb::Delete => {
                        input_fields.insert("id".to_owned(), argument("id", id.clone()));
                    }
                }
                // One line: the mutation's text is wrapped for its own place.
                let mut description = format!(
                    "The input of `{field}`, which {}",
                    lower_first(&about.replace('\n', " "))
                );
                if verb == Verb::Write(Write::Update) {
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
                    Verb::Write(_) => written.unwrap_or_default(),
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
            // the row exists, as the hand-written service mutations do.
            let action = match verb {
                Verb::Write(Write::Create) => Action::Create,
                Verb::Write(Write::Update) => Action::Update,
                Verb::Archive => Action::Archive,
                Verb::Delete => Action::Delete,
            };
            if policy::rule(table.resource, action) == Some(Rule::Service) {
                crate::types::operations::require_service(ctx)?;
            }
            let (_, Json(input)) = ctx.param_value::<Json<serde_json::Value>>("input", None)?;
            Ok::<_, async_graphql::Error>(input)
        };
        let input = input
            .await
            .map_err(|err| err.into_server_error(ctx.item.pos))?;
        if let Verb::Write(write) = verb {
            let input = Value::from_json(input)
                .map_err(|err| ServerError::new(err.to_string(), Some(ctx.item.pos)))?;
            return crate::node::write_row(ctx, table.resource, write, input)
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

/// Registers the input fields and the payload of `write` on `E`.
pub(crate) fn register_write<E: Exposed>(
    registry: &mut Registry,
    write: Write,
) -> (Vec<MetaInputValue>, String) {
    let fields = crate::row::input_fields::<E>(registry, write);
    let payload = match write {
        Write::Create => <Changed<E, payloads::Create> as OutputType>::create_type_info(registry),
        Write::Update => <Changed<E, payloads::Update> as OutputType>::create_type_info(registry),
    };
    (fields, payload)
}

/// Runs `write` on a row of `E` with the field's `input` as the caller, and answers its
/// payload for the field's selection.
pub(crate) async fn write<E>(ctx: &Context<'_>, write: Write, input: Value) -> ServerResult<Value>
where
    E: Exposed,
    E::ActiveModel: ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    let written = async {
        let given = crate::row::parse_write::<E>(write, input).gql()?;
        match write {
            Write::Create => create::<E>(ctx, given).await,
            Write::Update => update::<E>(ctx, given).await,
        }
    }
    .await
    .map_err(|err| err.into_server_error(ctx.item.pos))?;
    let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
    let row = Row::new(written);
    match write {
        Write::Create => {
            let payload = Changed::<E, payloads::Create>::new(row);
            OutputType::resolve(&payload, &inner, ctx.item).await
        }
        Write::Update => {
            let payload = Changed::<E, payloads::Update>::new(row);
            OutputType::resolve(&payload, &inner, ctx.item).await
        }
    }
}

/// Inserts a new row of `E` from the input, in a savepoint through the `Writer` (which checks
/// the create rule where the row lands and audits it).
async fn create<E>(ctx: &Context<'_>, given: WriteGiven) -> async_graphql::Result<E::Model>
where
    E: Exposed,
    E::ActiveModel: ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<E::ActiveModel>,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    let clinic = given
        .changes
        .iter()
        .find_map(|(input, change)| match change {
            Change::Set(SqlValue::Uuid(Some(id))) if input.column == CLINIC => Some(*id),
            _ => None,
        });
    let model = session(ctx)?
        .atomically(async |w| {
            // The caller hears whether they may create in the clinic (NOT_FOUND outside their
            // clinics, FORBIDDEN below the role) before any row it refers to is looked up.
            match clinic {
                Some(clinic) => crate::guard::ensure_may(w, E::RESOURCE, Action::Create, clinic)?,
                // A row of no clinic is a global one (a template): the platform's to write.
                None if registry::table(E::RESOURCE).tenant == Tenant::ClinicOrGlobal
                    && !w.session().principal().is_service() =>
                {
                    return Err(DomainError::forbidden(format!(
                        "global {}s are maintained by the platform; give a clinicId",
                        E::RESOURCE.noun()
                    )));
                }
                None => {}
            }
            let mut row = <E::ActiveModel as ActiveModelBehavior>::new();
            let key = E::PrimaryKey::iter()
                .next()
                .ok_or_else(|| DomainError::Internal("a table without a key".into()))?
                .into_column();
            set(&mut row, key, Uuid::new_v4().into())?;
            let clinic = references(w, &given.changes, clinic).await?;
            if let (Ok(column), Some(clinic)) = (E::Column::from_str(CLINIC), clinic) {
                set(&mut row, column, clinic.into())?;
            }
            if let Some(author) = E::WRITES.author
                && let Some(user) = w.session().principal().as_user()
            {
                let column = E::Column::from_str(author)
                    .map_err(|_| DomainError::Internal(format!("no column {author}")))?;
                set(&mut row, column, user.user_id.into())?;
            }
            apply::<E>(&mut row, &given.changes)?;
            w.insert::<E, E::ActiveModel>(row).await
        })
        .await
        .gql()?;
    Ok(model)
}

/// Applies the input to the row it names, in a savepoint through the `Writer` (which checks
/// the update rule in the row's clinic, and audits the change; an input that changes nothing
/// writes nothing).
async fn update<E>(ctx: &Context<'_>, given: WriteGiven) -> async_graphql::Result<E::Model>
where
    E: Exposed,
    E::ActiveModel: ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    let id = given
        .id
        .ok_or_else(|| crate::errors::to_gql(&DomainError::bad_input("input.id", "required")))?;
    let refers = given
        .changes
        .iter()
        .any(|(input, change)| input.refers_to().is_some() && matches!(change, Change::Set(_)));
    let (_, model) = session(ctx)?
        .atomically(async |w| {
            if refers {
                let current = w.load_for::<E>(id, Action::Update).await?;
                references(w, &given.changes, clinic_of_model::<E>(&current)).await?;
            }
            w.update::<E, E::ActiveModel>(id, Action::Update, |row| {
                apply::<E>(row, &given.changes)?;
                // Tables without an updated_at trigger get it here; with one, the trigger's
                // value wins. Only a row that changes is written.
                if row.is_changed()
                    && let Ok(column) = E::Column::from_str("updated_at")
                {
                    set(row, column, Utc::now().into())?;
                }
                Ok(())
            })
            .await
        })
        .await
        .gql()?;
    Ok(model)
}

/// The column naming a row's clinic.
const CLINIC: &str = "clinic_id";

fn set<A: ActiveModelTrait>(
    row: &mut A,
    column: <A::Entity as sea_orm::EntityTrait>::Column,
    value: SqlValue,
) -> Result<(), DomainError> {
    row.try_set(column, value)
        .map_err(|err| DomainError::Internal(err.to_string()))
}

/// The `clinic_id` of a row, if its table has one.
fn clinic_of_model<E: Exposed>(model: &E::Model) -> Option<Uuid> {
    match model.get(E::Column::from_str(CLINIC).ok()?) {
        SqlValue::Uuid(Some(id)) => Some(id),
        _ => None,
    }
}

/// Checks every row the input refers to (other than the clinic itself): the caller must see
/// it and it must belong to the row's clinic, else BAD_USER_INPUT at its field, the same
/// whether it does not exist or is another clinic's. Answers the row's clinic: `clinic`, or
/// the clinic of the first row referred to when the input gives none (a pet's owner).
async fn references(
    w: &Writer<'_>,
    changes: &[(&'static Input, Change)],
    mut clinic: Option<Uuid>,
) -> Result<Option<Uuid>, DomainError> {
    for (input, change) in changes {
        let (Some(parent), Change::Set(SqlValue::Uuid(Some(id)))) = (input.refers_to(), change)
        else {
            continue;
        };
        if input.column == CLINIC {
            continue;
        }
        let missing = || {
            let what = match parent {
                Resource::Users => "no such member of this clinic".to_owned(),
                other => format!("no such {}", other.noun()),
            };
            DomainError::bad_input(format!("input.{}", input.name()), what)
        };
        match crate::node::referenced_clinic(w, parent, *id, clinic).await? {
            None => return Err(missing()),
            Some(Some(theirs)) => match clinic {
                Some(ours) if ours != theirs => return Err(missing()),
                Some(_) => {}
                None => clinic = Some(theirs),
            },
            Some(None) => {}
        }
    }
    Ok(clinic)
}

/// The clinic of the row `id` of `E` that an input refers to: `None` when the caller cannot
/// see it, `Some(None)` for a row of no clinic. A user is referred to as a member of
/// `clinic`, the row's clinic.
pub(crate) async fn referenced<E>(
    w: &Writer<'_>,
    id: Uuid,
    clinic: Option<Uuid>,
) -> Result<Option<Option<Uuid>>, DomainError>
where
    E: Exposed,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    if E::RESOURCE == Resource::Users {
        let Some(clinic) = clinic else {
            return Ok(None);
        };
        let member = w
            .find_one::<user_clinic_access::Entity>(
                Action::Read,
                Condition::all()
                    .add(user_clinic_access::Column::UserId.eq(id))
                    .add(user_clinic_access::Column::ClinicId.eq(clinic)),
            )
            .await?;
        return Ok(member.map(|_| Some(clinic)));
    }
    let Some(model) = w.fetch::<E>(id, Action::Read).await? else {
        return Ok(None);
    };
    if E::RESOURCE == Resource::Clinics {
        return Ok(Some(Some(id)));
    }
    Ok(Some(clinic_of_model::<E>(&model)))
}
