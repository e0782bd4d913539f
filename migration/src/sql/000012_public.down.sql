-- Reverts 000012_public.up.sql: tables in reverse order of creation.

DROP TABLE contact_submissions;

DROP TABLE waitlist_signups;
