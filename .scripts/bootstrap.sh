#!/usr/bin/env bash
# Runs "$@" with Kring's toolchain: Node 24 and pnpm, pinned here, installed from the npm registry into
# .tools/ (never over the system node), and the workspace's dependencies installed from the lockfile.
# Used by `npm start` and `npm test`, so a fresh machine with only Node 20 and npm needs nothing else.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
NODE_VERSION=24.21.0
PNPM_VERSION=12.21.0
prefix="$root/.tools"

if [ "$(node -v 2>/dev/null)" != "v$NODE_VERSION" ] || ! command -v pnpm >/dev/null || [ "$(pnpm -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
  if [ ! -x "$prefix/bin/node" ] || [ "$("$prefix/bin/node" -v)" != "v$NODE_VERSION" ] || [ "$("$prefix/bin/pnpm" -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "kring: installing Node $NODE_VERSION and pnpm $PNPM_VERSION into .tools/ (once)" >&2
    npm install --global --prefix "$prefix" --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" "pnpm@$PNPM_VERSION" 2>&1 | grep -v 'Unknown user config "nodedir"' >&2 || true
  fi
  export PATH="$prefix/bin:$PATH"
fi

# Install dependencies only when the lockfile or a manifest changed since the last install.
stamp="node_modules/.kring-installed"
wanted="$(cat pnpm-lock.yaml package.json */package.json packages/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  if [ -n "${CI:-}" ]; then frozen=--frozen-lockfile; else frozen=--prefer-offline; fi
  pnpm install $frozen --reporter=append-only >&2
  echo "$wanted" > "$stamp"
fi

exec "$@"
