//! The create and update inputs of a table, declared once (`Exposed::WRITES`): each column an
//! input sets, with its GraphQL type derived from the entity's column (or the declared enum,
//! or a hand-written input type for typed JSON), whether a create must give it, what `null`
//! means on update, the row it refers to, and its validation. `row_mutations` builds
//! `create<Type>`/`update<Type>`, their inputs and payloads from it, and applies a given input
//! to an `ActiveModel` column by column (`ActiveModelTrait::try_set`), so a table's writes
//! cost one list, not an input struct, a resolver and a field-by-field copy per mutation.

use super::lists::column_named;
use super::steps::Step;
use super::values::{input_value, shown_as};
use super::*;
use crate::enums;

/// The generated create and update mutations of a table and the columns their inputs set.
pub struct Writes {
    /// The description of `create<Type>` (none: the table has no generated create).
    pub create: Option<&'static str>,
    /// The description of `update<Type>` (none: the table has no generated update).
    pub update: Option<&'static str>,
    /// The input fields, in the order the inputs list them.
    pub inputs: &'static [Input],
    /// A rule over the row as written (two columns that must agree), checked on create and
    /// on update after the input is applied, so an update is checked against stored values.
    pub check: Option<RowCheck>,
    /// A condition on the stored row before an update applies the input, which sees what the
    /// input gives (only a queued call is rescheduled).
    pub requires: Option<RowCheck>,
    /// The column a create sets to the calling user (`created_by`; null for the service).
    pub author: Option<&'static str>,
    /// Columns that follow from the row as written (when a message was first read, from its
    /// status), set after the input is applied and before `check`.
    pub derive: Option<Derive>,
    /// What a CONFLICT says for each unique constraint a write can break (constraint name,
    /// message), instead of the generic "already exists".
    pub conflicts: &'static [(&'static str, &'static str)],
    /// Further named writes of one row (workflow steps), in the order the schema lists them.
    pub steps: &'static [Step],
}

impl Writes {
    /// A table without generated writes.
    pub const NONE: Writes = Writes {
        create: None,
        update: None,
        inputs: &[],
        check: None,
        requires: None,
        author: None,
        derive: None,
        conflicts: &[],
        steps: &[],
    };
}

/// A check of one given (non-null) value: the value to store (trimmed, normalised) or
/// BAD_USER_INPUT at `path`.
pub type Check = fn(path: &str, value: SqlValue) -> Result<SqlValue, DomainError>;

/// A check of the whole row as it would be written.
pub type RowCheck = fn(&Written<'_>) -> Result<(), DomainError>;

/// The columns that follow from the row as it would be written, with their values.
pub type Derive = fn(&Written<'_>) -> Vec<(&'static str, SqlValue)>;

/// Which inputs a field is in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum When {
    Always,
    Create,
    Update,
}

/// The mutation an input belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Write {
    Create,
    Update,
    /// Creates or updates the clinic's row of a one-per-clinic table (an upsert by its
    /// `clinic_id`): the input names the clinic, and its fields mean what an update's do; a
    /// first save leaves absent columns at their defaults.
    Save,
}

/// One field of a table's create and update inputs.
pub struct Input {
    pub column: &'static str,
    name: Option<&'static str>,
    about: Option<&'static str>,
    when: When,
    required: bool,
    kept: bool,
    refers: bool,
    typed: Option<Typed>,
    check: Option<Check>,
    same: Option<&'static str>,
    default: Option<fn() -> SqlValue>,
    permitted: bool,
    always: bool,
}

/// A field given as a hand-written GraphQL input type (typed JSON: an address).
#[derive(Clone, Copy)]
struct Typed {
    ty: fn(&mut Registry) -> String,
    parse: fn(&str, Value) -> Result<SqlValue, DomainError>,
}

