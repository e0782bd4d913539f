//! The generic `create<Type>` and `update<Type>` of the tables that declare their writes
//! (`Exposed::WRITES`, parsed and applied by `row::writes`), registered and dispatched by
//! `row_mutations` through `node_types!`: a create inserts the row the input describes in the
//! clinic it names or the clinic of the row it refers to; an update applies the given fields;
//! both run in a savepoint through the `Writer` and check every referenced row.

use std::borrow::Cow;
use std::str::FromStr;

use async_graphql::parser::types::Field as AstField;
use async_graphql::registry::{MetaInputValue, Registry};
use async_graphql::resolver_utils::{ContainerType, resolve_container};
use async_graphql::{Context, ContextSelectionSet, OutputType, Positioned, ServerResult, Value};
use chrono::Utc;
use domain::policy::{self, Rule};
use domain::registry::{self, Tenant};
use domain::session::Writer;
use domain::{Action, DomainError, Resource};
use entity::{clinics, user_clinic_access};
use sea_orm::sea_query::Value as SqlValue;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, Condition, IntoActiveModel, Iterable,
    ModelTrait, PrimaryKeyToColumn, PrimaryKeyTrait,
};
use uuid::Uuid;

use crate::context::session;
use crate::errors::GqlResult;
use crate::payloads::{self, Changed};
use crate::row::{
    Change, Exposed, Input, Row, RowCheck, Sets, Step, Write, WriteGiven, apply, meta_field,
    object, require,
};

/// What a generated write does: the table's generic create or update, or one of its steps.
#[derive(Clone, Copy)]
pub(crate) enum Op {
    Generic(Write),
    Step(&'static Step),
}

impl Op {
    pub(crate) fn write(self) -> Write {
        match self {
            Op::Generic(write) => write,
            Op::Step(step) => step.write,
        }
    }

    pub(crate) fn action(self) -> Action {
        match self {
            Op::Generic(Write::Create) => Action::Create,
            Op::Generic(Write::Update | Write::Save) => Action::Update,
            Op::Step(step) => step.action,
        }
    }

    fn inputs<E: Exposed>(self) -> &'static [Input] {
        match self {
            Op::Generic(_) => E::WRITES.inputs,
            Op::Step(step) => step.inputs,
        }
    }

    fn check<E: Exposed>(self) -> Option<RowCheck> {
        match self {
            Op::Generic(_) => E::WRITES.check,
            Op::Step(step) => step.check,
        }
    }

    fn requires<E: Exposed>(self) -> Option<RowCheck> {
        match self {
            Op::Generic(_) => E::WRITES.requires,
            Op::Step(step) => step.requires,
        }
    }

    /// The values the op sets whatever the input says, for the caller of `w`.
    fn sets(self, w: &Writer<'_>) -> Vec<(&'static str, SqlValue)> {
        let Op::Step(step) = self else {
            return Vec::new();
        };
        let caller = w.session().principal().as_user().map(|u| u.user_id);
        step.sets
            .iter()
            .map(|set| match set {
                Sets::Value(column, value) => (*column, value()),
                Sets::Caller(column) => (*column, SqlValue::Uuid(caller)),
            })
            .collect()
    }
}

/// Registers the input fields and the payload of `op` on `E`.
pub(crate) fn register_write<E: Exposed>(
    registry: &mut Registry,
    op: Op,
) -> (Vec<MetaInputValue>, String) {
    let fields = crate::row::input_fields::<E>(registry, op.write(), op.inputs::<E>());
    let payload = match op {
        Op::Generic(Write::Create) => {
            <Changed<E, payloads::Create> as OutputType>::create_type_info(registry)
        }
        Op::Generic(Write::Update | Write::Save) => {
            <Changed<E, payloads::Update> as OutputType>::create_type_info(registry)
        }
        Op::Step(step) => register_stepped::<E>(registry, step),
    };
    (fields, payload)
}

