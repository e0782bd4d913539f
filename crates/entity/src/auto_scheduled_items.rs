//! An email and/or call that auto-scheduling scheduled for a case.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::ScheduledItemStatus;

/// A row of `auto_scheduled_items`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "auto_scheduled_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub clinic_id: Uuid,
    pub run_id: Option<Uuid>,
    pub outbound_email_id: Option<Uuid>,
    pub outbound_call_id: Option<Uuid>,
    pub status: Option<ScheduledItemStatus>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancelled_by: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub cancellation_reason: Option<String>,
    #[sea_orm(column_type = "JsonBinary")]
    pub scheduled_config: Option<Json>,
    pub created_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `case_id` → `cases.id`.
    #[sea_orm(
        belongs_to = "super::cases::Entity",
        from = "Column::CaseId",
        to = "super::cases::Column::Id"
    )]
    Case,
    /// `clinic_id` → `clinics.id`.
    #[sea_orm(
        belongs_to = "super::clinics::Entity",
        from = "Column::ClinicId",
        to = "super::clinics::Column::Id"
    )]
    Clinic,
    /// `run_id` → `auto_scheduling_runs.id`.
    #[sea_orm(
        belongs_to = "super::auto_scheduling_runs::Entity",
        from = "Column::RunId",
        to = "super::auto_scheduling_runs::Column::Id"
    )]
    Run,
    /// `outbound_email_id` → `outbound_emails.id`.
    #[sea_orm(
        belongs_to = "super::outbound_emails::Entity",
        from = "Column::OutboundEmailId",
        to = "super::outbound_emails::Column::Id"
    )]
    OutboundEmail,
    /// `outbound_call_id` → `outbound_calls.id`.
    #[sea_orm(
        belongs_to = "super::outbound_calls::Entity",
        from = "Column::OutboundCallId",
        to = "super::outbound_calls::Column::Id"
    )]
    OutboundCall,
    /// `cancelled_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::CancelledBy",
        to = "super::users::Column::Id"
    )]
    CancelledBy,
}

impl Related<super::cases::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Case.def()
    }
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::auto_scheduling_runs::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Run.def()
    }
}

impl Related<super::outbound_emails::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OutboundEmail.def()
    }
}

impl Related<super::outbound_calls::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::OutboundCall.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CancelledBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
