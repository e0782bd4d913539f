//! The tenant root: `Clinic`. Its fields are split by domain area and merged here: the
//! profile below, and one part per area (`ClinicPeople`, `ClinicClinical`,
//! `ClinicScheduling`, `ClinicOperations`), each defined in its area's module.

use std::sync::Arc;

use async_graphql::{Context, ID, MergedObject, Object};
use chrono::{DateTime, Utc};
use domain::{Action, Resource};
use entity::{clinics, user_clinic_access};

use super::identity::Membership;
use super::values::{Address, BusinessHours, ErConfig};
use crate::context::{loaders, session};
use crate::enums::PimsType;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;

/// A veterinary clinic: the tenant everything else belongs to.
#[derive(MergedObject)]
pub struct Clinic(
    ClinicProfile,
    super::people::ClinicPeople,
    super::clinical::ClinicClinical,
    super::scheduling::ClinicScheduling,
    super::operations::ClinicOperations,
);

impl From<clinics::Model> for Clinic {
    fn from(model: clinics::Model) -> Self {
        let model = Arc::new(model);
        Clinic(
            ClinicProfile(model.clone()),
            super::people::ClinicPeople(model.clone()),
            super::clinical::ClinicClinical(model.clone()),
            super::scheduling::ClinicScheduling(model.clone()),
            super::operations::ClinicOperations(model),
        )
    }
}

impl Clinic {
    /// The `id` field for the `Node` interface (the profile part serves it in the schema).
    pub async fn id(&self, _ctx: &Context<'_>) -> async_graphql::Result<ID> {
        Ok(ids::encode("Clinic", self.0.0.id))
    }
}

/// The clinic's own columns.
pub struct ClinicProfile(pub Arc<clinics::Model>);

#[Object(guard = "ReadGuard::new(Resource::Clinics, self.0.id)")]
impl ClinicProfile {
    pub async fn id(&self) -> ID {
        ids::encode("Clinic", self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    async fn address(&self) -> Option<Address> {
        self.0.address.as_ref().map(Address::from)
    }
    /// IANA time zone, e.g. `America/Los_Angeles`.
    async fn timezone(&self) -> &str {
        &self.0.timezone
    }
    async fn business_hours(&self) -> Option<BusinessHours> {
        self.0.business_hours.as_ref().map(BusinessHours::from)
    }
    async fn er_config(&self) -> Option<ErConfig> {
        self.0.er_config.as_ref().map(ErConfig::from)
    }
    async fn pims_type(&self) -> PimsType {
        self.0.pims_type.into()
    }
    async fn primary_color(&self) -> Option<&str> {
        self.0.primary_color.as_deref()
    }
    async fn logo_url(&self) -> Option<&str> {
        self.0.logo_url.as_deref()
    }
    /// The subscription plan; owners only.
    #[graphql(guard = "BillingGuard(self.0.id)")]
    async fn subscription_tier(&self) -> Option<&str> {
        self.0.subscription_tier.as_deref()
    }
    /// The subscription's state; owners only.
    #[graphql(guard = "BillingGuard(self.0.id)")]
    async fn subscription_status(&self) -> Option<&str> {
        self.0.subscription_status.as_deref()
    }
    /// Owners only.
    #[graphql(guard = "BillingGuard(self.0.id)")]
    async fn current_period_start(&self) -> Option<DateTime<Utc>> {
        self.0.current_period_start
    }
    /// Owners only.
    #[graphql(guard = "BillingGuard(self.0.id)")]
    async fn current_period_end(&self) -> Option<DateTime<Utc>> {
        self.0.current_period_end
    }
    async fn is_active(&self) -> Option<bool> {
        self.0.is_active
    }
    async fn created_at(&self) -> Option<DateTime<Utc>> {
        self.0.created_at
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }

    /// Staff memberships of the clinic.
    async fn members(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Membership>> {
        let rows = loaders(ctx)?
            .children::<user_clinic_access::Entity>(user_clinic_access::Column::ClinicId, self.0.id)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Membership).collect())
    }
}

/// Billing fields are the owner's (`clinics` / `manage_billing`).
pub struct BillingGuard(pub uuid::Uuid);

impl async_graphql::Guard for BillingGuard {
    async fn check(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        if session(ctx)?.may(Resource::Clinics, Action::ManageBilling, Some(self.0)) {
            Ok(())
        } else {
            Err(crate::errors::to_gql(&domain::DomainError::forbidden(
                "billing details are visible to the clinic's owners only",
            )))
        }
    }
}
