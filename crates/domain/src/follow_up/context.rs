//! What a case's plan reads and how it addresses people: the clinic's clock, settings,
//! auto-scheduling and the cadence for the case's type, the client, the latest discharge
//! summary; who each channel goes to (opt-out, test mode, the client's or the snapshot's
//! contact) and the e-mail's text.

use entity::{
    auto_scheduling_config, cases, clients, clinic_case_type_cadence, clinic_settings, clinics,
    discharge_summaries,
};
use sea_orm::{ColumnTrait, Condition};

use super::cadence::{Cadence, Channel, Sources};
use super::plan::OPTED_OUT;
use crate::booking::clinic_time::ClinicClock;
use crate::session::Writer;
use crate::{Action, DomainError};

/// Who a follow-up goes to.
pub(super) struct Recipient {
    pub(super) to: String,
    pub(super) name: Option<String>,
}

/// The rows a case's plan reads.
pub(super) struct Context {
    pub(super) clock: ClinicClock,
    clinic_name: String,
    pub(super) settings: Option<clinic_settings::Model>,
    config: Option<auto_scheduling_config::Model>,
    case_type: Option<clinic_case_type_cadence::Model>,
    client: Option<clients::Model>,
    /// The owner as the case recorded them, for a case without a client row.
    snapshot: Option<entity::json::PatientSnapshot>,
    summary: Option<String>,
}

impl Context {
    pub(super) async fn load(w: &Writer<'_>, case: &cases::Model) -> Result<Context, DomainError> {
        let clinic = w
            .fetch::<clinics::Entity>(case.clinic_id, Action::Read)
            .await?
            .ok_or(DomainError::NotFound("clinic"))?;
        let clock = ClinicClock::named(&clinic.timezone)?;
        let settings = w
            .find_one::<clinic_settings::Entity>(
                Action::Read,
                Condition::all().add(clinic_settings::Column::ClinicId.eq(case.clinic_id)),
            )
            .await?;
        let config = w
            .find_one::<auto_scheduling_config::Entity>(
                Action::Read,
                Condition::all().add(auto_scheduling_config::Column::ClinicId.eq(case.clinic_id)),
            )
            .await?;
        let mut case_type = None;
        for name in [case.r#type.as_deref(), case.detected_case_type.as_deref()]
            .into_iter()
            .flatten()
        {
            use clinic_case_type_cadence::Column;
            case_type = w
                .find_one::<clinic_case_type_cadence::Entity>(
                    Action::Read,
                    Condition::all()
                        .add(Column::ClinicId.eq(case.clinic_id))
                        .add(Column::CaseType.eq(name)),
                )
                .await?;
            if case_type.is_some() {
                break;
            }
        }
        let client = match case.client_id {
            Some(id) => w.fetch::<clients::Entity>(id, Action::Read).await?,
            None => None,
        };
        let summary = {
            w.all::<discharge_summaries::Entity>(
                Action::Read,
                Condition::all().add(discharge_summaries::Column::CaseId.eq(case.id)),
            )
            .await?
            .into_iter()
            .max_by_key(|s| s.created_at)
            .and_then(|s| s.content)
        };
        Ok(Context {
            clock,
            clinic_name: clinic.name,
            settings,
            config,
            case_type,
            client,
            snapshot: case.patient_snapshot.clone(),
            summary,
        })
    }

    /// Whether the clinic's auto-scheduling is switched on (a missing configuration is off:
    /// nobody is contacted before the clinic has set it up).
    pub(super) fn auto_scheduling_on(&self) -> bool {
        self.config.as_ref().and_then(|c| c.is_enabled) == Some(true)
    }

    pub(super) fn test_mode(&self) -> bool {
        self.settings.as_ref().and_then(|s| s.test_mode_enabled) == Some(true)
    }

    pub(super) fn opted_out(&self) -> bool {
        self.client.as_ref().and_then(|c| c.communication_opt_out) == Some(true)
    }

    pub(super) fn cadence(&self, case: &cases::Model) -> Cadence {
        self.cadence_with(case, self.case_type.as_ref())
    }

    /// What the cadence would decide for `case` if its type's cadence were `case_type`.
    pub(super) fn cadence_with(
        &self,
        case: &cases::Model,
        case_type: Option<&clinic_case_type_cadence::Model>,
    ) -> Cadence {
        Sources {
            case,
            case_type,
            config: self.config.as_ref(),
            settings: self.settings.as_ref(),
        }
        .cadence()
    }

    /// Where `channel` goes, or why it does not: off by the cadence; nobody who opted out is
    /// contacted, even in test mode (a trial run should skip whom production would skip); in
    /// test mode the test contact; else the client's address or number, then the one the
    /// case's patient snapshot recorded.
    pub(super) fn recipient(
        &self,
        channel: Channel,
        cadence: &Cadence,
    ) -> Result<Recipient, &'static str> {
        if let Some(why) = cadence.channel(channel).off {
            return Err(why);
        }
        if self.opted_out() {
            return Err(OPTED_OUT);
        }
        let settings = self.settings.as_ref();
        if self.test_mode() {
            let to = match channel {
                Channel::Email => settings.and_then(|s| s.test_contact_email.clone()),
                Channel::Call => settings.and_then(|s| s.test_contact_phone.clone()),
            };
            return to
                .filter(|t| !t.trim().is_empty())
                .map(|to| Recipient {
                    to,
                    name: settings.and_then(|s| s.test_contact_name.clone()),
                })
                .ok_or(match channel {
                    Channel::Email => "test mode is on and the clinic has no test e-mail address",
                    Channel::Call => "test mode is on and the clinic has no test phone number",
                });
        }
        let client = self.client.as_ref();
        let snapshot = self.snapshot.as_ref().filter(|_| client.is_none());
        let to = match channel {
            Channel::Email => client
                .and_then(|c| c.email.clone())
                .or_else(|| snapshot.and_then(|s| s.owner_email.clone())),
            Channel::Call => client
                .and_then(|c| c.phone.clone().or_else(|| c.phone_secondary.clone()))
                .or_else(|| snapshot.and_then(|s| s.owner_phone.clone())),
        };
        to.filter(|t| !t.trim().is_empty())
            .map(|to| Recipient {
                to,
                name: client
                    .map(|c| c.display_name.clone())
                    .or_else(|| snapshot.and_then(|s| s.owner_name.clone())),
            })
            .ok_or(match channel {
                Channel::Email => "the client has no e-mail address",
                Channel::Call => "the client has no phone number",
            })
    }

    /// The follow-up e-mail's subject and text: the clinic's header, the case's latest
    /// discharge summary, the clinic's footer.
    pub(super) fn message(&self, case: &cases::Model) -> (String, String) {
        let pet = case
            .patient_snapshot
            .as_ref()
            .and_then(|s| s.name.clone())
            .unwrap_or_else(|| "your pet".to_owned());
        let subject = format!("How is {pet} doing? A note from {}", self.clinic_name);
        let settings = self.settings.as_ref();
        let mut parts = Vec::new();
        if let Some(header) = settings.and_then(|s| s.email_header_text.clone()) {
            parts.push(header);
        }
        parts.push(match &self.summary {
            Some(summary) => summary.clone(),
            None => format!(
                "We are checking in on {pet} after the recent visit to {}. Reply to this e-mail or call us if you have any questions.",
                self.clinic_name
            ),
        });
        if let Some(footer) = settings.and_then(|s| s.email_footer_text.clone()) {
            parts.push(footer);
        }
        (subject, parts.join("\n\n"))
    }
}
