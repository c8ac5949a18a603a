// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "baton",
  products: [
    .executable(name: "baton", targets: ["baton"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // .baton.toml: a real TOML parser with positions in its errors beats a page of our own.
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    // The per-commit cache: SQLite with WAL and pools, so concurrent runs share it safely.
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
  ],
  targets: [
    // libgit2 as a system library; only GitHistory may import it.
    .systemLibrary(
      name: "CLibGit2",
      pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev"])]
    ),
    // A read-only, Swift-shaped view of a git repository.
    .target(name: "GitHistory", dependencies: ["CLibGit2"]),
    // The delivery model: changes, times, deployments, queues, people (METRICS.md). Pure Swift.
    .target(name: "DeliveryMetrics", dependencies: ["GitHistory"]),
    // Charts drawn as SVG text: scales, ticks, bars, lines, points. Knows no metrics, needs nothing installed.
    .target(name: "Charts"),
    // Turns results into text: tables, Markdown, JSON, CSV, HTML. No git, no metrics logic.
    .target(name: "Reports", dependencies: ["DeliveryMetrics", "Charts"]),
    // Immutable per-commit facts (diff stats) in SQLite, for cheap nightly reruns.
    .target(name: "Cache", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
    // The command-line tool: parse, call, print.
    .executableTarget(
      name: "baton",
      dependencies: [
        "GitHistory",
        "DeliveryMetrics",
        "Reports",
        "Cache",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "TOMLKit", package: "TOMLKit"),
      ]
    ),
    // Builds throw-away repositories from Fixtures/*.fi for the tests.
    .target(name: "FixtureSupport", path: "Tests/FixtureSupport"),
    .testTarget(name: "GitHistoryTests", dependencies: ["GitHistory", "FixtureSupport"]),
    .testTarget(name: "DeliveryMetricsTests", dependencies: ["DeliveryMetrics", "GitHistory", "FixtureSupport"]),
    .testTarget(name: "ChartsTests", dependencies: ["Charts"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
    // GRDB directly, to damage a store as a disk or another program could.
    .testTarget(name: "CacheTests", dependencies: ["Cache", .product(name: "GRDB", package: "GRDB.swift")]),
    .testTarget(name: "batonTests", dependencies: ["baton", "FixtureSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
