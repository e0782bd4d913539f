//! The platform's AI prompt templates (`AiTemplate`): global, readable by every signed-in
//! caller, written by the service principal only.

use async_graphql::Object;
use entity::ai_templates;

use crate::row::{
    Exposed, Filter, Filtered, Filtering, RootList, Row, RowRule, Writes, equals, input,
    json_object, nonblank, not_blank, root_list,
};

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
    const WRITES: &'static Writes = &Writes {
        create: Some("Adds an AI prompt template (the service only)."),
        update: Some("Changes an AI prompt template (the service only)."),
        inputs: &[
            input("name").required().check(nonblank),
            input("type").required().check(nonblank),
            input("key").check(not_blank),
            input("content"),
            input("prompt"),
            input("model"),
            input("description"),
            input("output_format").about("Default `json`."),
            input("validation_schema")
                .kept()
                .check(json_object)
                .about("A JSON object (a JSON Schema)."),
            input("metadata")
                .kept()
                .check(json_object)
                .about("A JSON object."),
        ],
        ..Writes::NONE
    };
    const ROOT: Option<&'static RootList> = Some(&root_list::<ai_templates::Entity>(
        "aiTemplates",
        "The platform's AI prompt templates (every signed-in caller), by name.",
        "name",
        false,
    ));
    type Links<'a> = AiTemplateLinks<'a>;
    fn links(model: &ai_templates::Model) -> Self::Links<'_> {
        AiTemplateLinks(model)
    }
    const ROW_RULE: RowRule = RowRule::Global;
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
