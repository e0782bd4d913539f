//! Tier 1: the organization: clinics, their staff and how they got in.

use super::*;

pub const clinics: Table = Table {
    resource: Resource::Clinics,
    table: "clinics",
    type_name: "Clinic",
    noun: "clinic",
    about: "A veterinary clinic: the tenant everything else belongs to.",
    delete: None,
    archive: None,
    tenant: Tenant::ClinicItself,
    rules: &[
        allow(Read, Role(V), "members see the clinics they belong to"),
        allow(
            Create,
            Service,
            "clinics are provisioned from the identity provider's organizations",
        ),
        allow(
            Update,
            Role(A),
            "admins maintain the clinic's profile, hours and ER settings",
        ),
        allow(Delete, Role(O), "only an owner may delete the clinic"),
        allow(
            ManageBilling,
            Role(O),
            "billing identifiers and the subscription are the owner's",
        ),
    ],
    // Not shown: clerk_org_id, stripe_customer_id, stripe_subscription_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("name"), col("slug"), col("email"), col("phone"), col("address"), col("timezone").about("IANA time zone, e.g. `America/Los_Angeles`."),
        col("business_hours"), col("er_config"), col("pims_type").shown_as("PimsType"), col("primary_color"), col("logo_url"),
        col("subscription_tier").needs(ManageBilling).about("The subscription plan; owners only."), col("subscription_status").needs(ManageBilling).about("The subscription's state; owners only."),
        col("current_period_start").needs(ManageBilling).about("Owners only."), col("current_period_end").needs(ManageBilling).about("Owners only."),
        col("is_active"), col("created_at"), col("updated_at"),
        computed("flaggedCalls"), computed("caseCountsByStatus"), computed("outboundCallCountsByStatus"),
        computed("inboundCallCountsByStatus"), computed("inboundCallCountsByOutcome"), computed("messageCountsByStatus"),
        computed("settings"), computed("scheduleConfig"), computed("autoSchedulingConfig"), computed("availability"),
    ],
};

pub const users: Table = Table {
    resource: Resource::Users,
    table: "users",
    type_name: "User",
    noun: "user",
    about: "A staff member's profile.",
    delete: None,
    archive: None,
    tenant: Tenant::Colleagues,
    rules: &[
        allow(
            Read,
            SelfOrColleague,
            "users see themselves and the staff of their clinics",
        ),
        allow(
            Create,
            Service,
            "users are created from the identity provider",
        ),
        allow(Update, SelfOnly, "users edit their own profile"),
        allow(
            Delete,
            Service,
            "users are deleted through the identity provider",
        ),
    ],
    // Not shown: clerk_user_id (only to the user themself, through `Me`).
    #[rustfmt::skip]
    fields: &[
        col("id"), col("email"), col("first_name"), col("last_name"), col("role").named("profession").about("The user's profession (e.g. `veterinarian`), not a clinic role."), col("avatar_url"),
        col("onboarding_completed"), col("created_at"), col("updated_at"),
    ],
};

pub const user_clinic_access: Table = Table {
    resource: Resource::UserClinicAccess,
    table: "user_clinic_access",
    type_name: "Membership",
    noun: "membership",
    about: "A user's role in one clinic.",
    delete: None,
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "staff see who works in their clinic"),
        allow(
            Create,
            Role(A),
            "admins add staff (only an owner may grant owner)",
        ),
        allow(
            Update,
            Role(A),
            "admins change roles (only an owner may grant or revoke owner)",
        ),
        allow(
            Delete,
            Role(A),
            "admins remove staff; the last owner cannot be removed",
        ),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("role").shown_as("ClinicRole"), col("is_primary").about("Whether this is the user's primary clinic."), col("granted_at"), col("created_at"),
        col("clinic_id").named("clinic"), col("user_id").named("user"), col("granted_by").named("grantedBy").about("Who granted the membership (null for a clinic's founding owner, or a user no longer on\nthe staff of the caller's clinics)."),
    ],
};

pub const clinic_invitations: Table = Table {
    resource: Resource::ClinicInvitations,
    table: "clinic_invitations",
    type_name: "Invitation",
    noun: "invitation",
    about: "An invitation for an e-mail address to join a clinic with a role (never its token).",
    delete: None,
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(A), "invitations are staff administration"),
        allow(Create, Role(A), "admins invite staff"),
        allow(Update, Role(A), "admins resend or change invitations"),
        allow(Delete, Role(A), "admins revoke invitations"),
    ],
    // Not shown: token (a secret: returned once, by `inviteStaff`).
    #[rustfmt::skip]
    fields: &[
        col("id"), col("email"), col("role").shown_as("ClinicRole"), col("status"), col("accepted_at"), col("expires_at"), col("created_at"),
        col("clinic_id").named("clinic"), col("invited_by").named("invitedBy").about("Who sent the invitation."), col("accepted_by").named("acceptedBy").about("The user who accepted it."),
    ],
};

pub const providers: Table = Table {
    resource: Resource::Providers,
    table: "providers",
    type_name: "Provider",
    noun: "provider",
    about: "A veterinarian or technician the schedule and cases are attributed to.",
    delete: Some("Deletes a provider entered by mistake (admin or above)."),
    archive: Some(
        "Retires a provider (`isActive = false`); history keeps referring to them (admin or\nabove).",
    ),
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "everyone schedules against providers"),
        allow(Create, Role(A), "admins manage the provider list"),
        allow(Update, Role(A), "admins manage the provider list"),
        allow(Archive, Role(A), "admins retire providers"),
        allow(
            Delete,
            Role(A),
            "admins remove providers entered by mistake",
        ),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("name"), col("role").about("The provider's job, e.g. `veterinarian` or `technician`."), col("is_active"), col("created_at"), col("updated_at"),
        col("clinic_id").named("clinic"), col("user_id").named("user").about("The staff account of the provider, if they have one."),
    ],
};
