// libFuzzer entry point: the input as what `pdftotext -bbox-layout` writes (pages, blocks, lines, words and their
// positions), put in reading order, its headers and footers dropped, and read as a policy; and the input as plain
// pages of text with form feeds between them.

import FuzzDriver
import StewardCore

@main
enum PDFLayoutFuzzTarget {
    static func main() { FuzzDriver.run(pdfLayoutFuzzInput) }

    static func run(_ bytes: [UInt8]) {
        if let text = PolicyFile.pdfText(layout: bytes) {
            let (clean, _) = PolicyFile.cleanPages(text)
            _ = try? PolicyImporter.parse(clean)
        }
        let (pages, _) = PolicyFile.cleanPages(String(decoding: bytes, as: UTF8.self))
        _ = try? PolicyImporter.parse(pages)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func pdfLayoutFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    PDFLayoutFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
