//! Pet owners (`Client`) and their pets (`Patient`): types, the clinic's lists with filters and
//! fuzzy search; their mutations are in [`mutations`]. `PeopleMutations` merges the mutations
//! of the whole area (organization, staff, clients and patients, PIMS) into one root part.
//!
//! This module is the pattern the other areas follow: an object type per table (an allow-list
//! with a type-level read guard), connection fields built with `connection::{root_list,
//! child_list}`, a typed filter and order per list, and one input and one payload type per
//! mutation, each mutation one savepoint that the `Writer` audits.

pub mod mutations;

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object};
use domain::Resource;
use domain::paging::SortOrder;
use domain::validate;
use entity::{cases, clients, clinics, patients};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition};

use super::cases::{Case, CaseFilter, CaseOrder};
use super::clinic::Clinic;
use super::values::{Address, json};
use crate::connection::{List, OrderDirection, child_list, window};
use crate::context::loaders;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::inputs::DateTimeRange;
use crate::scalars;

// ---------------------------------------------------------------------------------------------
// Client

/// A pet owner of one clinic.
pub struct Client(pub clients::Model);

/// A pet owner of one clinic.
#[Object(guard = "ReadGuard::new(Resource::Clients, self.0.clinic_id)")]
impl Client {
    pub async fn id(&self) -> ID {
        ids::of(Resource::Clients, self.0.id)
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
    async fn first_visit_at(&self) -> Option<scalars::DateTime> {
        self.0.first_visit_at.map(Into::into)
    }
    async fn last_visit_at(&self) -> Option<scalars::DateTime> {
        self.0.last_visit_at.map(Into::into)
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
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
        child_list::<patients::Entity, _>(
            ctx,
            patients::Column::ClientId,
            self.0.id,
            filter,
            order,
            window,
            Patient,
        )
        .await
    }

    /// Cases opened for the client, newest first unless ordered otherwise.
    #[allow(clippy::too_many_arguments)]
    async fn cases(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<CaseFilter>,
        order_by: Option<CaseOrder>,
    ) -> async_graphql::Result<List<Case>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = order_by.unwrap_or_default().sort();
        let window = window(first, after, last, before)?;
        child_list::<cases::Entity, _>(
            ctx,
            cases::Column::ClientId,
            self.0.id,
            filter,
            order,
            window,
            Case,
        )
        .await
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
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl ClientFilter {
    pub fn condition(&self) -> async_graphql::Result<Condition> {
        let mut cond = Condition::all();
        if let Some(search) = self
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            validate::required("filter.search", search).gql()?;
            let digits: String = search.chars().filter(char::is_ascii_digit).collect();
            let pattern = format!("%{}%", like_escape(search));
            // `ILIKE` and `%` (similarity) both use the trigram GIN indexes on display_name and
            // phone; the similarity operator catches typos ("Gonzales" finds "Gonzalez").
            let mut any = Condition::any()
                .add(Expr::cust_with_values(
                    r#""clients"."display_name" ILIKE $1"#,
                    [pattern],
                ))
                .add(Expr::cust_with_values(
                    r#""clients"."display_name" % $1"#,
                    [search.to_owned()],
                ));
            if digits.len() >= 3 {
                any = any.add(Expr::cust_with_values(
                    r#""clients"."phone" LIKE $1"#,
                    [format!("%{digits}%")],
                ));
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

/// The field a list of `Client` items is sorted by (in `ClientOrder`); ties are broken by ID.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ClientOrderField {
    /// By display name, alphabetically.
    #[default]
    DisplayName,
    /// By when it was created.
    CreatedAt,
    /// By the date of the last visit.
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

/// A pet: the canonical patient record.
#[Object(guard = "ReadGuard::new(Resource::Patients, self.0.clinic_id)")]
impl Patient {
    pub async fn id(&self) -> ID {
        ids::of(Resource::Patients, self.0.id)
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
    async fn date_of_birth(&self) -> Option<scalars::Date> {
        self.0.date_of_birth.map(Into::into)
    }
    async fn weight_kg(&self) -> Option<scalars::Decimal> {
        self.0.weight_kg.map(Into::into)
    }
    async fn microchip_id(&self) -> Option<&str> {
        self.0.microchip_id.as_deref()
    }
    async fn is_deceased(&self) -> Option<bool> {
        self.0.is_deceased
    }
    async fn deceased_at(&self) -> Option<scalars::DateTime> {
        self.0.deceased_at.map(Into::into)
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
    async fn first_visit_at(&self) -> Option<scalars::DateTime> {
        self.0.first_visit_at.map(Into::into)
    }
    async fn last_visit_at(&self) -> Option<scalars::DateTime> {
        self.0.last_visit_at.map(Into::into)
    }
    async fn visit_count(&self) -> Option<i32> {
        self.0.visit_count
    }
    async fn metadata(&self) -> Option<scalars::Json> {
        json(&self.0.metadata)
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    /// The pet's owner.
    async fn client(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Client>> {
        Ok(loaders(ctx)?
            .one::<clients::Entity>(self.0.client_id)
            .await
            .gql()?
            .map(Client))
    }

    /// Cases opened for the pet, newest first unless ordered otherwise.
    #[allow(clippy::too_many_arguments)]
    async fn cases(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<CaseFilter>,
        order_by: Option<CaseOrder>,
    ) -> async_graphql::Result<List<Case>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = order_by.unwrap_or_default().sort();
        let window = window(first, after, last, before)?;
        child_list::<cases::Entity, _>(
            ctx,
            cases::Column::PatientId,
            self.0.id,
            filter,
            order,
            window,
            Case,
        )
        .await
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
        if let Some(search) = self
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let pattern = format!("%{}%", like_escape(search));
            cond = cond.add(
                Condition::any()
                    .add(Expr::cust_with_values(
                        r#""patients"."name" ILIKE $1"#,
                        [pattern],
                    ))
                    .add(Expr::cust_with_values(
                        r#""patients"."name" % $1"#,
                        [search.to_owned()],
                    )),
            );
        }
        if let Some(species) = &self.species {
            cond = cond.add(Expr::cust_with_values(
                r#"lower("patients"."species") = lower($1)"#,
                [species.clone()],
            ));
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

/// The field a list of `Patient` items is sorted by (in `PatientOrder`); ties are broken by ID.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PatientOrderField {
    /// By name, alphabetically.
    #[default]
    Name,
    /// By when it was created.
    CreatedAt,
    /// By the date of the last visit.
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

/// The people-related fields of `Clinic`.
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
        child_list::<clients::Entity, _>(
            ctx,
            clients::Column::ClinicId,
            self.0.id,
            filter,
            order,
            window,
            Client,
        )
        .await
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
        child_list::<patients::Entity, _>(
            ctx,
            patients::Column::ClinicId,
            self.0.id,
            filter,
            order,
            window,
            Patient,
        )
        .await
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// The mutations of this area (organization, staff, clients and patients, PIMS), merged into
/// one part of the root `Mutation`.
#[derive(async_graphql::MergedObject, Default)]
pub struct PeopleMutations(
    mutations::ClientMutations,
    super::clinic::ClinicMutations,
    super::identity::MembershipMutations,
    super::staff::StaffMutations,
    super::staff::providers::ProviderMutations,
    super::pims::PimsMutations,
    super::pims::mappings::PimsMappingMutations,
    super::pims::sync::PimsSyncMutations,
);
