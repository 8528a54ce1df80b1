// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "certarchive",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "certarchive", targets: ["certarchive"]),
        .executable(name: "certarchive-bench", targets: ["certarchive-bench"]),
        .executable(name: "certarchive-archive-bench", targets: ["certarchive-archive-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // C libraries from Debian: module maps only, no logic.
        .systemLibrary(name: "CLeptonica", providers: [.apt(["libleptonica-dev"])]),
        .systemLibrary(name: "CTesseract", providers: [.apt(["libtesseract-dev"])]),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib",
                       providers: [.apt(["libpoppler-glib-dev", "libcairo2-dev"])]),
        .systemLibrary(name: "CQREncode", providers: [.apt(["libqrencode-dev"])]),

        // Domain values and seams; no C, no database.
        .target(name: "IngestCore"),
        // Pure stages: models/ and pipelines/ data in, fields and problems out.
        .target(name: "Extraction", dependencies: ["IngestCore", "Rules", "Yams"]),
        .target(name: "Rules", dependencies: ["IngestCore", "Yams"]),
        // Thin owners of the C objects; public API of Swift values only.
        .target(name: "PageImaging", dependencies: ["IngestCore", "CLeptonica", "CPoppler"]),
        .target(name: "TesseractOCR", dependencies: ["IngestCore", "PageImaging", "CTesseract", "CLeptonica"]),
        // ONNX Runtime's C API, loaded at run time from the library `make deps` takes out of PyPI's wheel.
        .target(name: "OnnxRuntime"),
        // PaddleOCR's PP-OCRv4 detection and recognition models on ONNX Runtime: the second recogniser.
        // Optimised in debug builds too: its pixel loops (normalising, the detection map) run on every page read.
        .target(name: "PaddleOCR", dependencies: ["IngestCore", "PageImaging", "OnnxRuntime"],
                swiftSettings: [.unsafeFlags(["-O"])]),
        // The archive: GRDB database, migrations, export.
        .target(name: "Archive", dependencies: [
            "IngestCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The archive and its work queue in PostgreSQL, shared by many processes on many machines (postgres-nio,
        // called synchronously through its EventLoopFuture interface: the callers are worker threads).
        .target(name: "PostgresArchive", dependencies: [
            "Archive", "IngestCore", .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
        ]),
        // Stages over a page, the runner with N workers and one archive writer; OCR reached through its seams.
        .target(name: "Pipeline", dependencies: [
            "IngestCore", "Extraction", "Rules", "PageImaging", "TesseractOCR", "PaddleOCR", "Archive", "Yams",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // HTML escaping by Unicode scalar (mustache's own escapes by grapheme cluster, which a combining mark can
        // bypass), and the mustache templates that use it: every page and file of HTML is written through it.
        .target(name: "SafeHTML", dependencies: [.product(name: "Mustache", package: "swift-mustache")]),
        // The files around a run: the drop folder and its moves, the run lock, the rejected-item report, where
        // each scan now is (verify, backup).
        .target(name: "RunFiles", dependencies: [
            "Pipeline", "Archive", "IngestCore", "SafeHTML", "Review", .product(name: "Logging", package: "swift-log"),
            .product(name: "Mustache", package: "swift-mustache"),
        ], resources: [
            .embedInCode("Templates/rejected.mustache"), .embedInCode("Templates/rejected-row.mustache"),
        ]),
        // Accounts: passwords (bcrypt), sign-in with lock-out, sessions, the TOTP second factor and its QR image.
        .target(name: "Accounts", dependencies: [
            "Archive", "IngestCore", "CQREncode",
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The review desk: correcting, accepting, rejecting, reopening and the approval steps, over the archive with
        // ingest's rules and models. No OCR, no C: the web UI stands on it.
        .target(name: "Review", dependencies: ["Archive", "Extraction", "Rules", "IngestCore", "Yams"]),
        // Compliance answers over archived records: expiry warnings and their formats, and its settings. Pure, no database.
        .target(name: "Compliance", dependencies: [
            "IngestCore", "Yams", "SafeHTML", .product(name: "Mustache", package: "swift-mustache"),
        ], resources: [.embedInCode("Templates/statistics.mustache")]),
        // Warnings that reach people: new expiry warnings, lapses, anomalies and a review backlog, each sent once
        // to the channels of pipelines/notify.yaml (webhooks over async-http-client, mail through sendmail).
        .target(name: "Notify", dependencies: [
            "Compliance", "IngestCore", "Yams",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The reviewer web UI (Hummingbird): routes and pages over the same ReviewDesk the command line uses.
        .target(name: "ReviewWeb", dependencies: [
            "Review", "Archive", "IngestCore", "Accounts", "Compliance", "SafeHTML", "PageImaging", "Pipeline", "RunFiles",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [
            // The pages' mustache templates, compiled into the program (no file to find at run time).
            .embedInCode("Templates/page.mustache"),
            .embedInCode("Templates/desk.mustache"),
            .embedInCode("Templates/run.mustache"),
            .embedInCode("Templates/record.mustache"),
            .embedInCode("Templates/run-head.mustache"),
            .embedInCode("Templates/run-row.mustache"),
            .embedInCode("Templates/sign-in.mustache"),
            .embedInCode("Templates/integrity.mustache"),
            .embedInCode("Templates/scan.mustache"),
            .embedInCode("Templates/account.mustache"),
            .embedInCode("Templates/search.mustache"),
            .embedInCode("Templates/problems.mustache"),
            .embedInCode("Templates/queue.mustache"),
            .embedInCode("Templates/problem-line.mustache"),
            .embedInCode("Templates/item.mustache"),
        ]),
        .executableTarget(name: "certarchive", dependencies: [
            "Pipeline", "RunFiles", "PostgresArchive", "Review", "Archive", "IngestCore", "Rules", "Extraction", "PageImaging", "ReviewWeb",
            "Compliance", "Notify",
            "Accounts", "Yams",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // `make bench`: accuracy and speed figures from the real executable on the samples.
        // `make bench-archive`: the PostgreSQL work queue without OCR, and ingest on PostgreSQL beside SQLite.
        .executableTarget(name: "certarchive-archive-bench", dependencies: [
            "Archive", "PostgresArchive", "IngestCore", "PostgresTestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "certarchive-bench", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The tests' and benchmarks' PostgreSQL: the throwaway server make starts, a fresh database each, psql.
        .target(name: "PostgresTestSupport", path: "Tests/PostgresTestSupport"),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction", "IngestCore", "Rules"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "IngestCore"]),
        .testTarget(name: "ArchiveTests", dependencies: [
            "Archive", "IngestCore", "PostgresArchive", "PostgresTestSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .testTarget(name: "RecognitionTests", dependencies: ["PageImaging", "TesseractOCR", "IngestCore", "Extraction", "Rules"]),
        .testTarget(name: "EndToEndTests", dependencies: ["IngestCore", "Archive", "PostgresTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ComplianceTests", dependencies: ["Compliance", "IngestCore"]),
        .testTarget(name: "NotifyTests", dependencies: [
            "Notify", "Compliance", "IngestCore", "Archive",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The stages and the runner on prepared readings: no OCR engine is made.
        .testTarget(name: "PipelineTests", dependencies: [
            "Pipeline", "IngestCore", "Extraction", "Rules", "PageImaging", "Archive",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "OnnxRuntimeTests", dependencies: ["OnnxRuntime", "PaddleOCR", "PageImaging", "IngestCore"]),
        // The review screen in Debian's headless Chromium, driven over the DevTools protocol.
        .testTarget(name: "BrowserTests", dependencies: [
            .product(name: "WSClient", package: "swift-websocket"), .product(name: "Crypto", package: "swift-crypto"), "PageImaging",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "AccountsTests", dependencies: ["Accounts", "Archive"]),
        .testTarget(name: "ReviewTests", dependencies: [
            "Review", "Archive", "Extraction", "Rules", "IngestCore", "PostgresArchive", "PostgresTestSupport",
        ]),
        .testTarget(name: "ReviewWebTests", dependencies: [
            "ReviewWeb", "Review", "Archive", "IngestCore", "Rules", "Extraction", "Accounts", "SafeHTML", "PageImaging",
            "PostgresArchive", "PostgresTestSupport", "Pipeline",
            .product(name: "PropertyBased", package: "swift-property-based"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)
