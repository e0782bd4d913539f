//! Demo tier 13: the marketing site's waitlist and contact form (no clinic).

use entity::enums::WaitlistStatus;
use entity::{contact_submissions, waitlist_signups};
use sea_orm::ActiveValue::Set;
use serde_json::json;

use super::fixtures as fx;
use super::{at, put, text};
use crate::DomainError;
use crate::session::Writer;

/// The marketing site's forms.
pub(super) async fn insert(w: &Writer<'_>) -> Result<(), DomainError> {
    #[rustfmt::skip]
    let signups = [
        ("amy.fox@brightpaws.example.com", "Dr. Amy Fox", "landing_page", "fall-2026", WaitlistStatus::Waiting, -12),
        ("ops@cedarvet.example.org", "Luis Ortega", "webinar", "fall-2026", WaitlistStatus::Invited, -30),
        ("mike.reyes@example.net", "Mike Reyes", "referral", "default", WaitlistStatus::Converted, -75),
    ];
    for (email, name, source, campaign, status, day) in signups {
        put(
            w,
            waitlist_signups::ActiveModel {
                id: Set(fx::id("waitlist_signup", &format!("{campaign}/{email}"))),
                email: Set(email.into()),
                full_name: Set(text(name)),
                source: Set(text(source)),
                campaign: Set(text(campaign)),
                status: Set(Some(status)),
                metadata: Set(Some(json!({ "utm_source": source }))),
                created_at: Set(Some(at(day, 19, 24))),
            },
        )
        .await?;
    }
    #[rustfmt::skip]
    let contacts = [
        ("Rachel", "Kim", "rachel@northshorevet.example.com", "North Shore Veterinary", "+15550407788", "We run three clinics on ezyVet and would like a demo of the follow-up calls.", -6),
        ("Ben", "Okoye", "ben.okoye@example.com", "Okoye Mobile Vet", "+15550501234", "Do you support practices without a PIMS? I mostly do house calls.", -2),
    ];
    for (first, last, email, clinic_name, phone, message, day) in contacts {
        put(
            w,
            contact_submissions::ActiveModel {
                id: Set(fx::id("contact_submission", email)),
                first_name: Set(text(first)),
                last_name: Set(text(last)),
                email: Set(email.into()),
                clinic_name: Set(text(clinic_name)),
                phone: Set(text(phone)),
                message: Set(text(message)),
                source: Set(text("contact_page")),
                metadata: Set(Some(json!({ "page": "/contact" }))),
                created_at: Set(Some(at(day, 21, 5))),
            },
        )
        .await?;
    }
    Ok(())
}
