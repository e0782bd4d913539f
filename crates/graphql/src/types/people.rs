//! Pet owners (`Client`) and their pets (`Patient`): types, the clinic's lists with filters and
//! fuzzy search; their mutations are in [`mutations`]. `PeopleMutations` merges the mutations
//! of the whole area (organization, staff, clients and patients, PIMS) into one root part.
//!
//! This module is the pattern the other areas follow: `Client = Row<clients::Entity>` with its
//! columns from the registry and its hand-written links (the clinic, typed `address`), child
//! lists declared as `Exposed::CHILDREN`, a typed filter and order per list (`Listed`), and one
//! input and one payload type per mutation, each mutation one savepoint that the `Writer`
//! audits.

pub mod mutations;

use async_graphql::{Enum, InputObject, Object};
use domain::paging::SortOrder;
use domain::validate;
use entity::{cases, clients, clinics, patients};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition};

use super::values::Address;
use crate::connection::OrderDirection;
use crate::errors::GqlResult;
use crate::inputs::DateTimeRange;
use crate::row::{Children, Exposed, Listed, NoLinks, Parent, Row, children, parent};

// ---------------------------------------------------------------------------------------------
// Client

/// A row of `clients` (described with its table in `domain::registry`).
pub type Client = Row<clients::Entity>;

/// The hand-written fields of `Client` (its columns come from its declaration).
pub struct ClientLinks<'a>(&'a clients::Model);

#[Object(name = "ClientLinks")]
impl ClientLinks<'_> {
    async fn address(&self) -> Option<Address> {
        self.0.address.as_ref().map(Address::from)
    }
}

impl Exposed for clients::Entity {
    const PARENTS: &'static [Parent] = &[parent::<clinics::Entity>("clinic")];
    const CHILDREN: &'static [Children] = &[
        children::<patients::Entity>("patients", "client_id", "The client's pets."),
        children::<cases::Entity>(
            "cases",
            "client_id",
            "Cases opened for the client, newest first unless ordered otherwise.",
        ),
    ];
    type Links<'a> = ClientLinks<'a>;
    fn links(model: &clients::Model) -> Self::Links<'_> {
        ClientLinks(model)
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

/// A row of `patients` (described with its table in `domain::registry`).
pub type Patient = Row<patients::Entity>;

impl Exposed for patients::Entity {
    const PARENTS: &'static [Parent] = &[parent::<clients::Entity>("client")];
    const CHILDREN: &'static [Children] = &[children::<cases::Entity>(
        "cases",
        "patient_id",
        "Cases opened for the pet, newest first unless ordered otherwise.",
    )];
    type Links<'a> = NoLinks;
    fn links(_model: &patients::Model) -> Self::Links<'_> {
        NoLinks
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

impl Listed for patients::Entity {
    type Filter = PatientFilter;
    type Order = PatientOrder;
    fn condition(filter: PatientFilter) -> async_graphql::Result<Condition> {
        filter.condition()
    }
    fn sort(order: PatientOrder) -> SortOrder<patients::Column> {
        order.sort()
    }
}

impl Listed for clients::Entity {
    type Filter = ClientFilter;
    type Order = ClientOrder;
    fn condition(filter: ClientFilter) -> async_graphql::Result<Condition> {
        filter.condition()
    }
    fn sort(order: ClientOrder) -> SortOrder<clients::Column> {
        order.sort()
    }
}