/// An input setting `column`, optional on create; on update absent leaves it and `null`
/// clears it (or leaves it, for a column that cannot be null).
pub const fn input(column: &'static str) -> Input {
    Input {
        column,
        name: None,
        about: None,
        when: When::Always,
        required: false,
        kept: false,
        refers: false,
        typed: None,
        check: None,
        same: None,
        default: None,
        permitted: false,
        always: false,
    }
}

/// An input setting the foreign key `column` from the global id of the row it points at (the
/// table the entity's relation names), which the caller must see and which must belong to the
/// row's clinic. A table with a `clinic_id` that its input does not give takes it from such a
/// row (a pet from its owner).
pub const fn reference(column: &'static str) -> Input {
    Input {
        refers: true,
        ..input(column)
    }
}

impl Input {
    /// A create must give it (`T!`); on update `null` leaves it as it is.
    pub const fn required(self) -> Input {
        Input {
            required: true,
            kept: true,
            ..self
        }
    }

    /// On update `null` leaves it as it is, though the column may be null (a flag whose
    /// absence means its default).
    pub const fn kept(self) -> Input {
        Input { kept: true, ..self }
    }

    /// Required in every input it is in (`T!`), an update step's too (the status a run ends
    /// with).
    pub const fn always(self) -> Input {
        Input {
            always: true,
            kept: true,
            ..self
        }
    }

    /// The field's name in the inputs, when it is not the column's (`reason` for
    /// `cancellation_reason`).
    pub const fn named(self, name: &'static str) -> Input {
        Input {
            name: Some(name),
            ..self
        }
    }

    /// Only in the create input (a row's parent does not change).
    pub const fn on_create(self) -> Input {
        Input {
            when: When::Create,
            ..self
        }
    }

    /// Only in the update input (a row is created in its default state).
    pub const fn on_update(self) -> Input {
        Input {
            when: When::Update,
            ..self
        }
    }

    /// The field's description in the inputs.
    pub const fn about(self, about: &'static str) -> Input {
        Input {
            about: Some(about),
            ..self
        }
    }

    /// A reference to a row that must have the same `column` as the row written (a SOAP note
    /// of the same case), else BAD_USER_INPUT at the field.
    pub const fn of_same(self, column: &'static str) -> Input {
        Input {
            same: Some(column),
            ..self
        }
    }

    /// A reference to a clinic other than the row's own, where the caller must be allowed the
    /// same write on this table (the clinic whose PIMS an assistant books into): NOT_FOUND
    /// outside the caller's clinics, FORBIDDEN below the role, as for the row itself.
    pub const fn where_permitted(self) -> Input {
        Input {
            permitted: true,
            ..self
        }
    }

    /// Whether the reference is checked by [`Input::where_permitted`].
    pub fn is_permitted_clinic(&self) -> bool {
        self.permitted
    }

    /// The value a create (or a step) stores when the input does not give one and the column
    /// has no default of its own in the database (`now` for when a measurement was taken).
    pub const fn or(self, default: fn() -> SqlValue) -> Input {
        Input {
            default: Some(default),
            ..self
        }
    }

