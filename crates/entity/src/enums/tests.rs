//! Round-trip, rejection and ordering tests for the string enums.

use sea_orm::sea_query::ValueType;
use sea_orm::{ActiveEnum, ColumnType, Iterable, Value};
use serde_json::json;

use super::*;

/// Checks one enum: its exact value list (in declaration order), and for every variant that
/// `string_value`, `as_str()`, `Display` and serde agree and round-trip; then that unknown,
/// differently-cased and empty strings are rejected, and that the column type is `TEXT`.
macro_rules! check_enum {
    ($ty:ty, [$($s:literal),+ $(,)?]) => {{
        let expected: &[&str] = &[$($s),+];
        let values: Vec<String> = <$ty>::iter().map(|v| v.to_value()).collect();
        assert_eq!(values, expected, "{} values", stringify!($ty));
        for v in <$ty>::iter() {
            let s = v.to_value();
            assert_eq!(v.as_str(), s);
            assert_eq!(v.to_string(), s);
            assert_eq!(<$ty>::try_from_value(&s).unwrap(), v);
            assert_eq!(<$ty as ValueType>::try_from(Value::from(s.clone())).unwrap(), v);
            assert_eq!(serde_json::to_value(v).unwrap(), json!(s));
            assert_eq!(serde_json::from_value::<$ty>(json!(s)).unwrap(), v);
        }
        let (upper, padded) = (expected[0].to_uppercase(), format!(" {}", expected[0]));
        for bad in ["not-a-value", "", upper.as_str(), padded.as_str()] {
            let accepted = <$ty>::try_from_value(&bad.to_owned()).is_ok();
            assert!(!accepted, "{} accepted {bad:?}", stringify!($ty));
            assert!(<$ty as ValueType>::try_from(Value::from(bad.to_owned())).is_err());
            assert!(serde_json::from_value::<$ty>(json!(bad)).is_err());
        }
        assert_eq!(<$ty>::db_type().get_column_type(), &ColumnType::Text);
    }};
}

#[test]
fn spec_listed_enums_round_trip_and_reject_unknown() {
    check_enum!(ClinicRole, ["owner", "admin", "member", "viewer"]);
    check_enum!(InvitationStatus, ["pending", "accepted", "expired"]);
    check_enum!(
        PimsType,
        ["idexx_neo", "idexx_avimark", "idexx_ezyvet", "none"]
    );
    check_enum!(
        PimsEntityType,
        [
            "client",
            "patient",
            "provider",
            "appointment",
            "consultation"
        ]
    );
    check_enum!(
        SyncSessionType,
        ["consultations", "appointments", "schedule", "full"]
    );
    check_enum!(CaseStatus, ["draft", "ongoing", "reviewed", "completed"]);
    check_enum!(CaseSource, ["manual", "pims_sync", "import"]);
    check_enum!(
        OutboundCallStatus,
        ["queued", "in-progress", "ended", "failed", "cancelled"]
    );
    check_enum!(
        InboundCallOutcome,
        [
            "appointment_booked",
            "appointment_rescheduled",
            "appointment_cancelled",
            "message_taken",
            "refill_requested",
            "info_provided",
            "transferred",
            "emergency_redirected",
            "voicemail",
            "hung_up",
            "no_answer",
            "other",
        ]
    );
}

#[test]
fn our_enums_round_trip_and_reject_unknown() {
    check_enum!(
        SyncStatus,
        ["pending", "running", "completed", "failed", "cancelled"]
    );
    check_enum!(
        InboundCallStatus,
        [
            "queued",
            "ringing",
            "in-progress",
            "forwarding",
            "ended",
            "failed"
        ]
    );
    check_enum!(AttentionSeverity, ["low", "medium", "high", "critical"]);
    check_enum!(
        EmailStatus,
        [
            "queued",
            "sending",
            "sent",
            "delivered",
            "failed",
            "cancelled",
            "bounced"
        ]
    );
    check_enum!(
        MessageStatus,
        ["new", "read", "in_progress", "resolved", "archived"]
    );
    check_enum!(MessagePriority, ["low", "normal", "high", "urgent"]);
    check_enum!(
        RefillStatus,
        ["pending", "approved", "denied", "completed", "cancelled"]
    );
    check_enum!(
        AppointmentStatus,
        [
            "scheduled",
            "confirmed",
            "checked_in",
            "in_progress",
            "completed",
            "cancelled",
            "no_show"
        ]
    );
    check_enum!(
        BookingStatus,
        [
            "pending",
            "held",
            "confirmed",
            "rescheduled",
            "cancelled",
            "completed",
            "no_show"
        ]
    );
    check_enum!(ScheduleSyncStatus, ["in_progress", "completed", "failed"]);
    check_enum!(
        BatchStatus,
        [
            "pending",
            "processing",
            "completed",
            "partial",
            "failed",
            "cancelled"
        ]
    );
    check_enum!(
        BatchItemStatus,
        ["pending", "processing", "success", "failed", "skipped"]
    );
    check_enum!(RunStatus, ["running", "completed", "failed"]);
    check_enum!(
        ScheduledItemStatus,
        ["scheduled", "sent", "cancelled", "failed"]
    );
    check_enum!(
        WaitlistStatus,
        ["waiting", "invited", "converted", "removed"]
    );
}

#[test]
fn in_progress_keeps_its_hyphen_where_vapi_uses_one() {
    assert!(OutboundCallStatus::try_from_value(&"in_progress".to_owned()).is_err());
    assert!(InboundCallStatus::try_from_value(&"in_progress".to_owned()).is_err());
    assert!(MessageStatus::try_from_value(&"in-progress".to_owned()).is_err());
}

#[test]
fn clinic_role_orders_by_privilege() {
    use ClinicRole::*;
    assert!(Owner > Admin && Admin > Member && Member > Viewer);
    assert!(Owner > Viewer && Viewer < Admin);
    let mut roles = vec![Member, Owner, Viewer, Admin];
    roles.sort();
    assert_eq!(roles, [Viewer, Member, Admin, Owner]);
    assert_eq!(roles.iter().max(), Some(&Owner));
    assert!(Admin.at_least(Member) && Admin.at_least(Admin) && !Admin.at_least(Owner));
    assert!(!Viewer.at_least(Member));
}

#[test]
fn attention_severity_orders_by_severity() {
    use AttentionSeverity::*;
    assert!(Critical > High && High > Medium && Medium > Low);
    assert_eq!(AttentionSeverity::iter().max(), Some(Critical));
}

#[test]
fn booking_active_statuses() {
    let active: Vec<_> = BookingStatus::iter().filter(|s| s.is_active()).collect();
    assert_eq!(
        active,
        [
            BookingStatus::Pending,
            BookingStatus::Held,
            BookingStatus::Confirmed
        ]
    );
}
