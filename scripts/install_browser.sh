#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the dashboard's browser tests, when they
# are missing and this user may install packages (root, or sudo without a password). Otherwise
# it says so: the browser tests then skip, or fail when EVENTWIRE_REQUIRE_BROWSER=1 (as in CI).
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    as_root=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
else
    echo "browser tests: chromium and chromium-driver are missing and this user cannot install" \
         "them; ask an administrator for 'apt-get install chromium chromium-driver'." >&2
    exit 0
fi
if ! command -v apt-get >/dev/null; then
    echo "browser tests: no apt-get here; install Chromium and ChromeDriver as" \
         "/usr/bin/chromium and /usr/bin/chromedriver to run them." >&2
    exit 0
fi
echo "Installing Debian's chromium and chromium-driver for the browser tests ..." >&2
export DEBIAN_FRONTEND=noninteractive
# The package lists of a fresh machine may be stale or empty: update once if the install fails.
"${as_root[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null \
    || { "${as_root[@]}" apt-get update -q >/dev/null \
         && "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null; }
