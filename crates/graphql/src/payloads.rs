//! The payload of a mutation that writes one row and answers it: `Create<Type>Payload`,
//! `Update<Type>Payload`, `Archive<Type>Payload`, each with one field named after the type
//! (`client: Client!`). One generic type, [`Changed<E, V>`], named and described from the
//! table's declaration, instead of a struct per table and verb.

use std::borrow::Cow;
use std::marker::PhantomData;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::Field as AstField;
use async_graphql::registry::{MetaTypeId, Registry};
use async_graphql::resolver_utils::{ContainerType, resolve_container};
use async_graphql::{
    Context, ContextSelectionSet, ObjectType, OutputType, Positioned, ServerResult, Value,
};
use domain::registry;

use crate::row::{Exposed, Row, meta_field, object};

/// What a mutation did to its row: the first word of its name and of its payload's.
pub trait Verb: Send + Sync + 'static {
    /// `Create`, `Update`, `Archive`.
    const NAME: &'static str;

    /// What the payload holds, for its description (`the new client`).
    fn holds(noun: &str) -> String {
        format!("the {noun} as it is after the change")
    }
}

/// A row created by the mutation.
pub struct Create;
/// A row changed by the mutation.
pub struct Update;
/// A row archived by the mutation (kept, marked inactive).
pub struct Archive;

impl Verb for Create {
    const NAME: &'static str = "Create";

    fn holds(noun: &str) -> String {
        format!("the new {noun}")
    }
}

impl Verb for Update {
    const NAME: &'static str = "Update";
}

impl Verb for Archive {
    const NAME: &'static str = "Archive";
}

/// The payload of `<verb><Type>`: the row as it is after the write.
pub struct Changed<E: Exposed, V: Verb>(Row<E>, PhantomData<V>);

impl<E: Exposed, V: Verb> Changed<E, V> {
    pub fn new(row: Row<E>) -> Self {
        Changed(row, PhantomData)
    }

    /// The payload's one field: the type's name in lowerCamelCase (`assistantMapping`).
    fn field() -> String {
        let type_name = registry::table(E::RESOURCE).type_name;
        let mut chars = type_name.chars();
        chars
            .next()
            .map(|c| c.to_lowercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

impl<E: Exposed, V: Verb> OutputType for Changed<E, V> {
    fn type_name() -> Cow<'static, str> {
        Cow::Owned(format!(
            "{}{}Payload",
            V::NAME,
            registry::table(E::RESOURCE).type_name
        ))
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |registry| {
            let table = registry::table(E::RESOURCE);
            let row = <Row<E> as OutputType>::create_type_info(registry);
            let field = Self::field();
            let mut fields = IndexMap::new();
            fields.insert(field.clone(), meta_field(&field, row));
            let mutation = format!("{}{}", V::NAME.to_lowercase(), table.type_name);
            object(
                &Self::type_name(),
                &format!("The result of `{mutation}`: {}.", V::holds(table.noun)),
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

impl<E: Exposed, V: Verb> ContainerType for Changed<E, V> {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        if ctx.item.node.name.node != Self::field() {
            return Ok(None);
        }
        let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
        OutputType::resolve(&self.0, &inner, ctx.item)
            .await
            .map(Some)
    }
}

impl<E: Exposed, V: Verb> ObjectType for Changed<E, V> {}
