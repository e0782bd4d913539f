//! Templates: SOAP note templates (`SoapTemplate`) and discharge templates
//! (`DischargeTemplate`), each either a clinic's own or global (`clinic_id` NULL, maintained by
//! the platform), and their mutations. The platform's AI prompts are in [`ai`].
//!
//! A clinic's lists show its own templates and the global ones; admins write their clinic's
//! templates, only the service principal writes global ones.

pub mod ai;

pub use ai::{AiTemplate, AiTemplateFilter, ai_templates};

use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object};
use domain::paging::{SortOrder, Window};
use domain::validate;
use domain::{Action, Resource};
use entity::{discharge_templates, soap_templates, users};
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use uuid::Uuid;

use crate::connection::{List, OrderDirection, root_list};
use crate::context::session;
use crate::errors::{GqlResult, to_gql};
use crate::guard::ensure_may_create;
use crate::ids;
use crate::inputs::{decode_opt, set_maybe};
use crate::payloads::{Changed, Create, Update};
use crate::row::{Exposed, Parent, Row, parent};

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

// ---------------------------------------------------------------------------------------------
// Mutations

/// A template for one clinic (`clinicId`), or a global one without it (the service only).
#[derive(InputObject)]
pub struct CreateSoapTemplateInput {
    pub clinic_id: Option<ID>,
    pub template_name: String,
    pub display_name: Option<String>,
    pub icon_name: Option<String>,
    pub subjective_template: Option<String>,
    pub objective_template: Option<String>,
    pub assessment_template: Option<String>,
    pub plan_template: Option<String>,
    pub client_instructions_template: Option<String>,
    pub subjective_prompt: Option<String>,
    pub objective_prompt: Option<String>,
    pub assessment_prompt: Option<String>,
    pub plan_prompt: Option<String>,
    pub client_instructions_prompt: Option<String>,
    pub system_prompt_addition: Option<String>,
    pub is_default: Option<bool>,
}

/// The result of `createSoapTemplate` (`payloads::Changed`).
pub type CreateSoapTemplatePayload = Changed<entity::soap_templates::Entity, Create>;

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateSoapTemplateInput {
    pub id: ID,
    pub template_name: Option<String>,
    pub display_name: MaybeUndefined<String>,
    pub icon_name: MaybeUndefined<String>,
    pub subjective_template: MaybeUndefined<String>,
    pub objective_template: MaybeUndefined<String>,
    pub assessment_template: MaybeUndefined<String>,
    pub plan_template: MaybeUndefined<String>,
    pub client_instructions_template: MaybeUndefined<String>,
    pub subjective_prompt: MaybeUndefined<String>,
    pub objective_prompt: MaybeUndefined<String>,
    pub assessment_prompt: MaybeUndefined<String>,
    pub plan_prompt: MaybeUndefined<String>,
    pub client_instructions_prompt: MaybeUndefined<String>,
    pub system_prompt_addition: MaybeUndefined<String>,
    pub is_default: Option<bool>,
}

/// The result of `updateSoapTemplate` (`payloads::Changed`).
pub type UpdateSoapTemplatePayload = Changed<entity::soap_templates::Entity, Update>;

/// A template for one clinic (`clinicId`), or a global one without it (the service only).
#[derive(InputObject)]
pub struct CreateDischargeTemplateInput {
    pub clinic_id: Option<ID>,
    pub name: String,
    pub content: Option<String>,
    pub is_default: Option<bool>,
}

/// The result of `createDischargeTemplate` (`payloads::Changed`).
pub type CreateDischargeTemplatePayload = Changed<entity::discharge_templates::Entity, Create>;

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateDischargeTemplateInput {
    pub id: ID,
    pub name: Option<String>,
    pub content: MaybeUndefined<String>,
    pub is_default: Option<bool>,
}

/// The result of `updateDischargeTemplate` (`payloads::Changed`).
pub type UpdateDischargeTemplatePayload = Changed<entity::discharge_templates::Entity, Update>;

/// The clinic a new template belongs to: the given one (checked for the caller's role there),
/// or none for a global template, which only the service principal may write. The Writer
/// would refuse a user's global template too, but only by way of row-level security; the
/// refusal is made explicit here.
fn template_owner(
    ctx: &Context<'_>,
    clinic_id: Option<&ID>,
    resource: Resource,
) -> async_graphql::Result<Option<Uuid>> {
    match decode_opt(clinic_id, Resource::Clinics)? {
        Some(clinic_id) => {
            ensure_may_create(ctx, resource, clinic_id)?;
            Ok(Some(clinic_id))
        }
        None if session(ctx)?.principal().is_service() => Ok(None),
        None => Err(to_gql(&domain::DomainError::forbidden(
            "global templates are maintained by the platform; give a clinicId",
        ))),
    }
}

