//! The `orderBy` input of a table's lists (`ClientOrder` with its `ClientOrderField` enum),
//! built from the table's declared sort keys ([`Listed::ORDER`]): one generic input type,
//! [`Sort<E>`], for every table instead of an enum, a struct and a `match` per table.

use super::lists::column_named;
use super::*;

/// How the lists of a table may be sorted: the `orderBy` input and its enum of fields.
#[derive(Debug, PartialEq, Eq)]
pub struct Ordering {
    /// The input's name (`ClientOrder`); its enum of fields is this name and `Field`.
    pub type_name: &'static str,
    /// The input's description.
    pub about: &'static str,
    /// The columns a list may be sorted by; a list without `orderBy` is sorted by the first.
    pub keys: &'static [SortKey],
    /// Whether a list without `orderBy` is sorted in descending order.
    pub descending: bool,
}

/// One item of an order's enum: the column it sorts by.
#[derive(Debug, PartialEq, Eq)]
pub struct SortKey {
    /// The enum item; `None`: the column's name in upper case (`CREATED_AT`).
    item: Option<&'static str>,
    /// The column the list is sorted by (ties are broken by id).
    pub column: &'static str,
    /// The item's description.
    about: &'static str,
}

/// The sort key `column`, shown as the column's name in upper case.
pub const fn by(column: &'static str, about: &'static str) -> SortKey {
    SortKey {
        item: None,
        column,
        about,
    }
}

impl SortKey {
    /// The key has another item name than its column's (`FLAGGED_AT` for
    /// `attention_flagged_at`).
    pub const fn named(self, item: &'static str) -> SortKey {
        SortKey {
            item: Some(item),
            ..self
        }
    }

    /// The key's enum item.
    pub fn item(&self) -> Cow<'static, str> {
        match self.item {
            Some(item) => Cow::Borrowed(item),
            None => Cow::Owned(self.column.to_ascii_uppercase()),
        }
    }
}

/// The key most lists offer: by when the row was created.
pub const BY_CREATED_AT: SortKey = by("created_at", "By when it was created.");

/// The order of a list of `E` rows, as the `orderBy` argument gives it.
pub struct Sort<E: Listed> {
    key: &'static SortKey,
    descending: bool,
    _table: PhantomData<E>,
}

impl<E: Listed> Sort<E> {
    /// The order as the data layer takes it.
    pub fn sort(&self) -> SortOrder<E::Column> {
        SortOrder {
            column: column_named::<E>(self.key.column)
                .expect("sort keys are held to their table's columns when the schema is built"),
            descending: self.descending,
        }
    }
}

/// The order of a list without `orderBy`: the first key, in the declared direction.
impl<E: Listed> Default for Sort<E> {
    fn default() -> Self {
        Sort {
            key: &E::ORDER.keys[0],
            descending: E::ORDER.descending,
            _table: PhantomData,
        }
    }
}

impl<E: Listed> Clone for Sort<E> {
    fn clone(&self) -> Self {
        Sort {
            key: self.key,
            descending: self.descending,
            _table: PhantomData,
        }
    }
}

impl<E: Listed> InputType for Sort<E> {
    type RawValueType = Self;

    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed(E::ORDER.type_name)
    }

    fn create_type_info(registry: &mut Registry) -> String {
        let order = &E::ORDER;
        let field_enum = format!("{}Field", order.type_name);
        let listed = order.type_name.trim_end_matches("Order");
        for key in order.keys {
            column_named::<E>(key.column).unwrap_or_else(|_| {
                panic!(
                    "{} sorts by {}, which its table does not have",
                    order.type_name, key.column
                )
            });
        }
        register_once(registry, &field_enum, |_| MetaType::Enum {
            name: field_enum.clone(),
            description: Some(format!(
                "The field a list of `{listed}` items is sorted by (in `{}`); ties are broken \
                 by ID.",
                order.type_name
            )),
            enum_values: order
                .keys
                .iter()
                .map(|key| {
                    let item = key.item().into_owned();
                    let value = MetaEnumValue {
                        name: item.clone(),
                        description: Some(key.about.to_owned()),
                        deprecation: Deprecation::NoDeprecated,
                        visible: None,
                        inaccessible: false,
                        tags: vec![],
                        directive_invocations: vec![],
                    };
                    (item, value)
                })
                .collect(),
            visible: None,
            inaccessible: false,
            tags: vec![],
            rust_typename: None,
            directive_invocations: vec![],
            requires_scopes: vec![],
        });
        register_once(registry, order.type_name, |registry| {
            let direction = <OrderDirection as InputType>::create_type_info(registry);
            input_object(
                order.type_name,
                order.about,
                [
                    argument("field", format!("{field_enum}!")),
                    argument("direction", direction),
                ],
            )
        });
        format!("{}!", order.type_name)
    }

    fn parse(value: Option<Value>) -> InputValueResult<Self> {
        let Some(Value::Object(fields)) = value else {
            return Err(InputValueError::expected_type(value.unwrap_or_default()));
        };
        let item = match fields.get("field") {
            Some(Value::Enum(name)) => name.as_str(),
            Some(Value::String(name)) => name.as_str(),
            _ => return Err(InputValueError::custom("`field` is required")),
        };
        let key = E::ORDER
            .keys
            .iter()
            .find(|key| key.item() == item)
            .ok_or_else(|| InputValueError::custom(format!("no sort field {item}")))?;
        let direction = OrderDirection::parse(fields.get("direction").cloned())
            .map_err(InputValueError::propagate)?;
        Ok(Sort {
            key,
            descending: direction == OrderDirection::Desc,
            _table: PhantomData,
        })
    }

    fn to_value(&self) -> Value {
        let direction = if self.descending {
            OrderDirection::Desc
        } else {
            OrderDirection::Asc
        };
        let mut fields = IndexMap::new();
        fields.insert(Name::new("field"), Value::Enum(Name::new(self.key.item())));
        fields.insert(Name::new("direction"), direction.to_value());
        Value::Object(fields)
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(self)
    }
}

/// Registers `name` unless it is registered: two tables may share an input (`NoteFilter`),
/// which async-graphql's `create_input_type` refuses for two Rust types. Tables that share one
/// share its declared constant (`NOTE_FILTER`), so the first registration is the only one.
pub(super) fn register_once(
    registry: &mut Registry,
    name: &str,
    build: impl FnOnce(&mut Registry) -> MetaType,
) {
    if !registry.types.contains_key(name) {
        let ty = build(registry);
        registry.types.insert(name.to_owned(), ty);
    }
}

/// An input object type's registry entry.
pub(super) fn input_object(
    name: &str,
    about: &str,
    fields: impl IntoIterator<Item = MetaInputValue>,
) -> MetaType {
    MetaType::InputObject {
        name: name.to_owned(),
        description: Some(about.to_owned()),
        input_fields: fields.into_iter().map(|f| (f.name.clone(), f)).collect(),
        visible: None,
        inaccessible: false,
        tags: vec![],
        rust_typename: None,
        oneof: false,
        directive_invocations: vec![],
    }
}
