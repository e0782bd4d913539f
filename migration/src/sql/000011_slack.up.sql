-- Schema V2, Tier 12: Slack Integration.
-- slack_workspaces, slack_channels, slack_tasks, slack_task_completions.
--
-- Addition to the spec (docs/SCHEMA_DECISIONS.md #6): btree indexes on the
-- foreign-key columns no index starts with (slack_channels.workspace_id and
-- slack_task_completions.task_id are covered by their UNIQUE constraints).

CREATE TABLE slack_workspaces (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID REFERENCES clinics(id),
  team_id TEXT UNIQUE NOT NULL,
  team_name TEXT,
  bot_token TEXT,
  bot_user_id TEXT,
  scope TEXT,
  is_active BOOLEAN DEFAULT true,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_slack_workspaces_clinic_id ON slack_workspaces(clinic_id);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON slack_workspaces
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE slack_channels (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id UUID NOT NULL REFERENCES slack_workspaces(id) ON DELETE CASCADE,
  channel_id TEXT NOT NULL,
  channel_name TEXT,
  timezone TEXT DEFAULT 'UTC',
  is_active BOOLEAN DEFAULT true,
  added_by UUID REFERENCES users(id),
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now(),
  UNIQUE (workspace_id, channel_id)
);

-- Added (decision #6).
CREATE INDEX idx_slack_channels_added_by ON slack_channels(added_by);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON slack_channels
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE slack_tasks (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  channel_id UUID NOT NULL REFERENCES slack_channels(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT,
  reminder_time TIME,
  is_active BOOLEAN DEFAULT true,
  created_by UUID REFERENCES users(id),
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_slack_tasks_channel_id ON slack_tasks(channel_id);
CREATE INDEX idx_slack_tasks_created_by ON slack_tasks(created_by);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON slack_tasks
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE slack_task_completions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  task_id UUID NOT NULL REFERENCES slack_tasks(id) ON DELETE CASCADE,
  completion_date DATE NOT NULL,
  completed_by_username TEXT,
  completed_at TIMESTAMPTZ DEFAULT now(),
  message_ts TEXT,
  UNIQUE (task_id, completion_date)
);
