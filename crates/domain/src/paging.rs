//! Keyset pagination over tenant-scoped queries, for one list or for many parents at once.
//!
//! Pages are ordered by one sort column and the row id as tie-breaker, and a cursor is the
//! (sort value, id) of a row. Seeking past a cursor is a row comparison the database answers
//! from an index, so page 1,000 costs what page 1 costs; there is no OFFSET anywhere.
//!
//! NULL sort values keep PostgreSQL's default placement (last when ascending, first when
//! descending), which is also how the indexes are built, so the common "newest first" order
//! uses the index directly. The seek conditions account for NULLs so no row is skipped.
//!
//! For the children of many parents (`clients { patients(first: 5) }`) one statement fetches
//! the first page of every parent: a `LATERAL` join over the parent ids, each side an indexed
//! top-N query.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ColumnType, Condition, DbBackend, IdenStatic, ModelTrait, Order, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Statement, Value,
};
use serde_json::Value as Json;
use uuid::Uuid;

use crate::error::DomainError;
use crate::session::ScopedQuery;
use crate::tenancy::TenantScoped;

/// The largest page a caller may ask for.
pub const MAX_PAGE_SIZE: u64 = 100;

/// Where a page starts or ends: the sort value and id of a row.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cursor {
    pub value: Json,
    pub id: Uuid,
}

/// The sort of a list: one column and a direction; ties broken by id in the same direction.
#[derive(Clone, Copy, Debug)]
pub struct SortOrder<C> {
    pub column: C,
    pub descending: bool,
}

/// Which slice of the ordered list to return.
#[derive(Clone, Debug, Default)]
pub struct Window {
    /// `first`: this many rows after `after` (default when neither is given: 20).
    pub first: Option<u64>,
    /// `last`: this many rows before `before`.
    pub last: Option<u64>,
    pub after: Option<Cursor>,
    pub before: Option<Cursor>,
}

impl Window {
    /// Validates the page size (1..=100, not both `first` and `last`) and returns it with the
    /// direction of travel (`true`: backwards from `before`/the end).
    pub fn size(&self) -> Result<(u64, bool), DomainError> {
        match (self.first, self.last) {
            (Some(_), Some(_)) => Err(DomainError::bad_input(
                "first",
                "give `first` or `last`, not both",
            )),
            (Some(n), None) | (None, Some(n)) if n == 0 || n > MAX_PAGE_SIZE => {
                Err(DomainError::bad_input(
                    if self.first.is_some() {
                        "first"
                    } else {
                        "last"
                    },
                    format!("page size must be between 1 and {MAX_PAGE_SIZE}"),
                ))
            }
            (None, Some(n)) => Ok((n, true)),
            (Some(n), None) => Ok((n, false)),
            (None, None) => Ok((20, false)),
        }
    }
}

/// One page: the rows in the requested order, and whether more exist beyond each end that the
/// query could tell (`has_next` when going forward, `has_previous` when going backward).
#[derive(Clone, Debug)]
pub struct Page<M> {
    pub rows: Vec<M>,
    pub has_next: bool,
    pub has_previous: bool,
}

impl<M> Default for Page<M> {
    fn default() -> Self {
        Page {
            rows: Vec::new(),
            has_next: false,
            has_previous: false,
        }
    }
}

/// The cursor of a row in a list sorted by `column`.
pub fn cursor_of<E: TenantScoped>(model: &E::Model, column: E::Column) -> Cursor {
    Cursor {
        value: value_to_json(model.get(column)),
        id: E::id_of(model),
    }
}

