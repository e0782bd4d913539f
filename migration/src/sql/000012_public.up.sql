-- Schema V2, Tier 13: Marketing / Public (no clinic_id).
-- waitlist_signups, contact_submissions. Neither has updated_at.

CREATE TABLE waitlist_signups (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  email TEXT NOT NULL,
  full_name TEXT,
  source TEXT,
  campaign TEXT DEFAULT 'default',
  status TEXT DEFAULT 'waiting',
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now(),
  UNIQUE (email, campaign)
);

CREATE TABLE contact_submissions (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  first_name TEXT,
  last_name TEXT,
  email TEXT NOT NULL,
  clinic_name TEXT,
  phone TEXT,
  message TEXT,
  source TEXT DEFAULT 'contact_page',
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMPTZ DEFAULT now()
);