    /// The column a referenced row must share with the row written ([`Input::of_same`]).
    pub fn same_column(&self) -> Option<&'static str> {
        self.same
    }

    /// Validates (and normalises) a given value.
    pub const fn check(self, check: Check) -> Input {
        Input {
            check: Some(check),
            ..self
        }
    }

    /// Given as the input type `T`, stored as the JSON of `J` (an `AddressInput` as an
    /// `Address`).
    pub const fn json_as<T, J>(self) -> Input
    where
        T: InputType + Into<J>,
        J: serde::Serialize,
    {
        Input {
            typed: Some(Typed {
                ty: nullable_input::<T>,
                parse: json_input::<T, J>,
            }),
            ..self
        }
    }

    /// Given as the input type `T`, checked by its own rules (`CheckedInput`, the paths of
    /// its fields below the field's), stored as the JSON of `J` (opening hours).
    pub const fn json_checked<T, J>(self) -> Input
    where
        T: InputType + CheckedInput + Into<J>,
        J: serde::Serialize,
    {
        Input {
            typed: Some(Typed {
                ty: nullable_input::<T>,
                parse: checked_json_input::<T, J>,
            }),
            ..self
        }
    }

    /// The field's name in the inputs.
    pub fn name(&self) -> Cow<'static, str> {
        match self.name {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Owned(registry::camel_case(self.column)),
        }
    }

    /// The table a reference's id is of, on a table `E`.
    pub fn refers_to<E: Exposed>(&self) -> Option<Resource> {
        self.refers_in(E::RESOURCE)
    }

    /// The table a reference's id is of, on the table of `resource`.
    pub fn refers_in(&self, resource: Resource) -> Option<Resource> {
        if self.refers {
            points_at(resource, self.column)
        } else {
            None
        }
    }

    fn is_in(&self, write: Write) -> bool {
        matches!(
            (self.when, write),
            (When::Always, _)
                | (When::Create, Write::Create)
                | (When::Update, Write::Update | Write::Save)
        )
    }
}

/// `T` as a nullable input type.
fn nullable_input<T: InputType>(registry: &mut Registry) -> String {
    T::create_type_info(registry)
        .trim_end_matches('!')
        .to_owned()
}

/// A typed JSON input with rules of its own (every day's hours are `HH:MM`, closing after
/// opening), checked at the field's path before it is stored.
pub trait CheckedInput {
    fn check(&self, path: &str) -> Result<(), DomainError>;
}

/// A value of the input type `T`, checked, as the JSON of `J`.
fn checked_json_input<T, J>(path: &str, value: Value) -> Result<SqlValue, DomainError>
where
    T: InputType + CheckedInput + Into<J>,
    J: serde::Serialize,
{
    let typed = T::parse(Some(value))
        .map_err(|_| DomainError::bad_input(path, format!("not a {}", T::type_name())))?;
    typed.check(path)?;
    let json =
        serde_json::to_value(typed.into()).map_err(|err| DomainError::Internal(err.to_string()))?;
    Ok(SqlValue::Json(Some(Box::new(json))))
}

/// A value of the input type `T` as the JSON of `J`.
fn json_input<T, J>(path: &str, value: Value) -> Result<SqlValue, DomainError>
where
    T: InputType + Into<J>,
    J: serde::Serialize,
{
    let typed = T::parse(Some(value))
        .map_err(|_| DomainError::bad_input(path, format!("not a {}", T::type_name())))?;
    let json =
        serde_json::to_value(typed.into()).map_err(|err| DomainError::Internal(err.to_string()))?;
    Ok(SqlValue::Json(Some(Box::new(json))))
}

/// The input fields of `write` on `E`: the GraphQL input type of each.
pub(crate) fn input_fields<E: Exposed>(
    registry: &mut Registry,
    write: Write,
    inputs: &'static [Input],
) -> Vec<MetaInputValue> {
    let mut fields = Vec::new();
    let key = match write {
        Write::Create => None,
        Write::Update => Some("id"),
        Write::Save => Some("clinicId"),
    };
    if let Some(key) = key {
        fields.push(argument(key, <ID as InputType>::create_type_info(registry)));
    }
    for input in inputs.iter().filter(|i| i.is_in(write)) {
        let ty = input_type::<E>(registry, input);
        let ty = if (write == Write::Create && input.required) || input.always {
            format!("{ty}!")
        } else {
            ty
        };
        fields.push(MetaInputValue {
            description: input.about.map(str::to_owned),
            ..argument(&input.name(), ty)
        });
    }
    fields
}

