//! Demo tiers 7 and 8: voice assistants and clinic configuration (settings, auto-scheduling,
//! per-case-type cadence).

use entity::{
    auto_scheduling_config, clinic_case_type_cadence, clinic_settings, vapi_assistant_mappings,
};
use sea_orm::ActiveValue::Set;
use serde_json::json;

use super::fixtures::{self as fx, CLINICS, DemoClinic};
use super::{at, cid, put, text, time};
use crate::DomainError;
use crate::session::Writer;

/// Per-case-type cadence: case type, call?, email?, call delay, email delay, never.
#[rustfmt::skip]
const CADENCE: &[(&str, bool, bool, i32, i32, bool)] = &[
    ("surgery", true, true, 1, 1, false),
    ("dental", true, true, 1, 1, false),
    ("wellness", false, true, 0, 1, false),
    ("euthanasia", false, false, 0, 0, true),
];

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    for (n, clinic) in CLINICS.iter().enumerate() {
        let created = at(-170 + n as i64, 18, 0);
        insert_assistants(w, clinic, created).await?;

        let name = clinic.name;
        put(w, clinic_settings::ActiveModel {
            id: Set(cid("clinic_settings", clinic, "main")),
            clinic_id: Set(fx::clinic_id(clinic)),
            voicemail_detection_enabled: Set(Some(true)),
            voicemail_hangup_on_detection: Set(Some(clinic.key == "harbor")),
            voicemail_message: Set(Some(format!(
                "Hi, this is {name} calling to check on your pet after their recent visit. \
                 Everything should be in your discharge e-mail; call us back any time if you have questions."
            ))),
            max_call_retries: Set(Some(if clinic.key == "alpine" { 1 } else { 2 })),
            preferred_email_start_time: Set(Some(time(9, 0))),
            preferred_email_end_time: Set(Some(time(11, 0))),
            preferred_call_start_time: Set(Some(time(16, 0))),
            preferred_call_end_time: Set(Some(time(18, 30))),
            email_delay_days: Set(Some(1)),
            call_delay_days: Set(Some(2)),
            batch_include_pims_notes: Set(Some(clinic.key != "alpine")),
            batch_include_manual_transcriptions: Set(Some(true)),
            emergency_phone: Set(Some(match clinic.key {
                "sunrise" => "+15550100911",
                "harbor" => "+15550200911",
                _ => "+15550300911",
            }
            .to_owned())),
            email_header_text: Set(Some(format!("Your visit to {name}"))),
            email_footer_text: Set(text("This message is about your pet's recent visit. Reply to reach our front desk.")),
            // Alpine is still trialling: its calls and e-mails go to the practice owner.
            test_mode_enabled: Set(Some(clinic.key == "alpine")),
            test_contact_name: Set((clinic.key == "alpine").then(|| "Karin Lindqvist".to_owned())),
            test_contact_email: Set((clinic.key == "alpine").then(|| "karin.lindqvist@alpinepet.example.com".to_owned())),
            test_contact_phone: Set((clinic.key == "alpine").then(|| "+15550300301".to_owned())),
            created_at: Set(Some(created)),
            updated_at: Set(Some(created)),
        })
        .await?;

        put(
            w,
            auto_scheduling_config::ActiveModel {
                id: Set(cid("auto_scheduling_config", clinic, "main")),
                clinic_id: Set(fx::clinic_id(clinic)),
                is_enabled: Set(Some(clinic.key != "alpine")),
                auto_email_enabled: Set(Some(true)),
                auto_call_enabled: Set(Some(clinic.key == "sunrise" || clinic.key == "harbor")),
                email_delay_days: Set(Some(1)),
                call_delay_days: Set(Some(2)),
                preferred_email_time: Set(Some(time(10, 0))),
                preferred_call_time: Set(Some(time(16, 0))),
                scheduling_criteria: Set(Some(json!({
                    "case_statuses": ["reviewed", "completed"],
                    "exclude_case_types": ["euthanasia"],
                    "require_client_phone": true,
                }))),
                created_at: Set(Some(created)),
                updated_at: Set(Some(created)),
            },
        )
        .await?;

        // Alpine has only set up its surgery cadence so far.
        let cadence = if clinic.key == "alpine" {
            &CADENCE[..1]
        } else {
            CADENCE
        };
        for (case_type, call, email, call_days, email_days, never) in cadence {
            put(
                w,
                clinic_case_type_cadence::ActiveModel {
                    id: Set(cid("clinic_case_type_cadence", clinic, case_type)),
                    clinic_id: Set(fx::clinic_id(clinic)),
                    case_type: Set((*case_type).into()),
                    auto_schedule_call: Set(Some(*call)),
                    auto_schedule_email: Set(Some(*email)),
                    call_delay_days: Set(Some(*call_days)),
                    email_delay_days: Set(Some(*email_days)),
                    preferred_call_time: Set(Some(time(16, 0))),
                    preferred_email_time: Set(Some(time(9, 0))),
                    never_auto_schedule: Set(Some(*never)),
                    created_at: Set(Some(created)),
                    updated_at: Set(Some(created)),
                },
            )
            .await?;
        }
    }
    Ok(())
}

/// The inbound receptionist and the outbound follow-up assistant of a clinic (their ids are
/// the `assistant_id` the call rows carry), plus a staging copy at Sunrise.
async fn insert_assistants(
    w: &Writer<'_>,
    clinic: &DemoClinic,
    created: chrono::DateTime<chrono::Utc>,
) -> Result<(), DomainError> {
    let mut assistants = vec![
        ("inbound", "production", "Receptionist"),
        ("outbound", "production", "Discharge follow-up"),
    ];
    if clinic.key == "sunrise" {
        assistants.push(("inbound", "staging", "Receptionist (staging)"));
    }
    for (kind, env, label) in assistants {
        let assistant_id = if env == "production" {
            format!("asst_demo_{}_{kind}", clinic.key)
        } else {
            format!("asst_demo_{}_{kind}_{env}", clinic.key)
        };
        put(
            w,
            vapi_assistant_mappings::ActiveModel {
                id: Set(cid("vapi_assistant_mapping", clinic, &assistant_id)),
                clinic_id: Set(fx::clinic_id(clinic)),
                assistant_id: Set(assistant_id),
                assistant_name: Set(Some(format!("{} {label}", clinic.name))),
                assistant_type: Set(text(kind)),
                environment: Set(text(env)),
                // The clinic whose PIMS the assistant books into (its own).
                pims_clinic_id: Set(Some(fx::clinic_id(clinic))),
                is_active: Set(Some(env == "production")),
                created_at: Set(Some(created)),
                updated_at: Set(Some(created)),
            },
        )
        .await?;
    }
    Ok(())
}
