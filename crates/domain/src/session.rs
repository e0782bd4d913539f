//! A request's view of the database: the principal, one lazily started transaction carrying the
//! row-level-security settings, and the only way to reach tenant data.
//!
//! A `Session` never hands out its connection. Reads go through [`Session::query`], which adds
//! the tenant condition for the caller's clinics at execution time (after whatever the caller
//! built, so a resolver cannot drop it); writes go through [`Session::insert`],
//! [`Session::update`] and [`Session::delete`], which check the policy table against the row's
//! clinic inside a savepoint. Underneath, PostgreSQL row-level security enforces the same
//! tenant boundary with the settings written at the start of the transaction.
//!
//! **Whatever happens to the request, its transaction ends.** A request future can be dropped
//! at any `.await` (the client went away, the deadline passed). Three places would then leave
//! a pooled connection inside a transaction, and the next request would run in it:
//! - `BEGIN` in flight: sqlx 0.9 counts the transaction only once the server has answered, so
//!   a `begin()` dropped half-way queues no rollback (sqlx issues #4385, #4393). The begin and
//!   the settings run to completion on a task of their own; if nobody waits for the result any
//!   more, the finished transaction is dropped there, which queues its rollback.
//! - `COMMIT` in flight: dropped half-way, the transaction would later be "rolled back" after
//!   it committed. Commit and rollback also run on a task of their own.
//! - the session dropped with its transaction open (cancelled mid-execution): `Drop` hands the
//!   transaction to a task that rolls it back explicitly.
//!
//! The pool closes any connection that still counts a transaction when it comes back
//! (`db.rs`), and the server ends transactions left idle (`idle_in_transaction_session_timeout`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ConnectionTrait, DatabaseTransaction, DbBackend,
    FromQueryResult, IntoActiveModel, PaginatorTrait, PrimaryKeyTrait, QueryFilter, Select,
    Statement, TransactionTrait, Value,
};
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};
use uuid::Uuid;

use crate::db::Database;
use crate::error::DomainError;
use crate::policy::{self, Action, Resource, Rule};
use crate::principal::Principal;
use crate::tenancy::{Reach, TenantScoped};
pub use crate::writer::Writer;

enum TxState {
    NotStarted,
    Open(DatabaseTransaction),
    Finished,
}

/// One caller's access to the database for the length of one request (or one job).
pub struct Session {
    db: Database,
    principal: Arc<Principal>,
    request_id: String,
    tx: Mutex<TxState>,
    statements: AtomicU32,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("principal", &self.principal.label())
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl Session {
    /// A session for a request's principal.
    pub fn new(db: Database, principal: Principal, request_id: impl Into<String>) -> Self {
        Session {
            db,
            principal: Arc::new(principal),
            request_id: request_id.into(),
            tx: Mutex::new(TxState::NotStarted),
            statements: AtomicU32::new(0),
        }
    }

    /// The explicit service context (jobs, the seed, webhooks): not scoped to any clinic.
    pub fn service(db: Database, name: &str) -> Self {
        Session::new(
            db,
            Principal::Service {
                name: name.to_owned(),
            },
            format!("service-{name}"),
        )
    }

    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// SQL statements this session has sent so far (for metrics and the N+1 tests).
    pub fn statement_count(&self) -> u32 {
        self.statements.load(Ordering::Relaxed)
    }

    /// Counts statements the request sent before its session existed (the principal lookup of
    /// a user token), so that the request's count, and `/metrics`, hold every statement.
    pub fn count_earlier_statements(&self, statements: u32) {
        self.statements.fetch_add(statements, Ordering::Relaxed);
    }

    pub(crate) fn count_statement(&self) {
        self.statements.fetch_add(1, Ordering::Relaxed);
    }

    /// The transaction, started on first use with the RLS settings for the principal.
    pub(crate) async fn tx(
        &self,
    ) -> Result<MappedMutexGuard<'_, DatabaseTransaction>, DomainError> {
        let mut guard = self.tx.lock().await;
        if let TxState::NotStarted = *guard {
            let conn = self.db.conn.clone();
            let settings = self.transaction_settings();
            // Not cancellable half-way: see the module documentation.
            let started = tokio::spawn(async move {
                let tx = conn.begin().await?;
                tx.execute_raw(settings).await?;
                Ok::<_, sea_orm::DbErr>(tx)
            })
            .await
            .map_err(|err| {
                DomainError::Internal(format!("the transaction start task failed: {err}"))
            })?;
            self.count_statement();
            self.count_statement();
            *guard = TxState::Open(started?);
        }
        if let TxState::Finished = *guard {
            return Err(DomainError::Internal(
                "the request's transaction was already finished".into(),
            ));
        }
        Ok(MutexGuard::map(guard, |state| match state {
            TxState::Open(tx) => tx,
            _ => unreachable!("state checked above"),
        }))
    }

