//! The platform's AI prompt templates (`AiTemplate`): global, readable by every signed-in
//! caller, written by the service principal only.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use domain::paging::{SortOrder, Window};
use domain::validate;
use domain::{Action, Resource};
use entity::ai_templates;
use sea_orm::{NotSet, Set};
use uuid::Uuid;

use crate::connection::{List, root_list};
use crate::context::session;
use crate::errors::GqlResult;
use crate::guard::ReadGuard;
use crate::ids;
use crate::inputs::{optional_json_object, set_maybe};
use crate::payloads::{Changed, Create, Update};
use crate::row::{Exposed, Filter, Filtered, Filtering, Row, RowGuard, equals};
use crate::scalars::{self};
use crate::types::operations::require_service;

/// A row of `ai_templates` (described with its table in `domain::registry`).
pub type AiTemplate = Row<ai_templates::Entity>;

/// The hand-written fields of `AiTemplate` (its columns come from its declaration).
pub struct AiTemplateLinks<'a>(&'a ai_templates::Model);

#[Object(name = "AiTemplateLinks")]
impl AiTemplateLinks<'_> {
    /// What the prompt is for, e.g. `discharge_summary`, `call_analysis`.
    #[graphql(name = "type")]
    async fn template_type(&self) -> &str {
        &self.0.r#type
    }
}

impl Exposed for ai_templates::Entity {
    type Links<'a> = AiTemplateLinks<'a>;
    fn links(model: &ai_templates::Model) -> Self::Links<'_> {
        AiTemplateLinks(model)
    }
    fn guard(_model: &ai_templates::Model) -> RowGuard {
        RowGuard::Read(ReadGuard::maybe_global(Resource::AiTemplates, None))
    }
}

/// Which AI templates a list returns.
pub type AiTemplateFilter = Filter<ai_templates::Entity>;

impl Filtered for ai_templates::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "AiTemplateFilter",
        about: "Which AI templates a list returns.",
        fields: &[
            equals("type").about("Exactly this type."),
            equals("key").about("Exactly this key."),
        ],
    };
}

/// The root list of AI templates, by name.
pub async fn ai_templates(
    ctx: &Context<'_>,
    filter: AiTemplateFilter,
    window: Window,
) -> async_graphql::Result<List<AiTemplate>> {
    let order = SortOrder {
        column: ai_templates::Column::Name,
        descending: false,
    };
    root_list::<ai_templates::Entity, _>(ctx, filter.condition()?, order, window, AiTemplate::new)
        .await
}

/// The input of `createAiTemplate`, which adds an AI prompt template (the service only).
#[derive(InputObject)]
pub struct CreateAiTemplateInput {
    pub name: String,
    #[graphql(name = "type")]
    pub template_type: String,
    pub key: Option<String>,
    pub content: Option<String>,
    pub prompt: Option<String>,
    pub model: Option<String>,
    pub description: Option<String>,
    /// Default `json`.
    pub output_format: Option<String>,
    /// A JSON object (a JSON Schema).
    pub validation_schema: Option<scalars::Json>,
    /// A JSON object.
    pub metadata: Option<scalars::Json>,
}

/// The result of `createAiTemplate` (`payloads::Changed`).
pub type CreateAiTemplatePayload = Changed<entity::ai_templates::Entity, Create>;

/// Absent fields are left as they are; `null` clears a nullable field.
#[derive(InputObject)]
pub struct UpdateAiTemplateInput {
    pub id: ID,
    pub name: Option<String>,
    #[graphql(name = "type")]
    pub template_type: Option<String>,
    pub key: MaybeUndefined<String>,
    pub content: MaybeUndefined<String>,
    pub prompt: MaybeUndefined<String>,
    pub model: MaybeUndefined<String>,
    pub description: MaybeUndefined<String>,
    pub output_format: MaybeUndefined<String>,
    pub validation_schema: Option<scalars::Json>,
    pub metadata: Option<scalars::Json>,
}

/// The result of `updateAiTemplate` (`payloads::Changed`).
pub type UpdateAiTemplatePayload = Changed<entity::ai_templates::Entity, Update>;

/// The input of `deleteAiTemplate`, which deletes an AI prompt template (the service only).
#[derive(InputObject)]
pub struct DeleteAiTemplateInput {
    pub id: ID,
}

