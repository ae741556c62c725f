#!/usr/bin/env bash
# Builds libkith_ffi.so for the app's ABIs with cargo-ndk and generates the Kotlin bindings the
# :shared module compiles. Needs the Android NDK (ANDROID_NDK_HOME) and `cargo install cargo-ndk`.
# armeabi-v7a is left out: uniffi's checksum check misfires on some ARM32 devices (uniffi-rs #2740).
set -euo pipefail
cd "$(dirname "$0")/.."
rustup target add aarch64-linux-android x86_64-linux-android
cargo ndk -t arm64-v8a -t x86_64 -o android/app/src/main/jniLibs build --locked --profile mobile -p kith-ffi
bindings/generate.sh --release   # the Kotlin comes from the same source and uniffi version
echo "jniLibs and target/bindings/kotlin are ready: cd android && ./gradlew assembleDebug"
