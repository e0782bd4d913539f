//! Which voice assistant answers for which clinic (`vapi_assistant_mappings`): the assistant's
//! id at the voice provider, its role and environment, and the clinic whose PIMS it books into.
//!
//! Assistant ids are unique across all clinics (an inbound call is routed by its assistant),
//! so binding one is the platform's: the service creates a mapping once the voice provider
//! confirmed the assistant is the clinic's, and the id never changes afterwards (admins manage
//! the rest). An admin therefore can neither claim another clinic's assistant nor learn from a
//! CONFLICT which ids are in use. The clinic an assistant books into (`pimsClinicId`) is one
//! the caller could manage the mapping in: admin there, or NOT_FOUND / FORBIDDEN as for the
//! mapping itself.

use entity::vapi_assistant_mappings;

use crate::row::{
    Exposed, Filter, Filtered, Filtering, Row, Writes, equals, input, no_links, nonblank, reference,
};

/// A row of `vapi_assistant_mappings` (described with its table in `domain::registry`).
pub type AssistantMapping = Row<vapi_assistant_mappings::Entity>;

impl Exposed for vapi_assistant_mappings::Entity {
    const WRITES: &'static Writes = &Writes {
        create: Some(
            "Maps a voice assistant to the clinic (the service only, once the voice provider confirmed the assistant is the clinic's: assistant ids are unique across clinics).",
        ),
        update: Some(
            "Changes an assistant mapping's name, type, environment, PIMS clinic or state (admin or above; the PIMS clinic must be one where the caller is admin too). The assistant id is not among the fields: it is bound once, by the platform (map another assistant with a new mapping).",
        ),
        inputs: &[
            reference("clinic_id")
                .required()
                .on_create(),
            input("assistant_id")
                .required()
                .on_create()
                .check(nonblank)
                .about("The id the voice provider confirmed is the clinic's (the service only binds it); unique across all clinics, so one in use answers CONFLICT."),
            input("assistant_name"),
            input("assistant_type")
                .check(nonblank)
                .about("`inbound` when absent."),
            input("environment")
                .check(nonblank)
                .about("`production` when absent."),
            reference("pims_clinic_id")
                .where_permitted()
                .about("The clinic whose PIMS the assistant books into: one where the caller may manage assistant mappings."),
            input("is_active").kept(),
        ],
        ..Writes::NONE
    };
    no_links!();
}

/// Which assistant mappings a list returns.
pub type AssistantMappingFilter = Filter<vapi_assistant_mappings::Entity>;

impl Filtered for vapi_assistant_mappings::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "AssistantMappingFilter",
        about: "Which assistant mappings a list returns.",
        fields: &[
            equals("is_active"),
            equals("assistant_type"),
            equals("environment"),
        ],
    };
}
