//! Pet owners (`Client`) and their pets (`Patient`).

use async_graphql::{Context, ID, Json, Object};
use chrono::{DateTime, NaiveDate, Utc};
use domain::Resource;
use entity::{cases, clients, patients};
use rust_decimal::Decimal;

use super::cases::Case;
use super::clinic::Clinic;
use super::values::{Address, json};
use crate::context::loaders;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;

/// A pet owner of one clinic.
pub struct Client(pub clients::Model);

#[Object(guard = "ReadGuard::new(Resource::Clients, self.0.clinic_id)")]
impl Client {
    async fn id(&self) -> ID {
        ids::encode("Client", self.0.id)
    }
    async fn first_name(&self) -> Option<&str> {
        self.0.first_name.as_deref()
    }
    async fn last_name(&self) -> Option<&str> {
        self.0.last_name.as_deref()
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn phone(&self) -> Option<&str> {
        self.0.phone.as_deref()
    }
    async fn phone_secondary(&self) -> Option<&str> {
        self.0.phone_secondary.as_deref()
    }
    async fn email(&self) -> Option<&str> {
        self.0.email.as_deref()
    }
    async fn address(&self) -> Option<Address> {
        self.0.address.as_ref().map(Address::from)
    }
    async fn preferred_contact_method(&self) -> Option<&str> {
        self.0.preferred_contact_method.as_deref()
    }
    async fn communication_opt_out(&self) -> Option<bool> {
        self.0.communication_opt_out
    }
    async fn is_active(&self) -> Option<bool> {
        self.0.is_active
    }
    async fn first_visit_at(&self) -> Option<DateTime<Utc>> {
        self.0.first_visit_at
    }
    async fn last_visit_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_visit_at
    }
    async fn metadata(&self) -> Option<Json<serde_json::Value>> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<DateTime<Utc>> {
        self.0.created_at
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }

    async fn clinic(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Clinic>> {
        Ok(loaders(ctx)?
            .one::<entity::clinics::Entity>(self.0.clinic_id)
            .await
            .gql()?
            .map(Clinic))
    }

    /// The client's pets.
    async fn patients(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Patient>> {
        let rows = loaders(ctx)?
            .children::<patients::Entity>(patients::Column::ClientId, self.0.id)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Patient).collect())
    }

    /// Cases opened for the client.
    async fn cases(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Case>> {
        let rows = loaders(ctx)?
            .children::<cases::Entity>(cases::Column::ClientId, self.0.id)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Case).collect())
    }
}

/// A pet: the canonical patient record.
pub struct Patient(pub patients::Model);

#[Object(guard = "ReadGuard::new(Resource::Patients, self.0.clinic_id)")]
impl Patient {
    async fn id(&self) -> ID {
        ids::encode("Patient", self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn species(&self) -> Option<&str> {
        self.0.species.as_deref()
    }
    async fn breed(&self) -> Option<&str> {
        self.0.breed.as_deref()
    }
    async fn sex(&self) -> Option<&str> {
        self.0.sex.as_deref()
    }
    async fn color(&self) -> Option<&str> {
        self.0.color.as_deref()
    }
    async fn date_of_birth(&self) -> Option<NaiveDate> {
        self.0.date_of_birth
    }
    async fn weight_kg(&self) -> Option<Decimal> {
        self.0.weight_kg
    }
    async fn microchip_id(&self) -> Option<&str> {
        self.0.microchip_id.as_deref()
    }
    async fn is_deceased(&self) -> Option<bool> {
        self.0.is_deceased
    }
    async fn deceased_at(&self) -> Option<DateTime<Utc>> {
        self.0.deceased_at
    }
    async fn allergies(&self) -> Option<&[String]> {
        self.0.allergies.as_deref()
    }
    async fn chronic_conditions(&self) -> Option<&[String]> {
        self.0.chronic_conditions.as_deref()
    }
    async fn is_active(&self) -> Option<bool> {
        self.0.is_active
    }
    async fn first_visit_at(&self) -> Option<DateTime<Utc>> {
        self.0.first_visit_at
    }
    async fn last_visit_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_visit_at
    }
    async fn visit_count(&self) -> Option<i32> {
        self.0.visit_count
    }
    async fn metadata(&self) -> Option<Json<serde_json::Value>> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<DateTime<Utc>> {
        self.0.created_at
    }
    async fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.0.updated_at
    }

    /// The pet's owner.
    async fn client(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Client>> {
        Ok(loaders(ctx)?
            .one::<clients::Entity>(self.0.client_id)
            .await
            .gql()?
            .map(Client))
    }

    /// Cases opened for the pet.
    async fn cases(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Case>> {
        let rows = loaders(ctx)?
            .children::<cases::Entity>(cases::Column::PatientId, self.0.id)
            .await
            .gql()?;
        Ok(rows.into_iter().map(Case).collect())
    }
}
