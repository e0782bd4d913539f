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

use async_graphql::dataloader::Loader;
use domain::tenancy::TenantScoped;
use domain::{DomainError, Session};
use sea_orm::{ColumnTrait, ModelTrait, QueryFilter, QueryOrder};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use uuid::Uuid;

use crate::batch::{BatchHub, BatchLost, Batcher};

impl From<BatchLost> for Arc<DomainError> {
    fn from(_: BatchLost) -> Self {
        Arc::new(DomainError::Internal(
            "a batched load was dropped before it answered".into(),
        ))
    }
}

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

    async fn load(
        &self,
        keys: &[ParentKey],
    ) -> Result<HashMap<ParentKey, Vec<E::Model>>, Self::Error> {
        let mut by_column: HashMap<&'static str, Vec<Uuid>> = HashMap::new();
        for key in keys {
            by_column.entry(key.column).or_default().push(key.parent);
        }
        let mut out: HashMap<ParentKey, Vec<E::Model>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for (column_name, parents) in by_column {
            let column = E::Column::from_str(column_name).map_err(|_| {
                Arc::new(DomainError::Internal(format!(
                    "{column_name} is not a column of {}",
                    E::RESOURCE.table()
                )))
            })?;
            let id_column = E::Column::from_str("id").map_err(|_| {
                Arc::new(DomainError::Internal("entity without an id column".into()))
            })?;
            let rows = self
                .session
                .query::<E>()
                .shape(|s| {
                    s.filter(column.is_in(parents.iter().copied()))
                        .order_by_asc(id_column)
                })
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

/// What a nested list asks for: its filter, order and window. Two requests for the same spec
/// (the same field under many parents) are batched together; `canonical` identifies the spec.
pub struct PageSpec<C> {
    pub canonical: String,
    pub filter: sea_orm::Condition,
    pub order: domain::paging::SortOrder<C>,
    pub window: domain::paging::Window,
}

/// One parent's page of a nested list.
pub struct PageKey<C> {
    pub column: &'static str,
    pub parent: Uuid,
    pub spec: Arc<PageSpec<C>>,
}

impl<C> Clone for PageKey<C> {
    fn clone(&self) -> Self {
        PageKey {
            column: self.column,
            parent: self.parent,
            spec: self.spec.clone(),
        }
    }
}

impl<C> PartialEq for PageKey<C> {
    fn eq(&self, other: &Self) -> bool {
        self.column == other.column
            && self.parent == other.parent
            && self.spec.canonical == other.spec.canonical
    }
}

impl<C> Eq for PageKey<C> {}

impl<C> std::hash::Hash for PageKey<C> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.column.hash(state);
        self.parent.hash(state);
        self.spec.canonical.hash(state);
    }
}

