//! The operations area's shared parts: the audit trail (`AuditEvent`), the operations fields of
//! `Clinic` (automation, templates, Slack, the audit trail), the area's root queries, the
//! service-only guard, and the public sign-up mutations.
//!
//! The tables themselves live in `automation` (runs, scheduled items, discharge batches),
//! `templates`, `slack` and `public`; the fields here only delegate to them.

use async_graphql::{Context, Guard, ID, InputObject, Object, SimpleObject};
use domain::validate;
use domain::{DomainError, Principal, Resource, exposure};
use entity::{audit_events, clinics, contact_submissions, waitlist_signups};
use sea_orm::Set;
use uuid::Uuid;

use super::templates::{
    DischargeTemplate, DischargeTemplateFilter, SoapTemplate, SoapTemplateFilter, TemplateOrder,
};
use crate::connection::{List, window};
use crate::context::session;
use crate::errors::{GqlResult, to_gql};
use crate::ids;
use crate::row::{Exposed, Filtered, Filtering, Row, RowRule, equals, within};
use crate::scalars;

// ---------------------------------------------------------------------------------------------
// Shared helpers of the area

/// Lets only the service principal through: FORBIDDEN for users, UNAUTHENTICATED without a
/// credential. For fields and lists whose data crosses clinics (run totals, sign-ups).
pub struct ServiceOnly;

impl Guard for ServiceOnly {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        require_service(ctx)
    }
}

/// The check of [`ServiceOnly`], for mutations that only jobs and webhooks may call. Refusing
/// before any row is read reveals nothing about which rows exist.
pub(crate) fn require_service(ctx: &Context<'_>) -> async_graphql::Result<()> {
    service_only(session(ctx)?.principal()).map_err(|err| to_gql(&err))
}

