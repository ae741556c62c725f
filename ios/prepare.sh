#!/usr/bin/env bash
# Builds the host library, generates the Swift bindings and copies them where Package.swift
# expects them. Run before `swift test` (the test script does).
set -euo pipefail
cd "$(dirname "$0")"
../bindings/generate.sh
mkdir -p Sources/KithCoreFFI Sources/KithCore
cp ../target/bindings/swift/KithCoreFFI.h Sources/KithCoreFFI/
sed 's/^module KithCoreFFI/module KithCoreFFI/' ../target/bindings/swift/KithCoreFFI.modulemap > Sources/KithCoreFFI/module.modulemap
cp ../target/bindings/swift/KithCore.swift Sources/KithCore/
