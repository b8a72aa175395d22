// The shape of a JPEG or PNG file read from its bytes: picture size, whether it is whole, and where the picture ends.

/// Reads just enough of a photo's structure to know its size and that it is complete, without decoding the picture.
/// Every read is bounds-checked: any input gives an answer or a `Damage`, never a crash.
enum ImageStructure {
    /// What was found: the picture's size and, when bytes follow its end, how many.
    struct Shape: Equatable {
        var width: Int
        var height: Int
        /// Bytes after the end of the picture (after a JPEG's end marker, or a PNG's `IEND` chunk).
        var trailing: Int
    }

    /// Why the structure is not a whole picture, in words that finish "The photo …".
    struct Damage: Error, Equatable {
        var reason: String
    }

    static func shape(_ bytes: [UInt8], format: ImageMetadata.Format) throws(Damage) -> Shape {
        switch format {
        case .jpeg: try jpegShape(bytes)
        case .png: try pngShape(bytes)
        }
    }

    // MARK: - JPEG

    /// Frame headers are C0–CF, except C4 (Huffman tables), C8 (reserved) and CC (arithmetic conditioning).
    static func isFrameHeader(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    static func jpegShape(_ bytes: [UInt8]) throws(Damage) -> Shape {
        try walkJPEG(bytes) { _ in }
    }

    /// One piece of a JPEG, as `walkJPEG` meets it.
    enum JPEGPart: Equatable {
        /// A marker with a length: `FF marker length data`; `data` is the range after the two length bytes.
        case segment(UInt8, data: Range<Int>)
        /// A marker without a length (a restart or `TEM` marker) outside the picture data.
        case standalone(UInt8)
        /// The compressed picture data following a start of scan, restart markers included.
        case scanData(Range<Int>)
        /// Bytes after the first scan that follow something other than a start of scan: part of no picture.
        case stray(Range<Int>)
    }

    /// Walks the whole JPEG from its start marker to its end marker, passing each piece to `visit` in order (the
    /// start and end markers themselves are not passed), and returns its shape. Before the first scan every byte
    /// must belong to a marker; after it, the compressed data is read up to the next real marker (a `FF` followed by
    /// neither `00` nor a restart marker, `FF` fill bytes skipped), so that tables, comments and metadata between
    /// scans and before the end marker are all seen. Each step moves forward, so any input ends in a shape or a
    /// `Damage`.
    static func walkJPEG(_ bytes: [UInt8], _ visit: (JPEGPart) -> Void) throws(Damage) -> Shape {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw Damage(reason: "has no JPEG header") }
        var size: (width: Int, height: Int)?
        var inScans = false
        var i = 2
        while true {
            let early = Damage(reason: inScans ? "ends before the picture does" : "ends before the picture starts")
            guard i < bytes.count else { throw early }
            guard bytes[i] == 0xFF else { throw Damage(reason: "is damaged before the picture starts") }
            var at = i
            while at + 1 < bytes.count, bytes[at + 1] == 0xFF { at += 1 }  // fill bytes
            guard at + 1 < bytes.count else { throw early }
            let marker = bytes[at + 1]
            switch marker {
            case 0xD9:
                guard let size, inScans else { throw Damage(reason: "has no picture in it") }
                return Shape(width: size.width, height: size.height, trailing: bytes.count - (at + 2))
            case 0xD8:
                throw Damage(reason: "is damaged (it starts twice)")
            case 0x01, 0xD0...0xD7:
                visit(.standalone(marker))
                i = at + 2
            default:
                guard at + 3 < bytes.count else { throw early }
                let length = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
                let end = at + 2 + length
                guard length >= 2, end <= bytes.count else { throw early }
                let data = (at + 4)..<end
                if isFrameHeader(marker) {
                    // Precision (1 byte), height (2), width (2), number of components (1), 3 bytes a component.
                    guard data.count >= 6, data.count >= 6 + 3 * Int(bytes[at + 9]) else {
                        throw Damage(reason: "has a damaged picture header")
                    }
                    if size == nil {
                        let height = Int(bytes[at + 5]) << 8 | Int(bytes[at + 6])
                        let width = Int(bytes[at + 7]) << 8 | Int(bytes[at + 8])
                        guard width > 0, height > 0 else {
                            throw Damage(reason: "does not say how large the picture is")
                        }
                        size = (width, height)
                    }
                } else if marker == 0xDA {
                    guard size != nil else { throw Damage(reason: "has picture data but no picture header") }
                    // Number of components (1 byte), 2 bytes a component, then 3 bytes.
                    guard data.count >= 1, data.count >= 4 + 2 * Int(bytes[at + 4]) else {
                        throw Damage(reason: "has a damaged picture data header")
                    }
                    inScans = true
                } else if marker == 0xDD || marker == 0xDC {
                    guard data.count >= 2 else { throw Damage(reason: "has a damaged picture table") }
                }
                visit(.segment(marker, data: data))
                i = end
            }
            if inScans {
                let start = i
                i = try jpegNextMarker(bytes, from: i)
                if i > start { visit(marker == 0xDA ? .scanData(start..<i) : .stray(start..<i)) }
            }
        }
    }

