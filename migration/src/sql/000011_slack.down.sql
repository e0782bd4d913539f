-- Reverts 000011_slack.up.sql: tables in reverse order of creation
-- (indexes and constraints go with their table; triggers are named explicitly).

DROP TABLE slack_task_completions;

DROP TRIGGER set_updated_at ON slack_tasks;
DROP TABLE slack_tasks;

DROP TRIGGER set_updated_at ON slack_channels;
DROP TABLE slack_channels;

DROP TRIGGER set_updated_at ON slack_workspaces;
DROP TABLE slack_workspaces;
