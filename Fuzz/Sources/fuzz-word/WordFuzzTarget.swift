// libFuzzer entry point: the input, split at its first NUL into a document body and numbering definitions, zipped as a
// Word document and imported as a policy. Nothing may crash or hang; a refusal is a fine answer.

import Foundation
import FuzzDriver
import StewardCore
import ZIPFoundation

@main
enum WordFuzzTarget {
    static func main() { FuzzDriver.run(wordFuzzInput) }

    static func run(_ bytes: [UInt8]) {
        let split = bytes.firstIndex(of: 0) ?? bytes.count
        let body = Data(bytes[..<split])
        let numbering = Data(bytes[min(split + 1, bytes.count)...])
        guard let archive = try? Archive(data: Data(), accessMode: .create) else { return }
        for (path, data) in [("word/document.xml", body), ("word/numbering.xml", numbering)] {
            try? archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Data.Index(position)..<Data.Index(position) + size) })
        }
        guard let zipped = archive.data else { return }
        if let result = try? PolicyImporter.import(Array(zipped), pdftotext: "/nonexistent") {
            _ = result.document.contentHash
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func wordFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    WordFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
