-- Schema V2, Tier 11: Templates. soap_templates, discharge_templates, ai_templates.
--
-- Deviation (docs/SCHEMA_DECISIONS.md #7): the spec lists templates as tier 11,
-- but discharge_summaries (tier 4) references discharge_templates, so this
-- migration runs before the cases tier.
-- Addition (#6): btree indexes on the foreign-key columns.
-- clinic_id is nullable on templates: NULL means a global/system template.

CREATE TABLE soap_templates (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID REFERENCES clinics(id),
  created_by UUID REFERENCES users(id),
  template_name TEXT NOT NULL,
  display_name TEXT,
  icon_name TEXT,
  subjective_template TEXT,
  objective_template TEXT,
  assessment_template TEXT,
  plan_template TEXT,
  client_instructions_template TEXT,
  subjective_prompt TEXT,
  objective_prompt TEXT,
  assessment_prompt TEXT,
  plan_prompt TEXT,
  client_instructions_prompt TEXT,
  system_prompt_addition TEXT,
  is_default BOOLEAN DEFAULT false,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_soap_templates_clinic_id ON soap_templates(clinic_id);
CREATE INDEX idx_soap_templates_created_by ON soap_templates(created_by);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON soap_templates
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE discharge_templates (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  clinic_id UUID REFERENCES clinics(id),
  created_by UUID REFERENCES users(id),
  name TEXT NOT NULL,
  content TEXT,
  is_default BOOLEAN DEFAULT false,
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

-- Added (decision #6).
CREATE INDEX idx_discharge_templates_clinic_id ON discharge_templates(clinic_id);
CREATE INDEX idx_discharge_templates_created_by ON discharge_templates(created_by);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON discharge_templates
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();

CREATE TABLE ai_templates (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  key TEXT,
  content TEXT,
  prompt TEXT,
  model TEXT,
  description TEXT,
  output_format TEXT DEFAULT 'json',
  validation_schema JSONB DEFAULT '{}',
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE TRIGGER set_updated_at BEFORE UPDATE ON ai_templates
  FOR EACH ROW EXECUTE FUNCTION update_updated_at();
