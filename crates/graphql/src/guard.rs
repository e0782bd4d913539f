//! The guard every object type carries on all of its fields: the caller may read this
//! resource in the row's clinic, and may see the field being resolved.
//!
//! Field-level rules are not written on fields: the guard looks the resolved field up in the
//! table's declaration (`domain::exposure`) and, when the field needs a stricter action than
//! reading (billing fields: `manage_billing`; a run's cross-clinic totals: `read_cross_clinic`),
//! answers FORBIDDEN unless the policy table allows it in the row's clinic. The audit trail
//! reads the same declaration, so what a reader sees of a row there is what this guard lets
//! them see here.
//!
//! Rows only reach a resolver through tenant-scoped queries, so in a correct program this
//! guard never fails. It is the structural second line: a resolver that somehow returned
//! another clinic's row would still not serialise a single field of it, and a new field on an
//! existing type is covered without anyone remembering. It answers NOT_FOUND, like any other
//! row the caller cannot see.
//!
//! Also here: the checks a mutation makes before it writes (`ensure_may`, `ensure_may_create`,
//! `permit`), so that a refused caller learns nothing from a constraint or a reference check.

use async_graphql::{Context, Guard};
use domain::session::Writer;
use domain::{Action, DomainError, Principal, Resource, exposure, policy};
use uuid::Uuid;

use crate::context::session;
use crate::errors::to_gql;

pub struct ReadGuard {
    resource: Resource,
    clinic_id: Option<Uuid>,
    /// Whether the guard decides that the row may be read (false: the domain's scope decided,
    /// for rows without a clinic such as auto-scheduling runs).
    checks_row: bool,
}

impl ReadGuard {
    /// A row of `resource` that belongs to `clinic_id`.
    pub fn new(resource: Resource, clinic_id: Uuid) -> Self {
        ReadGuard {
            resource,
            clinic_id: Some(clinic_id),
            checks_row: true,
        }
    }

    /// A row of `resource` that may belong to no clinic (global templates, system rows).
    pub fn maybe_global(resource: Resource, clinic_id: Option<Uuid>) -> Self {
        ReadGuard {
            resource,
            clinic_id,
            checks_row: true,
        }
    }

    /// A row of `resource` that belongs to no clinic and reached the caller through the
    /// domain's scope (auto-scheduling runs: the ones that touched the caller's clinics). Only
    /// the field-level rules are checked here, for a signed-in caller.
    pub fn unowned(resource: Resource) -> Self {
        ReadGuard {
            resource,
            clinic_id: None,
            checks_row: false,
        }
    }

    fn row_readable(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        let session = session(ctx)?;
        if !self.checks_row {
            return match session.principal() {
                Principal::Anonymous => Err(to_gql(&DomainError::Unauthenticated)),
                _ => Ok(()),
            };
        }
        if session.may(self.resource, Action::Read, self.clinic_id) {
            return Ok(());
        }
        // Global rows of clinic-or-global tables are readable by every signed-in caller.
        if self.clinic_id.is_none() && session.principal().as_user().is_some() {
            return Ok(());
        }
        Err(to_gql(&DomainError::NotFound(self.resource.noun())))
    }
}

impl Guard for ReadGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        self.row_readable(ctx)?;
        let field = ctx.item.node.name.node.as_str();
        let Some(action) = exposure::stricter_action(self.resource, field) else {
            return Ok(());
        };
        if session(ctx)?.may(self.resource, action, self.clinic_id) {
            return Ok(());
        }
        let why = policy::reason(self.resource, action).unwrap_or("it needs another role");
        Err(to_gql(&DomainError::forbidden(format!(
            "`{field}` is not shown to you: {why}"
        ))))
    }
}

/// For root fields: the caller must be signed in (a user or the service).
pub struct SignedIn;

impl Guard for SignedIn {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        match session(ctx)?.principal() {
            domain::Principal::Anonymous => Err(to_gql(&DomainError::Unauthenticated)),
            _ => Ok(()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checks before a write

/// Refuses, before anything is read or written, a write the caller may not make in
/// `clinic_id`, with the answers the `Writer` gives (NOT_FOUND outside the caller's clinics,
/// FORBIDDEN inside them). Upserts by natural key need it (a caller below the rule would
/// otherwise learn from a CONFLICT that the row exists), and so do creates that check their
/// references first (which would otherwise answer BAD_USER_INPUT where NOT_FOUND is due).
pub(crate) fn ensure_may(
    w: &Writer<'_>,
    resource: Resource,
    action: Action,
    clinic_id: Uuid,
) -> Result<(), DomainError> {
    let session = w.session();
    if session.may(resource, action, Some(clinic_id)) {
        return Ok(());
    }
    match session.principal() {
        Principal::Anonymous => Err(DomainError::Unauthenticated),
        Principal::User(user) if user.role_in(clinic_id).is_some() => {
            Err(DomainError::forbidden(format!(
                "your role does not allow {} on this {}",
                action.as_str(),
                resource.noun()
            )))
        }
        _ => Err(DomainError::NotFound("clinic")),
    }
}

/// Before a create in `clinic_id`: FORBIDDEN for a member of that clinic whose role is too low.
/// The Writer refuses such an insert as well, but for a resource the role cannot even read
/// (Slack workspaces for members, batches for viewers) it answers NOT_FOUND, which would hide
/// a refusal inside the caller's own clinic. Callers outside the clinic are left to the Writer
/// (NOT_FOUND).
pub(crate) fn ensure_may_create(
    ctx: &Context<'_>,
    resource: Resource,
    clinic_id: Uuid,
) -> async_graphql::Result<()> {
    let session = session(ctx)?;
    if let Some(user) = session.principal().as_user()
        && user.role_in(clinic_id).is_some()
        && !session.may(resource, Action::Create, Some(clinic_id))
    {
        return Err(to_gql(&DomainError::forbidden(format!(
            "your role does not allow create on this {}",
            resource.noun()
        ))));
    }
    Ok(())
}
