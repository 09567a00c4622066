#!/usr/bin/env bash
# The storage and server tests start Postgres servers of their own (test/support/postgres.ts) from Debian's
# binaries. Installs them when missing, without the package's own cluster: the tests never use it.
set -euo pipefail
if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "kring: the tests need Postgres's programs: run 'sudo apt-get install -y postgresql'" >&2
  exit 1
fi
echo "kring: installing Postgres from Debian (once)" >&2
mkdir -p /etc/postgresql-common
if [ ! -f /etc/postgresql-common/createcluster.conf ]; then echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf; fi
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Options::=--force-confold postgresql >&2
