//! Clinic configuration: the one-per-clinic rows (`ClinicSettings`, `ScheduleConfig`,
//! `AutoSchedulingConfig`, saved with the generated `save…` upserts and shown on `Clinic` as
//! declared `one` fields), and the clinic's lists of blocked periods, voice-assistant mappings
//! and case-type cadences (declared on `Clinic`). One submodule per table.

pub(crate) mod assistants;
pub(crate) mod auto_scheduling;
pub(crate) mod blocked_periods;
pub(crate) mod cadences;
pub(crate) mod clinic_settings;
pub(crate) mod schedule_config;

pub use assistants::{AssistantMapping, AssistantMappingFilter};
pub use auto_scheduling::AutoSchedulingConfig;
pub use blocked_periods::{BlockedPeriod, BlockedPeriodFilter};
pub use cadences::CaseTypeCadence;
pub use clinic_settings::ClinicSettings;
pub use schedule_config::ScheduleConfig;