/// The principal is the platform's service: UNAUTHENTICATED for nobody, FORBIDDEN for a user.
pub(crate) fn service_only(principal: &Principal) -> Result<(), DomainError> {
    match principal {
        Principal::Service { .. } => Ok(()),
        Principal::Anonymous => Err(DomainError::Unauthenticated),
        Principal::User(_) => Err(DomainError::forbidden(
            "only the platform's service may do this",
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// The audit trail

/// A row of `audit_events` (described with its table in `domain::registry`).
pub type AuditEvent = Row<audit_events::Entity>;

/// The hand-written fields of `AuditEvent` (its columns come from its declaration).
pub struct AuditEventLinks<'a>(&'a audit_events::Model);

#[Object(name = "AuditEventLinks")]
impl AuditEventLinks<'_> {
    async fn actor_user_id(&self) -> Option<ID> {
        self.0.actor_user_id.map(|id| ids::of(Resource::Users, id))
    }

    /// The row before the write, as its table's type shows it to you: exactly the columns
    /// (snake_case) of the fields you may see on that row. Secrets are never recorded.
    async fn before(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<scalars::Json>> {
        self.shown(ctx, self.0.before.as_ref())
    }

    /// The row after the write, as its table's type shows it to you (see `before`).
    async fn after(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<scalars::Json>> {
        self.shown(ctx, self.0.after.as_ref())
    }
}

impl Exposed for audit_events::Entity {
    type Links<'a> = AuditEventLinks<'a>;
    fn links(model: &audit_events::Model) -> Self::Links<'_> {
        AuditEventLinks(model)
    }
    // System rows (no clinic) are every signed-in reader's.
    const ROW_RULE: RowRule = RowRule::ClinicOrGlobal;
}

impl AuditEventLinks<'_> {
    /// A recorded row as the reader may see it, by the allow-list of the row's table
    /// (`domain::exposure`): an unknown table shows nothing.
    fn shown(
        &self,
        ctx: &Context<'_>,
        row: Option<&serde_json::Value>,
    ) -> async_graphql::Result<Option<scalars::Json>> {
        let Some(row) = row else { return Ok(None) };
        let shown = match Resource::from_table(&self.0.entity) {
            Some(resource) => exposure::visible_to(session(ctx)?, resource, self.0.clinic_id, row),
            None => serde_json::Value::Object(serde_json::Map::new()),
        };
        Ok(Some(scalars::Json(shown)))
    }
}

impl Filtered for audit_events::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "AuditEventFilter",
        about: "Which audit events a list returns.",
        fields: &[
            equals("entity").about("The table, e.g. `clients`."),
            equals("entity_id"),
            equals("action"),
            within("created_at"),
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// The clinic's lists of this area

/// The operations fields of `Clinic`.
pub struct ClinicOperations<'a>(pub &'a clinics::Model);

/// The operations fields of `Clinic`.
#[Object]
impl ClinicOperations<'_> {
    /// The clinic's SOAP templates and, unless `filter.includeGlobal` is false, the global ones.
    #[allow(clippy::too_many_arguments)]
    async fn soap_templates(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<SoapTemplateFilter>,
        order_by: Option<TemplateOrder>,
    ) -> async_graphql::Result<List<SoapTemplate>> {
        let window = window(first, after, last, before)?;
        super::templates::clinic_soap_templates(
            ctx,
            self.0.id,
            filter.unwrap_or_default(),
            order_by.unwrap_or_default(),
            window,
        )
        .await
    }

    /// The clinic's discharge templates and, unless `filter.includeGlobal` is false, the global
    /// ones.
    #[allow(clippy::too_many_arguments)]
    async fn discharge_templates(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<DischargeTemplateFilter>,
        order_by: Option<TemplateOrder>,
    ) -> async_graphql::Result<List<DischargeTemplate>> {
        let window = window(first, after, last, before)?;
        super::templates::clinic_discharge_templates(
            ctx,
            self.0.id,
            filter.unwrap_or_default(),
            order_by.unwrap_or_default(),
            window,
        )
        .await
    }
}

// ---------------------------------------------------------------------------------------------
// Public mutations

/// The input of `joinWaitlist`, which joins the waitlist (anyone, no sign-in needed).
#[derive(InputObject)]
pub struct JoinWaitlistInput {
    pub email: String,
    pub full_name: Option<String>,
    pub source: Option<String>,
    pub campaign: Option<String>,
}

/// The result of `joinWaitlist`: the signup id as it is after the change.
#[derive(SimpleObject)]
pub struct JoinWaitlistPayload {
    /// A receipt for the sign-up (its details are not readable by the public; a repeated
    /// sign-up gets a receipt of its own, like a first one).
    pub signup_id: ID,
}

/// The input of `submitContactForm`, which sends the marketing site's contact form (anyone, no
/// sign-in needed).
#[derive(InputObject)]
pub struct SubmitContactFormInput {
    pub email: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub clinic_name: Option<String>,
    pub phone: Option<String>,
    pub message: Option<String>,
    /// Where the form was submitted (default `contact_page`).
    pub source: Option<String>,
}

/// The result of `submitContactForm`: the submission id as it is after the change.
#[derive(SimpleObject)]
pub struct SubmitContactFormPayload {
    /// The submission's id (its details are not readable by the public).
    pub submission_id: ID,
}

/// Mutations anyone may call, signed in or not: the public sign-up forms.
#[derive(Default)]
pub struct PublicMutations;

/// Mutations anyone may call, signed in or not: the public sign-up forms.
#[Object]
impl PublicMutations {
    /// Joins the waitlist (anyone, no sign-in needed). Joining again with the same address and
    /// campaign answers exactly as the first time and changes nothing, so the form tells no one
    /// who has signed up.
    async fn join_waitlist(
        &self,
        ctx: &Context<'_>,
        input: JoinWaitlistInput,
    ) -> async_graphql::Result<JoinWaitlistPayload> {
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
            .atomically(async |w| {
                w.insert_public::<waitlist_signups::Entity, _>(id, row)
                    .await
            })
            .await
            .gql()?;
        Ok(JoinWaitlistPayload {
            signup_id: ids::of(Resource::WaitlistSignups, id),
        })
    }

    /// Sends the marketing site's contact form (anyone, no sign-in needed).
    async fn submit_contact_form(
        &self,
        ctx: &Context<'_>,
        input: SubmitContactFormInput,
    ) -> async_graphql::Result<SubmitContactFormPayload> {
        validate::required("input.email", &input.email).gql()?;
        validate::email("input.email", Some(input.email.trim())).gql()?;
        validate::phone("input.phone", input.phone.as_deref()).gql()?;
        validate::optional_text("input.firstName", input.first_name.as_deref()).gql()?;
        validate::optional_text("input.lastName", input.last_name.as_deref()).gql()?;
        validate::optional_text("input.clinicName", input.clinic_name.as_deref()).gql()?;
        validate::optional_text("input.message", input.message.as_deref()).gql()?;
        let id = Uuid::new_v4();
        let row = contact_submissions::ActiveModel {
            id: Set(id),
            email: Set(input.email.trim().to_lowercase()),
            first_name: Set(input.first_name.map(|s| s.trim().to_owned())),
            last_name: Set(input.last_name.map(|s| s.trim().to_owned())),
            clinic_name: Set(input.clinic_name.map(|s| s.trim().to_owned())),
            phone: Set(input.phone),
            message: Set(input.message),
            source: input.source.map_or(sea_orm::NotSet, |s| Set(Some(s))),
            ..Default::default()
        };
        session(ctx)?
            .atomically(async |w| {
                w.insert_public::<contact_submissions::Entity, _>(id, row)
                    .await
            })
            .await
            .gql()?;
        Ok(SubmitContactFormPayload {
            submission_id: ids::of(Resource::ContactSubmissions, id),
        })
    }
}
