#!/usr/bin/env bash
# Installs what WebGPU (Dawn over Vulkan) needs on Debian 12 so the tfjs WebGPU executor can run on
# Mesa's software Vulkan driver (llvmpipe) in CI. Bookworm's own Mesa 22.3 exposes no adapter to
# Dawn; Mesa 25.x from bookworm-backports does. Idempotent: safe to run repeatedly. Needs root.
# After it, run tests with XDG_RUNTIME_DIR set (e.g. export XDG_RUNTIME_DIR=/tmp/xdg-runtime).
set -euo pipefail

list=/etc/apt/sources.list.d/bookworm-backports.sources
if ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  # Use the mirror the machine's main suites already come from (deb822 or one-line format).
  mirror=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | head -n 1 | awk '{print $2}')
  [ -n "$mirror" ] || mirror=$(grep -hsE '^deb ' /etc/apt/sources.list | head -n 1 | awk '{print $2}')
  if [ -z "$mirror" ]; then
    echo "setup-webgpu: no Debian mirror found in the apt sources" >&2
    exit 1
  fi
  cat >"$list" <<SRC
Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi

apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null

runtime_dir="${XDG_RUNTIME_DIR:-/tmp/xdg-runtime}"
mkdir -p "$runtime_dir"
chmod 700 "$runtime_dir"
echo "WebGPU ready: Mesa $(dpkg-query -W -f='${Version}' mesa-vulkan-drivers); export XDG_RUNTIME_DIR=$runtime_dir"
