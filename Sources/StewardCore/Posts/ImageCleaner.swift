// The copy of a photo a post carries: only the blocks needed to show the picture are kept, everything else is dropped
// and named, wherever in the file it sits.

/// Removes hidden data from a JPEG or PNG by keeping a short list of blocks needed to show the picture (a whitelist),
/// rather than by removing the metadata blocks it knows of. The picture data itself is copied byte for byte.
enum ImageCleaner {
    /// What was removed, in the order it is listed to the person posting.
    enum Removed: Int, CaseIterable, Comparable {
        case gps, exif, xmp, iptc, comment, pngText, dateStamp, thumbnail, animation, other, trailing

        var words: String {
            switch self {
            case .gps: "GPS location"
            case .exif: "camera details (EXIF)"
            case .xmp: "XMP"
            case .iptc: "IPTC"
            case .comment: "comment"
            case .pngText: "PNG text"
            case .dateStamp: "date stamp"
            case .thumbnail: "thumbnail picture"
            case .animation: "animation (only the first picture is kept)"
            case .other: "other hidden data"
            case .trailing: "data after the end of the picture"
            }
        }

        static func < (a: Removed, b: Removed) -> Bool { a.rawValue < b.rawValue }
    }

    struct Cleaned {
        var shape: ImageStructure.Shape
        /// The file with only the picture's own blocks in it, ending at the picture's end.
        var bytes: [UInt8]
        var removed: [Removed]
    }

    static func clean(_ bytes: [UInt8], format: ImageMetadata.Format) throws(ImageStructure.Damage) -> Cleaned {
        switch format {
        case .jpeg: try cleanJPEG(bytes)
        case .png: try cleanPNG(bytes)
        }
    }

    // MARK: - JPEG

