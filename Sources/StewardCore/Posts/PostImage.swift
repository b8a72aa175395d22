// Photos for posts (policy 4.4): checked by what the file holds rather than its name, sized, and stripped of the
// location, camera details and other hidden data before anyone approves them.

import Crypto
import Foundation

/// Checks an uploaded photo and gives back a copy safe to post, or a reason a teacher understands.
public enum PostImage {
    /// The largest upload accepted: 20 MB, larger than any phone photo.
    public static let maxBytes = 20 * 1024 * 1024
    /// The most pixels a picture may have: a few bytes can claim a picture that would fill gigabytes when opened.
    public static let maxPixels = 50_000_000
    /// The most pixels a picture may have on either side.
    public static let maxSide = 20_000
    /// Names in messages are cut to this many characters.
    static let maxNameLength = 80

    /// A photo that passed: its size, the copy without metadata, and what was taken out.
    public struct Checked: Sendable, Equatable {
        public var format: ImageMetadata.Format
        public var width: Int
        public var height: Int
        /// The photo with only the blocks needed to show it (a whitelist): metadata wherever it sat, thumbnails,
        /// unknown blocks and anything after the picture's end are gone; the picture data is byte for byte the original.
        public var bytes: [UInt8]
        /// What was removed, in plain words ("GPS location", "camera details (EXIF)", "other hidden data" …); empty
        /// when nothing was.
        public var removed: [String]
        /// SHA-256 of `bytes`, lowercase hex.
        public var sha256: String
    }

    /// Why a photo cannot be used, in words a teacher understands.
    public struct Refused: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Checks `bytes` as a photo called `name` (used only in messages: the file's type is decided by its content).
    ///
    /// Refuses an empty file, one over `maxBytes`, anything that is not a JPEG or PNG, a damaged or incomplete file,
    /// and a picture larger than `maxSide` a side or `maxPixels` in all. Never crashes, whatever the bytes.
    public static func check(_ bytes: [UInt8], name: String) throws(Refused) -> Checked {
        let name = displayName(name)
        if bytes.isEmpty { throw Refused(message: "\(name) is empty. Choose the photo again.") }
        if bytes.count > maxBytes {
            throw Refused(
                message:
                    "\(name) is \(megabytes(bytes.count)) MB; the largest accepted is \(maxBytes / 1024 / 1024) MB. "
                    + "Send a smaller copy of the photo.")
        }
        guard let format = ImageMetadata.format(of: bytes) else {
            throw Refused(message: "\(name) is not a JPEG or PNG photo.\(otherFormatHint(bytes))")
        }
        let cleaned: ImageCleaner.Cleaned
        do {
            cleaned = try ImageCleaner.clean(bytes, format: format)
        } catch {
            throw damaged(name, error.reason)
        }
        let shape = cleaned.shape
        if shape.width > maxSide || shape.height > maxSide || shape.width * shape.height > maxPixels {
            throw Refused(
                message:
                    "\(name) is \(grouped(shape.width)) × \(grouped(shape.height)) pixels; the largest accepted is "
                    + "\(grouped(maxSide)) pixels a side and \(maxPixels / 1_000_000) million pixels in all. "
                    + "Send a smaller copy of the photo.")
        }
        let stripped = cleaned.bytes
        let removed = cleaned.removed.map(\.words)
        let hash = SHA256.hash(data: stripped).map { String(format: "%02x", $0) }.joined()
        return Checked(
            format: format, width: shape.width, height: shape.height, bytes: stripped, removed: removed, sha256: hash)
    }

    // MARK: - Words

    /// The file's own name as the person chose it: no folders, no hidden or control characters, at most 80
    /// characters; "This file" when nothing is left.
    static func displayName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        for scalar in last.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
                continue
            default:
                scalars.append(scalar)
            }
        }
        let trimmed = String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "This file" }
        guard trimmed.count > maxNameLength else { return trimmed }
        return String(trimmed.prefix(maxNameLength - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    static func damaged(_ name: String, _ reason: String) -> Refused {
        Refused(
            message:
                "\(name) is not a complete photo: it \(reason). Save or export the photo again and send the new copy."
        )
    }

    /// A hint for the formats people most often send by mistake.
    static func otherFormatHint(_ bytes: [UInt8]) -> String {
        func starts(_ text: String, at offset: Int = 0) -> Bool {
            let expected = Array(text.utf8)
            return bytes.count >= offset + expected.count
                && Array(bytes[offset..<(offset + expected.count)]) == expected
        }
        if starts("ftypheic", at: 4) || starts("ftypheix", at: 4) || starts("ftypmif1", at: 4) {
            return " It looks like an iPhone (HEIC) photo: export it as JPEG, or set the camera to \"Most Compatible\"."
        }
        if starts("GIF8") || (starts("RIFF") && starts("WEBP", at: 8)) {
            return " Save it as JPEG or PNG and send it again."
        }
        return ""
    }

    /// A size in megabytes with one decimal, rounded up so that anything over the limit reads as over it.
    static func megabytes(_ count: Int) -> String {
        let tenths = (count * 10 + 1024 * 1024 - 1) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// 100000 → "100,000".
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
