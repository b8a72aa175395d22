// Photo metadata (policy 4.4): GPS positions and other identifying data in JPEG and PNG files, found and
// stripped without re-encoding the picture.

import Foundation

/// Reads and removes the metadata a photo carries.
public enum ImageMetadata {
    public enum Format: String, Sendable { case jpeg, png }

    public struct Unsupported: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// What a file carries.
    public struct Report: Sendable, Equatable {
        public var format: Format
        public var hasGPS: Bool
        /// Names of the other identifying blocks found (`EXIF`, `XMP`, `IPTC`, `PNG text`, `comment` …).
        public var identifying: [String]
    }

    public static func format(of bytes: [UInt8]) -> Format? {
        if bytes.count >= 3, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF { return .jpeg }
        if bytes.count >= 8, Array(bytes[0..<8]) == pngSignature { return .png }
        return nil
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    public static func inspect(_ bytes: [UInt8]) throws -> Report {
        switch format(of: bytes) {
        case .jpeg:
            var report = Report(format: .jpeg, hasGPS: false, identifying: [])
            for segment in try jpegSegments(bytes) {
                switch segment.kind {
                case .exif(let tiff):
                    report.identifying.append("EXIF")
                    if exifHasGPS(Array(bytes[tiff])) { report.hasGPS = true }
                case .xmp:
                    report.identifying.append("XMP")
                    if let text = String(bytes: bytes[segment.range], encoding: .isoLatin1),
                        text.contains("GPSLatitude") || text.contains("exif:GPS")
                    {
                        report.hasGPS = true
                    }
                case .iptc: report.identifying.append("IPTC")
                case .comment: report.identifying.append("comment")
                case .keep: break
                }
            }
            return report
        case .png:
            var report = Report(format: .png, hasGPS: false, identifying: [])
            for chunk in try pngChunks(bytes) where pngMetadataTypes.contains(chunk.type) {
                report.identifying.append(chunk.type == "eXIf" ? "EXIF" : "PNG \(chunk.type)")
                if chunk.type == "eXIf", exifHasGPS(Array(bytes[chunk.data])) { report.hasGPS = true }
                if chunk.type != "eXIf", let text = String(bytes: bytes[chunk.data], encoding: .isoLatin1),
                    text.contains("GPSLatitude")
                {
                    report.hasGPS = true
                }
            }
            return report
        case nil:
            throw Unsupported(message: "This is not a JPEG or PNG file.")
        }
    }

    /// Findings for a photo: a location blocks, other identifying data blocks too (strip it first).
    public static func findings(_ bytes: [UInt8], name: String) -> [Finding] {
        do {
            let report = try inspect(bytes)
            var found: [Finding] = []
            if report.hasGPS {
                found.append(
                    Finding(
                        category: .imageLocation, kind: "gps-location", severity: .block, start: 0, end: 0, text: "",
                        message: "\(name) records where it was taken (GPS). Remove the location before posting."))
            }
            let others = report.identifying.filter { $0 != "EXIF" || !report.hasGPS }
            if !others.isEmpty {
                found.append(
                    Finding(
                        category: .imageLocation, kind: "identifying-metadata", severity: .block, start: 0, end: 0,
                        text: "",
                        message:
                            "\(name) carries hidden details (\(Array(Set(others)).sorted().joined(separator: ", "))). Strip them before posting."
                    ))
            }
            return found
        } catch {
            return [
                Finding(
                    category: .imageLocation, kind: "unreadable", severity: .block, start: 0, end: 0, text: "",
                    message: "\(name) could not be read as a JPEG or PNG photo: \(error).")
            ]
        }
    }

    /// The same picture without EXIF, XMP, IPTC, comments or PNG text: the image data itself is copied byte for byte.
    public static func strip(_ bytes: [UInt8]) throws -> [UInt8] {
        switch format(of: bytes) {
        case .jpeg:
            var out: [UInt8] = [0xFF, 0xD8]
            for segment in try jpegSegments(bytes) {
                if case .keep = segment.kind { out += bytes[segment.whole] }
            }
            return out
        case .png:
            var out = pngSignature
            for chunk in try pngChunks(bytes) where !pngMetadataTypes.contains(chunk.type) { out += bytes[chunk.whole] }
            return out
        case nil:
            throw Unsupported(message: "This is not a JPEG or PNG file.")
        }
    }

    // MARK: - JPEG

    enum SegmentKind {
        case exif(Range<Int>)  // the TIFF data
        case xmp
        case iptc
        case comment
        case keep
    }

    struct Segment {
        var marker: UInt8
        var whole: Range<Int>
        var range: Range<Int>
        var kind: SegmentKind
    }

    /// Segments after SOI; the last one runs from the start of scan to the end of the file.
    static func jpegSegments(_ bytes: [UInt8]) throws -> [Segment] {
        var segments: [Segment] = []
        var i = 2
        while i < bytes.count {
            guard bytes[i] == 0xFF else { throw Unsupported(message: "The JPEG is damaged (no marker at byte \(i)).") }
            var markerAt = i
            while markerAt + 1 < bytes.count, bytes[markerAt + 1] == 0xFF { markerAt += 1 }  // fill bytes
            guard markerAt + 1 < bytes.count else { break }
            let marker = bytes[markerAt + 1]
            if marker == 0xD9 {
                segments.append(Segment(marker: marker, whole: i..<bytes.count, range: i..<bytes.count, kind: .keep))
                break
            }
            if (0xD0...0xD7).contains(marker) || marker == 0x01 {
                segments.append(Segment(marker: marker, whole: i..<(markerAt + 2), range: i..<i, kind: .keep))
                i = markerAt + 2
                continue
            }
            guard markerAt + 3 < bytes.count else { throw Unsupported(message: "The JPEG ends early.") }
            let length = Int(bytes[markerAt + 2]) << 8 | Int(bytes[markerAt + 3])
            let dataStart = markerAt + 4
            let end = markerAt + 2 + length
            guard length >= 2, end <= bytes.count else {
                throw Unsupported(message: "The JPEG is damaged (a segment runs past the end).")
            }
            if marker == 0xDA {
                // Start of scan: everything from here is image data, copied as it is.
                segments.append(
                    Segment(marker: marker, whole: i..<bytes.count, range: dataStart..<bytes.count, kind: .keep))
                break
            }
            let data = dataStart..<end
            var kind = SegmentKind.keep
            let head = Array(bytes[data.prefix(29)])
            if marker == 0xE1, head.starts(with: Array("Exif\0\0".utf8)) {
                kind = .exif((dataStart + 6)..<end)
            } else if marker == 0xE1, head.starts(with: Array("http://ns.adobe.com/".utf8)) {
                kind = .xmp
            } else if marker == 0xED {
                kind = .iptc
            } else if marker == 0xFE {
                kind = .comment
            } else if marker == 0xE1 {
                kind = .xmp  // any other APP1 payload is metadata, not picture
            }
            segments.append(Segment(marker: marker, whole: i..<end, range: data, kind: kind))
            i = end
        }
        return segments
    }

    /// Whether TIFF-structured EXIF data has a GPS directory with at least one entry.
    static func exifHasGPS(_ tiff: [UInt8]) -> Bool {
        guard tiff.count >= 8 else { return false }
        let little = tiff[0] == 0x49 && tiff[1] == 0x49
        guard little || (tiff[0] == 0x4D && tiff[1] == 0x4D) else { return false }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= tiff.count else { return nil }
            return little ? Int(tiff[at]) | Int(tiff[at + 1]) << 8 : Int(tiff[at]) << 8 | Int(tiff[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard at >= 0, at + 4 <= tiff.count else { return nil }
            let b = tiff[at..<(at + 4)].map(Int.init)
            return little ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
        }
        guard let ifd0 = u32(4), let count = u16(ifd0), count < 1000 else { return false }
        for entry in 0..<count {
            let at = ifd0 + 2 + entry * 12
            guard let tag = u16(at) else { return false }
            if tag == 0x8825, let pointer = u32(at + 8), let gpsCount = u16(pointer) {
                return gpsCount > 0
            }
        }
        return false
    }

    // MARK: - PNG

    static let pngMetadataTypes: Set<String> = ["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]

    struct Chunk {
        var type: String
        var whole: Range<Int>
        var data: Range<Int>
    }

    static func pngChunks(_ bytes: [UInt8]) throws -> [Chunk] {
        var chunks: [Chunk] = []
        var i = 8
        while i + 12 <= bytes.count {
            let length = Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            let type = String(decoding: bytes[(i + 4)..<(i + 8)], as: UTF8.self)
            let end = i + 12 + length
            guard length >= 0, end <= bytes.count else {
                throw Unsupported(message: "The PNG is damaged (a chunk runs past the end).")
            }
            chunks.append(Chunk(type: type, whole: i..<end, data: (i + 8)..<(i + 8 + length)))
            i = end
            if type == "IEND" { break }
        }
        guard chunks.first?.type == "IHDR" else { throw Unsupported(message: "The PNG has no header.") }
        return chunks
    }
}