/// A foreign-key column, a list spec and the parents one statement answers for.
type Group<C> = (&'static str, Arc<PageSpec<C>>, Vec<Uuid>);

/// Groups page keys by (column, spec), the unit one statement can answer.
fn group_keys<C>(keys: &[PageKey<C>]) -> Vec<Group<C>> {
    let mut groups: Vec<Group<C>> = Vec::new();
    for key in keys {
        match groups
            .iter_mut()
            .find(|(column, spec, _)| *column == key.column && spec.canonical == key.spec.canonical)
        {
            Some((_, _, parents)) => parents.push(key.parent),
            None => groups.push((key.column, key.spec.clone(), vec![key.parent])),
        }
    }
    groups
}

/// Loads one page of children per parent.
pub struct PageLoader<E> {
    session: Arc<Session>,
    _entity: PhantomData<fn() -> E>,
}

impl<E> Loader<PageKey<E::Column>> for PageLoader<E>
where
    E: TenantScoped,
    E::Model: Sync,
{
    type Value = domain::paging::Page<E::Model>;
    type Error = Arc<DomainError>;

    async fn load(
        &self,
        keys: &[PageKey<E::Column>],
    ) -> Result<HashMap<PageKey<E::Column>, Self::Value>, Self::Error> {
        let mut out = HashMap::new();
        for (column_name, spec, parents) in group_keys(keys) {
            let column = E::Column::from_str(column_name)
                .map_err(|_| Arc::new(DomainError::Internal(format!("no column {column_name}"))))?;
            let mut pages = self
                .session
                .query::<E>()
                .shape(|s| s.filter(spec.filter.clone()))
                .page_per_parent(column, &parents, spec.order, &spec.window)
                .await
                .map_err(Arc::new)?;
            for parent in parents {
                let page = pages.remove(&parent).unwrap_or_default();
                out.insert(
                    PageKey {
                        column: column_name,
                        parent,
                        spec: spec.clone(),
                    },
                    page,
                );
            }
        }
        Ok(out)
    }
}

/// Counts the children of each parent (with the list's filter).
pub struct CountLoader<E> {
    session: Arc<Session>,
    _entity: PhantomData<fn() -> E>,
}

impl<E> Loader<PageKey<E::Column>> for CountLoader<E>
where
    E: TenantScoped,
    E::Model: Sync,
{
    type Value = i64;
    type Error = Arc<DomainError>;

    async fn load(
        &self,
        keys: &[PageKey<E::Column>],
    ) -> Result<HashMap<PageKey<E::Column>, i64>, Self::Error> {
        let mut out = HashMap::new();
        for (column_name, spec, parents) in group_keys(keys) {
            let column = E::Column::from_str(column_name)
                .map_err(|_| Arc::new(DomainError::Internal(format!("no column {column_name}"))))?;
            let counts = self
                .session
                .query::<E>()
                .shape(|s| s.filter(spec.filter.clone()))
                .count_per_parent(column, &parents)
                .await
                .map_err(Arc::new)?;
            for parent in parents {
                out.insert(
                    PageKey {
                        column: column_name,
                        parent,
                        spec: spec.clone(),
                    },
                    counts.get(&parent).copied().unwrap_or(0),
                );
            }
        }
        Ok(out)
    }
}

/// The DataLoaders of one request, created on first use and dispatched by the request's
/// [`FlushOnIdle`](crate::batch::FlushOnIdle).
pub struct Loaders {
    session: Arc<Session>,
    hub: Arc<BatchHub>,
    made: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl Loaders {
    pub fn new(session: Arc<Session>) -> Self {
        Loaders {
            session,
            hub: Arc::new(BatchHub::default()),
            made: Mutex::new(HashMap::new()),
        }
    }

    /// The hub a [`FlushOnIdle`](crate::batch::FlushOnIdle) drives.
    pub fn hub(&self) -> Arc<BatchHub> {
        self.hub.clone()
    }

    fn loader<K, L>(&self, make: impl FnOnce(Arc<Session>) -> L) -> Arc<Batcher<K, L>>
    where
        K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
        L: Loader<K>,
    {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let entry = made.entry(TypeId::of::<L>()).or_insert_with(|| {
            self.hub.batcher(make(self.session.clone())) as Arc<dyn Any + Send + Sync>
        });
        entry
            .clone()
            .downcast::<Batcher<K, L>>()
            .expect("loaders are stored under their own type id")
    }

    /// The row of `E` with this id, if the caller may see it.
    pub async fn one<E>(&self, id: Uuid) -> Result<Option<E::Model>, Arc<DomainError>>
    where
        E: TenantScoped,
        E::Model: Sync,
    {
        self.enqueue_one::<E>(id).await
    }

    /// Enqueues the id now and returns the future of its row, so several ids (of any types)
    /// enqueued before awaiting are loaded in one statement per type.
    pub fn enqueue_one<E>(
        &self,
        id: Uuid,
    ) -> impl std::future::Future<Output = Result<Option<E::Model>, Arc<DomainError>>> + use<E>
    where
        E: TenantScoped,
        E::Model: Sync,
    {
        self.loader(|session| ByIdLoader::<E> {
            session,
            _entity: PhantomData,
        })
        .enqueue(id)
    }

    /// One parent's page of a nested list.
    pub async fn page<E>(
        &self,
        column: E::Column,
        parent: Uuid,
        spec: Arc<PageSpec<E::Column>>,
    ) -> Result<domain::paging::Page<E::Model>, Arc<DomainError>>
    where
        E: TenantScoped,
        E::Model: Sync,
    {
        let key = PageKey {
            column: column_name(column),
            parent,
            spec,
        };
        let page = self
            .loader(|session| PageLoader::<E> {
                session,
                _entity: PhantomData,
            })
            .load_one(key)
            .await?;
        Ok(page.unwrap_or_default())
    }

    /// How many children one parent has in a nested list (its `totalCount`).
    pub async fn count<E>(
        &self,
        column: E::Column,
        parent: Uuid,
        spec: Arc<PageSpec<E::Column>>,
    ) -> Result<i64, Arc<DomainError>>
    where
        E: TenantScoped,
        E::Model: Sync,
    {
        let key = PageKey {
            column: column_name(column),
            parent,
            spec,
        };
        let count = self
            .loader(|session| CountLoader::<E> {
                session,
                _entity: PhantomData,
            })
            .load_one(key)
            .await?;
        Ok(count.unwrap_or(0))
    }

    /// The rows of `E` whose foreign key `column` is `parent`, as far as the caller may see.
    pub async fn children<E>(
        &self,
        column: E::Column,
        parent: Uuid,
    ) -> Result<Vec<E::Model>, Arc<DomainError>>
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
