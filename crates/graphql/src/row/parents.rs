//! Belongs-to fields declared as `Exposed::PARENTS`: the row a declared foreign-key column
//! points at, loaded through the request's `ByIdLoader`.

use super::lists::FieldFuture;
use super::*;

/// A field that shows the row a declared foreign-key column points at (`Case.patient` for
/// `patient_id`), loaded through the request's `ByIdLoader` (one statement per type and level),
/// tenant-scoped like every read: a parent the caller cannot see is `null`.
pub struct Parent {
    /// The field's name in the schema (declared with its column in the registry).
    pub field: &'static str,
    /// The table the column points at.
    pub parent: Resource,
    register: fn(&mut Registry) -> String,
    pub(super) resolve: for<'a> fn(&'a Context<'a>, Uuid) -> FieldFuture<'a>,
}

/// The belongs-to field `field` of a declared column pointing at a row of `P`.
pub const fn parent<P: Exposed>(field: &'static str) -> Parent {
    Parent {
        field,
        parent: P::RESOURCE,
        register: |registry| {
            <Row<P> as OutputType>::create_type_info(registry)
                .trim_end_matches('!')
                .to_owned()
        },
        resolve: resolve_parent::<P>,
    }
}

fn resolve_parent<'a, P: Exposed>(ctx: &'a Context<'a>, id: Uuid) -> FieldFuture<'a> {
    Box::pin(async move {
        let row = async { loaders(ctx)?.one::<P>(id).await.gql() }
            .await
            .map_err(|err| err.into_server_error(ctx.item.pos))?;
        match row {
            Some(model) => {
                let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
                OutputType::resolve(&Row::<P>::new(model), &inner, ctx.item)
                    .await
                    .map(Some)
            }
            None => Ok(Some(Value::Null)),
        }
    })
}

/// The schema field of a belongs-to field: the parent's type, nullable.
pub(super) fn parent_field(
    registry: &mut Registry,
    declared: &Field,
    parent: &Parent,
) -> MetaField {
    MetaField {
        description: declared.description().map(str::to_owned),
        ..meta_field(&declared.name(), (parent.register)(registry))
    }
}