    static func cleanJPEG(_ bytes: [UInt8]) throws(ImageStructure.Damage) -> Cleaned {
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(bytes.count)
        var removed = Set<Removed>()
        let shape = try ImageStructure.walkJPEG(bytes) { part in
            switch part {
            case .scanData(let range):
                out += bytes[range]
            case .standalone, .stray:
                removed.insert(.other)
            case .segment(let marker, let range):
                let data = Array(bytes[range])
                let (kept, found) = jpegSegment(marker, data)
                removed.formUnion(found)
                if let kept {
                    let length = kept.count + 2
                    out += [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)]
                    out += kept
                }
            }
        }
        out += [0xFF, 0xD9]
        if shape.trailing > 0 { removed.insert(.trailing) }
        return Cleaned(shape: shape, bytes: out, removed: removed.sorted())
    }

    static let jfif = Array("JFIF\0".utf8)
    static let jfxx = Array("JFXX\0".utf8)
    static let exifHeader = Array("Exif\0\0".utf8)
    static let xmpHeader = Array("http://ns.adobe.com/".utf8)
    static let iccHeader = Array("ICC_PROFILE\0".utf8)
    static let adobeHeader = Array("Adobe".utf8)

    /// What to keep of one JPEG segment (its data, possibly shortened; `nil` to drop it) and what that removes.
    static func jpegSegment(_ marker: UInt8, _ data: [UInt8]) -> (kept: [UInt8]?, removed: Set<Removed>) {
        // Picture tables and headers are kept up to the length their own contents give; bytes past that are hidden.
        func upTo(_ needed: Int) -> (kept: [UInt8]?, removed: Set<Removed>) {
            let needed = min(needed, data.count)
            if needed == 0 { return (nil, [.other]) }
            return (Array(data[0..<needed]), needed < data.count ? [.other] : [])
        }
        switch marker {
        case _ where ImageStructure.isFrameHeader(marker): return upTo(data.count >= 6 ? 6 + 3 * Int(data[5]) : 0)
        case 0xDA: return upTo(data.isEmpty ? 0 : 4 + 2 * Int(data[0]))
        case 0xDD, 0xDC: return upTo(2)  // restart interval, number of lines
        case 0xC4: return upTo(huffmanTablesLength(data))
        case 0xDB: return upTo(quantisationTablesLength(data))
        case 0xCC: return upTo(min(data.count / 2 * 2, 16))  // arithmetic conditioning: 2 bytes a table, 8 tables
        case 0xE0 where data.starts(with: jfif) && data.count >= 14:
            // Version, units and density are kept; a thumbnail (which can show the uncropped picture) is not.
            var kept = Array(data[0..<14])
            let thumbnail = kept[12] != 0 || kept[13] != 0
            kept[12] = 0
            kept[13] = 0
            if thumbnail { return (kept, [.thumbnail]) }
            return (kept, data.count > 14 ? [.other] : [])
        case 0xE0 where data.starts(with: jfxx):
            return (nil, [.thumbnail])  // JFXX holds only thumbnails, which may be JPEGs with their own EXIF
        case 0xE2 where data.starts(with: iccHeader) && data.count > iccHeader.count + 2:
            return (data, [])
        case 0xEE where data.starts(with: adobeHeader) && data.count >= 12:
            return upTo(12)  // "Adobe", version, two flags, colour transform
        case 0xE1 where data.starts(with: exifHeader):
            let gps = ImageMetadata.exifHasGPS(Array(data.dropFirst(exifHeader.count))) || mentionsGPS(data)
            return (nil, gps ? [.gps, .exif] : [.exif])
        case 0xE1 where data.starts(with: xmpHeader):
            return (nil, mentionsGPS(data) ? [.gps, .xmp] : [.xmp])
        case 0xED: return (nil, mentionsGPS(data) ? [.gps, .iptc] : [.iptc])
        case 0xFE: return (nil, mentionsGPS(data) ? [.gps, .comment] : [.comment])
        default: return (nil, mentionsGPS(data) ? [.gps, .other] : [.other])
        }
    }

    /// The length of the whole Huffman tables at the start of a DHT segment's data.
    static func huffmanTablesLength(_ data: [UInt8]) -> Int {
        var n = 0
        while n + 17 <= data.count {
            let codes = data[(n + 1)..<(n + 17)].reduce(0) { $0 + Int($1) }
            guard codes <= 256, n + 17 + codes <= data.count else { break }
            n += 17 + codes
        }
        return n
    }

    /// The length of the whole quantisation tables at the start of a DQT segment's data.
    static func quantisationTablesLength(_ data: [UInt8]) -> Int {
        var n = 0
        while n < data.count {
            let size: Int
            switch data[n] >> 4 {
            case 0: size = 65  // 8-bit values
            case 1: size = 129  // 16-bit values
            default: return n
            }
            guard n + size <= data.count else { break }
            n += size
        }
        return n
    }

    static let gpsWords = ["GPSLatitude", "GPSLongitude", "exif:GPS"].map { Array($0.utf8) }

    /// Whether a block's bytes name a GPS position in text (as XMP does).
    static func mentionsGPS(_ data: [UInt8]) -> Bool {
        gpsWords.contains { contains(data, $0) }
    }

    static func contains(_ data: [UInt8], _ word: [UInt8]) -> Bool {
        guard let first = word.first, data.count >= word.count else { return false }
        var i = 0
        while i + word.count <= data.count {
            if data[i] == first, data[i..<(i + word.count)].elementsEqual(word) { return true }
            i += 1
        }
        return false
    }

    // MARK: - PNG

    static let iend: [UInt8] = [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]

    static func cleanPNG(_ bytes: [UInt8]) throws(ImageStructure.Damage) -> Cleaned {
        let shape = try ImageStructure.pngShape(bytes)  // checks every chunk up to IEND: IHDR first, lengths, CRCs
        let colourType = bytes[25]
        var out = ImageStructure.pngSignature
        out.reserveCapacity(bytes.count)
        var removed = Set<Removed>()
        var i = 8
        while i + 12 <= bytes.count {
            let length = ImageStructure.be32(bytes, i)
            guard length <= bytes.count - i - 12 else { break }
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let whole = i..<(i + 12 + length)
            let data = Array(bytes[(i + 8)..<(i + 8 + length)])
            i = whole.upperBound
            if type == "IEND" {
                out += iend
                if length > 0 { removed.insert(.other) }
                if shape.trailing > 0 { removed.insert(.trailing) }
                return Cleaned(shape: shape, bytes: out, removed: removed.sorted())
            }
            if let found = pngChunkRemoved(type, data, colourType: colourType) {
                removed.formUnion(found)
            } else {
                out += bytes[whole]
            }
        }
        throw ImageStructure.Damage(reason: "ends before the picture does")
    }

    /// `nil` to keep a chunk (one needed to show the picture, of the size its type has); otherwise what dropping it
    /// removes.
    static func pngChunkRemoved(_ type: String, _ data: [UInt8], colourType: UInt8) -> Set<Removed>? {
        let fits: Bool? =
            switch type {
            case "IHDR", "PLTE", "IDAT", "iCCP": true
            case "gAMA": data.count == 4
            case "cHRM": data.count == 32
            case "sRGB": data.count == 1
            case "pHYs": data.count == 9
            case "sBIT": (1...4).contains(data.count)
            case "bKGD": [1, 2, 6].contains(data.count)
            case "tRNS":
                switch colourType {
                case 0: data.count == 2
                case 2: data.count == 6
                case 3: (1...256).contains(data.count)
                default: false
                }
            default: nil
            }
        if fits == true { return nil }
        if fits == false { return [.other] }
        let gps = mentionsGPS(data)
        switch type {
        case "tEXt", "zTXt", "iTXt": return gps ? [.gps, .pngText] : [.pngText]
        case "eXIf": return gps || ImageMetadata.exifHasGPS(data) ? [.gps, .exif] : [.exif]
        case "tIME": return [.dateStamp]
        case "acTL", "fcTL", "fdAT": return [.animation]
        default: return gps ? [.gps, .other] : [.other]
        }
    }
}
