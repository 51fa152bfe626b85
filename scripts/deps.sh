#!/usr/bin/env bash
# Installs what sigv4 needs on Debian 12, idempotently: only missing packages are installed, and
# `apt-get update` runs only when something is missing.
#   scripts/deps.sh build   compiler toolchain and libraries (enough for `make demo`)
#   scripts/deps.sh test    + test tools and peers: botocore, Node.js and the npm test peers, ...
set -euo pipefail
what=${1:-build}
here=$(cd "$(dirname "$0")/.." && pwd)

build_pkgs=(build-essential cmake pkg-config libssl-dev libisal-dev libcurl4-openssl-dev nlohmann-json3-dev zlib1g-dev libcpp-httplib-dev
            curl ca-certificates)
test_pkgs=(libgtest-dev libgmock-dev libbenchmark-dev python3 python3-botocore clang libclang-rt-14-dev)
# Extra peers used by later test areas are listed in scripts/deps-extra.txt (one package a line).

pkgs=("${build_pkgs[@]}")
if [[ $what == test ]]; then
  pkgs+=("${test_pkgs[@]}")
  if [[ -f $here/scripts/deps-extra.txt ]]; then
    while read -r p; do [[ -n $p && $p != \#* ]] && pkgs+=("$p"); done < "$here/scripts/deps-extra.txt"
  fi
  # Node.js: keep an existing installation (it may come from another source with its own npm).
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then pkgs+=(nodejs npm); fi
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ $what == test ]]; then
  # npm test peers, one folder per area (tests/peers/<area>/package.json), pinned by package-lock.json.
  for pkg in "$here"/tests/peers/*/package.json; do
    [[ -f $pkg ]] || continue
    dir=$(dirname "$pkg")
    if [[ ! -d $dir/node_modules ]] || [[ $dir/package-lock.json -nt $dir/node_modules ]]; then
      echo "deps: npm ci in ${dir#$here/}"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
      touch "$dir/node_modules"
    fi
  done
fi
