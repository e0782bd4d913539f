//! Lists of rows: child rows declared as `Exposed::CHILDREN` (the connection field of each, and
//! the one resolver that pages them through the request's `PageLoader`), and a table's root
//! list of `Query` declared as `Exposed::ROOT`.

use super::filters::{Filter, Filtering};
use super::orders::{Ordering, Sort};
use super::*;

/// A table whose lists take a `filter`: [`Filter<Self>`], built from `FILTER`.
pub trait Filtered: Exposed<Column: std::fmt::Debug> {
    /// The filter's name, description and fields.
    const FILTER: Filtering;
}

/// A table whose lists also take an `orderBy`: [`Sort<Self>`], built from `ORDER`.
pub trait Listed: Filtered {
    /// The order's name, description and sort keys (the default first).
    const ORDER: Ordering;
}

pub(super) type FieldFuture<'a> =
    Pin<Box<dyn Future<Output = ServerResult<Option<Value>>> + Send + 'a>>;

/// A connection field of a row type listing the rows of another table that reference it: a
/// client's `patients` (`patients.client_id = clients.id`), with `first/after/last/before` and
/// the list's `filter` (and `orderBy`, unless its order is fixed), one batched statement per
/// level of the query.
pub struct Children {
    /// The table whose rows the list shows.
    pub child: Resource,
    /// The field's name in the schema.
    pub field: &'static str,
    /// The child table's column that references the parent row's id.
    pub column: &'static str,
    /// The field's description.
    pub about: &'static str,
    /// The column and direction of a list in a fixed order (no `orderBy`).
    fixed_order: Option<(&'static str, bool)>,
    /// The column and direction of the list's order when no `orderBy` is given.
    default_order: fn(&Children) -> (&'static str, bool),
    /// Not a list but the one row that references the parent (`one`).
    pub one: bool,
    pub(super) register: fn(&mut Registry, &Children) -> MetaField,
    pub(super) resolve: for<'a> fn(&'a Context<'a>, &'static Children, Uuid) -> FieldFuture<'a>,
    /// The page select the read planner nests in its statement, from the same arguments the
    /// resolver reads (`None`: the planner leaves the field to the resolver).
    pub(crate) plan: Option<crate::plan::lists::PlanList>,
}

/// The connection field `field` listing the rows of `C` whose `column` is the parent's id,
/// with `C`'s `filter` and `orderBy` (`Listed`).
pub const fn children<C: Listed>(
    field: &'static str,
    column: &'static str,
    about: &'static str,
) -> Children {
    Children {
        child: C::RESOURCE,
        field,
        column,
        about,
        fixed_order: None,
        default_order: |_| (C::ORDER.keys[0].column, C::ORDER.descending),
        one: false,
        register: register_children::<C>,
        resolve: resolve_children::<C>,
        plan: Some(crate::plan::lists::plan_children::<C>),
    }
}

/// The field `field` showing the one row of `C` whose `column` is the parent's id (a clinic's
/// settings, a call's analysis), or null when there is none or the caller may not read `C`.
/// Batched with the other parents of the query, as the lists are.
pub const fn one<C: Exposed>(
    field: &'static str,
    column: &'static str,
    about: &'static str,
) -> Children {
    Children {
        child: C::RESOURCE,
        field,
        column,
        about,
        fixed_order: None,
        default_order: |_| ("id", false),
        one: true,
        register: register_one::<C>,
        resolve: resolve_one::<C>,
        plan: None,
    }
}

fn register_one<C: Exposed>(registry: &mut Registry, spec: &Children) -> MetaField {
    column_named::<C>(spec.column).expect("a field's column is a column of its table");
    let ty = <Option<Row<C>> as OutputType>::create_type_info(registry);
    MetaField {
        description: Some(spec.about.to_owned()),
        ..meta_field(spec.field, ty)
    }
}

fn resolve_one<'a, C: Exposed>(
    ctx: &'a Context<'a>,
    spec: &'static Children,
    parent: Uuid,
) -> FieldFuture<'a> {
    Box::pin(async move {
        let row = async {
            let column = column_named::<C>(spec.column)?;
            let rows = crate::context::loaders(ctx)?
                .children::<C>(column, parent)
                .await
                .map_err(|err| crate::errors::to_gql(&err))?;
            Ok::<_, async_graphql::Error>(rows.into_iter().next().map(Row::<C>::new))
        }
        .await
        .map_err(|err| err.into_server_error(ctx.item.pos))?;
        let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
        OutputType::resolve(&row, &inner, ctx.item).await.map(Some)
    })
}

