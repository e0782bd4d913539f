//! Pet owners (`Client`) and their pets (`Patient`): types, the clinic's lists with filters and
//! fuzzy search, and their mutations.
//!
//! This module is the pattern the other areas follow: an object type per table (an allow-list
//! with a type-level read guard), connection fields built with `connection::{root_list,
//! child_list}`, a typed filter and order per list, and one input and one payload type per
//! mutation, each mutation one savepoint that the `Writer` audits.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Json, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, Utc};
use domain::paging::SortOrder;
use domain::validate;
use domain::{Action, Resource};
use entity::{cases, clients, clinics, patients};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, Set};
use uuid::Uuid;

use super::cases::Case;
use super::clinic::Clinic;
use super::values::{Address, json};
use super::TypeRule;
use crate::connection::{List, OrderDirection, child_list, window};
use crate::context::{loaders, session};
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::inputs::{AddressInput, DateTimeRange};

/// The object types of this area and their resources (for the schema-coverage test).
pub const TYPE_RULES: &[(&str, TypeRule)] = &[
    ("Client", TypeRule::Row(Resource::Clients)),
    ("Patient", TypeRule::Row(Resource::Patients)),
    ("ClinicPeople", TypeRule::Row(Resource::Clinics)),
];

// ---------------------------------------------------------------------------------------------
// Client

/// A pet owner of one clinic.
pub struct Client(pub clients::Model);

#[Object(guard = "ReadGuard::new(Resource::Clients, self.0.clinic_id)")]
impl Client {
    pub async fn id(&self) -> ID {
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
            .one::<clinics::Entity>(self.0.clinic_id)
            .await
            .gql()?
            .map(Clinic::from))
    }

    /// The client's pets.
    #[allow(clippy::too_many_arguments)]
    async fn patients(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<PatientFilter>,
        order_by: Option<PatientOrder>,
    ) -> async_graphql::Result<List<Patient>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = order_by.unwrap_or_default().sort();
        let window = window(first, after, last, before)?;
        child_list::<patients::Entity, _>(ctx, patients::Column::ClientId, self.0.id, filter, order, window, Patient).await
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

/// Which clients a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct ClientFilter {
    /// Fuzzy match on the name (typos tolerated, trigram similarity) or a part of a phone number.
    pub search: Option<String>,
    pub is_active: Option<bool>,
    pub communication_opt_out: Option<bool>,
    pub created_at: Option<DateTimeRange>,
    pub last_visit_at: Option<DateTimeRange>,
}

/// Escapes `%`, `_` and `\` for a LIKE pattern.
fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

