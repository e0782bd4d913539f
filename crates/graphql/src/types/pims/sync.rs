//! PIMS sync sessions (`PimsSyncSession`) and what each did (`PimsSyncAuditEntry`), with their
//! mutations: an admin requests a sync; the sync job, as the service principal, records its
//! progress and its audit entries.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::Utc;
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::enums::SyncStatus as DbSyncStatus;
use entity::{clinics, pims_credentials, pims_sync_audit_log, pims_sync_sessions};
use sea_orm::{ActiveValue, ColumnTrait, Condition, Set};
use uuid::Uuid;

use super::a_pims;
use crate::context::session;
use crate::enums::{PimsType, SyncSessionType, SyncStatus};
use crate::errors::GqlResult;
use crate::guard::ensure_may;
use crate::ids;
use crate::inputs::set_maybe;
use crate::row::{
    BY_CREATED_AT, Children, Exposed, Filter, Filtered, Filtering, Listed, Ordering, Parent, Row,
    any_of, by, children_in_order, equals, no_links, parent, within,
};
use crate::scalars::{self, Inner};

// ---------------------------------------------------------------------------------------------
// PimsSyncSession

/// A row of `pims_sync_sessions` (described with its table in `domain::registry`).
pub type PimsSyncSession = Row<pims_sync_sessions::Entity>;

impl Exposed for pims_sync_sessions::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<pims_credentials::Entity>("credential"),
        parent::<clinics::Entity>("clinic"),
    ];
    const CHILDREN: &'static [Children] = &[children_in_order::<pims_sync_audit_log::Entity>(
        "auditLog",
        "sync_session_id",
        "What the session did, newest first (admins and owners; empty for others).",
        "created_at",
        true,
    )];
    no_links!();
}

impl Filtered for pims_sync_sessions::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "PimsSyncSessionFilter",
        about: "Which sync sessions a list returns.",
        fields: &[
            any_of("status"),
            any_of("session_type"),
            any_of("pims_type"),
            within("created_at"),
            within("started_at"),
        ],
    };
}

impl Listed for pims_sync_sessions::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "PimsSyncSessionOrder",
        about: "The order of a sync-session list (ties broken by id); newest first by default.",
        keys: &[
            BY_CREATED_AT,
            by("started_at", "By when it started."),
            by("completed_at", "By when it finished."),
        ],
        descending: true,
    };
}

// ---------------------------------------------------------------------------------------------
// PimsSyncAuditEntry

/// A row of `pims_sync_audit_log` (described with its table in `domain::registry`).
pub type PimsSyncAuditEntry = Row<pims_sync_audit_log::Entity>;

impl Exposed for pims_sync_audit_log::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<clinics::Entity>("clinic"),
        parent::<pims_sync_sessions::Entity>("syncSession"),
    ];
    no_links!();
}

/// Which sync audit entries a list returns.
pub type PimsSyncAuditFilter = Filter<pims_sync_audit_log::Entity>;

