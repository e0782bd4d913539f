//! The deterministic demo data set: three clinics with staff, clients, patients, cases, calls,
//! schedules, settings and integrations, at least one row in each of the 44 tables.
//!
//! The set is loaded through the domain layer as the service principal ([`Writer::insert`]),
//! so it exercises the same write path, policy checks and constraints as the API. Every id is a
//! UUIDv5 of a stable name under [`NAMESPACE`] and every timestamp an offset from [`ANCHOR`]:
//! two loads on two machines produce identical rows, and tests can name rows by id
//! ([`fixtures`]). Everything is inserted in one savepoint, so it lands completely or not at
//! all.

mod automation;
mod bookings;
mod case_notes;
mod clinical;
mod communications;
mod inbound;
mod integrations;
mod organization;
mod people;
mod public;
mod scheduling;
mod settings;
mod slack;
mod templates;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use entity::clinics;
use entity::enums::PimsType;
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel,
    PrimaryKeyTrait, QueryFilter,
};
use uuid::Uuid;

use crate::session::{Session, Writer};
use crate::tenancy::TenantScoped;
use crate::{Database, DomainError};

use fixtures::DemoClinic;

/// The namespace of every demo id (`Uuid::new_v5(&NAMESPACE, b"<kind>/<key>")`).
pub const NAMESPACE: Uuid = Uuid::from_u128(0x5e3d_1c0a_7b2f_4d8e_9a61_0c4f_2b7d_e915);

/// "Now" in the demo world: midnight UTC starting Monday 2026-11-02, which is Sunday evening in
/// the clinics' time zones (the day US daylight saving time ended). Past events are dated
/// before it; the schedule runs over the weekdays after it.
pub const ANCHOR: DateTime<Utc> = NaiveDate::from_ymd_opt(2026, 11, 2)
    .unwrap()
    .and_hms_opt(0, 0, 0)
    .unwrap()
    .and_utc();

/// US daylight saving time in 2026 (from the second Sunday of March to the first Sunday of
/// November), so that local times before the anchor land on the right UTC hour.
const DST_2026: (NaiveDate, NaiveDate) = (
    NaiveDate::from_ymd_opt(2026, 3, 8).unwrap(),
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
);

/// Who the demo is about: the clinics and users that tests, docs and the demo login refer to.
pub mod fixtures {
    use entity::enums::{ClinicRole, PimsType};
    use uuid::Uuid;

