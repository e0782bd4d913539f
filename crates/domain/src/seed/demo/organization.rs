//! Demo tier 1: clinics, users, memberships, invitations and providers.

use entity::enums::{ClinicRole, InvitationStatus};
use entity::json::{Address, BusinessHours, DayHours, ErConfig};
use entity::{clinic_invitations, clinics, providers, user_clinic_access, users};
use sea_orm::ActiveValue::Set;

use super::fixtures::{self, ALPINE, CLINICS, DemoClinic, HARBOR, SUNRISE, USERS};
use super::{at, cid, put, text};
use crate::DomainError;
use crate::session::Writer;

/// What the fixtures do not say about a clinic: contact details, hours and billing.
struct Profile {
    email: &'static str,
    phone: &'static str,
    address: (&'static str, &'static str, &'static str, &'static str),
    /// Weekday and Saturday hours; `None` on Saturday means closed.
    hours: (
        (&'static str, &'static str),
        Option<(&'static str, &'static str)>,
    ),
    /// Emergency hospital the voice assistant redirects to.
    er: Option<(&'static str, &'static str)>,
    color: &'static str,
    tier: &'static str,
    subscription: &'static str,
}

fn profile(clinic: &DemoClinic) -> Profile {
    match clinic.key {
        "sunrise" => Profile {
            email: "frontdesk@sunrisevet.example.com",
            phone: "+15550100100",
            address: ("2150 Ocean Park Blvd", "Santa Monica", "CA", "90405"),
            hours: (("08:00", "18:00"), Some(("09:00", "14:00"))),
            er: Some((
                "+15550100911",
                "If your pet is having an emergency, please call Westside Animal Emergency, open 24 hours, at 555-010-0911.",
            )),
            color: "#F59E0B",
            tier: "professional",
            subscription: "active",
        },
        "harbor" => Profile {
            email: "hello@harboranimal.example.com",
            phone: "+15550200200",
            address: ("88 Atlantic Ave", "Brooklyn", "NY", "11201"),
            hours: (("07:30", "19:00"), Some(("08:00", "16:00"))),
            er: Some((
                "+15550200911",
                "For emergencies after hours, please go to BluePearl Brooklyn or call 555-020-0911.",
            )),
            color: "#0E7490",
            tier: "enterprise",
            subscription: "active",
        },
        _ => Profile {
            email: "care@alpinepet.example.com",
            phone: "+15550300300",
            address: ("410 Pearl St", "Boulder", "CO", "80302"),
            hours: (("08:00", "17:00"), None),
            er: None,
            color: "#16A34A",
            tier: "starter",
            subscription: "trialing",
        },
    }
}

/// Providers per clinic: key, name, job, linked demo user.
#[rustfmt::skip]
const PROVIDERS: &[(DemoClinic, &str, &str, &str, Option<&str>)] = &[
    (SUNRISE, "ramirez", "Dr. Elena Ramirez", "veterinarian", Some(fixtures::USER_SUNRISE_OWNER)),
    (SUNRISE, "natarajan", "Dr. Priya Natarajan", "veterinarian", Some(fixtures::USER_SUNRISE_MEMBER)),
    (SUNRISE, "patel", "Dr. Noah Patel", "veterinarian", Some(fixtures::USER_MULTI)),
    (HARBOR, "obrien", "Dr. Thomas O'Brien", "veterinarian", Some(fixtures::USER_HARBOR_OWNER)),
    (HARBOR, "okafor", "Dr. Samuel Okafor", "veterinarian", Some(fixtures::USER_HARBOR_MEMBER)),
    (HARBOR, "patel", "Dr. Noah Patel", "veterinarian", Some(fixtures::USER_MULTI)),
    (HARBOR, "alvarez", "Jess Alvarez, LVT", "technician", None),
    (ALPINE, "lindqvist", "Dr. Karin Lindqvist", "veterinarian", Some(fixtures::USER_ALPINE_OWNER)),
    (ALPINE, "brennan", "Dr. Owen Brennan", "veterinarian", None),
];

/// The display name of a provider (case notes and appointments quote it).
pub(super) fn provider_name(clinic: &DemoClinic, key: &str) -> &'static str {
    PROVIDERS
        .iter()
        .find(|p| p.0.key == clinic.key && p.1 == key)
        .map(|p| p.2)
        .unwrap_or_else(|| panic!("no demo provider {}/{key}", clinic.key))
}

/// The clinic's owner, who granted every other membership.
pub(super) fn owner_of(clinic: &DemoClinic) -> &'static str {
    match clinic.key {
        "sunrise" => fixtures::USER_SUNRISE_OWNER,
        "harbor" => fixtures::USER_HARBOR_OWNER,
        _ => fixtures::USER_ALPINE_OWNER,
    }
}

/// Someone at the clinic who may administer it (invites, approvals).
pub(super) fn admin_of(clinic: &DemoClinic) -> &'static str {
    match clinic.key {
        "sunrise" => fixtures::USER_SUNRISE_ADMIN,
        "harbor" => fixtures::USER_HARBOR_ADMIN,
        _ => fixtures::USER_ALPINE_OWNER,
    }
}

/// Invitations: a pending one for a new hire, and the accepted one that brought in a user who
/// is now a member (so `accepted_by` points at a real row).
#[rustfmt::skip]
const INVITATIONS: &[(DemoClinic, &str, ClinicRole, Option<&str>)] = &[
    (SUNRISE, "kim.tran@sunrisevet.example.com", ClinicRole::Member, None),
    (SUNRISE, "priya.natarajan@sunrisevet.example.com", ClinicRole::Member, Some(fixtures::USER_SUNRISE_MEMBER)),
    (HARBOR, "devon.wright@harboranimal.example.com", ClinicRole::Viewer, None),
    (HARBOR, "noah.patel@example.com", ClinicRole::Admin, Some(fixtures::USER_MULTI)),
    (ALPINE, "owen.brennan@alpinepet.example.com", ClinicRole::Member, None),
];

pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    for (n, clinic) in CLINICS.iter().enumerate() {
        let p = profile(clinic);
        let day = |h: (&str, &str)| DayHours {
            open: h.0.into(),
            close: h.1.into(),
        };
        let weekday = Some(day(p.hours.0));
        let created = at(-400 + 30 * n as i64, 17, 0);
        put(
            w,
            clinics::ActiveModel {
                id: Set(fixtures::clinic_id(clinic)),
                clerk_org_id: Set(text(clinic.clerk_org_id)),
                name: Set(clinic.name.into()),
                slug: Set(clinic.slug.into()),
                email: Set(text(p.email)),
                phone: Set(text(p.phone)),
                address: Set(Some(Address {
                    line1: text(p.address.0),
                    line2: None,
                    city: text(p.address.1),
                    state: text(p.address.2),
                    zip: text(p.address.3),
                    country: text("US"),
                })),
                timezone: Set(clinic.timezone.into()),
                business_hours: Set(Some(BusinessHours {
                    mon: weekday.clone(),
                    tue: weekday.clone(),
                    wed: weekday.clone(),
                    thu: weekday.clone(),
                    fri: weekday,
                    sat: p.hours.1.map(day),
                    sun: None,
                })),
                er_config: Set(p.er.map(|(phone, message)| ErConfig {
                    redirect_phone: text(phone),
                    redirect_message: text(message),
                    active: Some(true),
                })),
                pims_type: Set(clinic.pims_type),
                primary_color: Set(text(p.color)),
                logo_url: Set(Some(format!(
                    "https://assets.example.com/demo/{}/logo.png",
                    clinic.slug
                ))),
                stripe_customer_id: Set(Some(format!("cus_demo_{}", clinic.key))),
                stripe_subscription_id: Set(Some(format!("sub_demo_{}", clinic.key))),
                subscription_tier: Set(text(p.tier)),
                subscription_status: Set(text(p.subscription)),
                current_period_start: Set(Some(at(-1, 0, 0))),
                current_period_end: Set(Some(at(29, 0, 0))),
                is_active: Set(Some(true)),
                created_at: Set(Some(created)),
                updated_at: Set(Some(created)),
            },
        )
        .await?;
    }

    for (n, user) in USERS.iter().enumerate() {
        let created = at(-380 + 10 * n as i64, 18, 0);
        put(
            w,
            users::ActiveModel {
                id: Set(fixtures::user_id(user.clerk_user_id)),
                clerk_user_id: Set(user.clerk_user_id.into()),
                email: Set(user.email.into()),
                first_name: Set(text(user.first_name)),
                last_name: Set(text(user.last_name)),
                role: Set(text(user.job)),
                avatar_url: Set(None),
                onboarding_completed: Set(Some(!user.memberships.is_empty())),
                created_at: Set(Some(created)),
                updated_at: Set(Some(created)),
            },
        )
        .await?;
        for m in user.memberships {
            let owner = owner_of(&m.clinic);
            let granted = at(-370 + 10 * n as i64, 18, 30);
            put(w, user_clinic_access::ActiveModel {
                id: Set(cid("user_clinic_access", &m.clinic, user.clerk_user_id)),
                user_id: Set(fixtures::user_id(user.clerk_user_id)),
                clinic_id: Set(fixtures::clinic_id(&m.clinic)),
                role: Set(Some(m.role)),
                is_primary: Set(Some(m.is_primary)),
                // The owner created the clinic; nobody granted them access.
                granted_by: Set((owner != user.clerk_user_id).then(|| fixtures::user_id(owner))),
                granted_at: Set(Some(granted)),
                created_at: Set(Some(granted)),
            })
            .await?;
        }
    }

    for (n, (clinic, email, role, accepted_by)) in INVITATIONS.iter().enumerate() {
        let sent = if accepted_by.is_some() {
            at(-200, 17, 0)
        } else {
            at(-2, 16, n as i64)
        };
        put(
            w,
            clinic_invitations::ActiveModel {
                id: Set(cid("clinic_invitation", clinic, email)),
                clinic_id: Set(fixtures::clinic_id(clinic)),
                email: Set((*email).into()),
                token: Set(Some(cid("invitation_token", clinic, email))),
                role: Set(Some(*role)),
                status: Set(Some(if accepted_by.is_some() {
                    InvitationStatus::Accepted
                } else {
                    InvitationStatus::Pending
                })),
                invited_by: Set(Some(fixtures::user_id(admin_of(clinic)))),
                accepted_by: Set(accepted_by.map(fixtures::user_id)),
                accepted_at: Set(accepted_by.map(|_| sent + chrono::TimeDelta::days(1))),
                expires_at: Set(Some(sent + chrono::TimeDelta::days(7))),
                created_at: Set(Some(sent)),
            },
        )
        .await?;
    }

    for (n, (clinic, key, name, job, user)) in PROVIDERS.iter().enumerate() {
        let created = at(-360 + n as i64, 17, 0);
        put(
            w,
            providers::ActiveModel {
                id: Set(cid("provider", clinic, key)),
                clinic_id: Set(fixtures::clinic_id(clinic)),
                user_id: Set(user.map(fixtures::user_id)),
                name: Set((*name).into()),
                role: Set(text(job)),
                is_active: Set(Some(true)),
                created_at: Set(Some(created)),
                updated_at: Set(Some(created)),
            },
        )
        .await?;
    }
    Ok(())
}
