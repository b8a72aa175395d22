// libFuzzer entry point: checks the input as a photo for a post; a photo that passes must pass again with nothing left
// to remove.

import Foundation
import FuzzDriver
import StewardCore

@main
enum PostImageFuzzTarget {
    static func main() { FuzzDriver.run(postImageFuzzInput) }

    static func run(_ bytes: [UInt8]) {
        guard let checked = try? PostImage.check(bytes, name: "photo.jpg") else { return }
        guard let again = try? PostImage.check(checked.bytes, name: "photo.jpg") else {
            fatalError("a photo that passed was refused once its metadata was removed")
        }
        if !again.removed.isEmpty { fatalError("a stripped photo still had \(again.removed) to remove") }
        if again.bytes != checked.bytes || again.width != checked.width || again.height != checked.height {
            fatalError("checking a stripped photo again changed it")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func postImageFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    PostImageFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
