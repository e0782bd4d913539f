//! Tiers 9-10: automatic follow-up scheduling and discharge batches.

use super::*;

pub const AUTO_SCHEDULING_RUNS: Table = Table {
    resource: Resource::AutoSchedulingRuns,
    table: "auto_scheduling_runs",
    type_name: "AutoSchedulingRun",
    noun: "auto-scheduling run",
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
        col("id"), col("status"), col("started_at"), col("completed_at"), col("created_at"),
        col("results").needs(ReadCrossClinic), col("total_cases_processed").needs(ReadCrossClinic),
        col("total_emails_scheduled").needs(ReadCrossClinic), col("total_calls_scheduled").needs(ReadCrossClinic),
        col("total_errors").needs(ReadCrossClinic), col("error_message").needs(ReadCrossClinic),
    ],
};

pub const AUTO_SCHEDULED_ITEMS: Table = Table {
    resource: Resource::AutoScheduledItems,
    table: "auto_scheduled_items",
    type_name: "AutoScheduledItem",
    noun: "auto-scheduled item",
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
        col("id"), col("status"), col("case_id"), col("outbound_email_id"), col("outbound_call_id"), col("cancelled_at"),
        col("cancellation_reason"), col("scheduled_config"), col("created_at"), col("clinic_id").named("clinic"),
        col("run_id").named("run"), col("cancelled_by").named("cancelledBy"),
    ],
};

pub const DISCHARGE_BATCHES: Table = Table {
    resource: Resource::DischargeBatches,
    table: "discharge_batches",
    type_name: "DischargeBatch",
    noun: "discharge batch",
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
        col("id"), col("status"), col("total_cases"), col("processed_cases"), col("successful_cases"),
        col("failed_cases"), col("email_schedule_time"), col("call_schedule_time"), col("started_at"),
        col("completed_at"), col("cancelled_at"), col("error_summary"), col("metadata"), col("created_at"),
        col("updated_at"), col("clinic_id").named("clinic"), col("created_by").named("createdBy"),
    ],
};

pub const DISCHARGE_BATCH_ITEMS: Table = Table {
    resource: Resource::DischargeBatchItems,
    table: "discharge_batch_items",
    type_name: "DischargeBatchItem",
    noun: "discharge batch item",
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
        col("id"), col("status"), col("case_id"), col("patient_id"), col("email_scheduled"), col("call_scheduled"),
        col("outbound_email_id"), col("outbound_call_id"), col("error_message"), col("processed_at"), col("created_at"),
        col("batch_id").named("batch"),
    ],
};
