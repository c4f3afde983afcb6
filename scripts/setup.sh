#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages Sightline needs to build, run and test, when
# they are missing, and checks the model files.  Says what it installs.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  # build
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsqlite3-dev libopencv-dev libdlib-dev libgsl-dev libjson-glib-dev libavformat-dev libavcodec-dev libavutil-dev libswscale-dev
  libplplot-dev plplot-driver-cairo shared-mime-info
  # sound: GStreamer and the plugins that read recordings' audio
  libgstreamer1.0-dev gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-libav
  # models
  libdlib-data
  # tests: validators, a display server and real key presses on it, video
  # tools, privilege dropping
  desktop-file-utils appstream libxml2-utils xvfb xauth xdotool dbus-daemon dbus-bin ffmpeg imagemagick util-linux sqlite3
  # fuzzing: libFuzzer comes with clang's runtime
  clang libclang-rt-14-dev
  # checks: formatting
  clang-format
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "sightline setup: installing missing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The BlazeFace models live in models/ (see models/README.md); check that
# nothing damaged them on the way here.
(cd "$here/models" && sha256sum --quiet -c SHA256SUMS) || {
  echo "sightline setup: a model file in models/ does not match models/SHA256SUMS;" >&2
  echo "restore it with: git checkout -- models/" >&2
  exit 1
}
