//! The generated `archive<Type>` mutations (`Table::archive`), each one found in the SDL and
//! run on a demo row of its table: the payload shows the row inactive, the database holds it
//! inactive with `updated_at` moved, one audit event records it, and archiving it again writes
//! nothing and records nothing. A table that gains a declared archive is tested without anyone
//! adding it here.

use domain::registry;
use serde_json::Value;
use testkit::TestDb;

use crate::common::{As, error_codes, global_id, gql, scalar};

#[tokio::test]
async fn every_generated_archive_deactivates_its_row_once_and_audits_it_once() {
    let db = TestDb::demo().await;
    let app = db.app();
    let owner = db.owner().await;
    let sdl = graphql::sdl();
    let mut archived = 0;
    for table in registry::tables().filter(|t| t.archive.is_some()) {
        let field = format!("archive{}", table.type_name);
        assert!(
            sdl.contains(&format!(
                "\t{field}(input: Archive{}Input!)",
                table.type_name
            )),
            "{field} is declared but not in the schema"
        );
        let name = table.table;
        let id: uuid::Uuid = scalar(
            &owner,
            &format!("SELECT id FROM {name} WHERE is_active IS NOT FALSE ORDER BY id LIMIT 1"),
        )
        .await;
        let audits = format!(
            "SELECT count(*) FROM audit_events WHERE entity = '{name}' AND entity_id = '{id}'"
        );
        let audited_before: i64 = scalar(&owner, &audits).await;
        let touched_before: String = scalar(
            &owner,
            &format!("SELECT updated_at::text FROM {name} WHERE id = '{id}'"),
        )
        .await;
        let payload_field = {
            let mut chars = table.type_name.chars();
            chars
                .next()
                .map(|c| c.to_lowercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        };
        let query = format!(
            "mutation {{ {field}(input: {{id: \"{}\"}}) {{ {payload_field} {{ id isActive }} }} }}",
            global_id(table.type_name, id)
        );
        for attempt in 1..=2 {
            let response = gql(&app, &As::Service, &query).await;
            assert!(
                error_codes(&response).is_empty(),
                "{field}, attempt {attempt}: {response}"
            );
            assert_eq!(
                response["data"][&field][&payload_field]["isActive"],
                Value::Bool(false),
                "{field}: {response}"
            );
            let audited: i64 = scalar(&owner, &audits).await;
            assert_eq!(
                audited,
                audited_before + 1,
                "{field}, attempt {attempt}: one audit event for one change"
            );
        }
        let stored: bool = scalar(
            &owner,
            &format!(
                "SELECT is_active = false AND updated_at > '{touched_before}'::timestamptz \
                 FROM {name} WHERE id = '{id}'"
            ),
        )
        .await;
        assert!(stored, "{field}: the row is not inactive and touched");
        archived += 1;
    }
    assert!(archived >= 8, "only {archived} archive mutations found");
}
