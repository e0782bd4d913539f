//! A batch of cases whose discharge emails and calls are scheduled together.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::enums::BatchStatus;

/// A row of `discharge_batches`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "discharge_batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub clinic_id: Uuid,
    pub created_by: Option<Uuid>,
    pub status: Option<BatchStatus>,
    pub total_cases: Option<i32>,
    pub processed_cases: Option<i32>,
    pub successful_cases: Option<i32>,
    pub failed_cases: Option<i32>,
    pub email_schedule_time: Option<DateTimeUtc>,
    pub call_schedule_time: Option<DateTimeUtc>,
    pub started_at: Option<DateTimeUtc>,
    pub completed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "JsonBinary")]
    pub error_summary: Option<Json>,
    #[sea_orm(column_type = "JsonBinary")]
    pub metadata: Option<Json>,
    pub created_at: Option<DateTimeUtc>,
    pub updated_at: Option<DateTimeUtc>,
}

/// Relations: this table's foreign keys (`belongs_to`) and the tables referencing it.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// `clinic_id` → `clinics.id`.
    #[sea_orm(
        belongs_to = "super::clinics::Entity",
        from = "Column::ClinicId",
        to = "super::clinics::Column::Id"
    )]
    Clinic,
    /// `created_by` → `users.id`.
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::CreatedBy",
        to = "super::users::Column::Id"
    )]
    CreatedBy,
    /// `discharge_batch_items` rows referencing this row.
    #[sea_orm(has_many = "super::discharge_batch_items::Entity")]
    DischargeBatchItems,
}

impl Related<super::clinics::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Clinic.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CreatedBy.def()
    }
}

impl Related<super::discharge_batch_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DischargeBatchItems.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
