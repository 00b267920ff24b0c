// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "margin-explorer",
    products: [
        .executable(name: "margin-explorer", targets: ["MarginExplorer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcursesw",
            path: "Sources/CNcursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "COpenBLAS",
            path: "Sources/COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "Geometry"),
        .target(name: "MatrixKernels", dependencies: ["COpenBLAS"]),
        .target(name: "TextFormats", dependencies: ["Geometry"]),
        .target(name: "Training", dependencies: ["Geometry", "TextFormats", "MatrixKernels"]),
        .target(name: "ArrayFiles", dependencies: ["Geometry", "TextFormats", "CZlib"]),
        .target(name: "Analysis", dependencies: ["Geometry", "ArrayFiles", "MatrixKernels"]),
        .target(name: "TUI", dependencies: ["Geometry", "Training", "Analysis", "Figures", "CNcursesw"]),
        .target(name: "Figures", dependencies: ["Geometry"]),
        .executableTarget(
            name: "MarginExplorer",
            dependencies: [
                "Geometry", "TextFormats", "Training", "TUI", "Figures", "ArrayFiles", "Analysis", "MatrixKernels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "GeometryTests", dependencies: ["Geometry"]),
        .testTarget(name: "TextFormatsTests", dependencies: ["TextFormats", "Geometry"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "TextFormats"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "ArrayFiles", "Geometry", "MatrixKernels"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ArrayFilesTests", dependencies: ["ArrayFiles", "TextFormats"], exclude: ["Fixtures"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Figures", "Training", "Analysis", "ArrayFiles"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: ["MarginExplorer", "Training", "TUI", "Geometry"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "TUI"]),
    ],
    swiftLanguageModes: [.v6]
)