/// The nullable GraphQL type of an input field.
fn input_type<E: Exposed>(registry: &mut Registry, input: &Input) -> String {
    let column = column_named::<E>(input.column).unwrap_or_else(|_| {
        panic!(
            "{} declares an input for {}, which it does not have",
            registry::table(E::RESOURCE).table,
            input.column
        )
    });
    if input.refers {
        points_at(E::RESOURCE, input.column).unwrap_or_else(|| {
            panic!(
                "{} is declared a reference without a relation",
                input.column
            )
        });
        return nullable_input::<ID>(registry);
    }
    if let Some(typed) = input.typed {
        return (typed.ty)(registry);
    }
    if let Some(name) = shown_as::<E>(input.column) {
        let mirror = enums::mirror(name)
            .unwrap_or_else(|| panic!("{} is shown as {name}, not an enum", input.column));
        return mirror.register(registry).to_owned();
    }
    graphql_type(registry, column.def().get_column_type())
        .trim_end_matches('!')
        .to_owned()
}

/// What an input does to one column.
pub(crate) enum Change {
    /// Store this value.
    Set(SqlValue),
    /// Store null.
    Clear,
}

/// A parsed input: the row's id (update) or its clinic's (save), and each given field with
/// its change.
pub(crate) struct Given {
    pub id: Option<Uuid>,
    pub changes: Vec<(&'static Input, Change)>,
}

/// Parses and validates the `input` argument of `write` on `E` (BAD_USER_INPUT at
/// `input.<field>` for a bad value).
pub(crate) fn parse<E: Exposed>(
    write: Write,
    inputs: &'static [Input],
    defaults: bool,
    input: Value,
) -> Result<Given, DomainError> {
    let Value::Object(mut fields) = input else {
        return Err(DomainError::bad_input("input", "expected an object"));
    };
    let (key, of) = match write {
        Write::Create => ("", None),
        Write::Update => ("id", Some(E::RESOURCE)),
        Write::Save => ("clinicId", Some(Resource::Clinics)),
    };
    let id = match of {
        None => None,
        Some(resource) => {
            let id = match fields.shift_remove(key) {
                Some(Value::String(id)) => id,
                _ => {
                    return Err(DomainError::bad_input(
                        format!("input.{key}"),
                        "expected an ID",
                    ));
                }
            };
            Some(ids::decode_as(&ID(id), resource)?)
        }
    };
    let mut changes = Vec::new();
    for input in inputs.iter().filter(|i| i.is_in(write)) {
        let name = input.name();
        let path = format!("input.{name}");
        let change = match fields.shift_remove(name.as_ref()) {
            None | Some(Value::Null) if defaults && input.default.is_some() => Change::Set(
                input
                    .default
                    .map_or(SqlValue::Bool(None), |default| default()),
            ),
            None => continue,
            Some(Value::Null) if write == Write::Create => continue,
            Some(Value::Null) => {
                if input.kept || !is_nullable::<E>(input.column) {
                    continue;
                }
                Change::Clear
            }
            Some(value) => Change::Set(input_of::<E>(input, &path, value)?),
        };
        changes.push((input, change));
    }
    Ok(Given { id, changes })
}

/// A given value as stored, checked.
fn input_of<E: Exposed>(input: &Input, path: &str, value: Value) -> Result<SqlValue, DomainError> {
    let stored = if let Some(parent) = input.refers_to::<E>() {
        let id = match value {
            Value::String(id) => ID(id),
            _ => return Err(DomainError::bad_input(path, "expected an ID")),
        };
        SqlValue::from(ids::decode_as(&id, parent)?)
    } else if let Some(typed) = input.typed {
        (typed.parse)(path, value)?
    } else {
        let column = column_named::<E>(input.column).expect("a declared input column");
        input_value(path, shown_as::<E>(input.column), &column, &value)?
    };
    match input.check {
        Some(check) => check(path, stored),
        None => Ok(stored),
    }
}

fn is_nullable<E: Exposed>(column: &str) -> bool {
    column_named::<E>(column).is_ok_and(|c| c.def().is_null())
}