    /// The offset of the next real marker at or after `start` (of the first of its `FF` fill bytes), stepping over
    /// compressed picture data, stuffed `FF 00` bytes and restart markers.
    static func jpegNextMarker(_ bytes: [UInt8], from start: Int) throws(Damage) -> Int {
        var i = start
        while i < bytes.count {
            guard bytes[i] == 0xFF else {
                i += 1
                continue
            }
            var last = i
            while last + 1 < bytes.count, bytes[last + 1] == 0xFF { last += 1 }
            guard last + 1 < bytes.count else { break }
            let next = bytes[last + 1]
            if next == 0x00 || (0xD0...0xD7).contains(next) {
                i = last + 2  // a stuffed FF or a restart marker: still picture data
            } else {
                return i
            }
        }
        throw Damage(reason: "ends before the picture does")
    }

    // MARK: - PNG

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Bit depths each colour type allows (PNG specification, table 11.1).
    static let pngDepths: [UInt8: Set<UInt8>] = [
        0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16],
    ]

    static func pngShape(_ bytes: [UInt8]) throws(Damage) -> Shape {
        guard bytes.count >= 8, Array(bytes[0..<8]) == pngSignature else {
            throw Damage(reason: "has no PNG header")
        }
        var size: (width: Int, height: Int)?
        var sawData = false
        var i = 8
        while i + 12 <= bytes.count {
            let length = be32(bytes, i)
            // Lengths are at most 2³¹ − 1; anything larger is damage, not a large chunk.
            guard length <= 0x7FFF_FFFF, length <= bytes.count - i - 12 else {
                throw Damage(reason: "ends before the picture does")
            }
            let type = Array(bytes[(i + 4)..<(i + 8)])
            let dataStart = i + 8
            let crcAt = dataStart + length
            guard crc32(bytes[(i + 4)..<crcAt]) == UInt32(be32(bytes, crcAt)) else {
                throw Damage(reason: "is damaged (a block of it fails its check)")
            }
            let name = String(decoding: type, as: UTF8.self)
            if size == nil {
                guard name == "IHDR", length == 13 else {
                    throw Damage(reason: "does not start with a PNG picture header")
                }
                let width = be32(bytes, dataStart)
                let height = be32(bytes, dataStart + 4)
                guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF else {
                    throw Damage(reason: "does not say how large the picture is")
                }
                let depth = bytes[dataStart + 8]
                let colour = bytes[dataStart + 9]
                guard pngDepths[colour]?.contains(depth) == true, bytes[dataStart + 10] == 0,
                    bytes[dataStart + 11] == 0, bytes[dataStart + 12] <= 1
                else { throw Damage(reason: "has a damaged picture header") }
                size = (width, height)
            } else if name == "IHDR" {
                throw Damage(reason: "has two picture headers")
            }
            if name == "IDAT" { sawData = true }
            i = crcAt + 4
            if name == "IEND" {
                guard let size else { throw Damage(reason: "does not start with a PNG picture header") }
                guard sawData else { throw Damage(reason: "has no picture in it") }
                return Shape(width: size.width, height: size.height, trailing: bytes.count - i)
            }
        }
        throw Damage(reason: "ends before the picture does")
    }

    static func be32(_ bytes: [UInt8], _ at: Int) -> Int {
        guard at >= 0, at + 4 <= bytes.count else { return 0 }
        return Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
    }

    static let crcTable: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The CRC-32 PNG puts after each chunk, over its type and data.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}
