// swift-tools-version: 6.0
// Swift 6 language mode: strict concurrency is on for every target.
import PackageDescription

// No unsafe flags: the package can be a versioned dependency (`HeapEngine` as a library), and
// the debug build that `swift test` makes keeps the engine's assertions on. The tests that
// replay the longest scenarios run a shorter stretch there and full length in a release build
// of the tests (Tests/HeapTestSupport/TestScale.swift; CI runs both).

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
        .target(name: "HeapEngine", dependencies: ["CPrefetch"]),
        // One static inline C function: the prefetch hint marking uses (go1.12's greyobject
        // prefetches what it queues; Swift has no prefetch of its own).
        .target(name: "CPrefetch"),
        // The scenario language (parser, diagnostics, interpreter) on top of the engine.
        .target(name: "HeapScenario", dependencies: ["HeapEngine"]),
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
        // What the test targets share: how long the long tests run.
        .target(name: "HeapTestSupport", path: "Tests/HeapTestSupport"),
        .testTarget(
            name: "HeapEngineTests",
            dependencies: ["HeapEngine", "HeapTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "HeapScenarioTests", dependencies: ["HeapScenario", "HeapEngine", "HeapTestSupport"]),
        .testTarget(
            name: "HeapTUITests",
            dependencies: ["HeapTUI", "HeapEngine", "HeapScenario", "HeapTestSupport"],
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "HeapCommandsTests",
            dependencies: ["HeapCommands", "HeapEngine", "HeapTestSupport"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
