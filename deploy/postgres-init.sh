#!/bin/sh
# PostgreSQL first-start script for docker-compose: the login role request traffic uses. It owns
# nothing, is no superuser and cannot bypass row-level security; it may only assume gateway_app,
# the role the migrations grant table access to (created here too so the grant can be made before
# the first migration; the migrations keep it as it is).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gateway_app') THEN
    CREATE ROLE gateway_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gateway_login') THEN
    CREATE ROLE gateway_login LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE
      PASSWORD '${GATEWAY_LOGIN_PASSWORD}' IN ROLE gateway_app;
  END IF;
END
\$\$;
SQL
