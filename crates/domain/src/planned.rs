//! The scoped selects the read planner nests into one statement, and the statement's run.
//!
//! The planner (`graphql::plan`) answers a whole read from one SQL statement. Every table it
//! reads goes through here, so it gets the tenant scope exactly as the resolvers do
//! (`ScopedQuery`: the principal's reach for reading the table, from the registry's path to
//! a clinic) and a list gets the paging module's seek, order and limit (`paging::shape_page`).
//! What the planner adds around these selects is only the JSON it builds from their rows.

use sea_orm::sea_query::SelectStatement;
use sea_orm::{
    ConnectionTrait, DbBackend, EntityTrait, QuerySelect, QueryTrait, Statement, Values,
};

use crate::error::DomainError;
use crate::paging::{SortOrder, Window, shape_page};
use crate::session::{ScopedQuery, Session};
use crate::tenancy::TenantScoped;

/// One page of a list as a select the planner nests: `size + 1` rows in the order of travel
/// (reversed when `backward`), so one more than the page tells whether more rows exist.
pub struct PlannedPage {
    pub select: SelectStatement,
    pub size: u64,
    pub backward: bool,
}

impl<E: TenantScoped> ScopedQuery<'_, E> {
    /// The page `window` of this query in `order`, selecting only `columns`; `None` when the
    /// principal reaches no row of the table (the list is empty).
    pub fn page_select(
        self,
        order: SortOrder<E::Column>,
        window: &Window,
        columns: &[E::Column],
    ) -> Result<Option<PlannedPage>, DomainError> {
        let Some((select, _)) = self.finish_scoped() else {
            // The window is still checked: a bad page size is an error whoever asks.
            window.size()?;
            return Ok(None);
        };
        let (select, size, backward) = shape_page(select, order, window)?;
        Ok(Some(PlannedPage {
            select: select
                .select_only()
                .columns(columns.iter().copied())
                .into_query(),
            size,
            backward,
        }))
    }

    /// This query's rows (unordered, unlimited), selecting only `columns`; `None` when the
    /// principal reaches no row of the table.
    pub fn rows_select(self, columns: &[E::Column]) -> Option<SelectStatement> {
        let (select, _) = self.finish_scoped()?;
        Some(
            select
                .select_only()
                .columns(columns.iter().copied())
                .into_query(),
        )
    }
}

impl Session {
    /// Runs a planned read: one statement whose one row holds the answer as JSON text, in the
    /// request's transaction (so under its row-level security), counted like every other.
    pub async fn planned_read(&self, sql: String, values: Values) -> Result<String, DomainError> {
        let tx = self.tx().await?;
        self.count_statement();
        let statement = Statement::from_sql_and_values(DbBackend::Postgres, sql, values);
        let row = tx
            .query_one_raw(statement)
            .await?
            .ok_or_else(|| DomainError::Internal("a planned read returned no row".into()))?;
        Ok(row.try_get_by_index::<String>(0)?)
    }
}

/// A column of `E` by its SQL name, for the planner (which knows columns by name).
pub fn column_named<E: EntityTrait>(name: &str) -> Option<E::Column> {
    use std::str::FromStr;
    E::Column::from_str(name).ok()
}
