#!/usr/bin/env bash
# Starts PostgreSQL on 127.0.0.1 for `npm run test:pg`, installing Debian's package if it is missing,
# and makes sure the test role exists (it may create databases: every test gets one of its own).
# Safe to run again: a server already answering is left as it is, and left running afterwards
# (stop Debian's with `pg_ctlcluster <version> main stop`).
#
#   bash tests/pg/start-postgres.sh && npm run test:pg
#
# Installing or starting Debian's cluster needs root or sudo. With a server of your own, set
# TEST_DATABASE_URL to a role on it that may CREATE DATABASE: this script then only checks it answers.
set -euo pipefail

PORT=5432
ROLE=tautoko_test
PASSWORD=tautoko_test

if [ -n "${TEST_DATABASE_URL:-}" ]; then
	psql "$TEST_DATABASE_URL" -qAtc 'select 1' >/dev/null
	echo "PostgreSQL at TEST_DATABASE_URL answers."
	exit 0
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
newest_version() { ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(newest_version)" ] || [ ! -x "/usr/lib/postgresql/$(newest_version)/bin/postgres" ]; then
	echo "Installing PostgreSQL from Debian's packages…"
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get install -y -q postgresql >/dev/null 2>&1 || {
		as_root apt-get update -q >/dev/null
		as_root apt-get install -y -q postgresql >/dev/null
	}
fi
VERSION="$(newest_version)"

if pg_isready -q -h 127.0.0.1 -p "$PORT"; then
	echo "PostgreSQL is already running on 127.0.0.1:$PORT."
else
	# The package normally creates the cluster "main" (listening on localhost only, its default); a
	# container's policy may have stopped it from starting, or from being created at all.
	if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION main"; then
		as_root pg_createcluster "$VERSION" main --port "$PORT" >/dev/null
	fi
	CLUSTER_PORT="$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')"
	if [ "$CLUSTER_PORT" != "$PORT" ]; then
		echo "PostgreSQL $VERSION's cluster main is set to port $CLUSTER_PORT, not $PORT: start it yourself and set TEST_DATABASE_URL." >&2
		exit 1
	fi
	as_root pg_ctlcluster "$VERSION" main start
	for _ in $(seq 1 30); do
		pg_isready -q -h 127.0.0.1 -p "$PORT" && break
		sleep 1
	done
	pg_isready -q -h 127.0.0.1 -p "$PORT" || { echo "PostgreSQL $VERSION did not start; see /var/log/postgresql/." >&2; exit 1; }
	echo "Started PostgreSQL $VERSION on 127.0.0.1:$PORT."
fi

as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 <<SQL
do \$\$ begin
	if not exists (select from pg_roles where rolname = '$ROLE') then
		create role $ROLE login createdb password '$PASSWORD';
	end if;
end \$\$;
SQL
echo "Ready for npm run test:pg (TEST_DATABASE_URL=postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/postgres)."
