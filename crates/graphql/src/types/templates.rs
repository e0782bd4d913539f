//! Templates: SOAP note templates (`SoapTemplate`) and discharge templates
//! (`DischargeTemplate`), each either a clinic's own or global (`clinic_id` NULL, maintained by
//! the platform), and their mutations. The platform's AI prompts are in [`ai`].
//!
//! A clinic's lists show its own templates and the global ones; admins write their clinic's
//! templates, only the service principal writes global ones.

pub mod ai;

pub use ai::{AiTemplate, AiTemplateFilter};

use async_graphql::{Context, Enum, InputObject, Object};
use domain::paging::{SortOrder, Window};
use entity::{discharge_templates, soap_templates, users};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

use crate::connection::{List, OrderDirection, root_list};
use crate::row::{Exposed, Input, Parent, Row, Writes, input, nonblank, parent, reference};

/// A template's clinic: absent for a global template, which only the service writes (the
/// generated create refuses it to anyone else, from the table's `ClinicOrGlobal` path).
const TEMPLATE_CLINIC: Input = reference("clinic_id")
    .on_create()
    .about("The clinic the template is for; absent: a global template (the service only).");

// ---------------------------------------------------------------------------------------------
// SoapTemplate

/// A row of `soap_templates` (described with its table in `domain::registry`).
pub type SoapTemplate = Row<soap_templates::Entity>;

/// The hand-written fields of `SoapTemplate` (its columns come from its declaration).
pub struct SoapTemplateLinks<'a>(&'a soap_templates::Model);

#[Object(name = "SoapTemplateLinks")]
impl SoapTemplateLinks<'_> {
    /// True for a platform template every clinic sees.
    async fn is_global(&self) -> bool {
        self.0.clinic_id.is_none()
    }
}

impl Exposed for soap_templates::Entity {
    const PARENTS: &'static [Parent] = &[parent::<users::Entity>("createdBy")];
    const WRITES: &'static Writes = &Writes {
        create: Some(
            "Adds a SOAP template to a clinic (admin or above), or a global one (the service only).",
        ),
        update: Some(
            "Changes a SOAP template (admin or above for a clinic's own; the service for global ones).",
        ),
        inputs: &[
            TEMPLATE_CLINIC,
            input("template_name").required().check(nonblank),
            input("display_name"),
            input("icon_name"),
            input("subjective_template"),
            input("objective_template"),
            input("assessment_template"),
            input("plan_template"),
            input("client_instructions_template"),
            input("subjective_prompt"),
            input("objective_prompt"),
            input("assessment_prompt"),
            input("plan_prompt"),
            input("client_instructions_prompt"),
            input("system_prompt_addition"),
            input("is_default").kept(),
        ],
        author: Some("created_by"),
        ..Writes::NONE
    };
    type Links<'a> = SoapTemplateLinks<'a>;
    fn links(model: &soap_templates::Model) -> Self::Links<'_> {
        SoapTemplateLinks(model)
    }
}

// ---------------------------------------------------------------------------------------------
// DischargeTemplate

/// A row of `discharge_templates` (described with its table in `domain::registry`).
pub type DischargeTemplate = Row<discharge_templates::Entity>;

/// The hand-written fields of `DischargeTemplate` (its columns come from its declaration).
pub struct DischargeTemplateLinks<'a>(&'a discharge_templates::Model);

#[Object(name = "DischargeTemplateLinks")]
impl DischargeTemplateLinks<'_> {
    /// True for a platform template every clinic sees.
    async fn is_global(&self) -> bool {
        self.0.clinic_id.is_none()
    }
}

impl Exposed for discharge_templates::Entity {
    const PARENTS: &'static [Parent] = &[parent::<users::Entity>("createdBy")];
    const WRITES: &'static Writes = &Writes {
        create: Some(
            "Adds a discharge template to a clinic (admin or above), or a global one (the service\nonly).",
        ),
        update: Some(
            "Changes a discharge template (admin or above for a clinic's own; the service for global\nones).",
        ),
        inputs: &[
            TEMPLATE_CLINIC,
            input("name").required().check(nonblank),
            input("content"),
            input("is_default").kept(),
        ],
        author: Some("created_by"),
        ..Writes::NONE
    };
    type Links<'a> = DischargeTemplateLinks<'a>;
    fn links(model: &discharge_templates::Model) -> Self::Links<'_> {
        DischargeTemplateLinks(model)
    }
}