    /// The statement that starts every transaction of this session: `SELECT set_config(...)`
    /// for the role to assume and the tenant scope, all transaction-local. Public so the RLS
    /// tests can prove that these settings alone isolate tenants.
    pub fn transaction_settings(&self) -> Statement {
        let (clinics, user_id, service) = match &*self.principal {
            Principal::User(user) => (
                user.clinic_ids()
                    .iter()
                    .map(Uuid::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
                user.user_id.to_string(),
                "off",
            ),
            Principal::Service { .. } => (String::new(), String::new(), "on"),
            Principal::Anonymous => (String::new(), String::new(), "off"),
        };
        let role = self.db.app_role.clone();
        let sql = if role.is_some() {
            "SELECT set_config('role', $1, true), set_config('app.clinic_ids', $2, true), \
             set_config('app.user_id', $3, true), set_config('app.service', $4, true)"
        } else {
            "SELECT $1::text, set_config('app.clinic_ids', $2, true), \
             set_config('app.user_id', $3, true), set_config('app.service', $4, true)"
        };
        Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            [
                Value::from(role.unwrap_or_default()),
                Value::from(clinics),
                Value::from(user_id),
                Value::from(service.to_owned()),
            ],
        )
    }

    /// Commits the request's transaction, if one was started. Called once, after the response
    /// is built and before it is sent, so a failed commit is reported instead of a false
    /// success.
    pub async fn commit(&self) -> Result<(), DomainError> {
        let state = std::mem::replace(&mut *self.tx.lock().await, TxState::Finished);
        match state {
            TxState::Open(tx) => {
                self.count_statement();
                // Not cancellable half-way: see the module documentation.
                tokio::spawn(tx.commit())
                    .await
                    .map_err(|err| DomainError::Internal(format!("the commit task failed: {err}")))?
                    .map_err(DomainError::from)
            }
            _ => Ok(()),
        }
    }

    /// Runs a statement built from a scoped select (the paging module's LATERAL wrapper) and
    /// reads the rows as models of `E`.
    pub(crate) async fn run_statement<E: TenantScoped>(
        &self,
        statement: Statement,
    ) -> Result<Vec<E::Model>, DomainError> {
        let tx = self.tx().await?;
        self.count_statement();
        Ok(E::find().from_raw_sql(statement).all(&*tx).await?)
    }

    /// Rolls the request's transaction back (after a failure that must not be committed).
    pub async fn rollback(&self) -> Result<(), DomainError> {
        let state = std::mem::replace(&mut *self.tx.lock().await, TxState::Finished);
        match state {
            TxState::Open(tx) => {
                self.count_statement();
                tokio::spawn(tx.rollback())
                    .await
                    .map_err(|err| {
                        DomainError::Internal(format!("the rollback task failed: {err}"))
                    })?
                    .map_err(DomainError::from)
            }
            _ => Ok(()),
        }
    }

    /// Whether the session's transaction is open (tests of cancellation).
    pub async fn in_transaction(&self) -> bool {
        matches!(*self.tx.lock().await, TxState::Open(_))
    }

    /// Which rows of `resource` the principal may touch for `action`.
    pub fn reach(&self, resource: Resource, action: Action) -> Reach {
        let Some(rule) = policy::rule(resource, action) else {
            return Reach::Nothing;
        };
        match (&*self.principal, rule) {
            (_, Rule::Nobody) => Reach::Nothing,
            (Principal::Service { .. }, _) => Reach::Everything,
            (_, Rule::Public) => Reach::Everything,
            (Principal::Anonymous, _) => Reach::Nothing,
            (Principal::User(_), Rule::Service) => Reach::Nothing,
            (Principal::User(_), Rule::SignedIn) => Reach::Everything,
            (Principal::User(user), Rule::Role(least)) => Reach::Clinics {
                clinics: user.clinics_with_role(least),
                user_id: user.user_id,
                include_self: false,
            },
            (Principal::User(user), Rule::SelfOrColleague) => Reach::Clinics {
                clinics: user.clinic_ids(),
                user_id: user.user_id,
                include_self: true,
            },
            (Principal::User(user), Rule::SelfOnly) => Reach::Clinics {
                clinics: Vec::new(),
                user_id: user.user_id,
                include_self: true,
            },
        }
    }

