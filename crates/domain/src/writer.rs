//! Writes inside one savepoint of a request's transaction: each checked against the policy
//! table for the row's clinic, and each recorded in the audit trail in the same savepoint.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, DatabaseTransaction, IntoActiveModel, Iterable,
    PrimaryKeyToColumn, PrimaryKeyTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::error::DomainError;
use crate::policy::{self, Action, Resource, Rule};
use crate::principal::Principal;
use crate::session::Session;
use crate::tenancy::{Reach, TenantScoped};

/// Writes inside one savepoint, each checked against the policy table.
pub struct Writer<'s> {
    pub(crate) session: &'s Session,
    pub(crate) tx: &'s DatabaseTransaction,
    /// Whether the workflows react to what this writer writes (`follow_up::reactions`): off
    /// only while loading rows that already record what the workflows did (the demo data).
    pub(crate) reacts: bool,
}

impl Writer<'_> {
    pub fn session(&self) -> &Session {
        self.session
    }

    /// Checks, before anything is written, that the principal may do `action` on `resource` in
    /// the clinic: NOT_FOUND outside their clinics, FORBIDDEN when their role is too low. The
    /// writes check again after they land; checking first means a refused caller never learns
    /// from a constraint (a taken confirmation number, a taken slot) what the clinic holds.
    pub async fn permit(
        &self,
        resource: Resource,
        action: Action,
        clinic_id: Uuid,
    ) -> Result<(), DomainError> {
        if self
            .fetch::<entity::clinics::Entity>(clinic_id, Action::Read)
            .await?
            .is_none()
        {
            return Err(DomainError::NotFound("clinic"));
        }
        if !self.session.may(resource, action, Some(clinic_id)) {
            return Err(DomainError::forbidden(format!(
                "your role does not allow {} on this {}",
                action.as_str(),
                resource.noun()
            )));
        }
        Ok(())
    }

    /// Inserts an entry of a trail a workflow keeps (the booking flow's
    /// `appointment_audit_log`) for a step the principal was allowed to take: `step` on
    /// `resource` in the entry's clinic. The trail's own create rule governs direct writes
    /// (`recordAppointmentAudit`, service only); here the entry is the workflow's record of
    /// what it did, so staff who hold or confirm a booking leave one too. Audited like any
    /// other write.
    pub async fn insert_trail<E, A>(
        &self,
        row: A,
        clinic_id: Uuid,
        (resource, step): (Resource, Action),
    ) -> Result<E::Model, DomainError>
    where
        E: TenantScoped,
        A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<A>,
    {
        if !self.session.may(resource, step, Some(clinic_id)) {
            return Err(self.refusal::<E>(Action::Create));
        }
        self.session.count_statement();
        let model = row.insert(self.tx).await?;
        self.audit::<E>(E::id_of(&model), "create", None, Some(&model))
            .await?;
        Ok(model)
    }

    /// The rows matching `condition` that the principal may `action`.
    pub async fn all<E>(
        &self,
        action: Action,
        condition: sea_orm::Condition,
    ) -> Result<Vec<E::Model>, DomainError>
    where
        E: TenantScoped,
    {
        let reach = self.session.reach(E::RESOURCE, action);
        let Some(select) = E::scoped(E::find().filter(condition), &reach, action) else {
            return Ok(Vec::new());
        };
        self.session.count_statement();
        Ok(select.all(self.tx).await?)
    }

    /// Holds a transaction-long lock on `key` (a workflow's name and the row it serialises
    /// on): a second request asking for the same key waits until the first one's transaction
    /// ends, and then sees what it committed. For checks no constraint can express, such as
    /// "no two live holds overlap" when a hold's life ends with the clock.
    pub async fn serialize_on(&self, key: &str) -> Result<(), DomainError> {
        use sea_orm::ConnectionTrait;
        self.session.count_statement();
        self.tx
            .execute_raw(sea_orm::Statement::from_sql_and_values(
                sea_orm::DbBackend::Postgres,
                "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                [key.into()],
            ))
            .await?;
        Ok(())
    }

    /// Hands a write to the workflows that react to it (`follow_up::reactions`).
    async fn react<M: std::any::Any + PartialEq>(
        &self,
        before: Option<&M>,
        after: &M,
    ) -> Result<(), DomainError> {
        if !self.reacts {
            return Ok(());
        }
        match crate::follow_up::reactions::Change::of(before, after) {
            Some(change) => crate::follow_up::reactions::react(self, change).await,
            None => Ok(()),
        }
    }

    /// [`Writer::insert_trail`] for a trail whose rows the principal cannot read back until
    /// other rows point at them (an auto-scheduling run, visible through its items): inserted
    /// without `RETURNING`, from a row whose every column is set.
    pub async fn insert_trail_unseen<E, A>(
        &self,
        row: A,
        clinic_id: Uuid,
        (resource, step): (Resource, Action),
    ) -> Result<E::Model, DomainError>
    where
        E: TenantScoped,
        A: ActiveModelTrait<Entity = E>
            + ActiveModelBehavior
            + Send
            + sea_orm::TryIntoModel<E::Model>
            + Clone,
    {
        if !self.session.may(resource, step, Some(clinic_id)) {
            return Err(self.refusal::<E>(Action::Create));
        }
        let model = row.clone().try_into_model()?;
        self.session.count_statement();
        E::insert(row).exec_without_returning(self.tx).await?;
        self.audit::<E>(E::id_of(&model), "create", None, Some(&model))
            .await?;
        Ok(model)
    }

    /// Inserts a row and checks that the principal may create it where it landed.
    pub async fn insert<E, A>(&self, row: A) -> Result<E::Model, DomainError>
    where
        E: TenantScoped,
        A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<A>,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        if let Reach::Nothing = self.session.reach(E::RESOURCE, Action::Create) {
            return Err(self.refusal::<E>(Action::Create));
        }
        self.session.count_statement();
        let model = row.insert(self.tx).await?;
        let id = E::id_of(&model);
        if !self.visible::<E>(id, Action::Create).await? {
            return Err(if self.visible::<E>(id, Action::Read).await? {
                self.refusal::<E>(Action::Create)
            } else {
                DomainError::NotFound(E::RESOURCE.parent_noun())
            });
        }
        self.audit::<E>(id, "create", None, Some(&model)).await?;
        self.react(None, &model).await?;
        Ok(model)
    }

    /// Records a write in the audit trail, inside this savepoint.
    async fn audit<E: TenantScoped>(
        &self,
        id: Uuid,
        action: &str,
        before: Option<&E::Model>,
        after: Option<&E::Model>,
    ) -> Result<(), DomainError>
    where
        E::Model: serde::Serialize,
    {
        let json = |m: &E::Model| {
            serde_json::to_value(m).map_err(|e| DomainError::Internal(e.to_string()))
        };
        self.session.count_statement();
        crate::audit::record(
            self.tx,
            self.session.principal(),
            self.session.request_id(),
            crate::audit::Change {
                resource: E::RESOURCE,
                entity_id: id,
                action,
                before: before.map(json).transpose()?,
                after: after.map(json).transpose()?,
            },
        )
        .await
    }

    /// Inserts a row into a table whose create rule is public (the sign-up forms). Such rows
    /// are never readable by their writer, so nothing is read back: the caller supplies the id.
    ///
    /// The insert is idempotent: a row that collides with an existing one (the same address on
    /// the same waitlist) is dropped without a word and the answer is the same as for a fresh
    /// row, so an anonymous caller cannot learn what is stored. The returned id is a receipt,
    /// not a handle (it names nothing when the row was a duplicate); only a row that was
    /// written is audited.
    pub async fn insert_public<E, A>(&self, id: Uuid, row: A) -> Result<Uuid, DomainError>
    where
        E: TenantScoped,
        A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
    {
        if policy::rule(E::RESOURCE, Action::Create) != Some(Rule::Public) {
            return Err(DomainError::Internal(format!(
                "{} is not a public table",
                E::RESOURCE.table()
            )));
        }
        self.session.count_statement();
        let mut do_nothing = OnConflict::new();
        do_nothing.do_nothing();
        let inserted = E::insert(row)
            .on_conflict(do_nothing)
            .exec_without_returning(self.tx)
            .await?;
        if inserted == 0 {
            return Ok(id);
        }
        self.session.count_statement();
        crate::audit::record(
            self.tx,
            self.session.principal(),
            self.session.request_id(),
            crate::audit::Change {
                resource: E::RESOURCE,
                entity_id: id,
                action: "create",
                before: None,
                after: Some(serde_json::json!({ "id": id })),
            },
        )
        .await?;
        Ok(id)
    }

    /// Loads a row the principal may `action` (NOT_FOUND / FORBIDDEN otherwise).
    pub async fn load_for<E>(&self, id: Uuid, action: Action) -> Result<E::Model, DomainError>
    where
        E: TenantScoped,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        if let Some(row) = self.fetch::<E>(id, action).await? {
            return Ok(row);
        }
        match self.fetch::<E>(id, Action::Read).await? {
            Some(_) => Err(self.refusal::<E>(action)),
            None => Err(DomainError::NotFound(E::RESOURCE.noun())),
        }
    }

    /// Updates a row the principal may update, applying `change` to it, and checks it is still
    /// theirs afterwards (a write cannot move a row into another clinic).
    pub async fn update<E, A>(
        &self,
        id: Uuid,
        action: Action,
        change: impl FnOnce(&mut A) -> Result<(), DomainError> + Send,
    ) -> Result<(E::Model, E::Model), DomainError>
    where
        E: TenantScoped,
        A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<A> + Clone,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        let mut change = Some(change);
        self.update_with::<E, A>(id, action, &mut |row| match change.take() {
            Some(change) => change(row),
            None => Ok(()),
        })
        .await
    }

    /// [`Writer::update`] with its change behind a reference, so that this body is compiled
    /// once per table rather than once per caller.
    async fn update_with<E, A>(
        &self,
        id: Uuid,
        action: Action,
        change: &mut (dyn FnMut(&mut A) -> Result<(), DomainError> + Send),
    ) -> Result<(E::Model, E::Model), DomainError>
    where
        E: TenantScoped,
        A: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
        E::Model: IntoActiveModel<A> + Clone,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        let before = self.load_for::<E>(id, action).await?;
        let mut active: A = before.clone().into_active_model();
        change(&mut active)?;
        let after = if active.is_changed() {
            self.session.count_statement();
            active.update(self.tx).await?
        } else {
            before.clone()
        };
        if !self.visible::<E>(id, action).await? {
            return Err(self.refusal::<E>(action));
        }
        if before != after {
            self.audit::<E>(id, action.as_str(), Some(&before), Some(&after))
                .await?;
            self.react(Some(&before), &after).await?;
        }
        Ok((before, after))
    }

    /// Deletes a row the principal may delete; returns the row as it was.
    pub async fn delete<E>(&self, id: Uuid) -> Result<E::Model, DomainError>
    where
        E: TenantScoped,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        let before = self.load_for::<E>(id, Action::Delete).await?;
        self.session.count_statement();
        E::delete_by_id(<E::PrimaryKey as PrimaryKeyTrait>::ValueType::from(id))
            .exec(self.tx)
            .await?;
        self.audit::<E>(id, "delete", Some(&before), None).await?;
        Ok(before)
    }

    /// A row an input refers to (`field`), which must be visible to the caller and belong to
    /// `clinic_id`. The answer is the same whether the row does not exist or belongs to another
    /// clinic, so it reveals nothing.
    pub async fn reference<E>(
        &self,
        id: Uuid,
        clinic_id: Uuid,
        field: &str,
    ) -> Result<E::Model, DomainError>
    where
        E: TenantScoped,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        let row = self.fetch::<E>(id, Action::Read).await?;
        let clinic_column = <E::Column as std::str::FromStr>::from_str("clinic_id").ok();
        let in_clinic = |row: &E::Model| match clinic_column {
            Some(column) => {
                sea_orm::ModelTrait::get(row, column) == sea_orm::Value::Uuid(Some(clinic_id))
            }
            None => true,
        };
        match row {
            Some(row) if in_clinic(&row) => Ok(row),
            _ => Err(DomainError::bad_input(
                field,
                format!("no such {} in this clinic", E::RESOURCE.noun()),
            )),
        }
    }

    /// The first row matching `condition` that the principal may `action` (for upserts by a
    /// natural key, and one-to-one rows such as a clinic's settings).
    pub async fn find_one<E>(
        &self,
        action: Action,
        condition: sea_orm::Condition,
    ) -> Result<Option<E::Model>, DomainError>
    where
        E: TenantScoped,
    {
        let reach = self.session.reach(E::RESOURCE, action);
        let Some(select) = E::scoped(E::find().filter(condition), &reach, action) else {
            return Ok(None);
        };
        self.session.count_statement();
        Ok(select.one(self.tx).await?)
    }

    /// The rows matching `condition` that the principal may `action`, locked (`FOR UPDATE`)
    /// until the request's transaction ends. For a check that must hold under concurrency (a
    /// clinic keeps an owner; an invitation is accepted once): under READ COMMITTED a
    /// concurrent writer of one of these rows makes this wait until it commits, and the row is
    /// then re-read and `condition` evaluated again on its committed version, so what this
    /// returns is still true when the caller writes. Rows are locked in primary-key order, so
    /// two callers locking overlapping sets wait for each other instead of deadlocking.
    pub async fn lock<E>(
        &self,
        action: Action,
        condition: sea_orm::Condition,
    ) -> Result<Vec<E::Model>, DomainError>
    where
        E: TenantScoped,
    {
        let reach = self.session.reach(E::RESOURCE, action);
        let Some(select) = E::scoped(E::find().filter(condition), &reach, action) else {
            return Ok(Vec::new());
        };
        let select = E::PrimaryKey::iter().fold(select, |s, key| s.order_by_asc(key.into_column()));
        self.session.count_statement();
        Ok(select.lock_exclusive().all(self.tx).await?)
    }

    /// Up to `limit` rows matching `condition` that the principal may `action`, first by
    /// `order` then by key, locked until the transaction ends and skipping rows another
    /// transaction has locked (`FOR UPDATE SKIP LOCKED`): concurrent workers claiming due work
    /// each get rows of their own and never wait for one another.
    pub async fn claim<E>(
        &self,
        action: Action,
        condition: sea_orm::Condition,
        order: E::Column,
        limit: u64,
    ) -> Result<Vec<E::Model>, DomainError>
    where
        E: TenantScoped,
    {
        use sea_orm::sea_query::{LockBehavior, LockType};
        let reach = self.session.reach(E::RESOURCE, action);
        let Some(select) = E::scoped(E::find().filter(condition), &reach, action) else {
            return Ok(Vec::new());
        };
        let select = E::PrimaryKey::iter()
            .fold(select.order_by_asc(order), |s, key| {
                s.order_by_asc(key.into_column())
            })
            .limit(limit)
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        self.session.count_statement();
        Ok(select.all(self.tx).await?)
    }

    /// Runs a scoped query inside the savepoint.
    pub async fn fetch<E>(&self, id: Uuid, action: Action) -> Result<Option<E::Model>, DomainError>
    where
        E: TenantScoped,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        let reach = self.session.reach(E::RESOURCE, action);
        let Some(select) = E::scoped(E::find_by_id(id), &reach, action) else {
            return Ok(None);
        };
        self.session.count_statement();
        Ok(select.one(self.tx).await?)
    }

    async fn visible<E>(&self, id: Uuid, action: Action) -> Result<bool, DomainError>
    where
        E: TenantScoped,
        <E::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
    {
        Ok(self.fetch::<E>(id, action).await?.is_some())
    }

    fn refusal<E: TenantScoped>(&self, action: Action) -> DomainError {
        match self.session.principal() {
            Principal::Anonymous => DomainError::Unauthenticated,
            _ => DomainError::forbidden(format!(
                "your role does not allow {} on this {}",
                action.as_str(),
                E::RESOURCE.noun()
            )),
        }
    }
}
