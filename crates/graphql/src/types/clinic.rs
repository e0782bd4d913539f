//! The tenant root: `Clinic`. Its fields are split by domain area and merged here: the
//! profile below, and one part per area (`ClinicPeople`, `ClinicStaff`, `ClinicPims`,
//! `ClinicClinical`, `ClinicScheduling`, `ClinicOperations`), each defined in its area's
//! module. Also the clinic's own mutations: `updateClinic` and `deleteClinic`.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, MaybeUndefined, MergedObject, Object, SimpleObject};
use chrono::NaiveTime;
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::{clinics, user_clinic_access};
use sea_orm::Set;

use super::identity::{Membership, MembershipFilter, MembershipOrder, validate_url};
use super::values::{Address, BusinessHours, ErConfig};
use crate::connection::{List, child_list, window};
use crate::context::session;
use crate::enums::PimsType;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::inputs::AddressInput;
use crate::inputs::set_maybe;
use crate::scalars;

/// A veterinary clinic: the tenant everything else belongs to.
#[derive(MergedObject)]
pub struct Clinic(
    ClinicProfile,
    super::people::ClinicPeople,
    super::staff::ClinicStaff,
    super::pims::ClinicPims,
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
            super::staff::ClinicStaff(model.clone()),
            super::pims::ClinicPims(model.clone()),
            super::clinical::ClinicClinical(model.clone()),
            super::scheduling::ClinicScheduling(model.clone()),
            super::operations::ClinicOperations(model),
        )
    }
}

impl Clinic {
    /// The `id` field for the `Node` interface (the profile part serves it in the schema).
    pub async fn id(&self, _ctx: &Context<'_>) -> async_graphql::Result<ID> {
        Ok(ids::of(Resource::Clinics, self.0.0.id))
    }
}

/// The clinic's own columns.
pub struct ClinicProfile(pub Arc<clinics::Model>);

