//! What the API shows of each table: the fields of the table's GraphQL type as declared with the
//! table (`crate::registry`), each with the column it shows (if any) and the action a caller
//! needs on the row to see it (`read`, or a stricter one such as `manage_billing`).
//!
//! Everything that decides what a reader sees of a row is derived from these declarations:
//! - the GraphQL types' field-level rules: the row guard (`graphql::guard::ReadGuard`) looks
//!   the resolved field up here and answers FORBIDDEN when its action is not allowed, so a
//!   billing field cannot be added without its rule, and there is no second guard to forget;
//! - the audit trail at write time ([`stored`]): an event keeps only the columns some field
//!   shows, so secrets (`pims_credentials.credentials_encrypted`, `slack_workspaces.bot_token`,
//!   `clinic_invitations.token`) and columns no one is shown never reach `audit_events`;
//! - the audit trail at read time ([`visible_to`]): a reader sees of a recorded row exactly the
//!   columns the API would show them for that row, with the field-level rules of their role in
//!   the row's clinic.
//!
//! A test (`tests/it/audit_redaction.rs`) compares these declarations with the SDL in both
//! directions (every non-connection field of a row type is declared, every declared field is in
//! the schema) and every declared column with the database catalog. Connection fields are not
//! declared: a connection lists other rows, which carry their own declarations.
//!
//! The GraphQL row types are built from the same declarations (`graphql::row`), so a field
//! cannot be shown without its entry here.

use serde_json::{Map, Value as Json};
use uuid::Uuid;

use crate::policy::{Action, Resource};
use crate::session::Session;

pub use crate::registry::Field;

/// The fields of `resource`'s GraphQL type, as declared with the table (`crate::registry`).
pub fn fields(resource: Resource) -> &'static [Field] {
    crate::registry::table(resource).fields
}

/// The declared field `name` of `resource`'s type.
pub fn field(resource: Resource, name: &str) -> Option<&'static Field> {
    fields(resource).iter().find(|f| f.is(name))
}

/// The action a caller needs to see field `name` of a row of `resource`, when it is stricter
/// than reading the row (`None` for every other field, declared or not).
pub fn stricter_action(resource: Resource, name: &str) -> Option<Action> {
    field(resource, name)
        .map(Field::action)
        .filter(|a| *a != Action::Read)
}

/// Whether any field of `resource` shows `column`.
fn shown_at_all(resource: Resource, column: &str) -> bool {
    fields(resource).iter().any(|f| f.column() == Some(column))
}

/// What the audit trail stores of a written row: the columns some field of its type shows (to
/// anyone), and nothing else. Secrets and columns the API never shows are dropped here, before
/// the event is written.
pub fn stored(resource: Resource, row: Json) -> Json {
    match row {
        Json::Object(map) => Json::Object(
            map.into_iter()
                .filter(|(k, _)| shown_at_all(resource, k))
                .collect(),
        ),
        // Rows are serialised models, always objects; anything else is not shown.
        _ => Json::Object(Map::new()),
    }
}

/// What a reader sees of a recorded row of `resource` that belongs to `clinic_id`: the columns
/// of the fields whose action `session` may perform there, exactly as the API would show that
/// row's type to them.
pub fn visible_to(
    session: &Session,
    resource: Resource,
    clinic_id: Option<Uuid>,
    row: &Json,
) -> Json {
    let Json::Object(map) = row else {
        return Json::Object(Map::new());
    };
    let shown = |column: &str| {
        fields(resource)
            .iter()
            .any(|f| f.column() == Some(column) && session.may(resource, f.action(), clinic_id))
    };
    Json::Object(
        map.iter()
            .filter(|(k, _)| shown(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The three secrets of the schema are shown by no field, so neither the API nor the audit
    /// trail ever carries them.
    #[test]
    fn no_field_shows_a_secret() {
        for (resource, secret) in [
            (Resource::PimsCredentials, "credentials_encrypted"),
            (Resource::SlackWorkspaces, "bot_token"),
            (Resource::ClinicInvitations, "token"),
        ] {
            assert!(
                !shown_at_all(resource, secret),
                "{secret} must not be shown"
            );
            let row = serde_json::json!({ "id": "x", secret: "s3cret" });
            assert_eq!(stored(resource, row), serde_json::json!({ "id": "x" }));
        }
    }

    #[test]
    fn field_names_are_the_columns_in_camel_case_unless_named() {
        use crate::registry::{col, computed};
        let f = col("date_of_birth");
        assert_eq!(f.name(), "dateOfBirth");
        assert!(
            f.is("dateOfBirth")
                && !f.is("dateOfBirt")
                && !f.is("dateOfBirthX")
                && !f.is("date_of_birth")
        );
        let g = col("role").named("profession");
        assert!(g.is("profession") && !g.is("role"));
        assert!(computed("hasBotToken").is("hasBotToken"));
        assert_eq!(computed("hasBotToken").column(), None);
    }

    #[test]
    fn every_resource_declares_id_and_no_field_twice() {
        for resource in Resource::ALL {
            let fields = fields(resource);
            assert!(
                fields
                    .iter()
                    .any(|f| f.is("id") && f.column() == Some("id")),
                "{resource:?} has no id"
            );
            let mut names: Vec<_> = fields.iter().map(Field::name).collect();
            names.sort();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "{resource:?} declares a field twice");
        }
    }

    #[test]
    fn stricter_actions_are_in_the_policy_table() {
        for resource in Resource::ALL {
            for f in fields(resource) {
                assert!(
                    crate::policy::rule(resource, f.action()).is_some(),
                    "{resource:?}.{} needs {:?}, which has no policy rule",
                    f.name(),
                    f.action()
                );
            }
        }
    }
}
