#!/usr/bin/env bash
# usage: install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR CXX
set -euo pipefail
build=$1 src=$2 work=$3 cxx=$4
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/include/sigv4/sigv4.hpp"
test -f "$work/prefix/lib/pkgconfig/sigv4.pc" || test -f "$work/prefix/lib/x86_64-linux-gnu/pkgconfig/sigv4.pc"

# 1. find_package(sigv4)
cmake -S "$src/examples/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build "$work/consumer" >/dev/null
out=$("$work/consumer/consumer" https://examplebucket.s3.amazonaws.com/a.txt us-east-1)
grep -q '^Authorization:AWS4-HMAC-SHA256 Credential=' <<<"$out"
grep -q 'X-Amz-Signature=[0-9a-f]\{64\}$' <<<"$out"

# 2. pkg-config (static library: --static pulls in the private dependencies)
pcdir=$(dirname "$(find "$work/prefix" -name sigv4.pc | head -1)")
flags=$(PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs --static sigv4)
# shellcheck disable=SC2086
"$cxx" -std=c++20 "$src/examples/sign_s3_get.cpp" -o "$work/pc_consumer" $flags
"$work/pc_consumer" https://examplebucket.s3.amazonaws.com/a.txt us-east-1 | grep -q 'X-Amz-Signature='
echo "install test: find_package and pkg-config consumers both signed a request"
