//! Pet owners (`Client`) and their pets (`Patient`): types, the clinic's lists with filters and
//! fuzzy search; their mutations are in [`mutations`]. `PeopleMutations` merges the mutations
//! of the whole area (organization, staff, clients and patients, PIMS) into one root part.
//!
//! This module is the pattern the other areas follow: `Client = Row<clients::Entity>` with its
//! columns from the registry and its hand-written links (the clinic, typed `address`), child
//! lists declared as `Exposed::CHILDREN`, a declared filter and order per table (`Filtered`, `Listed`), and one
//! input and one payload type per mutation, each mutation one savepoint that the `Writer`
//! audits.

use async_graphql::{Object, Value};
use domain::{DomainError, validate};
use entity::{cases, clients, clinics, json, patients};
use sea_orm::Condition;
use sea_orm::sea_query::Expr;

use super::values::Address;
use crate::inputs::AddressInput;
use crate::row::{
    BY_CREATED_AT, Children, Exposed, Filtered, Filtering, Given, Listed, Ordering, Parent, Row,
    Writes, by, children, custom, email, equals, equals_ignoring_case, fuzzy, input, no_links,
    nonblank, not_negative, nullable, parent, phone, reference, text, within,
};

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
    const WRITES: &'static Writes = &Writes {
        create: Some("Adds a pet owner to a clinic (member or above)."),
        update: Some("Changes a client's details (member or above)."),
        inputs: &[
            reference("clinic_id").required().on_create(),
            input("display_name").required().check(nonblank),
            input("first_name"),
            input("last_name"),
            input("phone").check(phone),
            input("phone_secondary").check(phone),
            input("email").check(email),
            input("address").json_as::<AddressInput, json::Address>(),
            input("preferred_contact_method"),
            input("communication_opt_out").kept(),
        ],
        ..Writes::NONE
    };
    type Links<'a> = ClientLinks<'a>;
    fn links(model: &clients::Model) -> Self::Links<'_> {
        ClientLinks(model)
    }
}

impl Filtered for clients::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "ClientFilter",
        about: "Which clients a list returns.",
        fields: &[
            custom("search", nullable::<String>, client_search).about(
                "Fuzzy match on the name (typos tolerated, trigram similarity) or a part of a \
                 phone number.",
            ),
            custom("phone", nullable::<String>, client_phone).about(
                "The client whose phone or second phone is this number, in any common format \
                 (`+1 (555) 010-2000` and `5550102000` are one number; numbers are stored in \
                 E.164).",
            ),
            equals("is_active"),
            equals("communication_opt_out"),
            within("created_at"),
            within("last_visit_at"),
        ],
    };
}

impl Listed for clients::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "ClientOrder",
        about: "The order of a client list (ties broken by id).",
        keys: &[
            by("display_name", "By display name, alphabetically."),
            BY_CREATED_AT,
            by("last_visit_at", "By the date of the last visit."),
        ],
        descending: false,
    };
}

/// The SQL test that one of a client's numbers (the `clients` row named `alias`) is the given
/// number, normalised by the database's `normalize_phone`, the one definition of the rule.
fn is_clients_number(path: &str, value: &Value, alias: &str) -> Result<Option<Expr>, DomainError> {
    let Some(number) = text(value).map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    validate::phone(path, Some(number))?;
    Ok(Some(Expr::cust_with_values(
        format!(r#"normalize_phone($1) IN ("{alias}"."phone", "{alias}"."phone_secondary")"#),
        [number.to_owned()],
    )))
}

/// Clients with this phone number.
fn client_phone(path: &str, value: &Value, _: &Given) -> Result<Condition, DomainError> {
    Ok(match is_clients_number(path, value, "clients")? {
        Some(test) => Condition::all().add(test),
        None => Condition::all(),
    })
}

/// Pets whose owner has this phone number.
fn owner_phone(path: &str, value: &Value, _: &Given) -> Result<Condition, DomainError> {
    use sea_orm::ExprTrait;
    use sea_orm::sea_query::{Alias, Query};
    let Some(test) = is_clients_number(path, value, "owner")? else {
        return Ok(Condition::all());
    };
    let owner = Alias::new("owner");
    let owners = Query::select()
        .expr(Expr::val(1))
        .from_as(clients::Entity, owner.clone())
        .and_where(
            Expr::col((owner, clients::Column::Id))
                .equals((patients::Entity, patients::Column::ClientId)),
        )
        .and_where(test)
        .to_owned();
    Ok(Condition::all().add(Expr::exists(owners)))
}

/// A client's name like the text (typos tolerated), or a phone number with its digits.
fn client_search(path: &str, value: &Value, _: &Given) -> Result<Condition, DomainError> {
    let Some(search) = text(value).map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(Condition::all());
    };
    validate::required(path, search)?;
    let digits: String = search.chars().filter(char::is_ascii_digit).collect();
    let mut any = fuzzy("clients", "display_name", search);
    if digits.len() >= 3 {
        any = any.add(Expr::cust_with_values(
            r#""clients"."phone" LIKE $1"#,
            [format!("%{digits}%")],
        ));
    }
    Ok(any)
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
    const WRITES: &'static Writes = &Writes {
        create: Some(
            "Adds a pet to a client; the pet belongs to the client's clinic (member or above).",
        ),
        update: Some("Changes a pet's details (member or above)."),
        inputs: &[
            reference("client_id").required().on_create(),
            input("name").required().check(nonblank),
            input("species"),
            input("breed"),
            input("sex"),
            input("color"),
            input("date_of_birth"),
            input("weight_kg").check(not_negative),
            input("microchip_id"),
            input("is_deceased").kept().on_update(),
            input("deceased_at").on_update(),
            input("allergies"),
            input("chronic_conditions"),
        ],
        ..Writes::NONE
    };
    no_links!();
}

impl Filtered for patients::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "PatientFilter",
        about: "Which patients a list returns.",
        fields: &[
            custom("search", nullable::<String>, patient_search)
                .about("Fuzzy match on the pet's name (typos tolerated)."),
            custom("ownerPhone", nullable::<String>, owner_phone).about(
                "Pets whose owner has this phone number (either of the owner's numbers, in any \
                 common format).",
            ),
            equals_ignoring_case("species"),
            equals("is_active"),
            equals("is_deceased"),
            within("created_at"),
        ],
    };
}

impl Listed for patients::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "PatientOrder",
        about: "The order of a patient list (ties broken by id).",
        keys: &[
            by("name", "By name, alphabetically."),
            BY_CREATED_AT,
            by("last_visit_at", "By the date of the last visit."),
        ],
        descending: false,
    };
}

/// A pet's name like the text (typos tolerated).
fn patient_search(_path: &str, value: &Value, _: &Given) -> Result<Condition, DomainError> {
    Ok(match text(value).map(str::trim).filter(|s| !s.is_empty()) {
        Some(search) => fuzzy("patients", "name", search),
        None => Condition::all(),
    })
}

// ---------------------------------------------------------------------------------------------
// The clinic's lists of this area

// ---------------------------------------------------------------------------------------------
// Mutations

/// The mutations of this area (organization, staff, clients and patients, PIMS), merged into
/// one part of the root `Mutation`.
#[derive(async_graphql::MergedObject, Default)]
pub struct PeopleMutations(
    super::clinic::ClinicMutations,
    super::identity::MembershipMutations,
    super::staff::StaffMutations,
    super::pims::PimsMutations,
    super::pims::mappings::PimsMappingMutations,
    super::pims::sync::PimsSyncMutations,
);
