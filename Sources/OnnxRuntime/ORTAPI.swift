#if canImport(Glibc)
import Glibc
#endif

/// ONNX Runtime's C API, loaded from its shared library at run time. There is no header to import (PyPI's wheel
/// ships the library alone), so this declares only the entries certarchive calls, each by its position in the
/// `OrtApi` table — append-only across releases: a function's position never changes. Positions and signatures
/// are those of onnxruntime_c_api.h (1.31.1); `ORTAPITests` runs each one against the real library.
///
/// Every `OrtStatus*` result is NULL on success; otherwise its message is read and the status released.
final class ORTAPI: @unchecked Sendable {
    /// The table version asked for: every entry below exists since version 2; 1.31.1 serves up to 31.
    static let version: UInt32 = 20

    let versionString: String
    private let table: UnsafePointer<UnsafeRawPointer?>
    private let library: UnsafeMutableRawPointer

    init(libraryPath: String) throws {
        guard let library = dlopen(libraryPath, RTLD_NOW | RTLD_LOCAL) else {
            throw ORTError("cannot load ONNX Runtime from \(libraryPath): \(String(cString: dlerror()))")
        }
        guard let symbol = dlsym(library, "OrtGetApiBase") else {
            dlclose(library)
            throw ORTError("\(libraryPath) is no ONNX Runtime library: it has no OrtGetApiBase")
        }
        typealias GetApiBase = @convention(c) () -> UnsafeRawPointer?
        typealias GetApi = @convention(c) (UInt32) -> UnsafeRawPointer?
        typealias GetVersionString = @convention(c) () -> UnsafePointer<CChar>?
        // OrtApiBase: { GetApi, GetVersionString }.
        guard let base = unsafeBitCast(symbol, to: GetApiBase.self)()?.assumingMemoryBound(to: UnsafeRawPointer?.self),
              let getApi = base[0], let getVersion = base[1] else {
            dlclose(library)
            throw ORTError("\(libraryPath): OrtGetApiBase gave nothing")
        }
        versionString = unsafeBitCast(getVersion, to: GetVersionString.self)().map { String(cString: $0) } ?? "?"
        guard let table = unsafeBitCast(getApi, to: GetApi.self)(Self.version) else {
            dlclose(library)
            throw ORTError("ONNX Runtime \(versionString) does not serve API version \(Self.version)")
        }
        self.table = table.assumingMemoryBound(to: UnsafeRawPointer?.self)
        self.library = library
    }

    /// The table's entry at `position` as a C function of type `T`. Every position named below is filled in the
    /// API version checked at load (`Self.version`); an empty one is a programming error here, not a runtime case.
    private func entry<T>(_ position: Int, _ type: T.Type) -> T {
        guard let function = table[position] else { preconditionFailure("ONNX Runtime's API has no entry \(position)") }
        return unsafeBitCast(function, to: type)
    }

    // MARK: entries, by position

    typealias Status = OpaquePointer?
    typealias Out = UnsafeMutablePointer<OpaquePointer?>