    /// Whether the principal may do `action` on `resource` in `clinic_id` (`None`: a row that
    /// belongs to no clinic). Cheap: no allocation, no I/O; used by the per-field guards.
    pub fn may(&self, resource: Resource, action: Action, clinic_id: Option<Uuid>) -> bool {
        let Some(rule) = policy::rule(resource, action) else {
            return false;
        };
        match (&*self.principal, rule) {
            (_, Rule::Nobody) => false,
            (Principal::Service { .. }, _) => true,
            (_, Rule::Public) => true,
            (Principal::Anonymous, _) => false,
            (Principal::User(_), Rule::Service) => false,
            (Principal::User(_), Rule::SignedIn) => true,
            (Principal::User(user), Rule::Role(least)) => clinic_id
                .and_then(|c| user.role_in(c))
                .is_some_and(|role| role.at_least(least)),
            (Principal::User(user), Rule::SelfOrColleague) => {
                clinic_id.is_some_and(|c| user.role_in(c).is_some())
            }
            (Principal::User(_), Rule::SelfOnly) => false,
        }
    }

    /// A read of `E` limited to what the principal may see.
    pub fn query<E: TenantScoped>(&self) -> ScopedQuery<'_, E> {
        ScopedQuery {
            session: self,
            action: Action::Read,
            select: E::find(),
        }
    }

    /// A query of `E` limited to the rows the principal may do `action` to.
    pub fn query_for<E: TenantScoped>(&self, action: Action) -> ScopedQuery<'_, E> {
        ScopedQuery {
            session: self,
            action,
            select: E::find(),
        }
    }

    /// One row by primary key, or NOT_FOUND when it does not exist or is not the caller's to
    /// see (the two are indistinguishable by design).
    pub async fn get<E>(&self, id: Uuid) -> Result<E::Model, DomainError>
    where
        E: TenantScoped,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        self.query::<E>()
            .filter_by_id(id)
            .one()
            .await?
            .ok_or(DomainError::NotFound(E::RESOURCE.noun()))
    }

    /// NOT_FOUND when the caller cannot see the row, FORBIDDEN when they can see it but may not
    /// do `action` to it, and the row when they may.
    pub async fn authorize<E>(&self, id: Uuid, action: Action) -> Result<E::Model, DomainError>
    where
        E: TenantScoped,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        if let Some(row) = self.query_for::<E>(action).filter_by_id(id).one().await? {
            return Ok(row);
        }
        let visible = self.query::<E>().filter_by_id(id).one().await?;
        match visible {
            Some(_) => Err(DomainError::forbidden(format!(
                "your role does not allow {} on this {}",
                action.as_str(),
                E::RESOURCE.noun()
            ))),
            None => Err(DomainError::NotFound(E::RESOURCE.noun())),
        }
    }

    /// Runs `work` in a savepoint of the request's transaction: all of it lands or none of it.
    pub async fn atomically<T, F>(&self, work: F) -> Result<T, DomainError>
    where
        F: AsyncFnOnce(&Writer<'_>) -> Result<T, DomainError>,
    {
        self.in_savepoint(true, work).await
    }

    /// [`Session::atomically`] for loading rows that already record what the workflows did
    /// (the demo data): the workflows do not react to them, so loading a completed case does
    /// not plan its follow-up a second time.
    pub async fn loading<T, F>(&self, work: F) -> Result<T, DomainError>
    where
        F: AsyncFnOnce(&Writer<'_>) -> Result<T, DomainError>,
    {
        self.in_savepoint(false, work).await
    }

    async fn in_savepoint<T, F>(&self, reacts: bool, work: F) -> Result<T, DomainError>
    where
        F: AsyncFnOnce(&Writer<'_>) -> Result<T, DomainError>,
    {
        let tx = self.tx().await?;
        let savepoint = self.savepoint(&tx).await?;
        let writer = Writer {
            session: self,
            tx: &savepoint,
            reacts,
        };
        let result = work(&writer).await;
        self.end_savepoint(savepoint, result.is_ok()).await?;
        result
    }

    /// Opens a savepoint in the request's transaction (`atomically`; not generic, so its code
    /// is compiled once for every caller).
    async fn savepoint(
        &self,
        tx: &DatabaseTransaction,
    ) -> Result<DatabaseTransaction, DomainError> {
        let savepoint = tx.begin().await?;
        self.count_statement();
        Ok(savepoint)
    }

    /// Releases the savepoint when its work succeeded, rolls it back when it failed.
    async fn end_savepoint(
        &self,
        savepoint: DatabaseTransaction,
        succeeded: bool,
    ) -> Result<(), DomainError> {
        if succeeded {
            savepoint.commit().await?;
        } else {
            savepoint.rollback().await?;
        }
        self.count_statement();
        Ok(())
    }

    /// Inserts one row in its own savepoint, then checks that the principal may create it
    /// where it landed (its clinic, or its parent's). A refused insert leaves nothing behind.
    pub async fn insert<E, A>(&self, row: A) -> Result<E::Model, DomainError>
    where
        E: TenantScoped,
        A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<A>,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        self.atomically(async |w| w.insert(row).await).await
    }
}

impl Drop for Session {
    /// The request ended without commit or rollback (cancelled, past its deadline, panicked):
    /// roll the transaction back explicitly on a task of its own, so the connection returns
    /// to the pool clean and nothing half-done is ever committed.
    fn drop(&mut self) {
        let state = std::mem::replace(self.tx.get_mut(), TxState::Finished);
        let TxState::Open(tx) = state else { return };
        let request_id = std::mem::take(&mut self.request_id);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if let Err(err) = tx.rollback().await {
                        tracing::warn!(request_id, error = %err, "rolling back an abandoned transaction failed");
                    }
                });
            }
            // No runtime (process shutdown): dropping the transaction queues its rollback,
            // which the pool sends when the connection is next used or closed.
            Err(_) => drop(tx),
        }
    }
}

