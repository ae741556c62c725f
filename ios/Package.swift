// swift-tools-version:5.9
// Kith's iOS core package: the generated uniffi Swift (KithCore, over the KithCoreFFI C module)
// and KithShared, the logic the SwiftUI views call (repository, view models, reminder planning).
// `./prepare.sh` copies the generated bindings in and builds the host library; then
// `swift test` runs the phone story wherever a Swift toolchain exists.
import PackageDescription

let package = Package(
    name: "Kith",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "KithShared", targets: ["KithShared"]),
    ],
    targets: [
        // Header + module map from bindings/generate.sh (copied by prepare.sh, not committed).
        .systemLibrary(name: "KithCoreFFI", path: "Sources/KithCoreFFI"),
        .target(
            name: "KithCore",
            dependencies: ["KithCoreFFI"],
            path: "Sources/KithCore",
            linkerSettings: [
                .linkedLibrary("kith_ffi"),
                // The host build for `swift test`; the app links the XCFramework instead.
                .unsafeFlags(["-L../target/debug"]),
            ]
        ),
        .target(name: "KithShared", dependencies: ["KithCore"], path: "Sources/KithShared"),
        .testTarget(name: "KithSharedTests", dependencies: ["KithShared"], path: "Tests/KithSharedTests"),
    ]
)
