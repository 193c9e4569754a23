#!/usr/bin/env bash
# Installs the Debian packages that the test suite needs and a fresh machine lacks:
#   nginx   the reverse proxy of the scale-out recipe (docs/scale-out.md), run by
#           packages/sandbox/test/nginx-recipe.test.ts
#   chromium  the real browser of the dashboard and Swagger UI tests, driven by playwright-core
#           with executablePath /usr/bin/chromium (never a browser downloaded by a test tool)
#   tmux    the real terminal of the CLI's prompt and progress-bar tests
#           (packages/cli/test/*-tmux.test.ts: send-keys to type, capture-pane to read)
# Idempotent and quiet: when everything is installed it does nothing, not even `apt-get update`.
# As root it installs what is missing; otherwise it only prints a hint. It never fails: a test
# that needs a missing package fails with a clear message instead (it is never skipped).
# Services are not started by the install: Debian's invoke-rc.d honours /usr/sbin/policy-rc.d,
# and this script provides one (exit 101, "action forbidden") for the duration of the install
# when the machine has none, so no nginx is left listening on port 80.
set -euo pipefail

PACKAGES=(nginx chromium tmux)

missing=()
for package in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = 'install ok installed' ] || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-packages: missing ${missing[*]}; install them with your system's package manager." >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-system-packages: missing ${missing[*]}; run: sudo apt-get install -y ${missing[*]}" >&2
  exit 0
fi

policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

echo "ensure-system-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A failed install (no network, say) does not stop `npm test`: the tests that need the package
# fail on their own, each with a message naming what is missing.
if ! { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
  echo "ensure-system-packages: could not install ${missing[*]}; try: apt-get install -y ${missing[*]}" >&2
fi
