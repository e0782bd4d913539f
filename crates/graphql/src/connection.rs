//! Relay connections: `first/after/last/before` (at most 100 a page), keyset cursors,
//! `pageInfo`, and `totalCount` computed only when asked for.
//!
//! Two entry points build every list field of the schema:
//! - [`root_list`] for a list with no parent (one scoped, paginated query);
//! - [`child_list`] for the children of a parent row; the page of every parent of one level is
//!   fetched by one statement through a per-request DataLoader, so nested lists stay N+1-free.

use std::borrow::Cow;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use async_graphql::connection::{Connection, Edge, EmptyFields};
use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{
    Context, ContextSelectionSet, Enum, Object, OutputType, Positioned, ServerResult, Value,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use domain::paging::{Cursor, SortOrder, Window, cursor_of};
use domain::tenancy::TenantScoped;
use domain::{DomainError, Session};
use sea_orm::{Condition, QueryFilter};
use uuid::Uuid;

use crate::context::{loaders, session};
use crate::errors::{GqlResult, to_gql};

/// The direction of a list's order.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OrderDirection {
    /// Ascending: earliest, oldest or alphabetically first comes first.
    Asc,
    /// Descending: latest, newest or alphabetically last comes first.
    #[default]
    Desc,
}

/// A cursor as clients see it: opaque base64url of the row's sort value and id.
pub fn encode_cursor(cursor: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(cursor).unwrap_or_default())
}

pub fn decode_cursor(text: &str, field: &str) -> Result<Cursor, DomainError> {
    let bad = || DomainError::bad_input(field, "not a valid cursor");
    let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|_| bad())?;
    serde_json::from_slice(&bytes).map_err(|_| bad())
}

/// The page arguments of a connection field, validated.
pub fn window(
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> async_graphql::Result<Window> {
    let size = |n: Option<i32>, field: &str| -> Result<Option<u64>, DomainError> {
        n.map(|n| {
            u64::try_from(n).map_err(|_| DomainError::bad_input(field, "must not be negative"))
        })
        .transpose()
    };
    let window = Window {
        first: size(first, "first").map_err(|e| to_gql(&e))?,
        last: size(last, "last").map_err(|e| to_gql(&e))?,
        after: after
            .map(|a| decode_cursor(&a, "after"))
            .transpose()
            .map_err(|e| to_gql(&e))?,
        before: before
            .map(|b| decode_cursor(&b, "before"))
            .transpose()
            .map_err(|e| to_gql(&e))?,
    };
    window.size().map_err(|e| to_gql(&e))?;
    Ok(window)
}

type CountFuture<'a> = Pin<Box<dyn Future<Output = async_graphql::Result<i64>> + Send + 'a>>;
type Counter = Arc<dyn for<'a> Fn(&'a Context<'a>) -> CountFuture<'a> + Send + Sync>;

/// The extra fields of every connection: `totalCount`, counted only when selected.
pub struct ConnectionTotals {
    counter: Counter,
}

/// The extra fields of every connection: `totalCount`, counted only when selected.
#[Object]
impl ConnectionTotals {
    /// How many rows the list has in all (with its filters), across all pages.
    async fn total_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        (self.counter)(ctx).await
    }
}

type Page<N> = Connection<String, N, ConnectionTotals, EmptyFields>;

/// Every list field's type: `<Node>Connection` with `edges`, `nodes`, `pageInfo`, `totalCount`.
/// It is async-graphql's connection with descriptions for the connection and edge types, which
/// the generic type cannot have (they name the node type).
pub struct List<N: OutputType>(Page<N>);

impl<N: OutputType> OutputType for List<N> {
    fn type_name() -> Cow<'static, str> {
        Page::<N>::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        let qualified = Page::<N>::create_type_info(registry);
        let node = N::type_name();
        registry.set_description(
            &*Page::<N>::type_name(),
            format!(
                "A page of `{node}` items. Ask for `nodes` (the items) or `edges` (each item with \
                 its cursor), `pageInfo` to page on with `first`/`after` or `last`/`before` (at \
                 most 100 a page), and `totalCount` for the number of items across all pages."
            ),
        );
        registry.set_description(
            format!("{node}Edge"),
            format!(
                "One `{node}` in a page, with the opaque cursor to pass as `after` or `before`."
            ),
        );
        qualified
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        self.0.resolve(ctx, field).await
    }
}

fn build<E, N>(
    page: domain::paging::Page<E::Model>,
    sort: E::Column,
    wrap: impl Fn(E::Model) -> N,
    counter: Counter,
) -> List<N>
where
    E: TenantScoped,
    N: OutputType,
{
    let rows = page.rows;
    let mut list: Page<N> = Connection::with_additional_fields(
        page.has_previous,
        page.has_next,
        ConnectionTotals { counter },
    );
    list.edges.extend(rows.into_iter().map(|row| {
        let cursor = encode_cursor(&cursor_of::<E>(&row, sort));
        Edge::new(cursor, wrap(row))
    }));
    List(list)
}

/// A list with no parent: one scoped, filtered, paginated query.
pub async fn root_list<E, N>(
    ctx: &Context<'_>,
    filter: Condition,
    order: SortOrder<E::Column>,
    window: Window,
    wrap: impl Fn(E::Model) -> N,
) -> async_graphql::Result<List<N>>
where
    E: TenantScoped,
    N: OutputType,
{
    let page = session(ctx)?
        .query::<E>()
        .shape(|s| s.filter(filter.clone()))
        .page(order, &window)
        .await
        .gql()?;
    let counter: Counter = Arc::new(move |ctx| {
        let filter = filter.clone();
        Box::pin(async move {
            let session: &Session = session(ctx)?;
            let count = session
                .query::<E>()
                .shape(|s| s.filter(filter))
                .count()
                .await
                .gql()?;
            Ok(i64::try_from(count).unwrap_or(i64::MAX))
        })
    });
    Ok(build::<E, N>(page, order.column, wrap, counter))
}

/// The children of one parent row (`parent_column = parent`), paginated; batched with the other
/// parents of the same level into one statement.
pub async fn child_list<E, N>(
    ctx: &Context<'_>,
    parent_column: E::Column,
    parent: Uuid,
    filter: Condition,
    order: SortOrder<E::Column>,
    window: Window,
    wrap: impl Fn(E::Model) -> N,
) -> async_graphql::Result<List<N>>
where
    E: TenantScoped,
    E::Column: Debug,
    N: OutputType,
{
    let spec = Arc::new(crate::loaders::PageSpec {
        canonical: format!(
            "{filter:?}|{:?}|{}|{window:?}",
            order.column, order.descending
        ),
        filter,
        order,
        window,
    });
    let page = loaders(ctx)?
        .page::<E>(parent_column, parent, spec.clone())
        .await
        .gql()?;
    let counter: Counter = Arc::new(move |ctx| {
        let spec = spec.clone();
        Box::pin(async move {
            loaders(ctx)?
                .count::<E>(parent_column, parent, spec)
                .await
                .gql()
        })
    });
    Ok(build::<E, N>(page, order.column, wrap, counter))
}
