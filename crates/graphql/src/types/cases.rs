//! The central business entity of the discharge workflow: `Case`, its filter and order, and
//! its child lists (notes, vitals, discharge summaries, calls, e-mails). Its mutations are in
//! `cases/mutations.rs`.

mod mutations;

pub use mutations::CaseMutations;

use async_graphql::Object;
use entity::{
    cases, clients, discharge_summaries, outbound_calls, outbound_emails, patients, soap_notes,
    users, vital_signs,
};

use super::values::PatientSnapshot;
use crate::row::{
    BY_CREATED_AT, Children, Exposed, Filtered, Filtering, Listed, Ordering, Parent, Row, any_of,
    by, children, children_in_order, equals, parent, refers, within,
};

/// A row of `cases` (described with its table in `domain::registry`).
pub type Case = Row<cases::Entity>;

/// The hand-written fields of `Case` (its columns come from its declaration).
pub struct CaseLinks<'a>(&'a cases::Model);

#[Object(name = "CaseLinks")]
impl CaseLinks<'_> {
    async fn patient_snapshot(&self) -> Option<PatientSnapshot> {
        self.0.patient_snapshot.as_ref().map(PatientSnapshot::from)
    }
}

impl Exposed for cases::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<patients::Entity>("patient"),
        parent::<clients::Entity>("client"),
        parent::<users::Entity>("createdBy"),
        parent::<users::Entity>("updatedBy"),
    ];
    const CHILDREN: &'static [Children] = &[
        children_in_order::<entity::auto_scheduled_items::Entity>(
            "autoScheduledItems",
            "case_id",
            "Follow-ups the auto-scheduler created for the case, newest first.",
            "created_at",
            true,
        ),
        children_in_order::<entity::discharge_batch_items::Entity>(
            "dischargeBatchItems",
            "case_id",
            "The discharge batches the case was part of, as batch items, newest first.",
            "created_at",
            true,
        ),
        children::<outbound_calls::Entity>(
            "outboundCalls",
            "case_id",
            "Discharge call attempts for the case, newest first unless ordered otherwise.",
        ),
        children::<outbound_emails::Entity>(
            "outboundEmails",
            "case_id",
            "Discharge e-mails for the case, newest first unless ordered otherwise.",
        ),
        children_in_order::<soap_notes::Entity>(
            "soapNotes",
            "case_id",
            "The case's SOAP notes, oldest first.",
            "created_at",
            false,
        ),
        children_in_order::<discharge_summaries::Entity>(
            "dischargeSummaries",
            "case_id",
            "The case's discharge summaries, oldest first.",
            "created_at",
            false,
        ),
        children_in_order::<vital_signs::Entity>(
            "vitalSigns",
            "case_id",
            "Vital signs taken during the case, in the order they were measured.",
            "measured_at",
            false,
        ),
    ];
    type Links<'a> = CaseLinks<'a>;
    fn links(model: &cases::Model) -> Self::Links<'_> {
        CaseLinks(model)
    }
}

impl Filtered for cases::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "CaseFilter",
        about: "Which cases a list returns.",
        fields: &[
            any_of("status").about("Any of these statuses."),
            equals("source"),
            equals("is_urgent"),
            equals("is_starred"),
            refers("patient_id"),
            refers("client_id"),
            within("created_at"),
            within("scheduled_at"),
        ],
    };
}

impl Listed for cases::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "CaseOrder",
        about: "The order of a case list (ties broken by id); newest first by default.",
        keys: &[
            BY_CREATED_AT,
            by("updated_at", "By when it was last changed."),
            by("scheduled_at", "By the time it is scheduled for."),
        ],
        descending: true,
    };
}