/// Runs `op` on a row of `E` with the field's `input` as the caller, and answers its payload
/// for the field's selection.
pub(crate) async fn write<E>(ctx: &Context<'_>, op: Op, input: Value) -> ServerResult<Value>
where
    E: Exposed,
    E::ActiveModel: ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    let written = async {
        // A create, and any step but a save, stores the declared defaults of what its input
        // leaves out.
        let defaults = match op.write() {
            Write::Create => true,
            Write::Update => matches!(op, Op::Step(_)),
            Write::Save => false,
        };
        let given =
            crate::row::parse_write::<E>(op.write(), op.inputs::<E>(), defaults, input).gql()?;
        match op.write() {
            Write::Create => create::<E>(ctx, op, given).await,
            Write::Update => update::<E>(ctx, op, given).await,
            Write::Save => save::<E>(ctx, op, given).await,
        }
    }
    .await
    .map_err(|err| err.into_server_error(ctx.item.pos))?;
    let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
    let row = Row::new(written);
    match op {
        Op::Generic(Write::Create) => {
            let payload = Changed::<E, payloads::Create>::new(row);
            OutputType::resolve(&payload, &inner, ctx.item).await
        }
        Op::Generic(Write::Update | Write::Save) => {
            let payload = Changed::<E, payloads::Update>::new(row);
            OutputType::resolve(&payload, &inner, ctx.item).await
        }
        Op::Step(step) => {
            let payload = Stepped { step, row };
            OutputType::resolve(&payload, &inner, ctx.item).await
        }
    }
}

/// Inserts a new row of `E` from the input, in a savepoint through the `Writer` (which checks
/// the create rule where the row lands and audits it).
async fn create<E>(ctx: &Context<'_>, op: Op, given: WriteGiven) -> async_graphql::Result<E::Model>
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
            // clinics, FORBIDDEN below the role or on a table only the service writes) before
            // any row it refers to is looked up.
            match clinic {
                Some(clinic) => crate::guard::ensure_may(w, E::RESOURCE, op.action(), clinic)?,
                None if policy::rule(E::RESOURCE, op.action()) == Some(Rule::Service) => {
                    crate::types::operations::service_only(w.session().principal())?
                }
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
            set(&mut row, key_column::<E>()?, Uuid::new_v4().into())?;
            let clinic = references(
                w,
                E::RESOURCE,
                Action::Create,
                &given.changes,
                clinic,
                &|_| None,
            )
            .await?;
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
            apply::<E>(&mut row, &given.changes, &op.sets(w), op.check::<E>())?;
            w.insert::<E, E::ActiveModel>(row).await
        })
        .await
        .map_err(conflict_message::<E>)
        .gql()?;
    Ok(model)
}

/// Applies the input to the row it names, in a savepoint through the `Writer` (which checks
/// the update rule in the row's clinic, and audits the change; an input that changes nothing
/// writes nothing).
async fn update<E>(ctx: &Context<'_>, op: Op, given: WriteGiven) -> async_graphql::Result<E::Model>
where
    E: Exposed,
    E::ActiveModel: ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    let id = given
        .id
        .ok_or_else(|| crate::errors::to_gql(&DomainError::bad_input("input.id", "required")))?;
    let refers = given.changes.iter().any(|(input, change)| {
        input.refers_to::<E>().is_some() && matches!(change, Change::Set(_))
    });
    let (_, model) = session(ctx)?
        .atomically(async |w| {
            if refers {
                let current = w.load_for::<E>(id, op.action()).await?;
                let stored = |name: &str| Some(current.get(E::Column::from_str(name).ok()?));
                let clinic = clinic_of_model::<E>(&current);
                references(w, E::RESOURCE, op.action(), &given.changes, clinic, &stored).await?;
            }
            let sets = op.sets(w);
            w.update::<E, E::ActiveModel>(id, op.action(), |row| {
                if let Some(requires) = op.requires::<E>() {
                    require::<E>(row, &given.changes, requires)?;
                }
                apply::<E>(row, &given.changes, &sets, op.check::<E>())?;
                touch::<E>(row)
            })
            .await
        })
        .await
        .map_err(conflict_message::<E>)
        .gql()?;
    Ok(model)
}

