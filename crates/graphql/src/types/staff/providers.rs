//! Providers: the veterinarians and technicians the schedule and cases are attributed to
//! (`Provider`), their filter and order, and their mutations.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use domain::session::Writer;
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::{clinics, providers, user_clinic_access, users};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use uuid::Uuid;

use crate::context::session;
use crate::errors::GqlResult;
use crate::guard::ensure_may;
use crate::ids;
use crate::inputs::set_maybe;
use crate::payloads::{Changed, Create, Update};
use crate::row::{
    BY_CREATED_AT, Exposed, Filtered, Filtering, Listed, NoLinks, Ordering, Parent, Row, by,
    custom, equals, equals_ignoring_case, like_escape, nullable, parent, refers, text,
};

/// A row of `providers` (described with its table in `domain::registry`).
pub type Provider = Row<providers::Entity>;

impl Exposed for providers::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("user"),
        parent::<clinics::Entity>("clinic"),
    ];
    type Links<'a> = NoLinks;
    fn links(_model: &providers::Model) -> Self::Links<'_> {
        NoLinks
    }
}

impl Filtered for providers::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "ProviderFilter",
        about: "Which providers a list returns.",
        fields: &[
            equals("is_active"),
            custom("search", nullable::<String>, |_, value, _| {
                let Some(search) = text(value).map(str::trim).filter(|s| !s.is_empty()) else {
                    return Ok(Condition::all());
                };
                Ok(Condition::all().add(Expr::cust_with_values(
                    r#""providers"."name" ILIKE $1"#,
                    [format!("%{}%", like_escape(search))],
                )))
            })
            .about("Part of the name, case-insensitive."),
            equals_ignoring_case("role").about("The job, case-insensitive (e.g. `veterinarian`)."),
            refers("user_id", Resource::Users).about("Providers linked to this user."),
        ],
    };
}

impl Listed for providers::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "ProviderOrder",
        about: "The order of a provider list (ties broken by id); by name by default.",
        keys: &[by("name", "By name, alphabetically."), BY_CREATED_AT],
        descending: false,
    };
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// The input of `createProvider`, which adds a provider to the clinic (admin or above).
#[derive(InputObject)]
pub struct CreateProviderInput {
    pub clinic_id: ID,
    pub name: String,
    /// The job, e.g. `veterinarian` (the schema's default when absent).
    pub role: Option<String>,
    /// A staff member of the same clinic.
    pub user_id: Option<ID>,
}

/// The result of `createProvider` (`payloads::Changed`).
pub type CreateProviderPayload = Changed<entity::providers::Entity, Create>;

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateProviderInput {
    pub id: ID,
    pub name: Option<String>,
    pub role: MaybeUndefined<String>,
    pub user_id: MaybeUndefined<ID>,
    /// `true` brings an archived provider back.
    pub is_active: Option<bool>,
}

/// The result of `updateProvider` (`payloads::Changed`).
pub type UpdateProviderPayload = Changed<entity::providers::Entity, Update>;

/// A provider's user must be on the clinic's staff.
async fn staff_member(w: &Writer<'_>, user_id: Uuid, clinic_id: Uuid) -> Result<Uuid, DomainError> {
    let membership = w
        .find_one::<user_clinic_access::Entity>(
            Action::Read,
            Condition::all()
                .add(user_clinic_access::Column::UserId.eq(user_id))
                .add(user_clinic_access::Column::ClinicId.eq(clinic_id)),
        )
        .await?;
    match membership {
        Some(m) => Ok(m.user_id),
        None => Err(DomainError::bad_input(
            "input.userId",
            "no such member of this clinic",
        )),
    }
}

#[derive(Default)]
pub struct ProviderMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl ProviderMutations {
    /// Adds a provider to the clinic (admin or above).
    async fn create_provider(
        &self,
        ctx: &Context<'_>,
        input: CreateProviderInput,
    ) -> async_graphql::Result<CreateProviderPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        validate::required("input.name", &input.name).gql()?;
        validate::optional_text("input.role", input.role.as_deref()).gql()?;
        let user_id = input
            .user_id
            .as_ref()
            .map(|id| ids::decode_as(id, Resource::Users))
            .transpose()
            .gql()?;
        let provider = session(ctx)?
            .atomically(async |w| {
                ensure_may(w, Resource::Providers, Action::Create, clinic_id)?;
                let user_id = match user_id {
                    Some(id) => Some(staff_member(w, id, clinic_id).await?),
                    None => None,
                };
                w.insert(providers::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    clinic_id: Set(clinic_id),
                    user_id: Set(user_id),
                    name: Set(input.name.trim().to_owned()),
                    role: input
                        .role
                        .map_or(NotSet, |r| Set(Some(r.trim().to_owned()))),
                    ..Default::default()
                })
                .await
            })
            .await
            .gql()?;
        Ok(CreateProviderPayload::new(Provider::new(provider)))
    }

    /// Changes a provider (admin or above).
    async fn update_provider(
        &self,
        ctx: &Context<'_>,
        input: UpdateProviderInput,
    ) -> async_graphql::Result<UpdateProviderPayload> {
        let id = ids::decode_as(&input.id, Resource::Providers).gql()?;
        if let Some(name) = &input.name {
            validate::required("input.name", name).gql()?;
        }
        validate::optional_text("input.role", input.role.as_opt_deref().flatten()).gql()?;
        let user_id = match &input.user_id {
            MaybeUndefined::Value(id) => {
                MaybeUndefined::Value(ids::decode_as(id, Resource::Users).gql()?)
            }
            MaybeUndefined::Null => MaybeUndefined::Null,
            MaybeUndefined::Undefined => MaybeUndefined::Undefined,
        };
        let (_, provider) = session(ctx)?
            .atomically(async |w| {
                let user_id = match user_id {
                    MaybeUndefined::Value(user) => {
                        let current = w.load_for::<providers::Entity>(id, Action::Update).await?;
                        MaybeUndefined::Value(staff_member(w, user, current.clinic_id).await?)
                    }
                    other => other,
                };
                w.update::<providers::Entity, providers::ActiveModel>(id, Action::Update, |row| {
                    if let Some(name) = input.name {
                        row.name = Set(name.trim().to_owned());
                    }
                    set_maybe(&mut row.role, input.role.map_value(|r| r.trim().to_owned()));
                    set_maybe(&mut row.user_id, user_id);
                    if let Some(active) = input.is_active {
                        row.is_active = Set(Some(active));
                    }
                    Ok(())
                })
                .await
            })
            .await
            .gql()?;
        Ok(UpdateProviderPayload::new(Provider::new(provider)))
    }
}
