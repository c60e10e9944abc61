#!/usr/bin/env bash
# Set up Rehearse on Debian or Ubuntu: system libraries, then a virtual environment
# in .venv with the app, its speech models and (with --dev) the test tools.
#
#   bash packaging/setup.sh          # to use the app:   .venv/bin/rehearse
#   bash packaging/setup.sh --dev    # to run the tests: .venv/bin/python -m pytest
#
# Other systems: install Python 3.10 or newer and PortAudio yourself, then run the
# pip lines at the bottom of this script (see the README).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
dev=0
[ "${1:-}" = "--dev" ] && dev=1

# Qt (offscreen and on a screen), sound, the voice, and what the tests use.
packages=(
  python3 python3-venv python3-pip
  libgl1 libegl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libglib2.0-0 libdbus-1-3
  libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
  libxcb-xfixes0 libxcb-xkb1
  espeak-ng libespeak-ng1 libportaudio2 libsndfile1
)
if [ "$dev" = 1 ]; then
  packages+=(xvfb xauth pulseaudio pulseaudio-utils libasound2-plugins sox)
fi

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "No apt-get here: install Python 3.10+, PortAudio and espeak-ng with your system's tools." >&2
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade "pip>=25.1"
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q -e . --group dev
else
  .venv/bin/python -m pip install -q -e .
fi
echo "Rehearse is set up in $here/.venv"
