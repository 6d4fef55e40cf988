// swift-tools-version: 6.0
// Swift 6 language mode: strict concurrency is on for every target.
import PackageDescription

// The engine and the scenario machine are optimised in debug builds too: the tests run the
// invariant checker after every step and scenarios of 1.5 million steps, which take about a
// hundred times longer unoptimised. `-O` keeps debug info and @testable imports working.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "heapscope",
    products: [
        .executable(name: "heapscope", targets: ["heapscope"]),
        .library(name: "HeapEngine", targets: ["HeapEngine"]),
    ],
    dependencies: [
        // The command line. `from:` resolves to the newest 1.x copy on the machine.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The allocator and collector: value types only, no terminal, file or clock access.
        .target(name: "HeapEngine", swiftSettings: optimised),
        // The scenario language (parser, diagnostics, interpreter) on top of the engine.
        .target(name: "HeapScenario", dependencies: ["HeapEngine"], swiftSettings: optimised),
        // Panels, layout, keys and playback, drawn into an in-memory grid of cells. No curses here.
        .target(name: "HeapTUI", dependencies: ["HeapEngine", "HeapScenario"]),
        // The C shim for ncursesw (wide-character curses); see Sources/CNCurses/shim.h.
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        // The only code that talks to curses: flushes a HeapTUI screen to the terminal.
        .target(name: "HeapTerminal", dependencies: ["CNCurses", "HeapTUI"]),
        // The subcommands, as a library so that tests can call them without a process.
        .target(
            name: "HeapCommands",
            dependencies: [
                "HeapEngine", "HeapScenario", "HeapTUI", "HeapTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "heapscope", dependencies: ["HeapCommands"]),
        .testTarget(
            name: "HeapEngineTests",
            dependencies: ["HeapEngine"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "HeapScenarioTests", dependencies: ["HeapScenario", "HeapEngine"]),
        .testTarget(
            name: "HeapTUITests",
            dependencies: ["HeapTUI", "HeapEngine", "HeapScenario"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "HeapCommandsTests",
            dependencies: ["HeapCommands", "HeapEngine"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
