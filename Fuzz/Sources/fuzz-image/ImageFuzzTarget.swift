// libFuzzer entry point: inspects the input as a photo, strips its metadata, and checks the stripped copy is clean.

import Foundation
import StewardCore

@main
enum ImageFuzzTarget {
    /// libFuzzer's own driver, run from here because SwiftPM gives an executable its own `main`.
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, imageFuzzInput))
    }

    static func run(_ bytes: [UInt8]) {
        _ = ImageMetadata.findings(bytes, name: "photo.jpg")
        _ = try? ImageMetadata.inspect(bytes)
        guard let stripped = try? ImageMetadata.strip(bytes) else { return }
        // What was stripped once has nothing left to strip.
        if let report = try? ImageMetadata.inspect(stripped), report.hasGPS {
            fatalError("a stripped photo still records a location")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func imageFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ImageFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
