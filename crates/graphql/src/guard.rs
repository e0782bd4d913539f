//! The guard every object type carries on all of its fields: the caller may read this
//! resource in the row's clinic.
//!
//! Rows only reach a resolver through tenant-scoped queries, so in a correct program this
//! guard never fails. It is the structural second line: a resolver that somehow returned
//! another clinic's row would still not serialise a single field of it, and a new field on an
//! existing type is covered without anyone remembering. It answers NOT_FOUND, like any other
//! row the caller cannot see.

use async_graphql::{Context, Guard};
use domain::{Action, DomainError, Resource};
use uuid::Uuid;

use crate::context::session;
use crate::errors::to_gql;

pub struct ReadGuard {
    resource: Resource,
    clinic_id: Option<Uuid>,
}

impl ReadGuard {
    /// A row of `resource` that belongs to `clinic_id`.
    pub fn new(resource: Resource, clinic_id: Uuid) -> Self {
        ReadGuard {
            resource,
            clinic_id: Some(clinic_id),
        }
    }

    /// A row of `resource` that may belong to no clinic (global templates, system rows).
    pub fn maybe_global(resource: Resource, clinic_id: Option<Uuid>) -> Self {
        ReadGuard { resource, clinic_id }
    }
}

impl Guard for ReadGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        let session = session(ctx)?;
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