/// The result of `deleteAiTemplate`: the ID of the deleted ai template, so a client can drop it
/// from its cache.
#[derive(SimpleObject)]
pub struct DeleteAiTemplatePayload {
    pub deleted_ai_template_id: ID,
}

#[derive(Default)]
pub struct AiTemplateMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl AiTemplateMutations {
    /// Adds an AI prompt template (the service only).
    async fn create_ai_template(
        &self,
        ctx: &Context<'_>,
        input: CreateAiTemplateInput,
    ) -> async_graphql::Result<CreateAiTemplatePayload> {
        require_service(ctx)?;
        validate::required("input.name", &input.name).gql()?;
        validate::required("input.type", &input.template_type).gql()?;
        validate::optional_text("input.key", input.key.as_deref()).gql()?;
        let schema = optional_json_object("input.validationSchema", input.validation_schema)?;
        let metadata = optional_json_object("input.metadata", input.metadata)?;
        let row = ai_templates::ActiveModel {
            id: Set(Uuid::new_v4()),
            name: Set(input.name.trim().to_owned()),
            r#type: Set(input.template_type.trim().to_owned()),
            key: Set(input.key),
            content: Set(input.content),
            prompt: Set(input.prompt),
            model: Set(input.model),
            description: Set(input.description),
            output_format: input.output_format.map_or(NotSet, |v| Set(Some(v))),
            validation_schema: schema.map_or(NotSet, |v| Set(Some(v))),
            metadata: metadata.map_or(NotSet, |v| Set(Some(v))),
            ..Default::default()
        };
        let template = session(ctx)?.insert(row).await.gql()?;
        Ok(CreateAiTemplatePayload::new(AiTemplate::new(template)))
    }

    /// Changes an AI prompt template (the service only).
    async fn update_ai_template(
        &self,
        ctx: &Context<'_>,
        input: UpdateAiTemplateInput,
    ) -> async_graphql::Result<UpdateAiTemplatePayload> {
        require_service(ctx)?;
        let id = ids::decode_as(&input.id, Resource::AiTemplates).gql()?;
        if let Some(v) = &input.name {
            validate::required("input.name", v).gql()?;
        }
        if let Some(v) = &input.template_type {
            validate::required("input.type", v).gql()?;
        }
        let schema = optional_json_object("input.validationSchema", input.validation_schema)?;
        let metadata = optional_json_object("input.metadata", input.metadata)?;
        let (_, template) = session(ctx)?
            .atomically(async |w| {
                w.update::<ai_templates::Entity, ai_templates::ActiveModel>(
                    id,
                    Action::Update,
                    |row| {
                        if let Some(v) = input.name {
                            row.name = Set(v.trim().to_owned());
                        }
                        if let Some(v) = input.template_type {
                            row.r#type = Set(v.trim().to_owned());
                        }
                        set_maybe(&mut row.key, input.key);
                        set_maybe(&mut row.content, input.content);
                        set_maybe(&mut row.prompt, input.prompt);
                        set_maybe(&mut row.model, input.model);
                        set_maybe(&mut row.description, input.description);
                        set_maybe(&mut row.output_format, input.output_format);
                        if let Some(v) = schema {
                            row.validation_schema = Set(Some(v));
                        }
                        if let Some(v) = metadata {
                            row.metadata = Set(Some(v));
                        }
                        Ok(())
                    },
                )
                .await
            })
            .await
            .gql()?;
        Ok(UpdateAiTemplatePayload::new(AiTemplate::new(template)))
    }

    /// Deletes an AI prompt template (the service only).
    async fn delete_ai_template(
        &self,
        ctx: &Context<'_>,
        input: DeleteAiTemplateInput,
    ) -> async_graphql::Result<DeleteAiTemplatePayload> {
        require_service(ctx)?;
        let id = ids::decode_as(&input.id, Resource::AiTemplates).gql()?;
        session(ctx)?
            .atomically(async |w| w.delete::<ai_templates::Entity>(id).await)
            .await
            .gql()?;
        Ok(DeleteAiTemplatePayload {
            deleted_ai_template_id: input.id,
        })
    }
}
