#!/usr/bin/env bash
# Browser tests drive Debian's browsers, never a downloaded one: Chromium (Playwright),
# Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKitGTK's MiniBrowser, Safari's
# engine (selenium-webdriver and WebKitWebDriver, on a virtual display: xvfb, xauth).
# Installs what is missing in one apt-get, as root; otherwise says what to run (apt-install.sh).
set -euo pipefail
declare -A needs=(
  [chromium]=/usr/bin/chromium
  [firefox-esr]=/usr/bin/firefox-esr
  [webkit2gtk-driver]=/usr/bin/WebKitWebDriver
  [libwebkit2gtk-4.1-0]=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
  [xvfb]=/usr/bin/xvfb-run
  [xauth]=/usr/bin/xauth
)
missing=()
for package in "${!needs[@]}"; do
  [ -x "${needs[$package]}" ] || missing+=("$package")
done
source "$(dirname "$0")/apt-install.sh"
apt_install "for the browser tests" "${missing[@]}"