    /// A demo clinic's identity.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct DemoClinic {
        /// Short key used in the stable names of the clinic's rows (`sunrise/...`).
        pub key: &'static str,
        pub slug: &'static str,
        pub name: &'static str,
        pub clerk_org_id: &'static str,
        pub timezone: &'static str,
        pub pims_type: PimsType,
        /// Hours behind UTC in standard time (daylight saving time is one hour less).
        pub std_utc_offset_hours: i64,
    }

    pub const SUNRISE: DemoClinic = DemoClinic {
        key: "sunrise",
        slug: "sunrise-vet",
        name: "Sunrise Veterinary Clinic",
        clerk_org_id: "org_sunrise",
        timezone: "America/Los_Angeles",
        pims_type: PimsType::IdexxNeo,
        std_utc_offset_hours: 8,
    };
    pub const HARBOR: DemoClinic = DemoClinic {
        key: "harbor",
        slug: "harbor-animal",
        name: "Harbor Animal Hospital",
        clerk_org_id: "org_harbor",
        timezone: "America/New_York",
        pims_type: PimsType::IdexxEzyvet,
        std_utc_offset_hours: 5,
    };
    pub const ALPINE: DemoClinic = DemoClinic {
        key: "alpine",
        slug: "alpine-pet",
        name: "Alpine Pet Care",
        clerk_org_id: "org_alpine",
        timezone: "America/Denver",
        pims_type: PimsType::None,
        std_utc_offset_hours: 7,
    };
    /// All demo clinics; the first one's slug is the "already loaded" marker.
    pub const CLINICS: [DemoClinic; 3] = [SUNRISE, HARBOR, ALPINE];

    pub const USER_SUNRISE_OWNER: &str = "user_sunrise_owner";
    pub const USER_SUNRISE_ADMIN: &str = "user_sunrise_admin";
    pub const USER_SUNRISE_MEMBER: &str = "user_sunrise_member";
    pub const USER_SUNRISE_VIEWER: &str = "user_sunrise_viewer";
    pub const USER_HARBOR_OWNER: &str = "user_harbor_owner";
    pub const USER_HARBOR_ADMIN: &str = "user_harbor_admin";
    pub const USER_HARBOR_MEMBER: &str = "user_harbor_member";
    pub const USER_HARBOR_VIEWER: &str = "user_harbor_viewer";
    pub const USER_ALPINE_OWNER: &str = "user_alpine_owner";
    /// Member at Sunrise (primary) and admin at Harbor.
    pub const USER_MULTI: &str = "user_multi";
    /// Signed up, belongs to no clinic.
    pub const USER_NO_CLINIC: &str = "user_no_clinic";

    /// One `user_clinic_access` row of a demo user.
    #[derive(Clone, Copy, Debug)]
    pub struct DemoMembership {
        pub clinic: DemoClinic,
        pub role: ClinicRole,
        pub is_primary: bool,
    }

    /// A demo user (`users.clerk_user_id` is the Clerk subject a test token carries).
    #[derive(Clone, Copy, Debug)]
    pub struct DemoUser {
        pub clerk_user_id: &'static str,
        pub email: &'static str,
        pub first_name: &'static str,
        pub last_name: &'static str,
        /// `users.role`: the job, not the clinic role.
        pub job: &'static str,
        pub memberships: &'static [DemoMembership],
    }

    const fn only(clinic: DemoClinic, role: ClinicRole) -> [DemoMembership; 1] {
        [DemoMembership {
            clinic,
            role,
            is_primary: true,
        }]
    }

    macro_rules! user {
        ($clerk:expr, $email:literal, $first:literal, $last:literal, $job:literal, $m:expr) => {
            DemoUser {
                clerk_user_id: $clerk,
                email: $email,
                first_name: $first,
                last_name: $last,
                job: $job,
                memberships: &$m,
            }
        };
    }

    #[rustfmt::skip]
    pub const USERS: [DemoUser; 11] = [
        user!(USER_SUNRISE_OWNER, "elena.ramirez@sunrisevet.example.com", "Elena", "Ramirez", "veterinarian", only(SUNRISE, ClinicRole::Owner)),
        user!(USER_SUNRISE_ADMIN, "marcus.chen@sunrisevet.example.com", "Marcus", "Chen", "practice_manager", only(SUNRISE, ClinicRole::Admin)),
        user!(USER_SUNRISE_MEMBER, "priya.natarajan@sunrisevet.example.com", "Priya", "Natarajan", "veterinarian", only(SUNRISE, ClinicRole::Member)),
        user!(USER_SUNRISE_VIEWER, "jordan.blake@sunrisevet.example.com", "Jordan", "Blake", "receptionist", only(SUNRISE, ClinicRole::Viewer)),
        user!(USER_HARBOR_OWNER, "thomas.obrien@harboranimal.example.com", "Thomas", "O'Brien", "veterinarian", only(HARBOR, ClinicRole::Owner)),
        user!(USER_HARBOR_ADMIN, "alicia.moreno@harboranimal.example.com", "Alicia", "Moreno", "practice_manager", only(HARBOR, ClinicRole::Admin)),
        user!(USER_HARBOR_MEMBER, "samuel.okafor@harboranimal.example.com", "Samuel", "Okafor", "veterinarian", only(HARBOR, ClinicRole::Member)),
        user!(USER_HARBOR_VIEWER, "hannah.lee@harboranimal.example.com", "Hannah", "Lee", "technician", only(HARBOR, ClinicRole::Viewer)),
        user!(USER_ALPINE_OWNER, "karin.lindqvist@alpinepet.example.com", "Karin", "Lindqvist", "veterinarian", only(ALPINE, ClinicRole::Owner)),
        user!(USER_MULTI, "noah.patel@example.com", "Noah", "Patel", "veterinarian", [
            DemoMembership { clinic: SUNRISE, role: ClinicRole::Member, is_primary: true },
            DemoMembership { clinic: HARBOR, role: ClinicRole::Admin, is_primary: false },
        ]),
        user!(USER_NO_CLINIC, "riley.park@example.com", "Riley", "Park", "veterinarian", []),
    ];

    /// The id of the demo row of kind `kind` (usually the table name in the singular) with
    /// the stable key `key` (`<clinic key>/<name>` for clinic rows).
    pub fn id(kind: &str, key: &str) -> Uuid {
        Uuid::new_v5(&super::NAMESPACE, format!("{kind}/{key}").as_bytes())
    }

    pub fn clinic_id(clinic: &DemoClinic) -> Uuid {
        id("clinic", clinic.key)
    }

    pub fn user_id(clerk_user_id: &str) -> Uuid {
        id("user", clerk_user_id)
    }

    /// A demo user by Clerk id (panics on an unknown id: the fixtures are fixed).
    pub fn user(clerk_user_id: &str) -> &'static DemoUser {
        USERS
            .iter()
            .find(|u| u.clerk_user_id == clerk_user_id)
            .unwrap_or_else(|| panic!("no demo user {clerk_user_id}"))
    }
}

