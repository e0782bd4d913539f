//! Follow-up cadence per case type (`clinic_case_type_cadence`): whether and after how many
//! days a case of a type gets its follow-up call and e-mail. One row per (clinic, case type).

use entity::clinic_case_type_cadence;

use crate::row::{
    Exposed, Filtered, Filtering, Row, Writes, equals, input, no_links, nonblank, not_negative,
    reference,
};

/// A row of `clinic_case_type_cadence` (described with its table in `domain::registry`).
pub type CaseTypeCadence = Row<clinic_case_type_cadence::Entity>;

impl Exposed for clinic_case_type_cadence::Entity {
    const WRITES: &'static Writes = &Writes {
        create: Some("Sets the follow-up cadence of a case type (admin or above)."),
        update: Some("Changes a case type's cadence (admin or above)."),
        inputs: &[
            reference("clinic_id").required().on_create(),
            input("case_type")
                .required()
                .check(nonblank)
                .about("One cadence per case type; a second answers CONFLICT."),
            input("auto_schedule_call").kept(),
            input("auto_schedule_email").kept(),
            input("call_delay_days").kept().check(not_negative),
            input("email_delay_days").kept().check(not_negative),
            input("preferred_call_time"),
            input("preferred_email_time"),
            input("never_auto_schedule").kept(),
        ],
        conflicts: &[(
            "clinic_case_type_cadence_clinic_id_case_type_key",
            "the clinic already has a cadence for this case type",
        )],
        ..Writes::NONE
    };
    no_links!();
}

impl Filtered for clinic_case_type_cadence::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "CaseTypeCadenceFilter",
        about: "Which case-type cadences a list returns.",
        fields: &[equals("case_type"), equals("never_auto_schedule")],
    };
}