#[derive(Default)]
pub struct TemplateMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl TemplateMutations {
    /// Adds a SOAP template to a clinic (admin or above), or a global one (the service only).
    async fn create_soap_template(
        &self,
        ctx: &Context<'_>,
        input: CreateSoapTemplateInput,
    ) -> async_graphql::Result<CreateSoapTemplatePayload> {
        validate::required("input.templateName", &input.template_name).gql()?;
        let clinic_id = template_owner(ctx, input.clinic_id.as_ref(), Resource::SoapTemplates)?;
        let session = session(ctx)?;
        let row = soap_templates::ActiveModel {
            id: Set(Uuid::new_v4()),
            clinic_id: Set(clinic_id),
            created_by: Set(session.principal().as_user().map(|u| u.user_id)),
            template_name: Set(input.template_name.trim().to_owned()),
            display_name: Set(input.display_name),
            icon_name: Set(input.icon_name),
            subjective_template: Set(input.subjective_template),
            objective_template: Set(input.objective_template),
            assessment_template: Set(input.assessment_template),
            plan_template: Set(input.plan_template),
            client_instructions_template: Set(input.client_instructions_template),
            subjective_prompt: Set(input.subjective_prompt),
            objective_prompt: Set(input.objective_prompt),
            assessment_prompt: Set(input.assessment_prompt),
            plan_prompt: Set(input.plan_prompt),
            client_instructions_prompt: Set(input.client_instructions_prompt),
            system_prompt_addition: Set(input.system_prompt_addition),
            is_default: input.is_default.map_or(NotSet, |v| Set(Some(v))),
            ..Default::default()
        };
        let template = session.insert(row).await.gql()?;
        Ok(CreateSoapTemplatePayload::new(SoapTemplate::new(template)))
    }

    /// Changes a SOAP template (admin or above for a clinic's own; the service for global ones).
    async fn update_soap_template(
        &self,
        ctx: &Context<'_>,
        input: UpdateSoapTemplateInput,
    ) -> async_graphql::Result<UpdateSoapTemplatePayload> {
        let id = ids::decode_as(&input.id, Resource::SoapTemplates).gql()?;
        if let Some(name) = &input.template_name {
            validate::required("input.templateName", name).gql()?;
        }
        let (_, template) = session(ctx)?
            .atomically(async |w| {
                w.update::<soap_templates::Entity, soap_templates::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        if let Some(v) = input.template_name {
                            row.template_name = Set(v.trim().to_owned());
                        }
                        set_maybe(&mut row.display_name, input.display_name);
                        set_maybe(&mut row.icon_name, input.icon_name);
                        set_maybe(&mut row.subjective_template, input.subjective_template);
                        set_maybe(&mut row.objective_template, input.objective_template);
                        set_maybe(&mut row.assessment_template, input.assessment_template);
                        set_maybe(&mut row.plan_template, input.plan_template);
                        set_maybe(
                            &mut row.client_instructions_template,
                            input.client_instructions_template,
                        );
                        set_maybe(&mut row.subjective_prompt, input.subjective_prompt);
                        set_maybe(&mut row.objective_prompt, input.objective_prompt);
                        set_maybe(&mut row.assessment_prompt, input.assessment_prompt);
                        set_maybe(&mut row.plan_prompt, input.plan_prompt);
                        set_maybe(
                            &mut row.client_instructions_prompt,
                            input.client_instructions_prompt,
                        );
                        set_maybe(
                            &mut row.system_prompt_addition,
                            input.system_prompt_addition,
                        );
                        if let Some(v) = input.is_default {
                            row.is_default = Set(Some(v));
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateSoapTemplatePayload::new(SoapTemplate::new(template)))
    }

    /// Adds a discharge template to a clinic (admin or above), or a global one (the service
    /// only).
    async fn create_discharge_template(
        &self,
        ctx: &Context<'_>,
        input: CreateDischargeTemplateInput,
    ) -> async_graphql::Result<CreateDischargeTemplatePayload> {
        validate::required("input.name", &input.name).gql()?;
        let clinic_id =
            template_owner(ctx, input.clinic_id.as_ref(), Resource::DischargeTemplates)?;
        let session = session(ctx)?;
        let row = discharge_templates::ActiveModel {
            id: Set(Uuid::new_v4()),
            clinic_id: Set(clinic_id),
            created_by: Set(session.principal().as_user().map(|u| u.user_id)),
            name: Set(input.name.trim().to_owned()),
            content: Set(input.content),
            is_default: input.is_default.map_or(NotSet, |v| Set(Some(v))),
            ..Default::default()
        };
        let template = session.insert(row).await.gql()?;
        Ok(CreateDischargeTemplatePayload::new(DischargeTemplate::new(
            template,
        )))
    }

    /// Changes a discharge template (admin or above for a clinic's own; the service for global
    /// ones).
    async fn update_discharge_template(
        &self,
        ctx: &Context<'_>,
        input: UpdateDischargeTemplateInput,
    ) -> async_graphql::Result<UpdateDischargeTemplatePayload> {
        let id = ids::decode_as(&input.id, Resource::DischargeTemplates).gql()?;
        if let Some(name) = &input.name {
            validate::required("input.name", name).gql()?;
        }
        let (_, template) = session(ctx)?
            .atomically(async |w| {
                w.update::<discharge_templates::Entity, discharge_templates::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        if let Some(v) = input.name {
                            row.name = Set(v.trim().to_owned());
                        }
                        set_maybe(&mut row.content, input.content);
                        if let Some(v) = input.is_default {
                            row.is_default = Set(Some(v));
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateDischargeTemplatePayload::new(DischargeTemplate::new(
            template,
        )))
    }
}