/// A read of one entity that will be limited to the principal's reach when it runs.
pub struct ScopedQuery<'s, E: TenantScoped> {
    session: &'s Session,
    action: Action,
    select: Select<E>,
}

impl<'s, E: TenantScoped> ScopedQuery<'s, E> {
    /// Shapes the query (filters, joins, order, limit). The tenant condition is added after
    /// this, when the query runs, so nothing done here can widen it.
    pub fn shape(mut self, f: impl FnOnce(Select<E>) -> Select<E>) -> Self {
        self.select = f(self.select);
        self
    }

    pub fn filter_by_id(self, id: Uuid) -> Self
    where
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        self.shape(|s| s.filter(E::id_condition(id)))
    }

    /// The scoped select and its session; `None` when the principal reaches no rows.
    pub(crate) fn finish_scoped(self) -> Option<(Select<E>, &'s Session)> {
        self.finish()
    }

    fn finish(self) -> Option<(Select<E>, &'s Session)> {
        let reach = self.session.reach(E::RESOURCE, self.action);
        E::scoped(self.select, &reach, self.action).map(|s| (s, self.session))
    }

    pub async fn all(self) -> Result<Vec<E::Model>, DomainError> {
        let Some((select, session)) = self.finish() else {
            return Ok(Vec::new());
        };
        let tx = session.tx().await?;
        session.count_statement();
        Ok(select.all(&*tx).await?)
    }

    pub async fn one(self) -> Result<Option<E::Model>, DomainError> {
        let Some((select, session)) = self.finish() else {
            return Ok(None);
        };
        let tx = session.tx().await?;
        session.count_statement();
        Ok(select.one(&*tx).await?)
    }

    pub async fn count(self) -> Result<u64, DomainError>
    where
        E::Model: Sync,
    {
        let Some((select, session)) = self.finish() else {
            return Ok(0);
        };
        let tx = session.tx().await?;
        session.count_statement();
        Ok(select.count(&*tx).await?)
    }

    /// Runs the scoped query projected into tuples (grouped counts and the like).
    pub async fn into_tuples<T: sea_orm::TryGetableMany + Send + Sync>(
        self,
        project: impl FnOnce(Select<E>) -> Select<E>,
    ) -> Result<Vec<T>, DomainError> {
        let Some((select, session)) = self.finish() else {
            return Ok(Vec::new());
        };
        let tx = session.tx().await?;
        session.count_statement();
        Ok(project(select).into_tuple::<T>().all(&*tx).await?)
    }

    /// Runs the scoped query projected into another shape (grouped counts, tuples).
    pub async fn into_model<M: FromQueryResult + Send + Sync>(
        self,
        project: impl FnOnce(Select<E>) -> sea_orm::Selector<sea_orm::SelectModel<M>>,
    ) -> Result<Vec<M>, DomainError> {
        let Some((select, session)) = self.finish() else {
            return Ok(Vec::new());
        };
        let tx = session.tx().await?;
        session.count_statement();
        Ok(project(select).all(&*tx).await?)
    }
}
