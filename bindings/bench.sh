#!/usr/bin/env bash
# FFI figures: the stripped release cdylib's size, then per-call overhead and listing 1,000
# contacts from Python and from Kotlin on the JVM, all against the release library.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bindings/generate.sh --release >/dev/null
strip -o target/release/libkith_ffi.stripped.so target/release/libkith_ffi.so
printf 'cdylib (release, stripped): %s bytes (%s MB)\n' \
    "$(stat -c %s target/release/libkith_ffi.stripped.so)" \
    "$(awk "BEGIN {printf \"%.1f\", $(stat -c %s target/release/libkith_ffi.stripped.so) / 1048576}")"
python3 bindings/tests/python/bench_ffi.py
(cd android/shared && mvn -B -q test -Dtest=FfiOverheadTest -Dkith.lib="$PWD/../../target/release" -Dsurefire.failIfNoSpecifiedTests=false) \
    | grep '^kotlin-ffi'
