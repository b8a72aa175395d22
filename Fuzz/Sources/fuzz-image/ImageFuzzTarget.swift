// libFuzzer entry point: inspects the input as a photo, strips its metadata, and checks the stripped copy is clean.

import Foundation
import FuzzDriver
import StewardCore

@main
enum ImageFuzzTarget {
    static func main() { FuzzDriver.run(imageFuzzInput) }

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