// ---------------------------------------------------------------------------------------------
// Lists

/// Which SOAP templates a clinic's list returns.
#[derive(InputObject, Clone, Debug)]
pub struct SoapTemplateFilter {
    /// Include the platform's global templates (default true).
    #[graphql(default = true)]
    pub include_global: bool,
    pub is_default: Option<bool>,
}

impl Default for SoapTemplateFilter {
    fn default() -> Self {
        SoapTemplateFilter {
            include_global: true,
            is_default: None,
        }
    }
}

/// Which discharge templates a clinic's list returns.
#[derive(InputObject, Clone, Debug)]
pub struct DischargeTemplateFilter {
    /// Include the platform's global templates (default true).
    #[graphql(default = true)]
    pub include_global: bool,
    pub is_default: Option<bool>,
}

impl Default for DischargeTemplateFilter {
    fn default() -> Self {
        DischargeTemplateFilter {
            include_global: true,
            is_default: None,
        }
    }
}

/// `clinic_id = <clinic>`, or also `clinic_id IS NULL` when global rows are wanted.
fn own_or_global<C: ColumnTrait>(column: C, clinic_id: Uuid, include_global: bool) -> Condition {
    let own = Condition::any().add(column.eq(clinic_id));
    if include_global {
        own.add(column.is_null())
    } else {
        own
    }
}

/// The field a list of `Template` items is sorted by (in `TemplateOrder`); ties are broken by ID.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TemplateOrderField {
    /// The template's name (`templateName` for SOAP templates).
    #[default]
    Name,
    /// By when it was created.
    CreatedAt,
    /// By when it was last changed.
    UpdatedAt,
}

/// The order of a template list (ties broken by id); by name by default.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct TemplateOrder {
    pub field: TemplateOrderField,
    pub direction: OrderDirection,
}

impl Default for TemplateOrder {
    fn default() -> Self {
        TemplateOrder {
            field: TemplateOrderField::Name,
            direction: OrderDirection::Asc,
        }
    }
}

/// A clinic's SOAP templates (own and, unless excluded, global).
pub(crate) async fn clinic_soap_templates(
    ctx: &Context<'_>,
    clinic_id: Uuid,
    filter: SoapTemplateFilter,
    order: TemplateOrder,
    window: Window,
) -> async_graphql::Result<List<SoapTemplate>> {
    use soap_templates::Column as C;
    let mut cond =
        Condition::all().add(own_or_global(C::ClinicId, clinic_id, filter.include_global));
    if let Some(v) = filter.is_default {
        cond = cond.add(C::IsDefault.eq(v));
    }
    let sort = SortOrder {
        column: match order.field {
            TemplateOrderField::Name => C::TemplateName,
            TemplateOrderField::CreatedAt => C::CreatedAt,
            TemplateOrderField::UpdatedAt => C::UpdatedAt,
        },
        descending: order.direction == OrderDirection::Desc,
    };
    root_list::<soap_templates::Entity, _>(ctx, cond, sort, window, SoapTemplate::new).await
}

/// A clinic's discharge templates (own and, unless excluded, global).
pub(crate) async fn clinic_discharge_templates(
    ctx: &Context<'_>,
    clinic_id: Uuid,
    filter: DischargeTemplateFilter,
    order: TemplateOrder,
    window: Window,
) -> async_graphql::Result<List<DischargeTemplate>> {
    use discharge_templates::Column as C;
    let mut cond =
        Condition::all().add(own_or_global(C::ClinicId, clinic_id, filter.include_global));
    if let Some(v) = filter.is_default {
        cond = cond.add(C::IsDefault.eq(v));
    }
    let sort = SortOrder {
        column: match order.field {
            TemplateOrderField::Name => C::Name,
            TemplateOrderField::CreatedAt => C::CreatedAt,
            TemplateOrderField::UpdatedAt => C::UpdatedAt,
        },
        descending: order.direction == OrderDirection::Desc,
    };
    root_list::<discharge_templates::Entity, _>(ctx, cond, sort, window, DischargeTemplate::new)
        .await
}
