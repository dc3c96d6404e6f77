// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "tillit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tillit", targets: ["tillit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing.git", from: "1.19.7"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // One SQLite setting that only C can make (see SQLiteReader.swift).
        .target(name: "TillitSQLiteConfig"),
        // The allocator's settings for the server, which only C can reach (see ServerMemory.swift).
        .target(name: "TillitMemory"),
        // Storage: one SQL layer over embedded SQLite and PostgreSQL, migrations, transactions.
        .target(
            name: "TillitStorage",
            dependencies: [
                "TillitSQLiteConfig",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Platform core: organisations, units, people, roles, sessions, tokens, settings, audit; the
        // Directory through which loops read people, roles and organisations.
        .target(
            name: "TillitPlatform",
            dependencies: [
                "TillitStorage",
                "TillitFormats",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Sign-on: OpenID Connect per organisation (authorization code flow with PKCE), the ID
        // token checked against the provider's keys.
        .target(
            name: "TillitSignOn",
            dependencies: [
                "TillitPlatform", "TillitStorage",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Listen: signals from staff and participants, routed by the proximity principle and answered in the open.
        .target(
            name: "TillitListen",
            dependencies: ["TillitPlatform", "TillitStorage", "TillitFormats"],
            swiftSettings: swiftSettings
        ),
        // Learn: the knowledge bank of development examples with Swedish full-text search (Bank/),
        // pilots followed by researchers and the numbered report series (Research/).
        .target(
            name: "TillitLearn",
            dependencies: ["TillitPlatform", "TillitStorage", "TillitSearch", "TillitFormats"],
            swiftSettings: swiftSettings
        ),
        // Follow up: the trust barometer and the participant survey, with disclosure control that
        // holds against differencing between levels of the unit tree.
        .target(
            name: "TillitFollowUp",
            dependencies: [
                "TillitPlatform", "TillitStorage", "TillitFormats",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Instruments")],
            swiftSettings: swiftSettings
        ),
        // Prune: the requirements inventory, with the yearly cost of each requirement (Standard Cost
        // Model), what staff think of it, and the owner's decisions.
        .target(
            name: "TillitPrune",
            dependencies: ["TillitPlatform", "TillitStorage", "TillitFormats"],
            swiftSettings: swiftSettings
        ),
        // Search: the Swedish analyser (Snowball stemmer, stop words) that decides the tokens for both databases.
        .target(
            name: "TillitSearch",
            swiftSettings: swiftSettings
        ),
        // Text and file formats, depending on nothing: the one markup escaper (HTML and XML), safe
        // Markdown, QR codes, CSV, Atom, citations, PDF, ZIP, attachment types by content, dates.
        .target(
            name: "TillitFormats",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        // The web layer: HTTP routes, HTML pages, JSON API, middleware, demo data.
        .target(
            name: "TillitWeb",
            dependencies: [
                "TillitMemory",
                "TillitPlatform",
                "TillitListen",
                "TillitLearn",
                "TillitFollowUp",
                "TillitPrune",
                "TillitSignOn",
                "TillitSearch",
                "TillitFormats",
                "TillitStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            resources: [.copy("Assets")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tillit",
            dependencies: [
                "TillitWeb",
                "TillitPlatform",
                "TillitLearn",
                "TillitFollowUp",
                "TillitPrune",
                "TillitStorage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Search latency at 100,000 examples on SQLite and PostgreSQL (Benchmarks/search.sh).
        .executableTarget(
            name: "tillit-search-bench",
            dependencies: [
                "TillitLearn",
                "TillitPlatform",
                "TillitSearch",
                "TillitStorage",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/SearchBench",
            swiftSettings: swiftSettings
        ),
        // A national-scale survey round against DuckDB (Benchmarks/followup.sh).
        .executableTarget(
            name: "tillit-followup-bench",
            dependencies: [
                "TillitFollowUp",
                "TillitPlatform",
                "TillitStorage",
                "TillitTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/FollowUpBench",
            swiftSettings: swiftSettings
        ),
        // A municipality at full scale (5,000 units, 100,000 signals) for Benchmarks/scale.sh.
        .executableTarget(
            name: "tillit-scale-data",
            dependencies: [
                "TillitWeb",
                "TillitListen",
                "TillitPlatform",
                "TillitStorage",
                "TillitTestSupport",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ScaleData",
            swiftSettings: swiftSettings
        ),
        // Fresh test databases on SQLite and, when TILLIT_TEST_POSTGRES_URL is set, PostgreSQL.
        .target(
            name: "TillitTestSupport",
            dependencies: [
                "TillitPlatform",
                "TillitStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillitPlatformTests",
            dependencies: [
                "TillitPlatform", "TillitStorage", "TillitFormats", "TillitTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillitListenTests",
            dependencies: [
                "TillitListen", "TillitPlatform", "TillitStorage", "TillitFormats", "TillitTestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillitLearnTests",
            dependencies: [
                "TillitLearn", "TillitPlatform", "TillitStorage", "TillitSearch", "TillitFormats", "TillitTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillitFollowUpTests",
            dependencies: [
                "TillitFollowUp", "TillitPlatform", "TillitStorage", "TillitFormats", "TillitTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillitPruneTests",
            dependencies: [
                "TillitPrune", "TillitPlatform", "TillitStorage", "TillitFormats", "TillitTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillitSignOnTests",
            dependencies: [
                "TillitSignOn", "TillitPlatform",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillitSearchTests",
            dependencies: ["TillitSearch", .product(name: "PropertyBased", package: "swift-property-based")],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillitFormatsTests",
            dependencies: ["TillitFormats", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TillitWebTests",
            dependencies: [
                "TillitWeb",
                "TillitListen",
                "TillitLearn",
                "TillitFollowUp",
                "TillitPrune",
                "TillitSignOn",
                "TillitTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // Page snapshots (PageSnapshotTests), read and written by the tests, not built.
            exclude: ["__Snapshots__"],
            swiftSettings: swiftSettings
        ),
    ]
)