impl ClientFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(search) = self.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            validate::required("filter.search", search).gql()?;
            let digits: String = search.chars().filter(char::is_ascii_digit).collect();
            let pattern = format!("%{}%", like_escape(search));
            // `ILIKE` and `%` (similarity) both use the trigram GIN indexes on display_name and
            // phone; the similarity operator catches typos ("Gonzales" finds "Gonzalez").
            let mut any = Condition::any()
                .add(Expr::cust_with_values(r#""clients"."display_name" ILIKE $1"#, [pattern]))
                .add(Expr::cust_with_values(r#""clients"."display_name" % $1"#, [search.to_owned()]));
            if digits.len() >= 3 {
                any = any.add(Expr::cust_with_values(r#""clients"."phone" LIKE $1"#, [format!("%{digits}%")]));
            }
            cond = cond.add(any);
        }
        if let Some(active) = self.is_active {
            cond = cond.add(clients::Column::IsActive.eq(active));
        }
        if let Some(opt_out) = self.communication_opt_out {
            cond = cond.add(clients::Column::CommunicationOptOut.eq(opt_out));
        }
        if let Some(range) = &self.created_at {
            range.validate("filter.createdAt").gql()?;
            cond = cond.add(range.condition(clients::Column::CreatedAt));
        }
        if let Some(range) = &self.last_visit_at {
            range.validate("filter.lastVisitAt").gql()?;
            cond = cond.add(range.condition(clients::Column::LastVisitAt));
        }
        Ok(cond)
    }
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ClientOrderField {
    #[default]
    DisplayName,
    CreatedAt,
    LastVisitAt,
}

/// The order of a client list (ties broken by id).
#[derive(InputObject, Clone, Copy, Debug)]
pub struct ClientOrder {
    pub field: ClientOrderField,
    pub direction: OrderDirection,
}

impl Default for ClientOrder {
    fn default() -> Self {
        ClientOrder {
            field: ClientOrderField::DisplayName,
            direction: OrderDirection::Asc,
        }
    }
}

impl ClientOrder {
    pub fn sort(self) -> SortOrder<clients::Column> {
        SortOrder {
            column: match self.field {
                ClientOrderField::DisplayName => clients::Column::DisplayName,
                ClientOrderField::CreatedAt => clients::Column::CreatedAt,
                ClientOrderField::LastVisitAt => clients::Column::LastVisitAt,
            },
            descending: self.direction == OrderDirection::Desc,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Patient

/// A pet: the canonical patient record.
pub struct Patient(pub patients::Model);

#[Object(guard = "ReadGuard::new(Resource::Patients, self.0.clinic_id)")]
impl Patient {
    pub async fn id(&self) -> ID {
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

/// Which patients a list returns.
#[derive(InputObject, Clone, Debug, Default)]
pub struct PatientFilter {
    /// Fuzzy match on the pet's name (typos tolerated).
    pub search: Option<String>,
    pub species: Option<String>,
    pub is_active: Option<bool>,
    pub is_deceased: Option<bool>,
    pub created_at: Option<DateTimeRange>,
}

impl PatientFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(search) = self.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let pattern = format!("%{}%", like_escape(search));
            cond = cond.add(
                Condition::any()
                    .add(Expr::cust_with_values(r#""patients"."name" ILIKE $1"#, [pattern]))
                    .add(Expr::cust_with_values(r#""patients"."name" % $1"#, [search.to_owned()])),
            );
        }
        if let Some(species) = &self.species {
            cond = cond.add(Expr::cust_with_values(r#"lower("patients"."species") = lower($1)"#, [species.clone()]));
        }
        if let Some(active) = self.is_active {
            cond = cond.add(patients::Column::IsActive.eq(active));
        }
        if let Some(deceased) = self.is_deceased {
            cond = cond.add(patients::Column::IsDeceased.eq(deceased));
        }
        if let Some(range) = &self.created_at {
            range.validate("filter.createdAt").gql()?;
            cond = cond.add(range.condition(patients::Column::CreatedAt));
        }
        Ok(cond)
    }
}

#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PatientOrderField {
    #[default]
    Name,
    CreatedAt,
    LastVisitAt,
}

/// The order of a patient list (ties broken by id).
#[derive(InputObject, Clone, Copy, Debug)]
pub struct PatientOrder {
    pub field: PatientOrderField,
    pub direction: OrderDirection,
}

impl Default for PatientOrder {
    fn default() -> Self {
        PatientOrder {
            field: PatientOrderField::Name,
            direction: OrderDirection::Asc,
        }
    }
}

impl PatientOrder {
    pub fn sort(self) -> SortOrder<patients::Column> {
        SortOrder {
            column: match self.field {
                PatientOrderField::Name => patients::Column::Name,
                PatientOrderField::CreatedAt => patients::Column::CreatedAt,
                PatientOrderField::LastVisitAt => patients::Column::LastVisitAt,
            },
            descending: self.direction == OrderDirection::Desc,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The clinic's lists of this area

/// The people-related fields of `Clinic`.
pub struct ClinicPeople(pub Arc<clinics::Model>);

#[Object(guard = "ReadGuard::new(Resource::Clinics, self.0.id)")]
impl ClinicPeople {
    /// The clinic's pet owners.
    #[allow(clippy::too_many_arguments)]
    async fn clients(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<ClientFilter>,
        order_by: Option<ClientOrder>,
    ) -> async_graphql::Result<List<Client>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = order_by.unwrap_or_default().sort();
        let window = window(first, after, last, before)?;
        child_list::<clients::Entity, _>(ctx, clients::Column::ClinicId, self.0.id, filter, order, window, Client).await
    }

    /// The clinic's patients, across clients.
    #[allow(clippy::too_many_arguments)]
    async fn patients(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<PatientFilter>,
        order_by: Option<PatientOrder>,
    ) -> async_graphql::Result<List<Patient>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = order_by.unwrap_or_default().sort();
        let window = window(first, after, last, before)?;
        child_list::<patients::Entity, _>(ctx, patients::Column::ClinicId, self.0.id, filter, order, window, Patient).await
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations

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

#[derive(SimpleObject)]
pub struct CreateClientPayload {
    pub client: Client,
}

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

#[derive(SimpleObject)]
pub struct UpdateClientPayload {
    pub client: Client,
}

#[derive(InputObject)]
pub struct ArchiveClientInput {
    pub id: ID,
}

#[derive(SimpleObject)]
pub struct ArchiveClientPayload {
    pub client: Client,
}

#[derive(InputObject)]
pub struct DeleteClientInput {
    pub id: ID,
}

#[derive(SimpleObject)]
pub struct DeleteClientPayload {
    pub deleted_client_id: ID,
}

#[derive(InputObject)]
pub struct CreatePatientInput {
    pub client_id: ID,
    pub name: String,
    pub species: Option<String>,
    pub breed: Option<String>,
    pub sex: Option<String>,
    pub color: Option<String>,
    pub date_of_birth: Option<NaiveDate>,
    pub weight_kg: Option<Decimal>,
    pub microchip_id: Option<String>,
    pub allergies: Option<Vec<String>>,
    pub chronic_conditions: Option<Vec<String>>,
}

#[derive(SimpleObject)]
pub struct CreatePatientPayload {
    pub patient: Patient,
}

#[derive(InputObject)]
pub struct UpdatePatientInput {
    pub id: ID,
    pub name: Option<String>,
    pub species: MaybeUndefined<String>,
    pub breed: MaybeUndefined<String>,
    pub sex: MaybeUndefined<String>,
    pub color: MaybeUndefined<String>,
    pub date_of_birth: MaybeUndefined<NaiveDate>,
    pub weight_kg: MaybeUndefined<Decimal>,
    pub microchip_id: MaybeUndefined<String>,
    pub is_deceased: Option<bool>,
    pub deceased_at: MaybeUndefined<DateTime<Utc>>,
    pub allergies: MaybeUndefined<Vec<String>>,
    pub chronic_conditions: MaybeUndefined<Vec<String>>,
}

#[derive(SimpleObject)]
pub struct UpdatePatientPayload {
    pub patient: Patient,
}

#[derive(InputObject)]
pub struct ArchivePatientInput {
    pub id: ID,
}

#[derive(SimpleObject)]
pub struct ArchivePatientPayload {
    pub patient: Patient,
}

#[derive(InputObject)]
pub struct DeletePatientInput {
    pub id: ID,
}

#[derive(SimpleObject)]
pub struct DeletePatientPayload {
    pub deleted_patient_id: ID,
}

/// Sets an ActiveModel field from a `MaybeUndefined` input: absent leaves it, `null` clears it.
pub(crate) fn set_maybe<T: Into<sea_orm::Value> + sea_orm::sea_query::Nullable>(
    field: &mut sea_orm::ActiveValue<Option<T>>,
    value: MaybeUndefined<T>,
) {
    match value {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *field = Set(None),
        MaybeUndefined::Value(v) => *field = Set(Some(v)),
    }
}

fn validate_client_contact(email: Option<&str>, phone: Option<&str>, phone_secondary: Option<&str>) -> async_graphql::Result<()> {
    validate::email("input.email", email).gql()?;
    validate::phone("input.phone", phone).gql()?;
    validate::phone("input.phoneSecondary", phone_secondary).gql()?;
    Ok(())
}

#[derive(Default)]
pub struct PeopleMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl PeopleMutations {
    /// Adds a pet owner to a clinic (member or above).
    async fn create_client(&self, ctx: &Context<'_>, input: CreateClientInput) -> async_graphql::Result<CreateClientPayload> {
        let clinic_id = ids::decode(&input.clinic_id, "Clinic", "clinic").gql()?;
        validate::required("input.displayName", &input.display_name).gql()?;
        validate_client_contact(input.email.as_deref(), input.phone.as_deref(), input.phone_secondary.as_deref())?;
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
            preferred_contact_method: input.preferred_contact_method.map_or(sea_orm::NotSet, |v| Set(Some(v))),
            communication_opt_out: input.communication_opt_out.map_or(sea_orm::NotSet, |v| Set(Some(v))),
            ..Default::default()
        };
        let client = session(ctx)?.insert(row).await.gql()?;
        Ok(CreateClientPayload { client: Client(client) })
    }

    /// Changes a client's details (member or above).
    async fn update_client(&self, ctx: &Context<'_>, input: UpdateClientInput) -> async_graphql::Result<UpdateClientPayload> {
        let id = ids::decode(&input.id, "Client", "client").gql()?;
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
                    set_maybe(&mut row.preferred_contact_method, input.preferred_contact_method);
                    if let Some(v) = input.communication_opt_out {
                        row.communication_opt_out = Set(Some(v));
                    }
                    Ok(())
                })
                .await
            })
            .await
            .gql()?;
        Ok(UpdateClientPayload { client: Client(client) })
    }

    /// Archives a client (`isActive = false`); history is kept (member or above).
    async fn archive_client(&self, ctx: &Context<'_>, input: ArchiveClientInput) -> async_graphql::Result<ArchiveClientPayload> {
        let id = ids::decode(&input.id, "Client", "client").gql()?;
        let (_, client) = session(ctx)?
            .atomically(async |w| {
                w.update::<clients::Entity, clients::ActiveModel>(id, Action::Archive, |row| {
                    row.is_active = Set(Some(false));
                    Ok(())
                })
                .await
            })
            .await
            .gql()?;
        Ok(ArchiveClientPayload { client: Client(client) })
    }

    /// Deletes a client and, by the schema's cascade, their patients (admin or above).
    async fn delete_client(&self, ctx: &Context<'_>, input: DeleteClientInput) -> async_graphql::Result<DeleteClientPayload> {
        let id = ids::decode(&input.id, "Client", "client").gql()?;
        session(ctx)?
            .atomically(async |w| w.delete::<clients::Entity>(id).await)
            .await
            .gql()?;
        Ok(DeleteClientPayload { deleted_client_id: input.id })
    }

    /// Adds a pet to a client; the pet belongs to the client's clinic (member or above).
    async fn create_patient(&self, ctx: &Context<'_>, input: CreatePatientInput) -> async_graphql::Result<CreatePatientPayload> {
        let client_id = ids::decode(&input.client_id, "Client", "client").gql()?;
        validate::required("input.name", &input.name).gql()?;
        let patient = session(ctx)?
            .atomically(async |w| {
                let client = w
                    .fetch::<clients::Entity>(client_id, Action::Read)
                    .await?
                    .ok_or_else(|| domain::DomainError::bad_input("input.clientId", "no such client"))?;
                w.insert(patients::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(client.clinic_id),
                    client_id: Set(client.id),
                    name: Set(input.name.trim().to_owned()),
                    species: Set(input.species),
                    breed: Set(input.breed),
                    sex: Set(input.sex),
                    color: Set(input.color),
                    date_of_birth: Set(input.date_of_birth),
                    weight_kg: Set(input.weight_kg),
                    microchip_id: Set(input.microchip_id),
                    allergies: Set(input.allergies),
                    chronic_conditions: Set(input.chronic_conditions),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(CreatePatientPayload { patient: Patient(patient) })
    }

    /// Changes a pet's details (member or above).
    async fn update_patient(&self, ctx: &Context<'_>, input: UpdatePatientInput) -> async_graphql::Result<UpdatePatientPayload> {
        let id = ids::decode(&input.id, "Patient", "patient").gql()?;
        if let Some(name) = &input.name {
            validate::required("input.name", name).gql()?;
        }
        if let MaybeUndefined::Value(weight) = &input.weight_kg {
            if weight.is_sign_negative() {
                return Err(crate::errors::to_gql(&domain::DomainError::bad_input("input.weightKg", "must not be negative")));
            }
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
                    set_maybe(&mut row.date_of_birth, input.date_of_birth);
                    set_maybe(&mut row.weight_kg, input.weight_kg);
                    set_maybe(&mut row.microchip_id, input.microchip_id);
                    if let Some(v) = input.is_deceased {
                        row.is_deceased = Set(Some(v));
                    }
                    set_maybe(&mut row.deceased_at, input.deceased_at);
                    set_maybe(&mut row.allergies, input.allergies);
                    set_maybe(&mut row.chronic_conditions, input.chronic_conditions);
                    Ok(())
                })
                .await
            })
            .await
            .gql()?;
        Ok(UpdatePatientPayload { patient: Patient(patient) })
    }

    /// Archives a pet (`isActive = false`); history is kept (member or above).
    async fn archive_patient(&self, ctx: &Context<'_>, input: ArchivePatientInput) -> async_graphql::Result<ArchivePatientPayload> {
        let id = ids::decode(&input.id, "Patient", "patient").gql()?;
        let (_, patient) = session(ctx)?
            .atomically(async |w| {
                w.update::<patients::Entity, patients::ActiveModel>(id, Action::Archive, |row| {
                    row.is_active = Set(Some(false));
                    Ok(())
                })
                .await
            })
            .await
            .gql()?;
        Ok(ArchivePatientPayload { patient: Patient(patient) })
    }

    /// Deletes a pet (admin or above).
    async fn delete_patient(&self, ctx: &Context<'_>, input: DeletePatientInput) -> async_graphql::Result<DeletePatientPayload> {
        let id = ids::decode(&input.id, "Patient", "patient").gql()?;
        session(ctx)?
            .atomically(async |w| w.delete::<patients::Entity>(id).await)
            .await
            .gql()?;
        Ok(DeletePatientPayload { deleted_patient_id: input.id })
    }
}