impl Filtered for pims_sync_audit_log::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "PimsSyncAuditFilter",
        about: "Which sync audit entries a list returns.",
        fields: &[
            any_of("status"),
            any_of("action_type"),
            any_of("resource_type"),
            equals("resource_id"),
            within("created_at"),
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// The input of `requestPimsSync`, which asks for a sync of the clinic's PIMS (admin or above): a
/// `PENDING` session the sync job picks up.
#[derive(InputObject)]
pub struct RequestPimsSyncInput {
    pub clinic_id: ID,
    pub session_type: SyncSessionType,
    /// Which PIMS, when the clinic has more than one connected.
    pub pims_type: Option<PimsType>,
}

/// The result of `requestPimsSync`: the pims sync session as it is after the change.
#[derive(SimpleObject)]
pub struct RequestPimsSyncPayload {
    pub pims_sync_session: PimsSyncSession,
}

/// What the sync job reports. Absent fields are left as they are; `null` clears a nullable one.
#[derive(InputObject)]
pub struct RecordPimsSyncProgressInput {
    pub id: ID,
    /// `RUNNING` sets `startedAt` and a finished status sets `completedAt` to now, unless given
    /// or already set.
    pub status: Option<SyncStatus>,
    pub started_at: MaybeUndefined<scalars::DateTime>,
    pub completed_at: MaybeUndefined<scalars::DateTime>,
    pub items_synced: Option<i32>,
    pub items_failed: Option<i32>,
    pub error_message: MaybeUndefined<String>,
    pub error_details: MaybeUndefined<scalars::Json>,
    pub metadata: Option<scalars::Json>,
    pub next_scheduled_sync: MaybeUndefined<scalars::DateTime>,
}

/// The result of `recordPimsSyncProgress`: the pims sync session as it is after the change.
#[derive(SimpleObject)]
pub struct RecordPimsSyncProgressPayload {
    pub pims_sync_session: PimsSyncSession,
}

/// The input of `recordPimsSyncAudit`, which records one action of a sync (the sync job, as the
/// service principal, only).
#[derive(InputObject)]
pub struct RecordPimsSyncAuditInput {
    pub clinic_id: ID,
    /// The session the entry belongs to (same clinic).
    pub sync_session_id: Option<ID>,
    pub action_type: String,
    pub resource_type: String,
    pub resource_id: Option<scalars::Uuid>,
    pub status: String,
    pub details: Option<scalars::Json>,
}

/// The result of `recordPimsSyncAudit`: the pims sync audit entry as it is after the change.
#[derive(SimpleObject)]
pub struct RecordPimsSyncAuditPayload {
    pub pims_sync_audit_entry: PimsSyncAuditEntry,
}

/// Whether a stored timestamp is empty (the row as loaded: `Unchanged(None)`).
fn unset<T>(value: &ActiveValue<Option<T>>) -> bool
where
    T: Into<sea_orm::Value>,
    Option<T>: Into<sea_orm::Value>,
{
    matches!(value, ActiveValue::Unchanged(None) | ActiveValue::NotSet)
}

#[derive(Default)]
pub struct PimsSyncMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl PimsSyncMutations {
    /// Asks for a sync of the clinic's PIMS (admin or above): a `PENDING` session the sync job
    /// picks up. Refused while a sync of the same type is pending or running.
    async fn request_pims_sync(
        &self,
        ctx: &Context<'_>,
        input: RequestPimsSyncInput,
    ) -> async_graphql::Result<RequestPimsSyncPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        let pims = input
            .pims_type
            .map(|p| a_pims("input.pimsType", p))
            .transpose()
            .gql()?;
        let kind: entity::enums::SyncSessionType = input.session_type.into();
        let row = session(ctx)?
            .atomically(async |w| {
                ensure_may(w, Resource::PimsSyncSessions, Action::Create, clinic_id)?;
                let active = |pims: Option<entity::enums::PimsType>| {
                    let mut cond = Condition::all()
                        .add(pims_credentials::Column::ClinicId.eq(clinic_id))
                        .add(pims_credentials::Column::IsActive.eq(true));
                    if let Some(p) = pims {
                        cond = cond.add(pims_credentials::Column::PimsType.eq(p));
                    }
                    cond
                };
                let credential = w
                    .find_one::<pims_credentials::Entity>(Action::Read, active(pims))
                    .await?
                    .ok_or_else(|| {
                        DomainError::bad_input(
                            "input.pimsType",
                            "the clinic has no active PIMS connection",
                        )
                    })?;
                if pims.is_none() {
                    let other = w
                        .find_one::<pims_credentials::Entity>(
                            Action::Read,
                            active(None)
                                .add(pims_credentials::Column::PimsType.ne(credential.pims_type)),
                        )
                        .await?;
                    if other.is_some() {
                        return Err(DomainError::bad_input(
                            "input.pimsType",
                            "the clinic has several PIMS connected; choose one",
                        ));
                    }
                }
                if credential.sync_enabled == Some(false) {
                    return Err(DomainError::bad_input(
                        "input.pimsType",
                        "syncing is disabled for this PIMS",
                    ));
                }
                let busy = w
                    .find_one::<pims_sync_sessions::Entity>(
                        Action::Read,
                        Condition::all()
                            .add(pims_sync_sessions::Column::ClinicId.eq(clinic_id))
                            .add(pims_sync_sessions::Column::PimsType.eq(credential.pims_type))
                            .add(pims_sync_sessions::Column::SessionType.eq(kind))
                            .add(
                                pims_sync_sessions::Column::Status
                                    .is_in([DbSyncStatus::Pending, DbSyncStatus::Running]),
                            ),
                    )
                    .await?;
                if busy.is_some() {
                    return Err(DomainError::Conflict {
                        message: format!("a {kind} sync is already pending or running"),
                        constraint: None,
                    });
                }
                w.insert(pims_sync_sessions::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(clinic_id),
                    credential_id: Set(Some(credential.id)),
                    pims_type: Set(credential.pims_type),
                    session_type: Set(kind),
                    status: Set(Some(DbSyncStatus::Pending)),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(RequestPimsSyncPayload {
            pims_sync_session: PimsSyncSession::new(row),
        })
    }

    /// Records a sync session's progress or outcome (the sync job, as the service principal,
    /// only).
    async fn record_pims_sync_progress(
        &self,
        ctx: &Context<'_>,
        input: RecordPimsSyncProgressInput,
    ) -> async_graphql::Result<RecordPimsSyncProgressPayload> {
        let id = ids::decode_as(&input.id, Resource::PimsSyncSessions).gql()?;
        validate::non_negative("input.itemsSynced", input.items_synced).gql()?;
        validate::non_negative("input.itemsFailed", input.items_failed).gql()?;
        validate::optional_text(
            "input.errorMessage",
            input.error_message.as_opt_deref().flatten(),
        )
        .gql()?;
        if let (MaybeUndefined::Value(started), MaybeUndefined::Value(completed)) =
            (&input.started_at, &input.completed_at)
            && completed < started
        {
            return Err(crate::errors::to_gql(&DomainError::bad_input(
                "input.completedAt",
                "must not be before startedAt",
            )));
        }
        let now = Utc::now();
        let status: Option<DbSyncStatus> = input.status.map(Into::into);
        let (_, row) = session(ctx)?
            .atomically(async |w| {
                w.update::<pims_sync_sessions::Entity, pims_sync_sessions::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        if let Some(status) = status {
                            row.status = Set(Some(status));
                            if status == DbSyncStatus::Running
                                && input.started_at.is_undefined()
                                && unset(&row.started_at)
                            {
                                row.started_at = Set(Some(now));
                            }
                            let finished = matches!(
                                status,
                                DbSyncStatus::Completed
                                    | DbSyncStatus::Failed
                                    | DbSyncStatus::Cancelled
                            );
                            if finished
                                && input.completed_at.is_undefined()
                                && unset(&row.completed_at)
                            {
                                row.completed_at = Set(Some(now));
                            }
                        }
                        set_maybe(&mut row.started_at, input.started_at.inner());
                        set_maybe(&mut row.completed_at, input.completed_at.inner());
                        if let Some(n) = input.items_synced {
                            row.items_synced = Set(Some(n));
                        }
                        if let Some(n) = input.items_failed {
                            row.items_failed = Set(Some(n));
                        }
                        set_maybe(&mut row.error_message, input.error_message);
                        set_maybe(
                            &mut row.error_details,
                            input.error_details.map_value(|j| j.0),
                        );
                        if let Some(metadata) = input.metadata {
                            row.metadata = Set(Some(metadata.0));
                        }
                        set_maybe(
                            &mut row.next_scheduled_sync,
                            input.next_scheduled_sync.inner(),
                        );
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(RecordPimsSyncProgressPayload {
            pims_sync_session: PimsSyncSession::new(row),
        })
    }

    /// Records one action of a sync (the sync job, as the service principal, only).
    async fn record_pims_sync_audit(
        &self,
        ctx: &Context<'_>,
        input: RecordPimsSyncAuditInput,
    ) -> async_graphql::Result<RecordPimsSyncAuditPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        let session_id = input
            .sync_session_id
            .as_ref()
            .map(|id| ids::decode_as(id, Resource::PimsSyncSessions))
            .transpose()
            .gql()?;
        validate::required("input.actionType", &input.action_type).gql()?;
        validate::required("input.resourceType", &input.resource_type).gql()?;
        validate::required("input.status", &input.status).gql()?;
        let row = session(ctx)?
            .atomically(async |w| {
                ensure_may(w, Resource::PimsSyncAuditLog, Action::Create, clinic_id)?;
                if let Some(id) = session_id {
                    w.reference::<pims_sync_sessions::Entity>(id, clinic_id, "input.syncSessionId")
                        .await?;
                }
                w.insert(pims_sync_audit_log::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(clinic_id),
                    sync_session_id: Set(session_id),
                    action_type: Set(input.action_type.trim().to_owned()),
                    resource_type: Set(input.resource_type.trim().to_owned()),
                    resource_id: Set(input.resource_id.inner()),
                    status: Set(input.status.trim().to_owned()),
                    details: input.details.map_or(sea_orm::NotSet, |d| Set(Some(d.0))),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(RecordPimsSyncAuditPayload {
            pims_sync_audit_entry: PimsSyncAuditEntry::new(row),
        })
    }
}
