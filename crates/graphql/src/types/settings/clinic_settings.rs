//! The clinic's settings row (`clinic_settings`, one per clinic): discharge-call voicemail
//! handling, retries, preferred contact windows and delays, batch options, the emergency
//! number, e-mail branding and test mode, saved with the generated `saveClinicSettings`.

use chrono::NaiveTime;
use domain::DomainError;
use entity::clinic_settings;

use crate::row::{
    Exposed, Row, Step, Write, Writes, Written, email, input, no_links, not_negative, phone, step,
};

/// A row of `clinic_settings` (described with its table in `domain::registry`).
pub type ClinicSettings = Row<clinic_settings::Entity>;

const SAVE: Step = step(
    "saveClinicSettings",
    Write::Save,
    "settings",
    "Creates or updates the clinic's settings (admin or above).",
)
.inputs(&[
    input("voicemail_detection_enabled").kept(),
    input("voicemail_hangup_on_detection").kept(),
    input("voicemail_message"),
    input("max_call_retries").kept().check(not_negative),
    input("preferred_email_start_time"),
    input("preferred_email_end_time"),
    input("preferred_call_start_time"),
    input("preferred_call_end_time"),
    input("email_delay_days").kept().check(not_negative),
    input("call_delay_days").kept().check(not_negative),
    input("batch_include_pims_notes").kept(),
    input("batch_include_manual_transcriptions").kept(),
    input("emergency_phone").check(phone),
    input("email_header_text"),
    input("email_footer_text"),
    input("test_mode_enabled").kept(),
    input("test_contact_name"),
    input("test_contact_email").check(email),
    input("test_contact_phone").check(phone),
])
.check(windows);

impl Exposed for clinic_settings::Entity {
    const WRITES: &'static Writes = &Writes {
        steps: &[SAVE],
        ..Writes::NONE
    };
    no_links!();
}

/// Each preferred window as it will be stored ends after it starts; a new row takes the
/// spec's defaults, 10:00–12:00 for e-mails and 16:00–19:00 for calls.
fn windows(row: &Written<'_>) -> Result<(), DomainError> {
    let at = |hour| NaiveTime::from_hms_opt(hour, 0, 0);
    row.window(
        "preferred_email_start_time",
        "preferred_email_end_time",
        (at(10), at(12)),
    )?;
    row.window(
        "preferred_call_start_time",
        "preferred_call_end_time",
        (at(16), at(19)),
    )
}