/// Loads the demo data unless it is already there. Returns whether anything was loaded.
pub async fn load(db: &Database) -> Result<bool, DomainError> {
    let session = Session::service(db.clone(), "demo-seed");
    if already_loaded(&session).await? {
        session.commit().await?;
        return Ok(false);
    }
    match session.loading(async |w| insert_all(w).await).await {
        Ok(()) => {
            session.commit().await?;
            Ok(true)
        }
        // Another process (a second replica starting at the same time) loaded the set while we
        // were inserting, and its rows made ours conflict: the data is there, which is success.
        Err(err @ DomainError::Conflict { .. }) => {
            let loaded = already_loaded(&session).await?;
            session.rollback().await?;
            if loaded { Ok(false) } else { Err(err) }
        }
        Err(err) => {
            session.rollback().await?;
            Err(err)
        }
    }
}

/// The demo set is all-or-nothing, so its first clinic stands for the whole of it.
async fn already_loaded(session: &Session) -> Result<bool, DomainError> {
    let found = session
        .query::<clinics::Entity>()
        .shape(|s| s.filter(clinics::Column::Slug.eq(fixtures::SUNRISE.slug)))
        .one()
        .await?;
    Ok(found.is_some())
}

/// Inserts every table, parents before children.
async fn insert_all(w: &Writer<'_>) -> Result<(), DomainError> {
    organization::insert(w).await?;
    people::insert(w).await?;
    templates::insert(w).await?;
    clinical::insert(w).await?;
    communications::insert(w).await?;
    inbound::insert(w).await?;
    bookings::insert(w).await?;
    scheduling::insert(w).await?;
    settings::insert(w).await?;
    integrations::insert(w).await?;
    slack::insert(w).await?;
    public::insert(w).await?;
    automation::insert(w).await?;
    Ok(())
}

