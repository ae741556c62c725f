#!/usr/bin/env bash
# macOS only: builds kith-ffi for iOS devices and simulators, generates the Swift bindings
# into Sources/ and packs the static libraries into KithFFI.xcframework.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)
rustup target add "${targets[@]}"
for t in "${targets[@]}"; do cargo build --locked --profile mobile -p kith-ffi --target "$t"; done
cargo build --locked --release -p uniffi-bindgen
out=target/ios && rm -rf "$out" && mkdir -p "$out/headers" "$out/sim"
target/release/uniffi-bindgen generate --no-format -l swift -o "$out/swift" target/aarch64-apple-ios/mobile/libkith_ffi.a
cp "$out/swift/KithCoreFFI.h" "$out/headers/"
cp "$out/swift/KithCoreFFI.modulemap" "$out/headers/module.modulemap"
lipo -create target/aarch64-apple-ios-sim/mobile/libkith_ffi.a target/x86_64-apple-ios/mobile/libkith_ffi.a \
  -output "$out/sim/libkith_ffi.a"
rm -rf ios/KithFFI.xcframework
xcodebuild -create-xcframework \
  -library target/aarch64-apple-ios/mobile/libkith_ffi.a -headers "$out/headers" \
  -library "$out/sim/libkith_ffi.a" -headers "$out/headers" \
  -output ios/KithFFI.xcframework
mkdir -p ios/Sources/KithCore && cp "$out/swift/KithCore.swift" ios/Sources/KithCore/
echo "ios/KithFFI.xcframework and ios/Sources/KithCore/KithCore.swift are ready"
