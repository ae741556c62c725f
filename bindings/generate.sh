#!/usr/bin/env bash
# Builds kith-ffi for the host and generates the Kotlin, Swift and Python bindings from that very
# library into target/bindings/<language>/ (generated code is never committed).
#   bindings/generate.sh [--release | --built]
# --built: use the debug library and bindgen a `cargo build --workspace --all-targets` made
# (the test command builds them that way, once, with the tests' feature set).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=debug
cargo_flags=(--locked)
case "${1:-}" in
  --release) profile=release; cargo_flags+=(--release) ;;
esac
if [[ "${1:-}" != "--built" ]]; then
  # Built together so the library and the bindgen agree on one uniffi feature set.
  cargo build "${cargo_flags[@]}" -p kith-ffi -p uniffi-bindgen
fi
lib="target/$profile/libkith_ffi.so"
[[ "$(uname)" == "Darwin" ]] && lib="target/$profile/libkith_ffi.dylib"
for language in python kotlin swift; do
  rm -rf "target/bindings/$language"
  "target/$profile/uniffi-bindgen" generate --no-format --metadata-no-deps -l "$language" \
    -o "target/bindings/$language" "$lib"
done
cp "$lib" target/bindings/python/
echo "bindings generated from $lib into target/bindings/{python,kotlin,swift}"
