//! Tiers 9-10: automatic follow-up scheduling and discharge batches.

use super::*;

pub const auto_scheduling_runs: Table = Table {
    resource: Resource::AutoSchedulingRuns,
    table: "auto_scheduling_runs",
    type_name: "AutoSchedulingRun",
    noun: "auto-scheduling run",
    about: "One run of the nightly auto-scheduling job.",
    delete: None,
    archive: None,
    tenant: Tenant::ReferencedBy {
        child: Resource::AutoScheduledItems,
        column: "run_id",
    },
    rules: &[
        allow(
            Read,
            Role(A),
            "admins see the runs that touched their clinic (without other clinics' totals)",
        ),
        allow(Create, Service, "runs are jobs"),
        allow(Update, Service, "runs are jobs"),
        allow(
            ReadCrossClinic,
            Service,
            "a run's results and totals cover every clinic",
        ),
        allow(Delete, Nobody, "run history is kept"),
    ],
    // A run covers every clinic: its results and totals are the service's.
    #[rustfmt::skip]
    fields: &[
        col("id"), col("status").shown_as("RunStatus"), col("started_at"), col("completed_at"), col("created_at"),
        col("results").needs(ReadCrossClinic).about("Per-clinic results of the run (the service only: it covers every clinic)."), col("total_cases_processed").needs(ReadCrossClinic).about("Cases processed across all clinics (the service only)."),
        col("total_emails_scheduled").needs(ReadCrossClinic).about("E-mails scheduled across all clinics (the service only)."), col("total_calls_scheduled").needs(ReadCrossClinic).about("Calls scheduled across all clinics (the service only)."),
        col("total_errors").needs(ReadCrossClinic).about("Errors across all clinics (the service only)."), col("error_message").needs(ReadCrossClinic).about("Why the run failed (the service only: it may name any clinic)."),
    ],
};

pub const auto_scheduled_items: Table = Table {
    resource: Resource::AutoScheduledItems,
    table: "auto_scheduled_items",
    type_name: "AutoScheduledItem",
    noun: "auto-scheduled item",
    about: "A follow-up e-mail and/or call a run scheduled for one case.",
    delete: None,
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(M), "staff see what was scheduled automatically"),
        allow(Create, Service, "items are produced by runs"),
        allow(
            Update,
            Role(M),
            "staff cancel automatically scheduled follow-ups",
        ),
        allow(Delete, Nobody, "run history is kept"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("status").shown_as("ScheduledItemStatus"), col("case_id"), col("outbound_email_id"), col("outbound_call_id"), col("cancelled_at"),
        col("cancellation_reason"), col("scheduled_config").about("The delays and call time the run applied (`call_delay_days`, `email_delay_days`,\n`preferred_call_time`)."), col("created_at"), col("clinic_id").named("clinic"),
        col("run_id").named("run").about("The run that scheduled the item (null when the caller may not read runs: admins only)."), col("cancelled_by").named("cancelledBy").about("Who cancelled the item."),
    ],
};

pub const discharge_batches: Table = Table {
    resource: Resource::DischargeBatches,
    table: "discharge_batches",
    type_name: "DischargeBatch",
    noun: "discharge batch",
    about: "A batch of discharged cases whose owners are e-mailed and called together.",
    delete: Some("Deletes a batch and its items (admin or above)."),
    archive: None,
    tenant: Tenant::Clinic,
    rules: &[
        allow(Read, Role(M), "staff follow batches"),
        allow(Create, Role(M), "staff start discharge batches"),
        allow(
            Update,
            Role(M),
            "staff cancel batches; the batch job records progress",
        ),
        allow(Delete, Role(A), "hard deletes destroy history"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("status").shown_as("BatchStatus"), col("total_cases"), col("processed_cases"), col("successful_cases"),
        col("failed_cases"), col("email_schedule_time"), col("call_schedule_time"), col("started_at"),
        col("completed_at"), col("cancelled_at"), col("error_summary"), col("metadata"), col("created_at"),
        col("updated_at"), col("clinic_id").named("clinic"), col("created_by").named("createdBy").about("Who started the batch."),
    ],
};

pub const discharge_batch_items: Table = Table {
    resource: Resource::DischargeBatchItems,
    table: "discharge_batch_items",
    type_name: "DischargeBatchItem",
    noun: "discharge batch item",
    about: "One case of a discharge batch and what the batch job did with it.",
    delete: None,
    archive: None,
    tenant: Tenant::Through {
        column: "batch_id",
        parent: Resource::DischargeBatches,
    },
    rules: &[
        allow(Read, Role(M), "staff follow batches"),
        allow(Create, Role(M), "staff add cases to a batch"),
        allow(Update, Service, "the batch job records item outcomes"),
        allow(Delete, Role(M), "staff remove a case from a pending batch"),
    ],
    #[rustfmt::skip]
    fields: &[
        col("id"), col("status").shown_as("BatchItemStatus"), col("case_id"), col("patient_id"), col("email_scheduled"), col("call_scheduled"),
        col("outbound_email_id"), col("outbound_call_id"), col("error_message"), col("processed_at"), col("created_at"),
        col("batch_id").named("batch"),
    ],
};
