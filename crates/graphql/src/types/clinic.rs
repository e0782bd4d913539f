//! The tenant root: `Clinic`. Its fields are split by domain area and merged here: the
//! profile below, and one part per area (`ClinicPeople`, `ClinicStaff`, `ClinicPims`,
//! `ClinicClinical`, `ClinicScheduling`, `ClinicOperations`), each defined in its area's
//! module. Also the clinic's own writes: `updateClinic` (declared) and `deleteClinic`.

use async_graphql::{Context, ID, InputObject, MergedObject, Object, SimpleObject};
use chrono::NaiveTime;
use domain::validate;
use domain::{DomainError, Resource};
use entity::clinics;
use sea_orm::sea_query::Value as SqlValue;

use super::identity::validate_url;
use super::values::{Address, BusinessHours, ErConfig};
use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::AddressInput;
use crate::row::{
    CheckedInput, Children, Exposed, Row, Writes, children, children_in_order, email, input,
    nonblank, one, phone, timezone,
};

/// A row of `clinics` (described with its table in `domain::registry`).
pub type Clinic = Row<clinics::Entity>;

/// The hand-written fields of `Clinic`, one part per area, each defined in its area's module.
#[derive(MergedObject)]
pub struct ClinicLinks<'a>(
    ClinicProfile<'a>,
    super::pims::ClinicPims<'a>,
    super::clinical::ClinicClinical<'a>,
    super::operations::ClinicOperations<'a>,
    super::bookings::availability::ClinicBooking<'a>,
);

impl Exposed for clinics::Entity {
    const CHILDREN: &'static [Children] = &[
        one::<entity::clinic_settings::Entity>(
            "settings",
            "clinic_id",
            "Call, e-mail, batch and test-mode settings (members and above); null until saved.",
        ),
        one::<entity::clinic_schedule_config::Entity>(
            "scheduleConfig",
            "clinic_id",
            "How the schedule is synced and offered to the voice assistant; null until saved.",
        ),
        children_in_order::<entity::clinic_case_type_cadence::Entity>(
            "caseTypeCadences",
            "clinic_id",
            "Follow-up cadence per case type (members and above), by case type.",
            "case_type",
            false,
        ),
        one::<entity::auto_scheduling_config::Entity>(
            "autoSchedulingConfig",
            "clinic_id",
            "How follow-up calls and e-mails are scheduled automatically (members and above); \
             null until saved.",
        ),
        children::<entity::vapi_bookings::Entity>(
            "bookings",
            "clinic_id",
            "The clinic's bookings, in start order unless asked otherwise.",
        ),
        children_in_order::<entity::audit_events::Entity>(
            "auditEvents",
            "clinic_id",
            "Who changed what in the clinic, newest first (admins and owners).",
            "created_at",
            true,
        ),
        children::<entity::pims_mappings::Entity>(
            "pimsMappings",
            "clinic_id",
            "Which of the clinic's rows map to which PIMS ids (members and above).",
        ),
        children::<entity::pims_sync_sessions::Entity>(
            "pimsSyncSessions",
            "clinic_id",
            "The clinic's sync sessions, newest first unless ordered otherwise (members and above).",
        ),
        children::<entity::clients::Entity>("clients", "clinic_id", "The clinic's pet owners."),
        children::<entity::patients::Entity>(
            "patients",
            "clinic_id",
            "The clinic's patients, across clients.",
        ),
        children::<entity::cases::Entity>(
            "cases",
            "clinic_id",
            "The clinic's cases, newest first unless ordered otherwise.",
        ),
        children::<entity::outbound_calls::Entity>(
            "outboundCalls",
            "clinic_id",
            "Discharge calls of the clinic's cases, newest first unless ordered otherwise.",
        ),
        children::<entity::call_analysis::Entity>(
            "callAnalyses",
            "clinic_id",
            "Analyses of the clinic's calls, most recently flagged first unless ordered otherwise\n(descending puts analyses never flagged, whose `attentionFlaggedAt` is null, first; filter\non `attentionSeverity` or use `flaggedCalls` for the flagged ones only).",
        ),
        children::<entity::outbound_emails::Entity>(
            "outboundEmails",
            "clinic_id",
            "Discharge e-mails of the clinic's cases, newest first unless ordered otherwise.",
        ),
        children_in_order::<entity::inbound_calls::Entity>(
            "inboundCalls",
            "clinic_id",
            "Calls the voice assistant answered for the clinic, newest first.",
            "created_at",
            true,
        ),
        children_in_order::<entity::clinic_messages::Entity>(
            "messages",
            "clinic_id",
            "Messages left for the clinic, newest first.",
            "created_at",
            true,
        ),
        children_in_order::<entity::refill_requests::Entity>(
            "refillRequests",
            "clinic_id",
            "Prescription refill requests, newest first.",
            "created_at",
            true,
        ),
        children::<entity::schedule_appointments::Entity>(
            "appointments",
            "clinic_id",
            "The clinic's appointments, in start order unless asked otherwise.",
        ),
        children::<entity::providers::Entity>(
            "providers",
            "clinic_id",
            "The clinic's providers, by name unless ordered otherwise.",
        ),
        children::<entity::clinic_invitations::Entity>(
            "invitations",
            "clinic_id",
            "Invitations sent for the clinic, newest first (admins and owners; empty for others).",
        ),
        children_in_order::<entity::schedule_syncs::Entity>(
            "scheduleSyncs",
            "clinic_id",
            "The clinic's schedule sync runs, newest first.",
            "started_at",
            true,
        ),
        children_in_order::<entity::appointment_audit_log::Entity>(
            "appointmentAuditEntries",
            "clinic_id",
            "The booking flow's audit trail, newest first.",
            "created_at",
            true,
        ),
        children::<entity::user_clinic_access::Entity>(
            "members",
            "clinic_id",
            "Staff memberships of the clinic, longest-standing first unless ordered otherwise.",
        ),
        children_in_order::<entity::clinic_blocked_periods::Entity>(
            "blockedPeriods",
            "clinic_id",
            "Recurring times the schedule is closed (lunch, meetings), by start time.",
            "start_time",
            false,
        ),
        children_in_order::<entity::vapi_assistant_mappings::Entity>(
            "assistantMappings",
            "clinic_id",
            "The voice assistants that answer for the clinic (members and above), by assistant id.",
            "assistant_id",
            false,
        ),
        children_in_order::<entity::pims_sync_audit_log::Entity>(
            "pimsSyncAuditLog",
            "clinic_id",
            "What the syncs did in the clinic, newest first (admins and owners; empty for others).",
            "created_at",
            true,
        ),
        children_in_order::<entity::auto_scheduled_items::Entity>(
            "autoScheduledItems",
            "clinic_id",
            "Follow-ups the nightly runs scheduled for the clinic, newest first (members and above).",
            "created_at",
            true,
        ),
        children::<entity::discharge_batches::Entity>(
            "dischargeBatches",
            "clinic_id",
            "The clinic's discharge batches, newest first unless ordered otherwise (members and above).",
        ),
        children_in_order::<entity::slack_workspaces::Entity>(
            "slackWorkspaces",
            "clinic_id",
            "The Slack workspaces connected to the clinic (admins and owners).",
            "team_name",
            false,
        ),
    ];
    const WRITES: &'static Writes = &Writes {
        update: Some("Changes the clinic's profile, hours and ER settings (admin or above)."),
        inputs: &[
            input("name").required().check(nonblank),
            input("email").check(email),
            input("phone").check(phone),
            input("address").json_as::<AddressInput, entity::json::Address>(),
            input("timezone")
                .kept()
                .check(timezone)
                .about("IANA time zone, e.g. `America/New_York`."),
            input("business_hours")
                .json_checked::<BusinessHoursInput, entity::json::BusinessHours>()
                .about("Replaces the whole week."),
            input("er_config").json_checked::<ErConfigInput, entity::json::ErConfig>(),
            input("primary_color")
                .check(hex_color)
                .about("`#RRGGBB` (or `#RGB`)."),
            input("logo_url").check(url),
        ],
        ..Writes::NONE
    };
    type Links<'a> = ClinicLinks<'a>;
    fn links(model: &clinics::Model) -> Self::Links<'_> {
        ClinicLinks(
            ClinicProfile(model),
            super::pims::ClinicPims(model),
            super::clinical::ClinicClinical(model),
            super::operations::ClinicOperations(model),
            super::bookings::availability::ClinicBooking(model),
        )
    }
}

