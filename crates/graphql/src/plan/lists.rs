//! The selects of a planned read, per table: a list's page (with the same `filter`, `orderBy`
//! and page arguments the list's resolver reads, parsed by the same input types) and one row
//! by id. Generic over the table; the catalog and `Children` hold them as plain functions.

use async_graphql::indexmap::IndexMap;
use async_graphql::{InputType, Name, Value};
use domain::Session;
use domain::paging::{SortOrder, Window};
use domain::planned::{PlannedPage, column_named};
use domain::registry;
use sea_orm::sea_query::{Expr, SelectStatement};
use sea_orm::{Condition, IdenStatic, QueryFilter};

use super::Refused;
use crate::connection::window;
use crate::row::{Children, Exposed, Filter, Filtered, Listed, Sort};

/// What a list field asks of its table.
pub(crate) struct ListRequest<'a> {
    /// The field's arguments, variables resolved.
    pub args: &'a IndexMap<Name, Value>,
    /// The SQL alias of the parent row the list hangs from.
    pub parent_alias: &'a str,
    /// The columns the selection reads of each row (the id and the sort column are added).
    pub columns: &'a [&'static str],
    /// Whether `totalCount` is asked for.
    pub count: bool,
}

/// A list field's part of the statement.
pub(crate) struct ListPlan {
    /// The page; `None` when the caller reaches no row of the table.
    pub page: Option<PlannedPage>,
    /// Every row of the list (ids only, no page), for `totalCount`.
    pub count: Option<SelectStatement>,
    /// The column the page is sorted by (each row's cursor holds its value).
    pub sort_column: &'static str,
    pub window: Window,
}

/// The plan of one list field, for the table the field lists.
pub(crate) type PlanList =
    fn(&Session, &'static Children, &ListRequest<'_>) -> Result<ListPlan, Refused>;

/// An argument parsed as the resolver parses it (`ctx.param_value`).
fn argument<T: InputType>(args: &IndexMap<Name, Value>, name: &str) -> Result<T, Refused> {
    T::parse(args.get(name).cloned()).map_err(|_| Refused::Arguments)
}

/// The list's `filter` as its condition (checked before the page, as the resolver does).
fn filter_of<C: Filtered>(args: &IndexMap<Name, Value>) -> Result<Condition, Refused> {
    argument::<Option<Filter<C>>>(args, "filter")?
        .unwrap_or_default()
        .condition()
        .map_err(|_| Refused::Arguments)
}

/// `children::<C>`: a list with `filter` and `orderBy`.
pub(crate) fn plan_children<C: Listed>(
    session: &Session,
    spec: &'static Children,
    request: &ListRequest<'_>,
) -> Result<ListPlan, Refused> {
    let condition = filter_of::<C>(request.args)?;
    let order = argument::<Option<Sort<C>>>(request.args, "orderBy")?;
    let order = order.unwrap_or_default().sort();
    list_of::<C>(session, spec, request, condition, order)
}

/// `children_in_order::<C>`: a list in a fixed order, with `filter`.
pub(crate) fn plan_children_in_order<C: Filtered>(
    session: &Session,
    spec: &'static Children,
    request: &ListRequest<'_>,
) -> Result<ListPlan, Refused> {
    let condition = filter_of::<C>(request.args)?;
    let (column, descending) = spec.default_order();
    let column = column_named::<C>(column).ok_or(Refused::Unsupported)?;
    list_of::<C>(
        session,
        spec,
        request,
        condition,
        SortOrder { column, descending },
    )
}

fn list_of<C: Exposed>(
    session: &Session,
    spec: &'static Children,
    request: &ListRequest<'_>,
    condition: Condition,
    order: SortOrder<C::Column>,
) -> Result<ListPlan, Refused> {
    let window = window(
        argument(request.args, "first")?,
        argument(request.args, "after")?,
        argument(request.args, "last")?,
        argument(request.args, "before")?,
    )
    .map_err(|_| Refused::Arguments)?;
    let id = column_named::<C>("id").ok_or(Refused::Unsupported)?;
    let mut columns = vec![id, order.column];
    for name in request.columns {
        let column = column_named::<C>(name).ok_or(Refused::Unsupported)?;
        if !columns.iter().any(|c| c.as_str() == column.as_str()) {
            columns.push(column);
        }
    }
    let table = registry::table(C::RESOURCE).table;
    let parent = Expr::cust(format!(
        r#""{table}"."{}" = "{}"."id""#,
        spec.column, request.parent_alias
    ));
    let scoped = || {
        session
            .query::<C>()
            .shape(|s| s.filter(parent.clone()).filter(condition.clone()))
    };
    let page = scoped()
        .page_select(order, &window, &columns)
        .map_err(|_| Refused::Arguments)?;
    let count = if request.count {
        scoped().rows_select(&[id])
    } else {
        None
    };
    Ok(ListPlan {
        page,
        count,
        sort_column: order.column.as_str(),
        window,
    })
}

/// The rows of `E` meeting `condition`, scoped to the caller, with only `columns` (and the id).
pub(crate) fn row_select<E: Exposed>(
    session: &Session,
    condition: Condition,
    columns: &[&'static str],
) -> Option<SelectStatement> {
    let mut selected = vec![column_named::<E>("id")?];
    for name in columns {
        let column = column_named::<E>(name)?;
        if !selected.iter().any(|c| c.as_str() == column.as_str()) {
            selected.push(column);
        }
    }
    session
        .query::<E>()
        .shape(|s| s.filter(condition))
        .rows_select(&selected)
}