/// The connection field `field` listing the rows of `C` whose `column` is the parent's id, in
/// the fixed order of `order_column` (ties broken by id), with `C`'s filter.
pub const fn children_in_order<C: Filtered>(
    field: &'static str,
    column: &'static str,
    about: &'static str,
    order_column: &'static str,
    descending: bool,
) -> Children {
    Children {
        child: C::RESOURCE,
        field,
        column,
        about,
        fixed_order: Some((order_column, descending)),
        default_order: |spec| spec.fixed_order.unwrap_or(("id", false)),
        one: false,
        register: register_children_in_order::<C>,
        resolve: resolve_children_in_order::<C>,
        plan: Some(crate::plan::lists::plan_children_in_order::<C>),
    }
}

impl Children {
    /// Whether the read planner answers this field (lists do; a single child row does not yet).
    pub(crate) fn plans(&self) -> bool {
        self.plan.is_some()
    }

    /// The column the list is sorted by when no `orderBy` is given, and whether descending
    /// (ties are broken by id). An index on the child table's `(column, order column)` lets a
    /// page stop after its rows instead of sorting every child of the parent.
    pub fn default_order(&self) -> (&'static str, bool) {
        (self.default_order)(self)
    }
}

/// The schema field `name` of a list of `C`: the page arguments, then `extra` (`filter`,
/// `orderBy`).
fn list_field<C: Exposed>(
    registry: &mut Registry,
    name: &str,
    about: &str,
    extra: impl IntoIterator<Item = (&'static str, String)>,
) -> MetaField {
    let mut args = IndexMap::new();
    let page = [
        (
            "first",
            <Option<i32> as InputType>::create_type_info(registry),
        ),
        (
            "after",
            <Option<String> as InputType>::create_type_info(registry),
        ),
        (
            "last",
            <Option<i32> as InputType>::create_type_info(registry),
        ),
        (
            "before",
            <Option<String> as InputType>::create_type_info(registry),
        ),
    ];
    for (arg, ty) in page.into_iter().chain(extra) {
        args.insert(arg.to_owned(), argument(arg, ty));
    }
    let ty = <List<Row<C>> as OutputType>::create_type_info(registry);
    MetaField {
        args,
        description: Some(about.to_owned()),
        ..meta_field(name, ty)
    }
}

/// The schema field of a list of children, its columns checked against the child table.
fn children_field<C: Exposed>(
    registry: &mut Registry,
    spec: &Children,
    extra: impl IntoIterator<Item = (&'static str, String)>,
) -> MetaField {
    column_named::<C>(spec.column).expect("a list's column is a column of its table");
    if let Some((order_column, _)) = spec.fixed_order {
        column_named::<C>(order_column).expect("a list's order is a column of its table");
    }
    list_field::<C>(registry, spec.field, spec.about, extra)
}

fn register_children<C: Listed>(registry: &mut Registry, spec: &Children) -> MetaField {
    let filter = <Option<Filter<C>> as InputType>::create_type_info(registry);
    let order = <Option<Sort<C>> as InputType>::create_type_info(registry);
    children_field::<C>(registry, spec, [("filter", filter), ("orderBy", order)])
}

fn register_children_in_order<C: Filtered>(registry: &mut Registry, spec: &Children) -> MetaField {
    let filter = <Option<Filter<C>> as InputType>::create_type_info(registry);
    children_field::<C>(registry, spec, [("filter", filter)])
}

/// The page a list field's `first/after/last/before` ask for.
fn window_of(ctx: &Context<'_>) -> async_graphql::Result<domain::paging::Window> {
    let (_, first) = ctx.param_value::<Option<i32>>("first", None)?;
    let (_, after) = ctx.param_value::<Option<String>>("after", None)?;
    let (_, last) = ctx.param_value::<Option<i32>>("last", None)?;
    let (_, before) = ctx.param_value::<Option<String>>("before", None)?;
    window(first, after, last, before)
}

/// The column `name` of `C`.
pub(super) fn column_named<C: EntityTrait>(name: &str) -> async_graphql::Result<C::Column> {
    C::Column::from_str(name).map_err(|_| async_graphql::Error::new(format!("no column {name}")))
}

fn resolve_children<'a, C: Listed>(
    ctx: &'a Context<'a>,
    spec: &'static Children,
    parent: Uuid,
) -> FieldFuture<'a> {
    Box::pin(async move {
        let shape = async {
            let (_, filter) = ctx.param_value::<Option<Filter<C>>>("filter", None)?;
            let (_, order) = ctx.param_value::<Option<Sort<C>>>("orderBy", None)?;
            Ok((
                filter.unwrap_or_default().condition()?,
                order.unwrap_or_default().sort(),
            ))
        };
        page_of::<C>(ctx, spec, parent, shape).await
    })
}

