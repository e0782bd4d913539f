//! Tier 2: the clinic's clients (pet owners) and their patients (pets).

use super::*;

pub const clients: Table = Table {
    resource: Resource::Clients,
    table: "clients",
    type_name: "Client",
    noun: "client",
    about: "A pet owner of one clinic.",
    delete: Some("Deletes a client and, by the schema's cascade, their patients (admin or above)."),
    archive: Some("Archives a client (`isActive = false`); history is kept (member or above)."),
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff look up clients"),
        allow(Create, Role(M), "front-desk work"),
        allow(Update, Role(M), "front-desk work"),
        allow(Archive, Role(M), "front-desk work; history is kept"),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("first_name"), col("last_name"), col("display_name"), col("phone"), col("phone_secondary"),
        col("email"), col("address"), col("preferred_contact_method"), col("communication_opt_out"), col("is_active"),
        col("first_visit_at"), col("last_visit_at"), col("metadata"), col("created_at"), col("updated_at"),
        col("clinic_id").named("clinic"),
    ],
};

pub const patients: Table = Table {
    resource: Resource::Patients,
    table: "patients",
    type_name: "Patient",
    noun: "patient",
    about: "A pet: the canonical patient record.",
    delete: Some("Deletes a pet (admin or above)."),
    archive: Some("Archives a pet (`isActive = false`); history is kept (member or above)."),
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(V), "all staff look up patients"),
        allow(Create, Role(M), "front-desk work"),
        allow(Update, Role(M), "front-desk work"),
        allow(Archive, Role(M), "front-desk work; history is kept"),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    // Not shown: clinic_id.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("name"), col("species"), col("breed"), col("sex"), col("color"), col("date_of_birth"),
        col("weight_kg"), col("microchip_id"), col("is_deceased"), col("deceased_at"), col("allergies"),
        col("chronic_conditions"), col("is_active"), col("first_visit_at"), col("last_visit_at"), col("visit_count"),
        col("metadata"), col("created_at"), col("updated_at"), col("client_id").named("client").about("The pet's owner."),
    ],
};
