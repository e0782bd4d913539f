//! Per-request DataLoaders: every relationship is resolved by batching the parent ids of one
//! level into one scoped query, so the number of SQL statements grows with the depth of a
//! query, not with the number of rows.
//!
//! Two generic loaders cover every relationship of every entity:
//! - [`ByIdLoader<E>`] for "belongs to" fields (`case.patient`), keyed by the row id;
//! - [`ChildrenLoader<E>`] for "has many" fields (`client.patients`), keyed by the foreign-key
//!   column and the parent id, so one loader per child entity serves all of its foreign keys.
//!
//! Both read through [`Session::query`], so they are tenant-scoped like every other read. The
//! loaders live in the request's [`RequestData`](crate::context::RequestData), created on first
//! use.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};
use domain::tenancy::TenantScoped;
use domain::{DomainError, Session};
use sea_orm::{ColumnTrait, ModelTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// How long a loader waits to collect keys before querying. Long enough that the resolvers of
/// one level of a query (a debug build, a loaded machine) all enqueue before the batch runs, so
/// each level is one statement; short enough not to be felt.
const BATCH_WINDOW: Duration = Duration::from_millis(5);

/// Loads rows of `E` by id.
pub struct ByIdLoader<E> {
    session: Arc<Session>,
    _entity: PhantomData<fn() -> E>,
}

impl<E> Loader<Uuid> for ByIdLoader<E>
where
    E: TenantScoped,
    E::Model: Sync,
{
    type Value = E::Model;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, E::Model>, Self::Error> {
        let rows = self
            .session
            .query::<E>()
            .shape(|s| s.filter(E::ids_condition(keys)))
            .all()
            .await
            .map_err(Arc::new)?;
        Ok(rows.into_iter().map(|row| (E::id_of(&row), row)).collect())
    }
}

/// A foreign key and a parent id: "the rows whose `column` is `parent`".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ParentKey {
    pub column: &'static str,
    pub parent: Uuid,
}

/// Loads the rows of `E` that reference a parent through one of `E`'s foreign-key columns.
pub struct ChildrenLoader<E> {
    session: Arc<Session>,
    _entity: PhantomData<fn() -> E>,
}

impl<E> Loader<ParentKey> for ChildrenLoader<E>
where
    E: TenantScoped,
    E::Model: Sync,
{
    type Value = Vec<E::Model>;
    type Error = Arc<DomainError>;

    async fn load(&self, keys: &[ParentKey]) -> Result<HashMap<ParentKey, Vec<E::Model>>, Self::Error> {
        let mut by_column: HashMap<&'static str, Vec<Uuid>> = HashMap::new();
        for key in keys {
            by_column.entry(key.column).or_default().push(key.parent);
        }
        let mut out: HashMap<ParentKey, Vec<E::Model>> = keys.iter().map(|k| (*k, Vec::new())).collect();
        for (column_name, parents) in by_column {
            let column = E::Column::from_str(column_name).map_err(|_| {
                Arc::new(DomainError::Internal(format!("{column_name} is not a column of {}", E::RESOURCE.table())))
            })?;
            let id_column = E::Column::from_str("id")
                .map_err(|_| Arc::new(DomainError::Internal("entity without an id column".into())))?;
            let rows = self
                .session
                .query::<E>()
                .shape(|s| s.filter(column.is_in(parents.iter().copied())).order_by_asc(id_column))
                .all()
                .await
                .map_err(Arc::new)?;
            for row in rows {
                if let sea_orm::Value::Uuid(Some(parent)) = row.get(column) {
                    let key = ParentKey {
                        column: column_name,
                        parent,
                    };
                    if let Some(children) = out.get_mut(&key) {
                        children.push(row);
                    }
                }
            }
        }
        Ok(out)
    }
}

/// The DataLoaders of one request, created on first use.
pub struct Loaders {
    session: Arc<Session>,
    made: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Loaders {
    pub fn new(session: Arc<Session>) -> Self {
        Loaders {
            session,
            made: Mutex::new(HashMap::new()),
        }
    }

    fn loader<L: Send + Sync + 'static>(&self, make: impl FnOnce(Arc<Session>) -> L) -> Arc<DataLoader<L>> {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let entry = made.entry(TypeId::of::<L>()).or_insert_with(|| {
            let loader = DataLoader::new(make(self.session.clone()), tokio::spawn).delay(BATCH_WINDOW);
            Arc::new(loader) as Arc<dyn Any + Send + Sync>
        });
        entry
            .clone()
            .downcast::<DataLoader<L>>()
            .expect("loaders are stored under their own type id")
    }

    /// The row of `E` with this id, if the caller may see it.
    pub async fn one<E>(&self, id: Uuid) -> Result<Option<E::Model>, Arc<DomainError>>
    where
        E: TenantScoped,
        E::Model: Sync,
    {
        self.loader(|session| ByIdLoader::<E> {
            session,
            _entity: PhantomData,
        })
        .load_one(id)
        .await
    }

    /// The rows of `E` whose foreign key `column` is `parent`, as far as the caller may see.
    pub async fn children<E>(&self, column: E::Column, parent: Uuid) -> Result<Vec<E::Model>, Arc<DomainError>>
    where
        E: TenantScoped,
        E::Model: Sync,
    {
        let key = ParentKey {
            column: column_name(column),
            parent,
        };
        let rows = self
            .loader(|session| ChildrenLoader::<E> {
                session,
                _entity: PhantomData,
            })
            .load_one(key)
            .await?;
        Ok(rows.unwrap_or_default())
    }
}

/// The static name of a column (`IdenStatic::as_str` is `'static` for derived columns).
fn column_name<C: sea_orm::IdenStatic>(column: C) -> &'static str {
    column.as_str()
}