/// The clinic's own columns.
#[Object(guard = "ReadGuard::new(Resource::Clinics, self.0.id)")]
impl ClinicProfile {
    pub async fn id(&self) -> ID {
        ids::of(Resource::Clinics, self.0.id)
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
    async fn subscription_tier(&self) -> Option<&str> {
        self.0.subscription_tier.as_deref()
    }
    /// The subscription's state; owners only.
    async fn subscription_status(&self) -> Option<&str> {
        self.0.subscription_status.as_deref()
    }
    /// Owners only.
    async fn current_period_start(&self) -> Option<scalars::DateTime> {
        self.0.current_period_start.map(Into::into)
    }
    /// Owners only.
    async fn current_period_end(&self) -> Option<scalars::DateTime> {
        self.0.current_period_end.map(Into::into)
    }
    async fn is_active(&self) -> Option<bool> {
        self.0.is_active
    }
    async fn created_at(&self) -> Option<scalars::DateTime> {
        self.0.created_at.map(Into::into)
    }
    async fn updated_at(&self) -> Option<scalars::DateTime> {
        self.0.updated_at.map(Into::into)
    }

    /// Staff memberships of the clinic, longest-standing first unless ordered otherwise.
    #[allow(clippy::too_many_arguments)]
    async fn members(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<MembershipFilter>,
        order_by: Option<MembershipOrder>,
    ) -> async_graphql::Result<List<Membership>> {
        let filter = filter.unwrap_or_default().condition();
        let order = order_by.unwrap_or_default().sort();
        let window = window(first, after, last, before)?;
        child_list::<user_clinic_access::Entity, _>(
            ctx,
            user_clinic_access::Column::ClinicId,
            self.0.id,
            filter,
            order,
            window,
            Membership::new,
        )
        .await
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// Opening hours of one day, `HH:MM` on a 24-hour clock in the clinic's time zone.
#[derive(InputObject, Clone, Debug)]
pub struct DayHoursInput {
    pub open: String,
    pub close: String,
}

/// Opening hours for the week; a missing or `null` day is closed.
#[derive(InputObject, Clone, Debug, Default)]
pub struct BusinessHoursInput {
    pub mon: Option<DayHoursInput>,
    pub tue: Option<DayHoursInput>,
    pub wed: Option<DayHoursInput>,
    pub thu: Option<DayHoursInput>,
    pub fri: Option<DayHoursInput>,
    pub sat: Option<DayHoursInput>,
    pub sun: Option<DayHoursInput>,
}

impl BusinessHoursInput {
    /// Every given day must be `HH:MM` to `HH:MM`, closing after opening.
    fn validate(&self, field: &str) -> Result<(), DomainError> {
        let days = [
            ("mon", &self.mon),
            ("tue", &self.tue),
            ("wed", &self.wed),
            ("thu", &self.thu),
            ("fri", &self.fri),
            ("sat", &self.sat),
            ("sun", &self.sun),
        ];
        for (name, day) in days {
            let Some(day) = day else { continue };
            let open_field = format!("{field}.{name}.open");
            let close_field = format!("{field}.{name}.close");
            validate::clock_time(&open_field, &day.open)?;
            validate::clock_time(&close_field, &day.close)?;
            let (Ok(open), Ok(close)) = (
                NaiveTime::parse_from_str(&day.open, "%H:%M"),
                NaiveTime::parse_from_str(&day.close, "%H:%M"),
            ) else {
                continue;
            };
            validate::time_of_day_range(&close_field, open, close)?;
        }
        Ok(())
    }
}

impl From<BusinessHoursInput> for entity::json::BusinessHours {
    fn from(h: BusinessHoursInput) -> Self {
        let day = |d: Option<DayHoursInput>| {
            d.map(|d| entity::json::DayHours {
                open: d.open,
                close: d.close,
            })
        };
        entity::json::BusinessHours {
            mon: day(h.mon),
            tue: day(h.tue),
            wed: day(h.wed),
            thu: day(h.thu),
            fri: day(h.fri),
            sat: day(h.sat),
            sun: day(h.sun),
        }
    }
}

/// Where the voice assistant sends emergencies.
#[derive(InputObject, Clone, Debug, Default)]
pub struct ErConfigInput {
    pub redirect_phone: Option<String>,
    pub redirect_message: Option<String>,
    pub active: Option<bool>,
}

impl From<ErConfigInput> for entity::json::ErConfig {
    fn from(c: ErConfigInput) -> Self {
        entity::json::ErConfig {
            redirect_phone: c.redirect_phone,
            redirect_message: c.redirect_message,
            active: c.active,
        }
    }
}

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateClinicInput {
    pub id: ID,
    pub name: Option<String>,
    pub email: MaybeUndefined<String>,
    pub phone: MaybeUndefined<String>,
    pub address: MaybeUndefined<AddressInput>,
    /// IANA time zone, e.g. `America/New_York`.
    pub timezone: Option<String>,
    /// Replaces the whole week.
    pub business_hours: MaybeUndefined<BusinessHoursInput>,
    pub er_config: MaybeUndefined<ErConfigInput>,
    /// `#RRGGBB` (or `#RGB`).
    pub primary_color: MaybeUndefined<String>,
    pub logo_url: MaybeUndefined<String>,
}

/// The result of `updateClinic`: the clinic as it is after the change.
#[derive(SimpleObject)]
pub struct UpdateClinicPayload {
    pub clinic: Clinic,
}

/// The input of `deleteClinic`, which deletes the clinic and, by the schema's cascades, its staff,
/// clients and settings (owner only).
#[derive(InputObject)]
pub struct DeleteClinicInput {
    pub id: ID,
}

/// The result of `deleteClinic`: the ID of the deleted clinic, so a client can drop it from its
/// cache.
#[derive(SimpleObject)]
pub struct DeleteClinicPayload {
    pub deleted_clinic_id: ID,
}

fn validate_color(field: &str, value: Option<&str>) -> Result<(), DomainError> {
    let Some(value) = value else { return Ok(()) };
    let hex = value.strip_prefix('#').unwrap_or_default();
    if matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(())
    } else {
        Err(DomainError::bad_input(
            field,
            "must be a hex color such as #2563EB",
        ))
    }
}

impl UpdateClinicInput {
    fn validate(&self) -> Result<(), DomainError> {
        if let Some(name) = &self.name {
            validate::required("input.name", name)?;
        }
        validate::email("input.email", self.email.as_opt_deref().flatten())?;
        validate::phone("input.phone", self.phone.as_opt_deref().flatten())?;
        if let Some(tz) = &self.timezone {
            validate::timezone("input.timezone", tz)?;
        }
        if let MaybeUndefined::Value(hours) = &self.business_hours {
            hours.validate("input.businessHours")?;
        }
        if let MaybeUndefined::Value(er) = &self.er_config {
            validate::phone("input.erConfig.redirectPhone", er.redirect_phone.as_deref())?;
            validate::optional_text(
                "input.erConfig.redirectMessage",
                er.redirect_message.as_deref(),
            )?;
        }
        validate_color(
            "input.primaryColor",
            self.primary_color.as_opt_deref().flatten(),
        )?;
        validate_url("input.logoUrl", self.logo_url.as_opt_deref().flatten())?;
        Ok(())
    }
}

#[derive(Default)]
pub struct ClinicMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl ClinicMutations {
    /// Changes the clinic's profile, hours and ER settings (admin or above).
    async fn update_clinic(
        &self,
        ctx: &Context<'_>,
        input: UpdateClinicInput,
    ) -> async_graphql::Result<UpdateClinicPayload> {
        let id = ids::decode_as(&input.id, Resource::Clinics).gql()?;
        input.validate().gql()?;
        let (_, clinic) = session(ctx)?
            .atomically(async |w| {
                w.update::<clinics::Entity, clinics::ActiveModel>(id, Action::Update, |row| {
                    if let Some(name) = input.name {
                        row.name = Set(name.trim().to_owned());
                    }
                    set_maybe(&mut row.email, input.email);
                    set_maybe(&mut row.phone, input.phone);
                    set_maybe(&mut row.address, input.address.map_value(Into::into));
                    if let Some(tz) = input.timezone {
                        row.timezone = Set(tz);
                    }
                    set_maybe(
                        &mut row.business_hours,
                        input.business_hours.map_value(Into::into),
                    );
                    set_maybe(&mut row.er_config, input.er_config.map_value(Into::into));
                    set_maybe(&mut row.primary_color, input.primary_color);
                    set_maybe(&mut row.logo_url, input.logo_url);
                    Ok(())
                })
                .await
            })
            .await
            .gql()?;
        Ok(UpdateClinicPayload {
            clinic: Clinic::from(clinic),
        })
    }

    /// Deletes the clinic and, by the schema's cascades, its staff, clients and settings
    /// (owner only). Clinical and communication history is not cascaded: while any exists the
    /// schema refuses, and the answer is BAD_USER_INPUT.
    async fn delete_clinic(
        &self,
        ctx: &Context<'_>,
        input: DeleteClinicInput,
    ) -> async_graphql::Result<DeleteClinicPayload> {
        let id = ids::decode_as(&input.id, Resource::Clinics).gql()?;
        session(ctx)?
            .atomically(async |w| w.delete::<clinics::Entity>(id).await)
            .await
            .map_err(|e| match e {
                DomainError::BadInput { field: None, .. } => DomainError::bad_input(
                    "input.id",
                    "the clinic still has history (cases, calls, messages, sync logs …) and cannot be deleted",
                ),
                other => other,
            })
            .gql()?;
        Ok(DeleteClinicPayload {
            deleted_clinic_id: input.id,
        })
    }
}
