//! String-backed enums for the TEXT status/type columns of Schema V2, stored as plain `TEXT`.
//!
//! Every enum derives `DeriveActiveEnum` with `rs_type = "String", db_type = "Text"` and an
//! explicit `string_value` per variant, so the database sees ordinary strings (no Postgres enum
//! types). Reading a string that is not one of the listed values fails with `DbErr::Type`
//! (`ActiveEnum::try_from_value`), which surfaces bad data instead of silently mapping it.
//!
//! Serde uses the same strings as the database (`rename_all = "snake_case"`, plus an explicit
//! rename for the two hyphenated `in-progress` values); the tests check that the three
//! spellings (`string_value`, `as_str()`, serde) agree for every variant.
//!
//! The first group is listed in the spec (and backed by CHECK constraints, see
//! `docs/SCHEMA_DECISIONS.md` item 5); the rest are defined by us because the spec only gives
//! a default value.

mod batches;
mod calls;
mod cases;
mod identity;
mod messaging;
mod pims;
mod scheduling;
mod waitlist;

pub use batches::{BatchItemStatus, BatchStatus, RunStatus, ScheduledItemStatus};
pub use calls::{AttentionSeverity, InboundCallOutcome, InboundCallStatus, OutboundCallStatus};
pub use cases::{CaseSource, CaseStatus};
pub use identity::{ClinicRole, InvitationStatus};
pub use messaging::{EmailStatus, MessagePriority, MessageStatus, RefillStatus};
pub use pims::{PimsEntityType, PimsType, SyncSessionType, SyncStatus};
pub use scheduling::{AppointmentStatus, BookingStatus, ScheduleSyncStatus};
pub use waitlist::WaitlistStatus;

/// Implements `Display` for a string enum in terms of its `as_str()`.
macro_rules! display_as_str {
    ($($ty:ty),+ $(,)?) => {
        $(
            impl ::std::fmt::Display for $ty {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        )+
    };
}
pub(crate) use display_as_str;

#[cfg(test)]
mod tests;
