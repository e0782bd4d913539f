//! Demo tier 3: PIMS credentials, mappings, sync sessions and their audit log.
// Demo rows are tables of tuples, one per row, read column by column below.
#![allow(clippy::type_complexity)]

use chrono::TimeDelta;
use entity::enums::{PimsEntityType, PimsType, SyncSessionType, SyncStatus};
use entity::{pims_credentials, pims_mappings, pims_sync_audit_log, pims_sync_sessions};
use sea_orm::ActiveValue::Set;
use serde_json::json;
use uuid::Uuid;

use super::clinical::case;
use super::fixtures::{self as fx, ALPINE, CLINICS, DemoClinic, HARBOR, SUNRISE};
use super::people::client;
use super::scheduling::appointment;
use super::{at, cid, local, pims_ref, put, text};
use crate::DomainError;
use crate::session::Writer;

/// The PIMS each clinic has credentials for. Alpine (`pims_type` none on the clinic) is
/// onboarding onto AVImark: its credentials are saved but not yet validated, and a one-off file
/// import has mapped its first records.
fn pims_of(clinic: &DemoClinic) -> PimsType {
    match clinic.pims_type {
        PimsType::None => PimsType::IdexxAvimark,
        other => other,
    }
}

fn session_id(clinic: &DemoClinic, key: &str) -> Uuid {
    cid("pims_sync_session", clinic, key)
}

/// Sync sessions: clinic, key, type, status, day, wall-clock hour, synced, failed, error.
#[rustfmt::skip]
const SESSIONS: &[(DemoClinic, &str, SyncSessionType, SyncStatus, i64, i64, i32, i32, Option<&str>)] = &[
    (SUNRISE, "consultations-sun", SyncSessionType::Consultations, SyncStatus::Completed, -1, 6, 5, 0, None),
    (SUNRISE, "appointments-sun", SyncSessionType::Appointments, SyncStatus::Failed, -1, 6, 0, 1, Some("IDEXX Neo API returned 503 Service Unavailable")),
    (HARBOR, "full-initial", SyncSessionType::Full, SyncStatus::Completed, -7, 5, 214, 2, None),
    (HARBOR, "schedule-now", SyncSessionType::Schedule, SyncStatus::Running, 0, 0, 0, 0, None),
    (ALPINE, "file-import", SyncSessionType::Full, SyncStatus::Completed, -5, 9, 3, 0, None),
];

