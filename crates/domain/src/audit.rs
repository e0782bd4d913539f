//! The audit trail: every write made through a [`Writer`](crate::session::Writer) records who
//! did what to which row, with the row before and after, in the same savepoint as the write,
//! so a write and its audit record land together or not at all.
//!
//! Redaction is by allow-list, from the table's API declaration ([`crate::exposure`]), twice:
//! at write time an event keeps only the columns some field of the table's GraphQL type shows
//! (secrets and private columns never reach the table), and at read time a reader sees only the
//! columns that type shows to their role in the row's clinic (`exposure::visible_to`).

use entity::audit_events;
use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, NotSet, Set, Statement,
};
use serde_json::Value as Json;
use uuid::Uuid;

use crate::error::DomainError;
use crate::exposure;
use crate::policy::Resource;
use crate::principal::Principal;
use crate::tenancy::ClinicLookup;

/// The clinic a written row belongs to, found the way its table's declared path says: its own
/// `clinic_id` (or `id` for a clinic), or its parent chain's.
async fn clinic_of(
    tx: &DatabaseTransaction,
    resource: Resource,
    row: &Json,
) -> Result<Option<Uuid>, DomainError> {
    let field = |name: &str| {
        row.get(name)
            .and_then(Json::as_str)
            .and_then(|s| Uuid::parse_str(s).ok())
    };
    let (sql, id) = match crate::tenancy::clinic_lookup(resource) {
        ClinicLookup::Column(column) => return Ok(field(column)),
        ClinicLookup::None => return Ok(None),
        ClinicLookup::Parent { column, sql } => match field(column) {
            Some(id) => (sql, id),
            None => return Ok(None),
        },
    };
    let row = tx
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            [id.into()],
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get_by_index::<Option<Uuid>>(0)?,
        None => None,
    })
}

/// One write, as the trail records it.
pub(crate) struct Change<'a> {
    pub resource: Resource,
    pub entity_id: Uuid,
    pub action: &'a str,
    pub before: Option<Json>,
    pub after: Option<Json>,
}

/// Appends one audit event inside the caller's savepoint.
pub(crate) async fn record(
    tx: &DatabaseTransaction,
    principal: &Principal,
    request_id: &str,
    change: Change<'_>,
) -> Result<(), DomainError> {
    // The clinic is found from the whole row (a parent id may be a column no field shows).
    let reference = change
        .after
        .as_ref()
        .or(change.before.as_ref())
        .cloned()
        .unwrap_or(Json::Null);
    let clinic_id = clinic_of(tx, change.resource, &reference).await?;
    let before = change
        .before
        .map(|row| exposure::stored(change.resource, row));
    let after = change
        .after
        .map(|row| exposure::stored(change.resource, row));
    let (kind, user_id, name) = match principal {
        Principal::User(user) => ("user", Some(user.user_id), Some(user.clerk_user_id.clone())),
        Principal::Service { name } => ("service", None, Some(name.clone())),
        Principal::Anonymous => ("anonymous", None, None),
    };
    let event = audit_events::ActiveModel {
        id: Set(Uuid::new_v4()),
        clinic_id: Set(clinic_id),
        actor_kind: Set(kind.to_owned()),
        actor_user_id: Set(user_id),
        actor_name: Set(name),
        entity: Set(change.resource.table().to_owned()),
        entity_id: Set(change.entity_id),
        action: Set(change.action.to_owned()),
        before: Set(before),
        after: Set(after),
        request_id: Set(Some(request_id.to_owned())),
        created_at: NotSet,
    };
    // No RETURNING: the row need not be readable by the writer (a user's own profile change
    // is audited without a clinic, which only the service may read back).
    audit_events::Entity::insert(event)
        .exec_without_returning(tx)
        .await?;
    Ok(())
}
