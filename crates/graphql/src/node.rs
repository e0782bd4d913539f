//! The Relay `Node` interface: every row type has an opaque global `id`, and `node(id:)` /
//! `nodes(ids:)` fetch any row by it, through the request's `ByIdLoader`s: the same
//! tenant-scoped reads as everything else (another clinic's id answers NOT_FOUND), one
//! statement per type however many ids are asked. Every resource of the registry has its
//! arm in `node_types!` (the match it expands to is exhaustive over `Resource`, so a table
//! without one does not compile), and a global id's type name is resolved through the
//! registry (`ids::decode_row`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use async_graphql::{Context, ID, Interface, Object};
use domain::tenancy::TenantScoped;
use domain::{DomainError, Resource, Session};
use entity::*;
use uuid::Uuid;

use crate::context::loaders;
use crate::errors::to_gql;
use crate::guard::SignedIn;
use crate::ids;
use crate::loaders::Loaders;

/// The `Node` interface and the dispatch of a row's load, write and registration by resource,
/// from the one list of tables (`entity::for_each_table!`): each table's entity module and its
/// resource, whose rows are `Row<Entity>`.
macro_rules! node_types {
    ($($entity:ident => $resource:ident,)* ; $($own:ident => $own_resource:ident,)*) => {
        node_types!(@each $($entity => $resource,)* $($own => $own_resource,)*);
    };
    (@each $($entity:ident => $resource:ident,)*) => {
        /// Anything with a global id.
        #[derive(Interface)]
        #[graphql(field(name = "id", ty = "ID"))]
        pub enum Node {
            $($resource(crate::row::Row<$entity::Entity>),)*
        }

        /// The load of the row of `resource` with id `uuid`.
        fn request(loaders: &Loaders, resource: Resource, uuid: Uuid) -> Pending<'static> {
            match resource {
                $(Resource::$resource => load::<$entity::Entity>(loaders, uuid, |m| {
                    Node::$resource(crate::row::Row::new(m))
                }),)*
            }
        }

        /// The resource each arm's entity is scoped as (a test holds it to the arm's resource).
        /// Deletes the row `id` of `resource` in a savepoint, as the caller (the `Writer`
        /// checks the table's delete rule in the row's clinic and audits the row).
        pub(crate) async fn delete_row(
            session: &Session,
            resource: Resource,
            id: Uuid,
        ) -> Result<(), DomainError> {
            match resource {
                $(Resource::$resource => session
                    .atomically(async |w| w.delete::<$entity::Entity>(id).await.map(drop))
                    .await,)*
            }
        }

        /// Registers the payload of `archive<Type>` for `resource` (`row_mutations`).
        pub(crate) fn register_archived(
            registry: &mut async_graphql::registry::Registry,
            resource: Resource,
        ) -> String {
            match resource {
                $(Resource::$resource => {
                    crate::row_mutations::register_archived::<$entity::Entity>(registry)
                })*
            }
        }

        /// Archives the row `id` of `resource` and answers the field's payload
        /// (`row_mutations::archive`).
        pub(crate) async fn archive_row(
            ctx: &Context<'_>,
            resource: Resource,
            id: Uuid,
        ) -> async_graphql::ServerResult<async_graphql::Value> {
            match resource {
                $(Resource::$resource => {
                    crate::row_mutations::archive::<$entity::Entity>(ctx, id).await
                })*
            }
        }

        /// The generated create and update mutations of `resource` (`Exposed::WRITES`).
        pub(crate) fn writes_of(resource: Resource) -> &'static crate::row::Writes {
            match resource {
                $(Resource::$resource => <$entity::Entity as crate::row::Exposed>::WRITES,)*
            }
        }

        /// Registers the input fields and the payload of `op` on `resource`.
        pub(crate) fn register_write(
            registry: &mut async_graphql::registry::Registry,
            resource: Resource,
            op: crate::row_writes::Op,
        ) -> (Vec<async_graphql::registry::MetaInputValue>, String) {
            match resource {
                $(Resource::$resource => {
                    crate::row_writes::register_write::<$entity::Entity>(registry, op)
                })*
            }
        }

        /// Runs `op` on `resource` with the field's input (`row_writes::write`).
        pub(crate) async fn write_row(
            ctx: &Context<'_>,
            resource: Resource,
            op: crate::row_writes::Op,
            input: async_graphql::Value,
        ) -> async_graphql::ServerResult<async_graphql::Value> {
            match resource {
                $(Resource::$resource => {
                    crate::row_writes::write::<$entity::Entity>(ctx, op, input).await
                })*
            }
        }

        /// A row an input refers to (`row_writes::referenced`).
        pub(crate) async fn referenced_row(
            w: &domain::session::Writer<'_>,
            resource: Resource,
            id: Uuid,
            clinic: Option<Uuid>,
            same: Option<&str>,
        ) -> Result<Option<crate::row_writes::Referenced>, DomainError> {
            match resource {
                $(Resource::$resource => {
                    crate::row_writes::referenced::<$entity::Entity>(w, id, clinic, same).await
                })*
            }
        }

        /// The foreign keys of every table, from its entity's relations (`row::points_at`).
        pub(crate) fn foreign_keys() -> std::collections::HashMap<Resource, Vec<(String, Resource)>> {
            [$((Resource::$resource, crate::row::foreign_keys_of::<$entity::Entity>()),)*]
                .into_iter()
                .collect()
        }

        /// The root list of `Query` declared for `resource`.
        pub fn root_of(resource: Resource) -> Option<&'static crate::row::RootList> {
            match resource {
                $(Resource::$resource => <$entity::Entity as crate::row::Exposed>::ROOT,)*
            }
        }

        /// The lists of child rows declared on the rows of `resource`.
        pub fn children_of(resource: Resource) -> &'static [crate::row::Children] {
            match resource {
                $(Resource::$resource => <$entity::Entity as crate::row::Exposed>::CHILDREN,)*
            }
        }

        /// What the read planner knows of every row type (`plan::catalog`).
        pub(crate) fn plan_types() -> Vec<crate::plan::catalog::PlanType> {
            // One registry for all: each row type is registered once, with everything it reaches.
            let mut registry = async_graphql::registry::Registry::default();
            vec![$(crate::plan::catalog::plan_type::<$entity::Entity>(&mut registry),)*]
        }

        pub fn entity_resource(resource: Resource) -> Resource {
            match resource {
                $(Resource::$resource => <$entity::Entity as TenantScoped>::RESOURCE,)*
            }
        }
    };
}

