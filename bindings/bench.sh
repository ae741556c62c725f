#!/usr/bin/env bash
# FFI figures: the stripped release cdylib's size, then per-call overhead and listing 1,000
# contacts from Python and from Kotlin on the JVM, all against the release library.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bindings/generate.sh --release >/dev/null
# Built alone, as an app build does (together with the bindgen, uniffi's `cli` feature would be
# unified into the library and inflate it).
cargo build --locked --release -q -p kith-ffi
strip -o target/release/libkith_ffi.stripped.so target/release/libkith_ffi.so
cargo build --locked --profile mobile -q -p kith-ffi   # what the apps ship: opt-level s, fat LTO
mb() { awk "BEGIN {printf \"%.1f\", $(stat -c %s "$1") / 1048576}"; }
echo "cdylib, x86_64: release stripped $(mb target/release/libkith_ffi.stripped.so) MB; mobile profile $(mb target/mobile/libkith_ffi.so) MB"
python3 bindings/tests/python/bench_ffi.py
(cd android/shared && mvn -B -q test -Dtest=FfiOverheadTest -Dkith.lib="$PWD/../../target/release" -Dsurefire.failIfNoSpecifiedTests=false) \
    | grep -o 'kotlin-ffi:.*'
