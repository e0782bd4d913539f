//! The mutations on clients and patients: create, update, archive and delete, each one
//! savepoint that the `Writer` audits.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use domain::Action;
use domain::Resource;
use domain::validate;
use entity::{clients, patients};
use sea_orm::Set;
use uuid::Uuid;

use super::{Client, Patient};
use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::AddressInput;
use crate::inputs::set_maybe;
use crate::payloads::{Changed, Create, Update};
use crate::scalars::{self, Inner};

/// The input of `createClient`, which adds a pet owner to a clinic (member or above).
#[derive(InputObject)]
pub struct CreateClientInput {
    pub clinic_id: ID,
    pub display_name: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub phone_secondary: Option<String>,
    pub email: Option<String>,
    pub address: Option<AddressInput>,
    pub preferred_contact_method: Option<String>,
    pub communication_opt_out: Option<bool>,
}

/// The result of `createClient` (`payloads::Changed`).
pub type CreateClientPayload = Changed<entity::clients::Entity, Create>;

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateClientInput {
    pub id: ID,
    pub display_name: Option<String>,
    pub first_name: MaybeUndefined<String>,
    pub last_name: MaybeUndefined<String>,
    pub phone: MaybeUndefined<String>,
    pub phone_secondary: MaybeUndefined<String>,
    pub email: MaybeUndefined<String>,
    pub address: MaybeUndefined<AddressInput>,
    pub preferred_contact_method: MaybeUndefined<String>,
    pub communication_opt_out: Option<bool>,
}

/// The result of `updateClient` (`payloads::Changed`).
pub type UpdateClientPayload = Changed<entity::clients::Entity, Update>;

/// The input of `createPatient`, which adds a pet to a client; the pet belongs to the client's
/// clinic (member or above).
#[derive(InputObject)]
pub struct CreatePatientInput {
    pub client_id: ID,
    pub name: String,
    pub species: Option<String>,
    pub breed: Option<String>,
    pub sex: Option<String>,
    pub color: Option<String>,
    pub date_of_birth: Option<scalars::Date>,
    pub weight_kg: Option<scalars::Decimal>,
    pub microchip_id: Option<String>,
    pub allergies: Option<Vec<String>>,
    pub chronic_conditions: Option<Vec<String>>,
}

/// The result of `createPatient` (`payloads::Changed`).
pub type CreatePatientPayload = Changed<entity::patients::Entity, Create>;

/// The input of `updatePatient`, which changes a pet's details (member or above).
#[derive(InputObject)]
pub struct UpdatePatientInput {
    pub id: ID,
    pub name: Option<String>,
    pub species: MaybeUndefined<String>,
    pub breed: MaybeUndefined<String>,
    pub sex: MaybeUndefined<String>,
    pub color: MaybeUndefined<String>,
    pub date_of_birth: MaybeUndefined<scalars::Date>,
    pub weight_kg: MaybeUndefined<scalars::Decimal>,
    pub microchip_id: MaybeUndefined<String>,
    pub is_deceased: Option<bool>,
    pub deceased_at: MaybeUndefined<scalars::DateTime>,
    pub allergies: MaybeUndefined<Vec<String>>,
    pub chronic_conditions: MaybeUndefined<Vec<String>>,
}

/// The result of `updatePatient` (`payloads::Changed`).
pub type UpdatePatientPayload = Changed<entity::patients::Entity, Update>;

fn validate_client_contact(
    email: Option<&str>,
    phone: Option<&str>,
    phone_secondary: Option<&str>,
) -> async_graphql::Result<()> {
    validate::email("input.email", email).gql()?;
    validate::phone("input.phone", phone).gql()?;
    validate::phone("input.phoneSecondary", phone_secondary).gql()?;
    Ok(())
}

/// Clients and patients.
#[derive(Default)]
pub struct ClientMutations;