entity::for_each_table!(node_types);

/// The future of the row behind a global id (`None`: the caller cannot see it).
type RowFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Node>, Arc<DomainError>>> + Send + 'a>>;

/// A row being loaded for a global id: the noun for its NOT_FOUND, and the future of the row.
struct Pending<'a> {
    noun: &'static str,
    row: RowFuture<'a>,
}

/// Enqueues the id with the request's `ByIdLoader<E>` now (tenant-scoped through
/// `Session::query`), so all ids of one `nodes(ids:)` are loaded in one statement per type.
fn load<E>(loaders: &Loaders, id: Uuid, wrap: fn(E::Model) -> Node) -> Pending<'static>
where
    E: TenantScoped,
    E::Model: Sync,
{
    let row = loaders.enqueue_one::<E>(id);
    Pending {
        noun: E::RESOURCE.noun(),
        row: Box::pin(async move { Ok(row.await?.map(wrap)) }),
    }
}

#[derive(Default)]
pub struct NodeQuery;

#[Object(guard = "SignedIn")]
impl NodeQuery {
    /// Any row by its global id; NOT_FOUND unless the caller may read it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Node> {
        let Some((resource, uuid)) = ids::decode_row(&id).map_err(|e| to_gql(&e))? else {
            return Err(to_gql(&DomainError::NotFound("node")));
        };
        let pending = request(loaders(ctx)?, resource, uuid);
        match pending.row.await {
            Ok(Some(node)) => Ok(node),
            Ok(None) => Err(to_gql(&DomainError::NotFound(pending.noun))),
            Err(err) => Err(to_gql(&err)),
        }
    }

    /// Several rows by global id (at most 100), in the order asked; null where not found.
    // All ids are enqueued before any is awaited, so they cost one statement per type.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > 100 {
            return Err(to_gql(&DomainError::bad_input(
                "ids",
                "at most 100 ids at a time",
            )));
        }
        let loaders = loaders(ctx)?;
        let mut pending = Vec::with_capacity(ids.len());
        for id in &ids {
            let row = ids::decode_row(id).map_err(|e| to_gql(&e))?;
            pending.push(row.map(|(resource, uuid)| request(loaders, resource, uuid)));
        }
        let mut out = Vec::with_capacity(pending.len());
        for load in pending {
            out.push(match load {
                Some(load) => load.row.await.map_err(|e| to_gql(&e))?,
                None => None,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use domain::Resource;

    /// Each arm loads the entity of its own resource (a copied arm with the wrong entity would
    /// load another table's row for an id).
    #[test]
    fn every_arm_loads_its_own_resource() {
        for resource in Resource::ALL {
            assert_eq!(super::entity_resource(resource), resource);
        }
    }
}