fn value_to_json(value: Value) -> Json {
    match value {
        Value::String(Some(s)) => Json::String(s),
        Value::Int(Some(i)) => Json::from(i),
        Value::BigInt(Some(i)) => Json::from(i),
        Value::Bool(Some(b)) => Json::Bool(b),
        Value::Uuid(Some(u)) => Json::String(u.to_string()),
        Value::ChronoDate(Some(d)) => Json::String(d.to_string()),
        Value::ChronoTime(Some(t)) => Json::String(t.to_string()),
        Value::ChronoDateTimeUtc(Some(t)) => {
            Json::String(t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
        }
        Value::Decimal(Some(d)) => Json::String(d.to_string()),
        _ => Json::Null,
    }
}

/// A cursor's sort value as a database value of the column's type; `Ok(None)` for NULL.
fn json_to_value(column_type: &ColumnType, json: &Json) -> Result<Option<Value>, DomainError> {
    let bad = || DomainError::bad_input("after", "the cursor does not belong to this list");
    if json.is_null() {
        return Ok(None);
    }
    let text = json.as_str();
    let value = match column_type {
        ColumnType::Text | ColumnType::String(_) | ColumnType::Char(_) => {
            Value::from(text.ok_or_else(bad)?.to_owned())
        }
        ColumnType::Integer => Value::from(
            json.as_i64()
                .and_then(|i| i32::try_from(i).ok())
                .ok_or_else(bad)?,
        ),
        ColumnType::BigInteger => Value::from(json.as_i64().ok_or_else(bad)?),
        ColumnType::Boolean => Value::from(json.as_bool().ok_or_else(bad)?),
        ColumnType::Uuid => Value::from(Uuid::parse_str(text.ok_or_else(bad)?).map_err(|_| bad())?),
        ColumnType::Date => Value::from(
            text.ok_or_else(bad)?
                .parse::<chrono::NaiveDate>()
                .map_err(|_| bad())?,
        ),
        ColumnType::Time => Value::from(
            text.ok_or_else(bad)?
                .parse::<chrono::NaiveTime>()
                .map_err(|_| bad())?,
        ),
        ColumnType::TimestampWithTimeZone | ColumnType::Timestamp | ColumnType::DateTime => {
            Value::from(
                chrono::DateTime::parse_from_rfc3339(text.ok_or_else(bad)?)
                    .map_err(|_| bad())?
                    .with_timezone(&chrono::Utc),
            )
        }
        ColumnType::Decimal(_) => Value::from(
            text.ok_or_else(bad)?
                .parse::<rust_decimal::Decimal>()
                .map_err(|_| bad())?,
        ),
        _ => return Err(DomainError::Internal("unsupported sort column type".into())),
    };
    Ok(Some(value))
}

/// Rows strictly after `cursor` in the order (`column`, id) ascending or descending, with
/// PostgreSQL's default NULL placement (ASC: last, DESC: first).
fn seek<E: TenantScoped>(
    column: E::Column,
    ascending: bool,
    cursor: &Cursor,
) -> Result<Condition, DomainError> {
    let id = E::Column::from_str_checked("id")?;
    let def = column.def();
    let nullable = def.is_null();
    let value = json_to_value(def.get_column_type(), &cursor.value)?;
    let pair = || Expr::tuple([Expr::col(column), Expr::col(id)]);
    let cond = match (value, ascending) {
        (Some(v), true) => {
            let past = pair().gt(Expr::tuple([Expr::val(v), Expr::val(cursor.id)]));
            let mut any = Condition::any().add(past);
            if nullable {
                any = any.add(column.is_null());
            }
            any
        }
        (Some(v), false) => {
            Condition::all().add(pair().lt(Expr::tuple([Expr::val(v), Expr::val(cursor.id)])))
        }
        (None, true) => Condition::all().add(column.is_null()).add(id.gt(cursor.id)),
        (None, false) => Condition::any()
            .add(Condition::all().add(column.is_null()).add(id.lt(cursor.id)))
            .add(column.is_not_null()),
    };
    Ok(cond)
}

trait ColumnByName: Sized {
    fn from_str_checked(name: &str) -> Result<Self, DomainError>;
}

impl<C: ColumnTrait> ColumnByName for C {
    fn from_str_checked(name: &str) -> Result<Self, DomainError> {
        C::from_str(name).map_err(|_| DomainError::Internal(format!("no column {name}")))
    }
}

/// Applies order, cursors and limit for one page; returns the select, the size, and whether
/// the page is fetched backwards (and must be reversed).
pub(crate) fn shape_page<E: TenantScoped>(
    mut select: sea_orm::Select<E>,
    order: SortOrder<E::Column>,
    window: &Window,
) -> Result<(sea_orm::Select<E>, u64, bool), DomainError> {
    let (size, backward) = window.size()?;
    let id = E::Column::from_str_checked("id")?;
    // Travelling backwards is travelling forwards in the reversed order.
    let ascending = order.descending == backward;
    if let Some(after) = &window.after {
        // `after` always means "later in the requested order".
        select = select.filter(seek::<E>(order.column, !order.descending, after)?);
    }
    if let Some(before) = &window.before {
        select = select.filter(seek::<E>(order.column, order.descending, before)?);
    }
    let direction = if ascending { Order::Asc } else { Order::Desc };
    select = select
        .order_by(order.column, direction.clone())
        .order_by(id, direction)
        .limit(size + 1);
    Ok((select, size, backward))
}

fn finish_page<M>(mut rows: Vec<M>, size: u64, backward: bool, window: &Window) -> Page<M> {
    let more = rows.len() as u64 > size;
    rows.truncate(size as usize);
    if backward {
        rows.reverse();
    }
    Page {
        rows,
        has_next: if backward {
            window.before.is_some()
        } else {
            more
        },
        has_previous: if backward {
            more
        } else {
            window.after.is_some()
        },
    }
}

impl<E> ScopedQuery<'_, E>
where
    E: TenantScoped,
    E::Model: Sync,
{
    /// One page of the list.
    pub async fn page(
        self,
        order: SortOrder<E::Column>,
        window: &Window,
    ) -> Result<Page<E::Model>, DomainError> {
        let mut shaped = None;
        let query = self.shape(|select| match shape_page(select.clone(), order, window) {
            Ok((select, size, backward)) => {
                shaped = Some(Ok((size, backward)));
                select
            }
            Err(err) => {
                shaped = Some(Err(err));
                select
            }
        });
        let (size, backward) = shaped.expect("shape ran")?;
        let rows = query.all().await?;
        Ok(finish_page(rows, size, backward, window))
    }

    /// The same page for each of many parents (the rows whose `parent_column` is the parent),
    /// in one statement: a LATERAL join of the parent ids to an indexed top-N query.
    pub async fn page_per_parent(
        self,
        parent_column: E::Column,
        parents: &[Uuid],
        order: SortOrder<E::Column>,
        window: &Window,
    ) -> Result<HashMap<Uuid, Page<E::Model>>, DomainError> {
        let mut out: HashMap<Uuid, Page<E::Model>> =
            parents.iter().map(|p| (*p, Page::default())).collect();
        let table = E::default().table_name().to_owned();
        let column_name = parent_column.as_str();
        let mut shaped = None;
        let Some((select, session)) = self
            .shape(|select| {
                let select = select.filter(Expr::cust(format!(
                    r#""{table}"."{column_name}" = "__parent"."id""#
                )));
                match shape_page(select.clone(), order, window) {
                    Ok((select, size, backward)) => {
                        shaped = Some(Ok((size, backward)));
                        select
                    }
                    Err(err) => {
                        shaped = Some(Err(err));
                        select
                    }
                }
            })
            .finish_scoped()
        else {
            return Ok(out);
        };
        let (size, backward) = shaped.expect("shape ran")?;
        let inner = select.build(DbBackend::Postgres);
        let mut values = inner.values.map(|v| v.0).unwrap_or_default();
        values.push(Value::from(parents.to_vec()));
        let sql = format!(
            r#"SELECT "__page".* FROM unnest(${}::uuid[]) AS "__parent"("id") CROSS JOIN LATERAL ({}) AS "__page""#,
            values.len(),
            inner.sql
        );
        let statement = Statement::from_sql_and_values(DbBackend::Postgres, sql, values);
        let rows = session.run_statement::<E>(statement).await?;
        let mut grouped: HashMap<Uuid, Vec<E::Model>> = HashMap::new();
        for row in rows {
            if let Value::Uuid(Some(parent)) = row.get(parent_column) {
                grouped.entry(parent).or_default().push(row);
            }
        }
        for (parent, rows) in grouped {
            out.insert(parent, finish_page(rows, size, backward, window));
        }
        Ok(out)
    }

    /// How many rows each parent has (for `totalCount` of nested lists), in one statement.
    pub async fn count_per_parent(
        self,
        parent_column: E::Column,
        parents: &[Uuid],
    ) -> Result<HashMap<Uuid, i64>, DomainError> {
        let mut out: HashMap<Uuid, i64> = parents.iter().map(|p| (*p, 0)).collect();
        let rows: Vec<(Uuid, i64)> = self
            .shape(|s| s.filter(parent_column.is_in(parents.iter().copied())))
            .into_tuples(|select| {
                select
                    .select_only()
                    .column(parent_column)
                    .column_as(Expr::cust("count(*)"), "count")
                    .group_by(parent_column)
            })
            .await?;
        for (parent, count) in rows {
            out.insert(parent, count);
        }
        Ok(out)
    }
}
