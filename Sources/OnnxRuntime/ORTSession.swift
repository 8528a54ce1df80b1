import Synchronization

/// ONNX Runtime loaded once per process from a library path: its API table, one environment, the CPU memory
/// description tensors are made with, and the default allocator (which hands out names and metadata).
public final class ORTRuntime: @unchecked Sendable {
    let api: ORTAPI
    let env: OpaquePointer
    let memoryInfo: OpaquePointer
    let allocator: OpaquePointer
    public var version: String { api.versionString }

    private static let loaded = Mutex<[String: ORTRuntime]>([:])

    /// The runtime for this library, loaded on first use and kept for the process (ONNX Runtime wants one
    /// environment per process; a library is never unloaded).
    public static func shared(libraryPath: String) throws -> ORTRuntime {
        try loaded.withLock { runtimes in
            if let runtime = runtimes[libraryPath] { return runtime }
            let runtime = try ORTRuntime(libraryPath: libraryPath)
            runtimes[libraryPath] = runtime
            return runtime
        }
    }

    private init(libraryPath: String) throws {
        api = try ORTAPI(libraryPath: libraryPath)
        var env: OpaquePointer?, memoryInfo: OpaquePointer?, allocator: OpaquePointer?
        try api.check(api.createEnv(3 /* ORT_LOGGING_LEVEL_ERROR */, "certarchive", &env), "CreateEnv")
        try api.check(api.createCpuMemoryInfo(0 /* OrtDeviceAllocator */, 0 /* OrtMemTypeDefault */, &memoryInfo),
                      "CreateCpuMemoryInfo")
        try api.check(api.getAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions")
        guard let env, let memoryInfo, let allocator else { throw ORTError("ONNX Runtime returned no environment") }
        self.env = env; self.memoryInfo = memoryInfo; self.allocator = allocator
    }

    /// A string the allocator handed out, copied and freed.
    func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { _ = api.allocatorFree(allocator, pointer) }
        return String(cString: pointer)
    }
}

/// A float tensor: values in row-major order and the shape.
public struct Tensor: Sendable {
    public var values: [Float]
    public var shape: [Int]

    public init(values: [Float], shape: [Int]) {
        self.values = values; self.shape = shape
    }
}

/// One model loaded for inference: one per worker (a session may be run from one thread at a time here), its
/// operators run on `threads` threads: the cores the workers leave free (one each when they fill the machine).
public final class ORTSession {
    let runtime: ORTRuntime
    private let session: OpaquePointer
    public let inputNames: [String]
    public let outputNames: [String]

    public init(runtime: ORTRuntime, modelPath: String, threads: Int = 1) throws {
        self.runtime = runtime
        let api = runtime.api
        var options: OpaquePointer?
        try api.check(api.createSessionOptions(&options), "CreateSessionOptions")
        defer { api.releaseSessionOptions(options) }
        try api.check(api.setSessionExecutionMode(options, 0 /* ORT_SEQUENTIAL */), "SetSessionExecutionMode")
        try api.check(api.setIntraOpNumThreads(options, Int32(threads)), "SetIntraOpNumThreads")
        try api.check(api.setInterOpNumThreads(options, 1), "SetInterOpNumThreads")
        try api.check(api.setGraphOptimizationLevel(options, 99 /* ORT_ENABLE_ALL */), "SetSessionGraphOptimizationLevel")
        // The CPU arena stays on: buffers are reused from run to run (without it, 5% slower a page here), at the
        // cost of keeping the largest page's buffers (about 100 MB a worker more at peak).
        var session: OpaquePointer?
        try api.check(api.createSession(runtime.env, modelPath, options, &session), "cannot load model \(modelPath)")
        guard let session else { throw ORTError("ONNX Runtime returned no session for \(modelPath)") }
        self.session = session
        func names(_ count: (OpaquePointer?, UnsafeMutablePointer<Int>) -> OpaquePointer?,
                   _ name: (OpaquePointer?, Int, OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> OpaquePointer?) throws -> [String] {
            var n = 0
            try api.check(count(session, &n), "model \(modelPath): count of inputs or outputs")
            return try (0..<n).map { i in
                var raw: UnsafeMutablePointer<CChar>?
                try api.check(name(session, i, runtime.allocator, &raw), "model \(modelPath): name \(i)")
                return runtime.take(raw) ?? ""
            }
        }
        inputNames = try names(api.sessionGetInputCount, api.sessionGetInputName)
        outputNames = try names(api.sessionGetOutputCount, api.sessionGetOutputName)
    }

    deinit {
        runtime.api.releaseSession(session)
    }

    /// A value the model's maker stored under `key` in its metadata (the rec model's dictionary: `character`).
    public func metadata(_ key: String) throws -> String? {
        let api = runtime.api
        var metadata: OpaquePointer?
        try api.check(api.sessionGetModelMetadata(session, &metadata), "SessionGetModelMetadata")
        defer { api.releaseModelMetadata(metadata) }
        var value: UnsafeMutablePointer<CChar>?
        try api.check(api.lookupCustomMetadata(metadata, runtime.allocator, key, &value), "metadata \(key)")
        return runtime.take(value)
    }

    /// Runs the model on one float input (its first) and returns its first output.
    public func run(_ input: [Float], shape: [Int]) throws -> Tensor {
        guard input.count == shape.reduce(1, *) else {
            throw ORTError("input of \(input.count) values does not fill shape \(shape)")
        }
        let api = runtime.api
        var data = input
        let dims = shape.map(Int64.init)
        var output: OpaquePointer?
        try data.withUnsafeMutableBytes { bytes in
            var tensor: OpaquePointer?
            try api.check(api.createTensorWithData(runtime.memoryInfo, bytes.baseAddress, bytes.count, dims, dims.count,
                                                   1 /* FLOAT */, &tensor), "CreateTensorWithDataAsOrtValue")
            defer { api.releaseValue(tensor) }
            try inputNames[0].withCString { inputName in
                try outputNames[0].withCString { outputName in
                    var inputs: [OpaquePointer?] = [tensor]
                    var inNames: [UnsafePointer<CChar>?] = [inputName]
                    var outNames: [UnsafePointer<CChar>?] = [outputName]
                    try api.check(api.run(session, nil, &inNames, &inputs, 1, &outNames, 1, &output), "Run")
                }
            }
        }
        defer { api.releaseValue(output) }
        var info: OpaquePointer?
        try api.check(api.getTensorTypeAndShape(output, &info), "GetTensorTypeAndShape")
        defer { api.releaseTensorTypeAndShapeInfo(info) }
        var rank = 0, count = 0
        try api.check(api.getDimensionsCount(info, &rank), "GetDimensionsCount")
        var outShape = [Int64](repeating: 0, count: rank)
        try api.check(api.getDimensions(info, &outShape, rank), "GetDimensions")
        try api.check(api.getTensorShapeElementCount(info, &count), "GetTensorShapeElementCount")
        var raw: UnsafeMutableRawPointer?
        try api.check(api.getTensorMutableData(output, &raw), "GetTensorMutableData")
        guard let raw else { throw ORTError("ONNX Runtime returned an output without data") }
        let values = Array(UnsafeBufferPointer(start: raw.assumingMemoryBound(to: Float.self), count: count))
        return Tensor(values: values, shape: outShape.map { Int($0) })
    }
}
