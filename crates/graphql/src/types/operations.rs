//! The operations fields of `Clinic` (automation, templates, Slack, the audit trail), the
//! public sign-ups, and the mutations of this area.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Json, Object, SimpleObject};
use chrono::{DateTime, Utc};
use domain::paging::SortOrder;
use domain::validate;
use domain::Resource;
use entity::{audit_events, clinics, waitlist_signups};
use sea_orm::{ColumnTrait, Condition, Set};
use uuid::Uuid;

use super::TypeRule;
use crate::connection::{List, child_list, window};
use crate::context::session;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::inputs::DateTimeRange;

/// The object types of this area and their resources (for the schema-coverage test).
pub const TYPE_RULES: &[(&str, TypeRule)] = &[
    ("AuditEvent", TypeRule::Row(Resource::AuditEvents)),
    ("ClinicOperations", TypeRule::Row(Resource::Clinics)),
    ("JoinWaitlistPayload", TypeRule::Value),
];

/// One write made through the API: who, what, the row before and after.
pub struct AuditEvent(pub audit_events::Model);

#[Object(guard = "ReadGuard::maybe_global(Resource::AuditEvents, self.0.clinic_id)")]
impl AuditEvent {
    pub async fn id(&self) -> ID {
        ids::encode("AuditEvent", self.0.id)
    }
    /// `user`, `service` or `anonymous`.
    async fn actor_kind(&self) -> &str {
        &self.0.actor_kind
    }
    async fn actor_user_id(&self) -> Option<ID> {
        self.0.actor_user_id.map(|id| ids::encode("User", id))
    }
    /// The service's name, or the user's identity-provider id.
    async fn actor_name(&self) -> Option<&str> {
        self.0.actor_name.as_deref()
    }
    /// The table written.
    async fn entity(&self) -> &str {
        &self.0.entity
    }
    /// The row's id (a UUID; the global id depends on the entity's type).
    async fn entity_id(&self) -> Uuid {
        self.0.entity_id
    }
    /// `create`, `update`, `archive`, `delete`, or a named action.
    async fn action(&self) -> &str {
        &self.0.action
    }
    /// The row before the write (secrets redacted).
    async fn before(&self) -> Option<Json<serde_json::Value>> {
        self.0.before.clone().map(Json)
    }
    /// The row after the write (secrets redacted).
    async fn after(&self) -> Option<Json<serde_json::Value>> {
        self.0.after.clone().map(Json)
    }
    async fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// Which audit events a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct AuditEventFilter {
    /// The table, e.g. `clients`.
    pub entity: Option<String>,
    pub entity_id: Option<Uuid>,
    pub action: Option<String>,
    pub created_at: Option<DateTimeRange>,
}

impl AuditEventFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(entity) = &self.entity {
            cond = cond.add(audit_events::Column::Entity.eq(entity.clone()));
        }
        if let Some(id) = self.entity_id {
            cond = cond.add(audit_events::Column::EntityId.eq(id));
        }
        if let Some(action) = &self.action {
            cond = cond.add(audit_events::Column::Action.eq(action.clone()));
        }
        if let Some(range) = &self.created_at {
            range.validate("filter.createdAt").gql()?;
            cond = cond.add(range.condition(audit_events::Column::CreatedAt));
        }
        Ok(cond)
    }
}

/// The operations fields of `Clinic`.
pub struct ClinicOperations(pub Arc<clinics::Model>);

#[Object(guard = "ReadGuard::new(Resource::Clinics, self.0.id)")]
impl ClinicOperations {
    /// Who changed what in the clinic, newest first (admins and owners).
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<AuditEventFilter>,
    ) -> async_graphql::Result<List<AuditEvent>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = SortOrder {
            column: audit_events::Column::CreatedAt,
            descending: true,
        };
        let window = window(first, after, last, before)?;
        child_list::<audit_events::Entity, _>(ctx, audit_events::Column::ClinicId, self.0.id, filter, order, window, AuditEvent)
            .await
    }
}

#[derive(InputObject)]
pub struct JoinWaitlistInput {
    pub email: String,
    pub full_name: Option<String>,
    pub source: Option<String>,
    pub campaign: Option<String>,
}

#[derive(SimpleObject)]
pub struct JoinWaitlistPayload {
    /// The sign-up's id (its details are not readable by the public).
    pub signup_id: ID,
}

/// Mutations anyone may call, signed in or not: the public sign-up forms.
#[derive(Default)]
pub struct PublicMutations;

#[Object]
impl PublicMutations {
    /// Joins the waitlist (anyone, no sign-in needed).
    async fn join_waitlist(&self, ctx: &Context<'_>, input: JoinWaitlistInput) -> async_graphql::Result<JoinWaitlistPayload> {
        validate::required("input.email", &input.email).gql()?;
        validate::email("input.email", Some(&input.email)).gql()?;
        let id = Uuid::new_v4();
        let row = waitlist_signups::ActiveModel {
            id: Set(id),
            email: Set(input.email.trim().to_lowercase()),
            full_name: Set(input.full_name),
            source: Set(input.source),
            campaign: input.campaign.map_or(sea_orm::NotSet, |c| Set(Some(c))),
            ..Default::default()
        };
        session(ctx)?
            .atomically(async |w| w.insert_public::<waitlist_signups::Entity, _>(id, row).await)
            .await
            .gql()?;
        Ok(JoinWaitlistPayload {
            signup_id: ids::encode("WaitlistSignup", id),
        })
    }
}
