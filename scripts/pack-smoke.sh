#!/usr/bin/env bash
# Packs the server, the client and the testing harness as npm would publish them, installs each tarball into an empty
# folder outside this repository, and runs its smoke test there: the server's `npx connector-messaging --version` and
# `serve` on a free port answering one Connector request; the client's quick-start example (examples/quick-start.ts,
# its types checked against the installed package) against that server; the harness, installed with the other two,
# starting a sandbox in a script's own process, answering one request and stopping (its types checked likewise).
# Prints what it does; exits non-zero at the first failure.
#
# Installs take dependencies from npm's cache first (--prefer-offline). better-sqlite3 has no prebuilt binary to
# download here: the one this checkout compiled, of the same version, is offered as a local prebuild, so that the
# install does not compile it again (if npm picks another version, it is compiled: a few minutes on two cores).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/connector-pack-smoke-XXXXXX")
SERVER_PID=''
cleanup() {
  # The server runs in a process group of its own (npx, its shell, node): end that group only.
  if [ -n "$SERVER_PID" ]; then kill -TERM -- "-$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { printf '== %s\n' "$*"; }
fail() { printf 'pack-smoke: %s\n' "$*" >&2; exit 1; }

step "packing the server, the client and the testing harness into $WORK"
(cd "$ROOT" && npm pack --silent --pack-destination "$WORK" >/dev/null)
# The client first: the harness's build reads the client's declarations.
(cd "$ROOT/packages/client" && npm pack --silent --pack-destination "$WORK" >/dev/null)
(cd "$ROOT/packages/testing" && npm pack --silent --pack-destination "$WORK" >/dev/null)
SERVER_TGZ=$(ls "$WORK"/connector-messaging-[0-9]*.tgz)
CLIENT_TGZ=$(ls "$WORK"/connector-messaging-client-*.tgz)
TESTING_TGZ=$(ls "$WORK"/connector-messaging-testing-*.tgz)
# Listed first: grep -q would end the listing early, and pipefail count that as tar's failure.
for tarball in "$SERVER_TGZ" "$CLIENT_TGZ" "$TESTING_TGZ"; do
  files=$(tar -tzf "$tarball")
  if grep -Eq '^package/(src|test)/' <<<"$files"; then fail "$tarball holds sources or tests"; fi
done
grep -qx 'package/dist/cli.js' <<<"$(tar -tzf "$SERVER_TGZ")" || fail "$SERVER_TGZ has no dist/cli.js"

SQLITE_VERSION=$(node -p "require('$ROOT/node_modules/better-sqlite3/package.json').version")
PREBUILDS="$WORK/prebuilds"
mkdir -p "$PREBUILDS"
tar -czf "$PREBUILDS/better-sqlite3-v$SQLITE_VERSION-node-v$(node -p process.versions.modules)-$(node -p process.platform)-$(node -p process.arch).tar.gz" \
  -C "$ROOT/node_modules/better-sqlite3" build/Release/better_sqlite3.node
# prebuild-install reads its settings from the nearest .prebuild-installrc above the package it installs.
echo "local-prebuilds=$PREBUILDS" >"$WORK/.prebuild-installrc"

install_into() { # folder tarball…
  mkdir -p "$1"
  echo '{ "name": "smoke", "private": true, "type": "module" }' >"$1/package.json"
  (cd "$1" && npm install --silent --prefer-offline --no-audit --no-fund "${@:2}")
}

step "installing the server into an empty folder"
install_into "$WORK/server" "$SERVER_TGZ"
cd "$WORK/server"
EXPECTED_VERSION=$(node -p "require('$ROOT/package.json').version")
VERSION=$(npx --no-install connector-messaging --version)
[ "$VERSION" = "$EXPECTED_VERSION" ] || fail "--version printed '$VERSION', not $EXPECTED_VERSION"

step "starting the installed server"
setsid env PORT=0 DATABASE_URL=sqlite::memory: MODE=sandbox npx --no-install connector-messaging serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
URL=''
for _ in $(seq 1 600); do
  URL=$(grep -o '"msg":"Server listening at http://[^"]*' "$WORK/server.log" | sed 's/.*at //' || true)
  [ -n "$URL" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
[ -n "$URL" ] || fail "the server did not start: $(cat "$WORK/server.log")"

step "one Connector request to $URL"
ANSWER=$(node --input-type=module -e "
const res = await fetch('$URL/api/connector/v1/messageThreads/add', { method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ ClientToken: 'E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D',
    AccessToken: 'C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D', Client: 'Pack smoke 1.0',
    OriginalSender: 'Smoke', Subject: 'Installed' }) });
console.log(res.status, (await res.json()).MessageThreads?.[0]?.Subject);
")
[ "$ANSWER" = '200 Installed' ] || fail "messageThreads/add answered: $ANSWER"

step "installing the client into an empty folder"
install_into "$WORK/client" "$CLIENT_TGZ"
cd "$WORK/client"
cp "$ROOT/examples/quick-start.ts" quick-start.ts
TSC="$ROOT/node_modules/typescript/bin/tsc"
# The example's types come from the installed package; node's from this checkout (the example reads process.env).
node "$TSC" --strict --noEmit --skipLibCheck false --module nodenext --target es2022 \
  --typeRoots "$ROOT/node_modules/@types" --types node quick-start.ts || fail "the quick-start example does not type-check against the installed client"
node "$TSC" --module nodenext --target es2022 --typeRoots "$ROOT/node_modules/@types" --types node quick-start.ts

step "the client's quick-start example against the installed server"
OUTPUT=$(PLATFORM_ADDRESS="$URL" node quick-start.js)
printf '%s\n' "$OUTPUT"
grep -qx 'Application: Hello, is breakfast included?' <<<"$OUTPUT" || fail 'the example did not list its message'
grep -q '^Refused (400, request ' <<<"$OUTPUT" || fail 'the example was not refused its empty message'

step "stopping the server"
# The server itself (its pid is in its log lines), not npx: npx exits with what the server exits with.
NODE_PID=$(grep -o '"pid":[0-9]*' "$WORK/server.log" | head -1 | cut -d: -f2)
kill -TERM "$NODE_PID"
wait "$SERVER_PID" || fail "the server exited with $?"
SERVER_PID=''

step "installing the testing harness with the server and the client into an empty folder"
# As an integrator's project installs it: the harness's dependencies are the two tarballs, not a registry's.
install_into "$WORK/testing" "$SERVER_TGZ" "$CLIENT_TGZ" "$TESTING_TGZ"
cd "$WORK/testing"
cat >harness-smoke.ts <<'SMOKE'
import { startSandbox } from '@connector-messaging/testing';

const sandbox = await startSandbox({ enterpriseCount: 1 });
try {
  const { MessageThreads } = await sandbox.credentials.client.messageThreads.add({ OriginalSender: 'Smoke', Subject: 'Harness' });
  const reply = await sandbox.staff.reply(MessageThreads[0]!.Id, 'Installed');
  const webhook = await sandbox.webhooks.next((received) => received.kind === 'general');
  console.log(`harness: ${MessageThreads[0]!.Subject}, ${reply.Text}, ${webhook.kind} webhook`);
} finally {
  await sandbox.stop();
}
SMOKE
node "$TSC" --strict --noEmit --skipLibCheck false --module nodenext --target es2022 \
  --typeRoots "$ROOT/node_modules/@types" --types node harness-smoke.ts || fail "the harness smoke test does not type-check against the installed packages"
node "$TSC" --module nodenext --target es2022 --typeRoots "$ROOT/node_modules/@types" --types node harness-smoke.ts
OUTPUT=$(node harness-smoke.js) || fail "the harness smoke test failed: $OUTPUT"
printf '%s\n' "$OUTPUT"
[ "$OUTPUT" = 'harness: Harness, Installed, general webhook' ] || fail 'the harness smoke test printed something else'
echo 'pack-smoke: the three packages install and run'
