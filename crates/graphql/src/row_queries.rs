//! The root lists of `Query` that every table declaring one has the same way
//! (`Exposed::ROOT`: the rows of a table of no one clinic, such as auto-scheduling runs and AI
//! templates), registered from the declarations and paged by `row::lists`. A field answers
//! signed-in callers only, and only the service where the table's read rule is the service's
//! (the policy table says it once); which rows a caller sees is the data layer's scope.

use std::borrow::Cow;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::Field as AstField;
use async_graphql::registry::{MetaTypeId, Registry};
use async_graphql::resolver_utils::{ContainerType, resolve_container};
use async_graphql::{
    Context, ContextSelectionSet, Guard, ObjectType, OutputType, Positioned, ServerResult, Value,
};
use domain::policy::{self, Rule};
use domain::{Action, Resource};

use crate::guard::SignedIn;
use crate::row::{RootList, object};
use crate::types::operations::ServiceOnly;

/// The root part holding every generated root list.
#[derive(Default)]
pub struct RowQueries;

/// The declared root lists, in the order of the tables.
fn root_lists() -> impl Iterator<Item = (Resource, &'static RootList)> {
    domain::registry::tables()
        .filter_map(|table| crate::node::root_of(table.resource).map(|root| (table.resource, root)))
}

impl OutputType for RowQueries {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("RowQueries")
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |registry| {
            let mut fields = IndexMap::new();
            for (_, root) in root_lists() {
                fields.insert(root.field.to_owned(), (root.register)(registry, root));
            }
            object(
                "RowQueries",
                "The generated root lists.",
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

impl ContainerType for RowQueries {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        let name = ctx.item.node.name.node.as_str();
        let Some((resource, root)) = root_lists().find(|(_, root)| root.field == name) else {
            return Ok(None);
        };
        let guard = async {
            SignedIn.check(ctx).await?;
            if policy::rule(resource, Action::Read) == Some(Rule::Service) {
                ServiceOnly.check(ctx).await?;
            }
            Ok::<_, async_graphql::Error>(())
        };
        guard
            .await
            .map_err(|err| err.into_server_error(ctx.item.pos))?;
        (root.resolve)(ctx, root).await
    }
}

impl ObjectType for RowQueries {}