/// Creates or updates the clinic's row of a one-per-clinic table from the input. The caller
/// must be allowed both to create and to update it, checked before the row is looked up: the
/// row may exist unseen by a caller below the table's read rule, and an insert would then
/// answer CONFLICT. The write itself is the generic update of the stored row, or the generic
/// create of a row in the clinic (two saves racing to create: the second answers CONFLICT).
async fn save<E>(ctx: &Context<'_>, op: Op, given: WriteGiven) -> async_graphql::Result<E::Model>
where
    E: Exposed,
    E::ActiveModel: ActiveModelBehavior + Send,
    E::Model: IntoActiveModel<E::ActiveModel> + Clone,
    <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    /// The clinic a first save creates the row in, as if the input had given it.
    const SAVED_IN: Input = crate::row::input(CLINIC);
    let clinic = given.id.ok_or_else(|| {
        crate::errors::to_gql(&DomainError::bad_input("input.clinicId", "required"))
    })?;
    let stored = session(ctx)?
        .atomically(async |w| {
            crate::guard::ensure_may(w, E::RESOURCE, Action::Create, clinic)?;
            crate::guard::ensure_may(w, E::RESOURCE, Action::Update, clinic)?;
            let column = E::Column::from_str(CLINIC).map_err(|_| {
                DomainError::Internal(format!("{} has no {CLINIC}", E::RESOURCE.table()))
            })?;
            w.find_one::<E>(Action::Read, Condition::all().add(column.eq(clinic)))
                .await
        })
        .await
        .gql()?;
    let mut changes = given.changes;
    match stored {
        Some(row) => {
            let id = Some(E::id_of(&row));
            update::<E>(ctx, op, WriteGiven { id, changes }).await
        }
        None => {
            changes.insert(0, (&SAVED_IN, Change::Set(clinic.into())));
            create::<E>(ctx, op, WriteGiven { id: None, changes }).await
        }
    }
}

/// The table's primary key column (every table has one `id`).
fn key_column<E: Exposed>() -> Result<E::Column, DomainError> {
    Ok(E::PrimaryKey::iter()
        .next()
        .ok_or_else(|| DomainError::Internal("a table without a key".into()))?
        .into_column())
}

/// Sets `updated_at` on a row that changes. Tables without an updated_at trigger get it here;
/// with one, the trigger's value wins. Only a row that changes is written.
fn touch<E: Exposed>(row: &mut E::ActiveModel) -> Result<(), DomainError> {
    if row.is_changed()
        && let Ok(column) = E::Column::from_str("updated_at")
    {
        set(row, column, Utc::now().into())?;
    }
    Ok(())
}

