//! Tier 13: public sign-ups from the marketing site.

use super::*;

pub const waitlist_signups: Table = Table {
    resource: Resource::WaitlistSignups,
    table: "waitlist_signups",
    type_name: "WaitlistSignup",
    noun: "waitlist sign-up",
    about: "Someone who joined the waitlist.",
    delete: None,
    archive: None,
    tenant: Tenant::NoClinic,
    rules: &[
        allow(Read, Service, "marketing data, not clinic data"),
        allow(Create, Public, "the public waitlist form"),
        allow(Update, Service, "marketing data, not clinic data"),
        allow(Delete, Service, "marketing data, not clinic data"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("email"), col("full_name"), col("source"), col("campaign"), col("status").shown_as("WaitlistStatus"), col("metadata"),
        col("created_at"),
    ],
};

pub const contact_submissions: Table = Table {
    resource: Resource::ContactSubmissions,
    table: "contact_submissions",
    type_name: "ContactSubmission",
    noun: "contact submission",
    about: "A message sent through the marketing site's contact form.",
    delete: None,
    archive: None,
    tenant: Tenant::NoClinic,
    rules: &[
        allow(Read, Service, "marketing data, not clinic data"),
        allow(Create, Public, "the public contact form"),
        allow(Update, Service, "marketing data, not clinic data"),
        allow(Delete, Service, "marketing data, not clinic data"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("first_name"), col("last_name"), col("email"), col("clinic_name"), col("phone"), col("message"),
        col("source"), col("metadata"), col("created_at"),
    ],
};