/// Audit entries: clinic, session, action, resource type, resource (case key, or client key),
/// status.
#[rustfmt::skip]
const AUDIT: &[(DemoClinic, &str, &str, &str, &str, &str)] = &[
    (SUNRISE, "consultations-sun", "upsert", "case", "luna-dental", "success"),
    (SUNRISE, "consultations-sun", "upsert", "case", "biscuit-arthritis", "success"),
    (SUNRISE, "consultations-sun", "upsert", "case", "kiwi-egg-binding", "success"),
    (SUNRISE, "appointments-sun", "fetch", "appointment", "", "failed"),
    (HARBOR, "full-initial", "upsert", "case", "bear-tplo", "success"),
    (HARBOR, "full-initial", "upsert", "case", "cleo-derm", "success"),
    (HARBOR, "full-initial", "upsert", "client", "kowalski", "success"),
    (HARBOR, "full-initial", "upsert", "patient", "", "skipped"),
    (ALPINE, "file-import", "import", "client", "brooks", "success"),
];

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    for (n, clinic) in CLINICS.iter().enumerate() {
        let created = at(-160 + n as i64, 18, 0);
        let live = clinic.pims_type != PimsType::None;
        // Opaque stand-ins shaped like the real envelope; there is no key that opens them.
        let blob = |k: &str| cid("pims_secret", clinic, k).simple().to_string();
        put(
            w,
            pims_credentials::ActiveModel {
                id: Set(cid("pims_credential", clinic, "main")),
                clinic_id: Set(fx::clinic_id(clinic)),
                pims_type: Set(pims_of(clinic)),
                credentials_encrypted: Set(json!({
                    "ciphertext": format!("{}{}{}", blob("c1"), blob("c2"), blob("c3")),
                    "nonce": blob("nonce")[..24].to_owned(),
                    "alg": "AES-256-GCM",
                })),
                encryption_key_id: Set(text("demo-key-2026")),
                is_active: Set(Some(live)),
                validation_status: Set(text(if live { "valid" } else { "pending" })),
                last_validated_at: Set(live.then(|| at(-1, 13, 0))),
                last_used_at: Set(live.then(|| at(0, -1, 0))),
                sync_enabled: Set(Some(live)),
                created_at: Set(Some(created)),
                updated_at: Set(Some(created)),
            },
        )
        .await?;
    }

    for (clinic, key, kind, status, day, hour, synced, failed, error) in SESSIONS {
        let running = *status == SyncStatus::Running;
        let started = if running {
            at(0, 0, -3)
        } else {
            local(clinic, *day, *hour, 0)
        };
        let completed =
            (!running).then(|| started + TimeDelta::seconds(i64::from(40 + synced / 2)));
        put(
            w,
            pims_sync_sessions::ActiveModel {
                id: Set(session_id(clinic, key)),
                clinic_id: Set(fx::clinic_id(clinic)),
                credential_id: Set(
                    (*key != "file-import").then(|| cid("pims_credential", clinic, "main"))
                ),
                pims_type: Set(pims_of(clinic)),
                session_type: Set(*kind),
                status: Set(Some(*status)),
                started_at: Set(Some(started)),
                completed_at: Set(completed),
                items_synced: Set(Some(*synced)),
                items_failed: Set(Some(*failed)),
                error_message: Set(error.map(str::to_owned)),
                error_details: Set(
                    error.map(|e| json!({ "http_status": 503, "message": e, "attempts": 3 }))
                ),
                metadata: Set(Some(
                    json!({ "mode": if *key == "file-import" { "file_import" } else { "api" } }),
                )),
                next_scheduled_sync: Set(
                    (clinic.pims_type != PimsType::None).then(|| local(clinic, *day + 1, 6, 0))
                ),
                created_at: Set(Some(started)),
                updated_at: Set(Some(completed.unwrap_or(started))),
            },
        )
        .await?;
    }

    for (n, (clinic, session, action, resource, key, status)) in AUDIT.iter().enumerate() {
        let resource_id = match *resource {
            "case" => Some(case(clinic, key).id()),
            "client" => Some(client(clinic, key).id()),
            _ => None,
        };
        let (_, _, _, _, day, hour, ..) = SESSIONS
            .iter()
            .find(|s| s.0.key == clinic.key && s.1 == *session)
            .expect("session listed");
        put(
            w,
            pims_sync_audit_log::ActiveModel {
                id: Set(cid("pims_sync_audit", clinic, &format!("{session}/{n}"))),
                clinic_id: Set(fx::clinic_id(clinic)),
                sync_session_id: Set(Some(session_id(clinic, session))),
                action_type: Set((*action).into()),
                resource_type: Set((*resource).into()),
                resource_id: Set(resource_id),
                status: Set((*status).into()),
                details: Set(Some(match *status {
                    "failed" => {
                        json!({ "error": "503 Service Unavailable", "retry_in_seconds": 900 })
                    }
                    "skipped" => json!({ "reason": "patient record has no owner in the PIMS" }),
                    _ => json!({ "record": key, "changed": ["status", "notes"] }),
                })),
                created_at: Set(Some(
                    local(clinic, *day, *hour, 0) + TimeDelta::seconds(5 + n as i64),
                )),
            },
        )
        .await?;
    }

    // Mappings: (clinic, client key, pet, appointment, case, provider).
    #[rustfmt::skip]
    let mapped = [
        (SUNRISE, "gonzalez", "luna", Some("pepper-nails"), Some("luna-dental"), Some("ramirez")),
        (HARBOR, "kowalski", "bear", Some("bear-sutures"), Some("bear-tplo"), Some("okafor")),
        (ALPINE, "brooks", "summit", None, None, None),
    ];
    for (clinic, client_key, pet, appt, case_key, provider) in mapped {
        let pims = pims_of(&clinic);
        let owner = client(&clinic, client_key);
        let patient_key = format!("{client_key}/{pet}");
        let mut rows = vec![
            (
                PimsEntityType::Client,
                owner.id(),
                pims_ref(pims, "client", &clinic, client_key),
            ),
            (
                PimsEntityType::Patient,
                owner.patient_id(pet),
                pims_ref(pims, "patient", &clinic, &patient_key),
            ),
        ];
        if let Some(a) = appt.map(|k| appointment(&clinic, k)) {
            rows.push((PimsEntityType::Appointment, a.id(), a.pims_id()));
        }
        if let Some(c) = case_key.map(|k| case(&clinic, k)) {
            rows.push((
                PimsEntityType::Consultation,
                c.id(),
                c.external_id.map(str::to_owned),
            ));
        }
        if let Some(p) = provider {
            rows.push((
                PimsEntityType::Provider,
                cid("provider", &clinic, p),
                pims_ref(pims, "provider", &clinic, p),
            ));
        }
        let synced = if clinic.pims_type == PimsType::None {
            local(&clinic, -5, 9, 1)
        } else {
            local(&clinic, -1, 6, 1)
        };
        for (kind, entity_id, external) in rows {
            put(
                w,
                pims_mappings::ActiveModel {
                    id: Set(cid("pims_mapping", &clinic, &entity_id.to_string())),
                    clinic_id: Set(fx::clinic_id(&clinic)),
                    entity_type: Set(kind),
                    entity_id: Set(entity_id),
                    pims_type: Set(pims),
                    external_id: Set(external.expect("mapped records have a PIMS id")),
                    external_data: Set(Some(
                        json!({ "source": pims.to_string(), "entity": kind.to_string() }),
                    )),
                    last_synced_at: Set(Some(synced)),
                    sync_status: Set(text("active")),
                    created_at: Set(Some(synced)),
                    updated_at: Set(Some(synced)),
                },
            )
            .await?;
        }
    }
    Ok(())
}