/// Clients and patients.
#[Object(guard = "crate::guard::SignedIn")]
impl ClientMutations {
    /// Adds a pet owner to a clinic (member or above).
    async fn create_client(
        &self,
        ctx: &Context<'_>,
        input: CreateClientInput,
    ) -> async_graphql::Result<CreateClientPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        validate::required("input.displayName", &input.display_name).gql()?;
        validate_client_contact(
            input.email.as_deref(),
            input.phone.as_deref(),
            input.phone_secondary.as_deref(),
        )?;
        let row = clients::ActiveModel {
            id: Set(Uuid::new_v4()),
            clinic_id: Set(clinic_id),
            display_name: Set(input.display_name.trim().to_owned()),
            first_name: Set(input.first_name),
            last_name: Set(input.last_name),
            phone: Set(input.phone),
            phone_secondary: Set(input.phone_secondary),
            email: Set(input.email),
            address: Set(input.address.map(Into::into)),
            preferred_contact_method: input
                .preferred_contact_method
                .map_or(sea_orm::NotSet, |v| Set(Some(v))),
            communication_opt_out: input
                .communication_opt_out
                .map_or(sea_orm::NotSet, |v| Set(Some(v))),
            ..Default::default()
        };
        let client = session(ctx)?.insert(row).await.gql()?;
        Ok(CreateClientPayload::new(Client::new(client)))
    }

    /// Changes a client's details (member or above).
    async fn update_client(
        &self,
        ctx: &Context<'_>,
        input: UpdateClientInput,
    ) -> async_graphql::Result<UpdateClientPayload> {
        let id = ids::decode_as(&input.id, Resource::Clients).gql()?;
        if let Some(name) = &input.display_name {
            validate::required("input.displayName", name).gql()?;
        }
        validate_client_contact(
            input.email.as_opt_deref().flatten(),
            input.phone.as_opt_deref().flatten(),
            input.phone_secondary.as_opt_deref().flatten(),
        )?;
        let (_, client) = session(ctx)?
            .atomically(async |w| {
                w.update::<clients::Entity, clients::ActiveModel>(id, Action::Update, |row| {
                    if let Some(v) = input.display_name {
                        row.display_name = Set(v.trim().to_owned());
                    }
                    set_maybe(&mut row.first_name, input.first_name);
                    set_maybe(&mut row.last_name, input.last_name);
                    set_maybe(&mut row.phone, input.phone);
                    set_maybe(&mut row.phone_secondary, input.phone_secondary);
                    set_maybe(&mut row.email, input.email);
                    match input.address {
                        MaybeUndefined::Undefined => {}
                        MaybeUndefined::Null => row.address = Set(None),
                        MaybeUndefined::Value(a) => row.address = Set(Some(a.into())),
                    }
                    set_maybe(
                        &mut row.preferred_contact_method,
                        input.preferred_contact_method,
                    );
                    if let Some(v) = input.communication_opt_out {
                        row.communication_opt_out = Set(Some(v));
                    }
                    Ok(())
                })
                .await
            })
            .await
            .gql()?;
        Ok(UpdateClientPayload::new(Client::new(client)))
    }

    /// Adds a pet to a client; the pet belongs to the client's clinic (member or above).
    async fn create_patient(
        &self,
        ctx: &Context<'_>,
        input: CreatePatientInput,
    ) -> async_graphql::Result<CreatePatientPayload> {
        let client_id = ids::decode_as(&input.client_id, Resource::Clients).gql()?;
        validate::required("input.name", &input.name).gql()?;
        let patient = session(ctx)?
            .atomically(async |w| {
                let client = w
                    .fetch::<clients::Entity>(client_id, Action::Read)
                    .await?
                    .ok_or_else(|| {
                        domain::DomainError::bad_input("input.clientId", "no such client")
                    })?;
                w.insert(patients::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(client.clinic_id),
                    client_id: Set(client.id),
                    name: Set(input.name.trim().to_owned()),
                    species: Set(input.species),
                    breed: Set(input.breed),
                    sex: Set(input.sex),
                    color: Set(input.color),
                    date_of_birth: Set(input.date_of_birth.inner()),
                    weight_kg: Set(input.weight_kg.inner()),
                    microchip_id: Set(input.microchip_id),
                    allergies: Set(input.allergies),
                    chronic_conditions: Set(input.chronic_conditions),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(CreatePatientPayload::new(Patient::new(patient)))
    }

    /// Changes a pet's details (member or above).
    async fn update_patient(
        &self,
        ctx: &Context<'_>,
        input: UpdatePatientInput,
    ) -> async_graphql::Result<UpdatePatientPayload> {
        let id = ids::decode_as(&input.id, Resource::Patients).gql()?;
        if let Some(name) = &input.name {
            validate::required("input.name", name).gql()?;
        }
        if let MaybeUndefined::Value(weight) = &input.weight_kg
            && weight.is_sign_negative()
        {
            return Err(crate::errors::to_gql(&domain::DomainError::bad_input(
                "input.weightKg",
                "must not be negative",
            )));
        }
        let (_, patient) = session(ctx)?
            .atomically(async |w| {
                w.update::<patients::Entity, patients::ActiveModel>(id, Action::Update, |row| {
                    if let Some(v) = input.name {
                        row.name = Set(v.trim().to_owned());
                    }
                    set_maybe(&mut row.species, input.species);
                    set_maybe(&mut row.breed, input.breed);
                    set_maybe(&mut row.sex, input.sex);
                    set_maybe(&mut row.color, input.color);
                    set_maybe(&mut row.date_of_birth, input.date_of_birth.inner());
                    set_maybe(&mut row.weight_kg, input.weight_kg.inner());
                    set_maybe(&mut row.microchip_id, input.microchip_id);
                    if let Some(v) = input.is_deceased {
                        row.is_deceased = Set(Some(v));
                    }
                    set_maybe(&mut row.deceased_at, input.deceased_at.inner());
                    set_maybe(&mut row.allergies, input.allergies);
                    set_maybe(&mut row.chronic_conditions, input.chronic_conditions);
                    Ok(())
                })
                .await
            })
            .await
            .gql()?;
        Ok(UpdatePatientPayload::new(Patient::new(patient)))
    }
}
