//! Creates tier 12, Slack integration: `slack_workspaces`, `slack_channels`, `slack_tasks`, `slack_task_completions`.
//!
//! The DDL is plain PostgreSQL kept next to this file in `sql/000011_slack.up.sql` and
//! `sql/000011_slack.down.sql`; deviations from the spec are commented there.
//!
//! `down`: Drops what `up` created, in reverse order.

crate::sql_migration!("000011_slack");
