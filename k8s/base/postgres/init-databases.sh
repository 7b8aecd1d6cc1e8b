#!/bin/sh
# Runs once, when the data directory is first initialised: one database per service (SPEC §1),
# each owned by a role of its own whose password comes from that service's pes-db-* Secret, so
# that no service can read another's tables.
set -eu
for db in wallet earnings settlement revenue goal; do
  user_var="$(echo "$db" | tr a-z A-Z)_DB_USER"
  pass_var="$(echo "$db" | tr a-z A-Z)_DB_PASSWORD"
  eval user="\${$user_var}"
  eval pass="\${$pass_var}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v user="$user" -v pass="$pass" -v db="$db" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'pass';
CREATE DATABASE :"db" OWNER :"user";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
done