/// Inserts one row; a failure names the table, because the seed's error is all the operator
/// sees and the generic constraint messages do not say which of ~400 rows broke.
async fn put<A>(w: &Writer<'_>, row: A) -> Result<(), DomainError>
where
    A: ActiveModelTrait + ActiveModelBehavior + Send,
    A::Entity: TenantScoped,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
    <<A::Entity as EntityTrait>::PrimaryKey as PrimaryKeyTrait>::ValueType: From<Uuid>,
{
    let table = <A::Entity as TenantScoped>::RESOURCE.table();
    match w.insert::<A::Entity, A>(row).await {
        Ok(_) => Ok(()),
        Err(DomainError::BadInput { field, message }) => Err(DomainError::BadInput {
            field,
            message: format!("demo {table}: {message}"),
        }),
        Err(DomainError::Conflict {
            message,
            constraint,
        }) => Err(DomainError::Conflict {
            message: format!("demo {table}: {message}"),
            constraint,
        }),
        Err(DomainError::Internal(message)) => {
            Err(DomainError::Internal(format!("demo {table}: {message}")))
        }
        Err(other) => Err(other),
    }
}

/// The id of a row of `clinic` (`<kind>/<clinic key>/<key>`).
fn cid(kind: &str, clinic: &DemoClinic, key: &str) -> Uuid {
    fixtures::id(kind, &format!("{}/{key}", clinic.key))
}

/// The id a PIMS gives the demo row `kind`/`key` of `clinic` (numeric, with the vendor's
/// prefix), `None` for a clinic without a PIMS. Bookings, appointments and mappings that mean
/// the same PIMS record derive the same id.
fn pims_ref(pims: PimsType, kind: &str, clinic: &DemoClinic, key: &str) -> Option<String> {
    let prefix = match pims {
        PimsType::IdexxNeo => "NEO",
        PimsType::IdexxEzyvet => "EZV",
        PimsType::IdexxAvimark => "AVM",
        PimsType::None => return None,
    };
    let n = 100_000 + cid("pims", clinic, &format!("{kind}/{key}")).as_u128() % 900_000;
    Some(format!("{prefix}-{n}"))
}

/// `ANCHOR` shifted by days, hours and minutes (negative for the past).
fn at(days: i64, hours: i64, minutes: i64) -> DateTime<Utc> {
    ANCHOR + TimeDelta::days(days) + TimeDelta::hours(hours) + TimeDelta::minutes(minutes)
}

/// The instant of `hour:minute` on the wall clock of `clinic`, `day` days after the anchor.
fn local(clinic: &DemoClinic, day: i64, hour: i64, minute: i64) -> DateTime<Utc> {
    let date = date(day);
    let dst = date >= DST_2026.0 && date < DST_2026.1;
    let offset = clinic.std_utc_offset_hours - i64::from(dst);
    at(day, hour + offset, minute)
}

/// The anchor's date shifted by `days`.
fn date(days: i64) -> NaiveDate {
    ANCHOR.date_naive() + TimeDelta::days(days)
}

fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("valid demo time")
}

/// `units` × 10^-`scale` (e.g. `dec(384, 1)` is 38.4).
fn dec(units: i64, scale: u32) -> Decimal {
    Decimal::new(units, scale)
}

fn text(s: &str) -> Option<String> {
    Some(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DbConfig;

    #[test]
    fn ids_and_times_are_stable() {
        assert_eq!(
            fixtures::clinic_id(&fixtures::SUNRISE),
            fixtures::id("clinic", "sunrise")
        );
        assert_ne!(
            fixtures::clinic_id(&fixtures::SUNRISE),
            fixtures::clinic_id(&fixtures::HARBOR)
        );
        assert_eq!(ANCHOR.timestamp(), 1_793_577_600);
        // 09:00 in Los Angeles: PST after the anchor, PDT a week before it.
        assert_eq!(local(&fixtures::SUNRISE, 0, 9, 0), at(0, 17, 0));
        assert_eq!(local(&fixtures::SUNRISE, -7, 9, 0), at(-7, 16, 0));
    }

    #[test]
    fn multi_clinic_user_is_member_and_admin() {
        let multi = fixtures::user(fixtures::USER_MULTI);
        assert_eq!(multi.memberships.len(), 2);
        assert!(
            fixtures::user(fixtures::USER_NO_CLINIC)
                .memberships
                .is_empty()
        );
    }

    /// Loads the set into the database at `SEED_SCRATCH_URL` (migrated, with the
    /// `gateway_app` role granted): the first load inserts, the second finds it.
    #[tokio::test]
    #[ignore = "needs a scratch PostgreSQL database in SEED_SCRATCH_URL"]
    async fn seed_loads_once_into_scratch_database() {
        let Ok(url) = std::env::var("SEED_SCRATCH_URL") else {
            eprintln!("SEED_SCRATCH_URL is not set; skipping");
            return;
        };
        let db = Database::connect_lazy(&DbConfig::new(url)).expect("database config");
        assert!(load(&db).await.expect("first load"), "first load inserts");
        assert!(
            !load(&db).await.expect("second load"),
            "second load finds the data"
        );
        db.close().await;
    }
}