/// The clinic's own fields that are not plain columns.
pub struct ClinicProfile<'a>(pub &'a clinics::Model);

/// The clinic's own fields that are not plain columns.
#[Object]
impl ClinicProfile<'_> {
    async fn address(&self) -> Option<Address> {
        self.0.address.as_ref().map(Address::from)
    }

    async fn business_hours(&self) -> Option<BusinessHours> {
        self.0.business_hours.as_ref().map(BusinessHours::from)
    }

    async fn er_config(&self) -> Option<ErConfig> {
        self.0.er_config.as_ref().map(ErConfig::from)
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

impl CheckedInput for BusinessHoursInput {
    /// Every given day must be `HH:MM` to `HH:MM`, closing after opening.
    fn check(&self, field: &str) -> Result<(), DomainError> {
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

impl CheckedInput for ErConfigInput {
    /// The redirect number is a phone number and the message, when given, is not blank.
    fn check(&self, field: &str) -> Result<(), DomainError> {
        validate::phone(
            &format!("{field}.redirectPhone"),
            self.redirect_phone.as_deref(),
        )?;
        validate::optional_text(
            &format!("{field}.redirectMessage"),
            self.redirect_message.as_deref(),
        )
    }
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

/// A hex color such as `#2563EB` (or `#RGB`).
fn hex_color(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    if let SqlValue::String(Some(text)) = &value {
        let hex = text.strip_prefix('#').unwrap_or_default();
        if !(matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit())) {
            return Err(DomainError::bad_input(
                path,
                "must be a hex color such as #2563EB",
            ));
        }
    }
    Ok(value)
}

/// A URL a browser may load.
fn url(path: &str, value: SqlValue) -> Result<SqlValue, DomainError> {
    if let SqlValue::String(Some(text)) = &value {
        validate_url(path, Some(text))?;
    }
    Ok(value)
}

#[derive(Default)]
pub struct ClinicMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl ClinicMutations {
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
