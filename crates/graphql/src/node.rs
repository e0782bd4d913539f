//! The Relay `Node` interface: every row type has an opaque global `id`, and `node(id:)` /
//! `nodes(ids:)` fetch any row by it, through the same tenant-scoped reads as everything
//! else (another clinic's id answers NOT_FOUND).

use async_graphql::{Context, ID, Interface, Object};
use domain::tenancy::TenantScoped;
use domain::{DomainError, Session};
use entity::*;
use uuid::Uuid;

use crate::context::session;
use crate::errors::to_gql;
use crate::guard::SignedIn;
use crate::ids;
use crate::types::calls::{CallAnalysis, InboundCall, OutboundCall};
use crate::types::cases::Case;
use crate::types::clinic::Clinic;
use crate::types::identity::{Membership, User};
use crate::types::operations::AuditEvent;
use crate::types::people::{Client, Patient};
use crate::types::scheduling::Appointment;

/// Anything with a global id.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    Clinic(Clinic),
    User(User),
    Membership(Membership),
    Client(Client),
    Patient(Patient),
    Case(Case),
    OutboundCall(OutboundCall),
    InboundCall(InboundCall),
    CallAnalysis(CallAnalysis),
    Appointment(Appointment),
    AuditEvent(AuditEvent),
}

async fn get<E: TenantScoped>(session: &Session, id: Uuid) -> Result<E::Model, DomainError>
where
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    session.get::<E>(id).await
}

/// The row behind a global id, or NOT_FOUND.
async fn resolve(session: &Session, id: &ID) -> Result<Node, DomainError> {
    let (kind, uuid) = ids::decode_any(id)?;
    Ok(match kind.as_str() {
        "Clinic" => Node::Clinic(Clinic::from(get::<clinics::Entity>(session, uuid).await?)),
        "User" => Node::User(User(get::<users::Entity>(session, uuid).await?)),
        "Membership" => Node::Membership(Membership(get::<user_clinic_access::Entity>(session, uuid).await?)),
        "Client" => Node::Client(Client(get::<clients::Entity>(session, uuid).await?)),
        "Patient" => Node::Patient(Patient(get::<patients::Entity>(session, uuid).await?)),
        "Case" => Node::Case(Case(get::<cases::Entity>(session, uuid).await?)),
        "OutboundCall" => Node::OutboundCall(OutboundCall(get::<outbound_calls::Entity>(session, uuid).await?)),
        "InboundCall" => Node::InboundCall(InboundCall(get::<inbound_calls::Entity>(session, uuid).await?)),
        "CallAnalysis" => Node::CallAnalysis(CallAnalysis(get::<call_analysis::Entity>(session, uuid).await?)),
        "Appointment" => Node::Appointment(Appointment(get::<schedule_appointments::Entity>(session, uuid).await?)),
        "AuditEvent" => Node::AuditEvent(AuditEvent(get::<audit_events::Entity>(session, uuid).await?)),
        _ => return Err(DomainError::NotFound("node")),
    })
}

#[derive(Default)]
pub struct NodeQuery;

#[Object(guard = "SignedIn")]
impl NodeQuery {
    /// Any row by its global id; NOT_FOUND unless the caller may read it.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Node> {
        resolve(session(ctx)?, &id).await.map_err(|e| to_gql(&e))
    }

    /// Several rows by global id (at most 100), in the order asked; null where not found.
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > 100 {
            return Err(to_gql(&DomainError::bad_input("ids", "at most 100 ids at a time")));
        }
        let session = session(ctx)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in &ids {
            match resolve(session, id).await {
                Ok(node) => out.push(Some(node)),
                Err(DomainError::NotFound(_)) => out.push(None),
                Err(err) => return Err(to_gql(&err)),
            }
        }
        Ok(out)
    }
}