/// A CONFLICT on a unique constraint the table declares a message for, with that message.
fn conflict_message<E: Exposed>(err: DomainError) -> DomainError {
    match err {
        DomainError::Conflict {
            constraint: Some(constraint),
            message,
        } => {
            let declared = E::WRITES
                .conflicts
                .iter()
                .find(|(name, _)| *name == constraint);
            DomainError::Conflict {
                message: declared.map_or(message, |(_, message)| (*message).to_owned()),
                constraint: Some(constraint),
            }
        }
        other => other,
    }
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
/// whether it does not exist or is another clinic's; a reference declared `of_same` column
/// must also agree with the row on it (`stored` answers the row's values before the write).
/// Answers the row's clinic: `clinic`, or the clinic of the first row referred to when the
/// input gives none (a pet's owner). Not generic (the table is `resource`): it is compiled
/// once, not once per table.
async fn references(
    w: &Writer<'_>,
    resource: Resource,
    action: Action,
    changes: &[(&'static Input, Change)],
    mut clinic: Option<Uuid>,
    stored: &(dyn Fn(&str) -> Option<SqlValue> + Sync),
) -> Result<Option<Uuid>, DomainError> {
    for (input, change) in changes {
        let (Some(parent), Change::Set(SqlValue::Uuid(Some(id)))) =
            (input.refers_in(resource), change)
        else {
            continue;
        };
        if input.column == CLINIC {
            continue;
        }
        if input.is_permitted_clinic() {
            crate::guard::ensure_may(w, resource, action, *id)?;
            w.load_for::<clinics::Entity>(*id, Action::Read).await?;
            continue;
        }
        let path = format!("input.{}", input.name());
        let missing = || {
            let what = match parent {
                Resource::Users => "no such member of this clinic".to_owned(),
                other => format!("no such {}", other.noun()),
            };
            DomainError::bad_input(path.clone(), what)
        };
        let same = input.same_column();
        let Some(found) = crate::node::referenced_row(w, parent, *id, clinic, same).await? else {
            return Err(missing());
        };
        match (found.clinic, clinic) {
            (Some(theirs), Some(ours)) if ours != theirs => return Err(missing()),
            (Some(theirs), None) => clinic = Some(theirs),
            _ => {}
        }
        if let Some(column) = same {
            let ours = changes
                .iter()
                .find_map(|(other, change)| match change {
                    Change::Set(value) if other.column == column => Some(value.clone()),
                    _ => None,
                })
                .or_else(|| stored(column));
            if ours != found.same {
                let whose = column.trim_end_matches("_id").replace('_', " ");
                return Err(DomainError::bad_input(
                    path,
                    format!("the {} belongs to another {whose}", parent.noun()),
                ));
            }
        }
    }
    Ok(clinic)
}

/// A row an input refers to, as far as a write checks it.
pub(crate) struct Referenced {
    /// Its clinic (`None`: a row of no clinic, a global template).
    pub clinic: Option<Uuid>,
    /// Its value of the column it must share with the row written.
    pub same: Option<SqlValue>,
}

/// The row `id` of `E` that an input refers to (`None` when the caller cannot see it), with
/// its value of `same`. A user is referred to as a member of `clinic`, the row's clinic.
pub(crate) async fn referenced<E>(
    w: &Writer<'_>,
    id: Uuid,
    clinic: Option<Uuid>,
    same: Option<&str>,
) -> Result<Option<Referenced>, DomainError>
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
        return Ok(member.map(|_| Referenced {
            clinic: Some(clinic),
            same: None,
        }));
    }
    let Some(model) = w.fetch::<E>(id, Action::Read).await? else {
        return Ok(None);
    };
    let clinic = match E::RESOURCE {
        Resource::Clinics => Some(id),
        _ => clinic_of_model::<E>(&model),
    };
    let same = same.and_then(|name| Some(model.get(E::Column::from_str(name).ok()?)));
    Ok(Some(Referenced { clinic, same }))
}

/// The payload of a step, `<Name>Payload { <field>: <Type>! }`: the row as it is after it.
pub(crate) struct Stepped<E: Exposed> {
    step: &'static Step,
    row: Row<E>,
}

/// `cancelOutboundEmail` → `CancelOutboundEmail`.
pub(crate) fn upper_first(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn stepped_name(step: &Step) -> String {
    format!("{}Payload", upper_first(step.name))
}

/// Registers the payload of `step` on `E`.
fn register_stepped<E: Exposed>(registry: &mut Registry, step: &'static Step) -> String {
    let name = stepped_name(step);
    let row = <Row<E> as OutputType>::create_type_info(registry);
    let mut fields = async_graphql::indexmap::IndexMap::new();
    fields.insert(step.field.to_owned(), meta_field(step.field, row));
    let about = format!(
        "The result of `{}`: the {} as it is after the change.",
        step.name,
        E::RESOURCE.noun()
    );
    let payload = object(&name, &about, fields, "graphql::row_writes::Stepped");
    registry.types.insert(name.clone(), payload);
    format!("{name}!")
}

impl<E: Exposed> OutputType for Stepped<E> {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("Stepped")
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        Cow::Owned(stepped_name(self.step))
    }

    /// Registered with the mutations (`register_stepped`), one payload type per step; this
    /// Rust type is never named as a field's type.
    fn create_type_info(_registry: &mut Registry) -> String {
        "Stepped".to_owned()
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<AstField>,
    ) -> ServerResult<Value> {
        resolve_container(ctx, self).await
    }
}

impl<E: Exposed> ContainerType for Stepped<E> {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        if ctx.item.node.name.node != self.step.field {
            return Ok(None);
        }
        let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
        OutputType::resolve(&self.row, &inner, ctx.item)
            .await
            .map(Some)
    }
}
