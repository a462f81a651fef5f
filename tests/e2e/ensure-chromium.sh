#!/usr/bin/env bash
# Makes sure Debian's Chromium is there for the end-to-end tests (Playwright's own browser
# download does not work here; see STACK-NOTES "Playwright with Debian's Chromium").
# Runs unattended (CI runs it as root with no stdin).
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ -x "$chromium" ]; then
	echo "ensure-chromium: using $chromium, already installed."
	exit 0
fi

if [ -n "${CHROMIUM_PATH:-}" ]; then
	echo "ensure-chromium: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file; installing Debian's chromium package anyway." >&2
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo_cmd=(sudo -n)
	else
		echo "ensure-chromium: $chromium is missing and this is not root; install Chromium (apt-get install chromium) or set CHROMIUM_PATH." >&2
		exit 1
	fi
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq </dev/null >/dev/null
"${sudo_cmd[@]}" apt-get install -y -qq chromium </dev/null >/dev/null

if [ ! -x "$chromium" ]; then
	echo "ensure-chromium: installed the chromium package, but $chromium is still not executable; set CHROMIUM_PATH to the browser's path." >&2
	exit 1
fi
echo "ensure-chromium: installed chromium with apt-get ($("$chromium" --version 2>/dev/null || echo "$chromium"))."