    var getErrorMessage: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>? { entry(2, (@convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?).self) }
    var createEnv: @convention(c) (Int32, UnsafePointer<CChar>?, Out) -> Status { entry(3, (@convention(c) (Int32, UnsafePointer<CChar>?, Out) -> Status).self) }
    var createSession: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, OpaquePointer?, Out) -> Status { entry(7, (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?, OpaquePointer?, Out) -> Status).self) }
    var run: @convention(c) (OpaquePointer?, OpaquePointer?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<OpaquePointer?>?, Int,
                             UnsafePointer<UnsafePointer<CChar>?>?, Int, Out) -> Status {
        entry(9, (@convention(c) (OpaquePointer?, OpaquePointer?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<OpaquePointer?>?, Int,
                                  UnsafePointer<UnsafePointer<CChar>?>?, Int, Out) -> Status).self)
    }
    var createSessionOptions: @convention(c) (Out) -> Status { entry(10, (@convention(c) (Out) -> Status).self) }
    var setSessionExecutionMode: @convention(c) (OpaquePointer?, Int32) -> Status { entry(13, (@convention(c) (OpaquePointer?, Int32) -> Status).self) }
    var setGraphOptimizationLevel: @convention(c) (OpaquePointer?, Int32) -> Status { entry(23, (@convention(c) (OpaquePointer?, Int32) -> Status).self) }
    var setIntraOpNumThreads: @convention(c) (OpaquePointer?, Int32) -> Status { entry(24, (@convention(c) (OpaquePointer?, Int32) -> Status).self) }
    var setInterOpNumThreads: @convention(c) (OpaquePointer?, Int32) -> Status { entry(25, (@convention(c) (OpaquePointer?, Int32) -> Status).self) }
    var sessionGetInputCount: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Status { entry(30, (@convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Status).self) }
    var sessionGetOutputCount: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Status { entry(31, (@convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Status).self) }
    var sessionGetInputName: @convention(c) (OpaquePointer?, Int, OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Status { entry(36, (@convention(c) (OpaquePointer?, Int, OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Status).self) }
    var sessionGetOutputName: @convention(c) (OpaquePointer?, Int, OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Status { entry(37, (@convention(c) (OpaquePointer?, Int, OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Status).self) }
    var createTensorWithData: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafePointer<Int64>?, Int, Int32, Out) -> Status { entry(49, (@convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int, UnsafePointer<Int64>?, Int, Int32, Out) -> Status).self) }
    var getTensorMutableData: @convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> Status { entry(51, (@convention(c) (OpaquePointer?, UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> Status).self) }
    var getDimensionsCount: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Status { entry(61, (@convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Status).self) }
    var getDimensions: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int64>?, Int) -> Status { entry(62, (@convention(c) (OpaquePointer?, UnsafeMutablePointer<Int64>?, Int) -> Status).self) }
    var getTensorShapeElementCount: @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Status { entry(64, (@convention(c) (OpaquePointer?, UnsafeMutablePointer<Int>) -> Status).self) }
    var getTensorTypeAndShape: @convention(c) (OpaquePointer?, Out) -> Status { entry(65, (@convention(c) (OpaquePointer?, Out) -> Status).self) }
    var createCpuMemoryInfo: @convention(c) (Int32, Int32, Out) -> Status { entry(69, (@convention(c) (Int32, Int32, Out) -> Status).self) }
    var allocatorFree: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Status { entry(76, (@convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Status).self) }
    var getAllocatorWithDefaultOptions: @convention(c) (Out) -> Status { entry(78, (@convention(c) (Out) -> Status).self) }
    var releaseEnv: @convention(c) (OpaquePointer?) -> Void { entry(92, (@convention(c) (OpaquePointer?) -> Void).self) }
    var releaseStatus: @convention(c) (OpaquePointer?) -> Void { entry(93, (@convention(c) (OpaquePointer?) -> Void).self) }
    var releaseMemoryInfo: @convention(c) (OpaquePointer?) -> Void { entry(94, (@convention(c) (OpaquePointer?) -> Void).self) }
    var releaseSession: @convention(c) (OpaquePointer?) -> Void { entry(95, (@convention(c) (OpaquePointer?) -> Void).self) }
    var releaseValue: @convention(c) (OpaquePointer?) -> Void { entry(96, (@convention(c) (OpaquePointer?) -> Void).self) }
    var releaseTensorTypeAndShapeInfo: @convention(c) (OpaquePointer?) -> Void { entry(99, (@convention(c) (OpaquePointer?) -> Void).self) }
    var releaseSessionOptions: @convention(c) (OpaquePointer?) -> Void { entry(100, (@convention(c) (OpaquePointer?) -> Void).self) }
    var sessionGetModelMetadata: @convention(c) (OpaquePointer?, Out) -> Status { entry(111, (@convention(c) (OpaquePointer?, Out) -> Status).self) }
    var lookupCustomMetadata: @convention(c) (OpaquePointer?, OpaquePointer?, UnsafePointer<CChar>?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Status { entry(116, (@convention(c) (OpaquePointer?, OpaquePointer?, UnsafePointer<CChar>?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Status).self) }
    var releaseModelMetadata: @convention(c) (OpaquePointer?) -> Void { entry(118, (@convention(c) (OpaquePointer?) -> Void).self) }

    /// Throws the status's message when a call failed, releasing the status.
    func check(_ status: Status, _ what: String) throws {
        guard let status else { return }
        let message = getErrorMessage(status).map { String(cString: $0) } ?? "unknown error"
        releaseStatus(status)
        throw ORTError("\(what): \(message)")
    }
}

public struct ORTError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
