//! The clinic's settings row (`clinic_settings`, one per clinic): discharge-call voicemail
//! handling, retries, preferred contact windows and delays, batch options, the emergency
//! number, e-mail branding and test mode.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, SimpleObject};
use domain::validate;
use domain::{DomainError, Resource};
use entity::clinic_settings;

use super::{save_one, set_opt, time_of, time_window, will_be};
use crate::context::session;
use crate::errors::GqlResult;
use crate::ids;
use crate::inputs::set_maybe;
use crate::row::{Exposed, Row, no_links};
use crate::scalars::{self, Inner};

/// A row of `clinic_settings` (described with its table in `domain::registry`).
pub type ClinicSettings = Row<clinic_settings::Entity>;

impl Exposed for clinic_settings::Entity {
    no_links!();
}

/// The clinic's settings to save. The first save creates the row (absent fields take the
/// defaults); later saves leave absent fields as they are, and `null` clears a field.
#[derive(InputObject)]
pub struct SaveClinicSettingsInput {
    pub clinic_id: ID,
    pub voicemail_detection_enabled: Option<bool>,
    pub voicemail_hangup_on_detection: Option<bool>,
    pub voicemail_message: MaybeUndefined<String>,
    pub max_call_retries: Option<i32>,
    pub preferred_email_start_time: MaybeUndefined<scalars::Time>,
    pub preferred_email_end_time: MaybeUndefined<scalars::Time>,
    pub preferred_call_start_time: MaybeUndefined<scalars::Time>,
    pub preferred_call_end_time: MaybeUndefined<scalars::Time>,
    pub email_delay_days: Option<i32>,
    pub call_delay_days: Option<i32>,
    pub batch_include_pims_notes: Option<bool>,
    pub batch_include_manual_transcriptions: Option<bool>,
    pub emergency_phone: MaybeUndefined<String>,
    pub email_header_text: MaybeUndefined<String>,
    pub email_footer_text: MaybeUndefined<String>,
    pub test_mode_enabled: Option<bool>,
    pub test_contact_name: MaybeUndefined<String>,
    pub test_contact_email: MaybeUndefined<String>,
    pub test_contact_phone: MaybeUndefined<String>,
}

/// The result of `saveClinicSettings`: the settings as it is after the change.
#[derive(SimpleObject)]
pub struct SaveClinicSettingsPayload {
    pub settings: ClinicSettings,
}

fn validate_input(input: &SaveClinicSettingsInput) -> Result<(), DomainError> {
    validate::non_negative("input.maxCallRetries", input.max_call_retries)?;
    validate::non_negative("input.emailDelayDays", input.email_delay_days)?;
    validate::non_negative("input.callDelayDays", input.call_delay_days)?;
    validate::phone(
        "input.emergencyPhone",
        input.emergency_phone.as_opt_deref().flatten(),
    )?;
    validate::email(
        "input.testContactEmail",
        input.test_contact_email.as_opt_deref().flatten(),
    )?;
    validate::phone(
        "input.testContactPhone",
        input.test_contact_phone.as_opt_deref().flatten(),
    )?;
    Ok(())
}

/// Each preferred window as it will be stored (a new row takes the spec's defaults, 10:00–12:00
/// for e-mails and 16:00–19:00 for calls) must end after it starts.
fn validate_windows(row: &clinic_settings::ActiveModel) -> Result<(), DomainError> {
    time_window(
        "input.preferredEmailEndTime",
        will_be(&row.preferred_email_start_time, time_of(10, 0)),
        will_be(&row.preferred_email_end_time, time_of(12, 0)),
    )?;
    time_window(
        "input.preferredCallEndTime",
        will_be(&row.preferred_call_start_time, time_of(16, 0)),
        will_be(&row.preferred_call_end_time, time_of(19, 0)),
    )
}

pub(crate) async fn save_clinic_settings(
    ctx: &Context<'_>,
    input: SaveClinicSettingsInput,
) -> async_graphql::Result<SaveClinicSettingsPayload> {
    let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
    validate_input(&input).gql()?;
    let row = session(ctx)?
        .atomically(async |w| {
            save_one::<clinic_settings::Entity, clinic_settings::ActiveModel>(w, clinic_id, |row| {
                set_opt(
                    &mut row.voicemail_detection_enabled,
                    input.voicemail_detection_enabled,
                );
                set_opt(
                    &mut row.voicemail_hangup_on_detection,
                    input.voicemail_hangup_on_detection,
                );
                set_maybe(&mut row.voicemail_message, input.voicemail_message);
                set_opt(&mut row.max_call_retries, input.max_call_retries);
                set_maybe(
                    &mut row.preferred_email_start_time,
                    input.preferred_email_start_time.inner(),
                );
                set_maybe(
                    &mut row.preferred_email_end_time,
                    input.preferred_email_end_time.inner(),
                );
                set_maybe(
                    &mut row.preferred_call_start_time,
                    input.preferred_call_start_time.inner(),
                );
                set_maybe(
                    &mut row.preferred_call_end_time,
                    input.preferred_call_end_time.inner(),
                );
                set_opt(&mut row.email_delay_days, input.email_delay_days);
                set_opt(&mut row.call_delay_days, input.call_delay_days);
                set_opt(
                    &mut row.batch_include_pims_notes,
                    input.batch_include_pims_notes,
                );
                set_opt(
                    &mut row.batch_include_manual_transcriptions,
                    input.batch_include_manual_transcriptions,
                );
                set_maybe(&mut row.emergency_phone, input.emergency_phone);
                set_maybe(&mut row.email_header_text, input.email_header_text);
                set_maybe(&mut row.email_footer_text, input.email_footer_text);
                set_opt(&mut row.test_mode_enabled, input.test_mode_enabled);
                set_maybe(&mut row.test_contact_name, input.test_contact_name);
                set_maybe(&mut row.test_contact_email, input.test_contact_email);
                set_maybe(&mut row.test_contact_phone, input.test_contact_phone);
                validate_windows(row)
            })
            .await
        })
        .await
        .gql()?;
    Ok(SaveClinicSettingsPayload {
        settings: ClinicSettings::new(row),
    })
}