fn resolve_children_in_order<'a, C: Filtered>(
    ctx: &'a Context<'a>,
    spec: &'static Children,
    parent: Uuid,
) -> FieldFuture<'a> {
    Box::pin(async move {
        let (order_column, descending) = spec.fixed_order.unwrap_or(("id", false));
        let shape = async {
            let (_, filter) = ctx.param_value::<Option<Filter<C>>>("filter", None)?;
            Ok((
                filter.unwrap_or_default().condition()?,
                SortOrder {
                    column: column_named::<C>(order_column)?,
                    descending,
                },
            ))
        };
        page_of::<C>(ctx, spec, parent, shape).await
    })
}

/// One page of a list of children, resolved with the field's selection: the page arguments,
/// then `shape` (the filter's condition and the order).
async fn page_of<C: Exposed<Column: std::fmt::Debug>>(
    ctx: &Context<'_>,
    spec: &'static Children,
    parent: Uuid,
    shape: impl Future<Output = async_graphql::Result<(Condition, SortOrder<C::Column>)>>,
) -> ServerResult<Option<Value>> {
    let list = async {
        // The filter is checked before the page, as the hand-written lists did.
        let (condition, sort) = shape.await?;
        let window = window_of(ctx)?;
        let column = column_named::<C>(spec.column)?;
        child_list::<C, Row<C>>(ctx, column, parent, condition, sort, window, Row::new).await
    }
    .await
    .map_err(|err: async_graphql::Error| err.into_server_error(ctx.item.pos))?;
    let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
    OutputType::resolve(&list, &inner, ctx.item).await.map(Some)
}

/// A root field of `Query` listing every row of a table the caller may see (tables of no one
/// clinic: runs, AI templates, sign-ups), in a fixed order (ties broken by id), with the
/// table's `filter`. Signed-in callers only; the service only where the table's read rule is
/// the service's.
pub struct RootList {
    /// The field's name in the schema.
    pub field: &'static str,
    /// The field's description.
    pub about: &'static str,
    /// The column the list is sorted by, and whether descending.
    pub order: (&'static str, bool),
    pub(crate) register: fn(&mut Registry, &RootList) -> MetaField,
    pub(crate) resolve: for<'a> fn(&'a Context<'a>, &'static RootList) -> FieldFuture<'a>,
}

/// The root list `field` of the rows of `C`, in the order of `order_column`.
pub const fn root_list<C: Filtered>(
    field: &'static str,
    about: &'static str,
    order_column: &'static str,
    descending: bool,
) -> RootList {
    RootList {
        field,
        about,
        order: (order_column, descending),
        register: register_root::<C>,
        resolve: resolve_root::<C>,
    }
}

fn register_root<C: Filtered>(registry: &mut Registry, spec: &RootList) -> MetaField {
    let filter = <Option<Filter<C>> as InputType>::create_type_info(registry);
    column_named::<C>(spec.order.0).expect("a list's order is a column of its table");
    list_field::<C>(registry, spec.field, spec.about, [("filter", filter)])
}

fn resolve_root<'a, C: Filtered>(ctx: &'a Context<'a>, spec: &'static RootList) -> FieldFuture<'a> {
    Box::pin(async move {
        let list = async {
            let (_, filter) = ctx.param_value::<Option<Filter<C>>>("filter", None)?;
            let condition = filter.unwrap_or_default().condition()?;
            let order = SortOrder {
                column: column_named::<C>(spec.order.0)?,
                descending: spec.order.1,
            };
            let window = window_of(ctx)?;
            crate::connection::root_list::<C, Row<C>>(ctx, condition, order, window, Row::new).await
        }
        .await
        .map_err(|err: async_graphql::Error| err.into_server_error(ctx.item.pos))?;
        let inner = ctx.with_selection_set(&ctx.item.node.selection_set);
        OutputType::resolve(&list, &inner, ctx.item).await.map(Some)
    })
}
