// Exactly what a second person approves: the words, the photos and who is in them, and the accounts, as one digest.

import Crypto
import Foundation

/// The content of a post as approved. Its `digest` changes with any change that matters, so an approval given to one
/// version cannot be carried over to another.
public struct PostContent: Sendable, Equatable {
    /// A photo in the post, by the SHA-256 of its stripped bytes, and the pupils tagged in it.
    public struct Image: Sendable, Equatable {
        /// SHA-256 of the photo as it will be posted (`PostImage.Checked.sha256`), hex.
        public var sha256: String
        public var pupils: [UUID]

        public init(sha256: String, pupils: [UUID] = []) {
            self.sha256 = sha256
            self.pupils = pupils
        }
    }

    public var text: String
    /// In the order they will be posted.
    public var images: [Image]
    public var accounts: [UUID]

    public init(text: String, images: [Image] = [], accounts: [UUID] = []) {
        self.text = text
        self.images = images
        self.accounts = accounts
    }

    /// The encoding's version, first in every digest: a change to the encoding changes it, never its meaning.
    static let version = "steward-post-v1"

    /// SHA-256, lowercase hex, of the canonical encoding.
    ///
    /// The encoding is a sequence of fields, each a string as its UTF-8 byte count (8 bytes, big-endian) then its
    /// bytes, or a count (8 bytes, big-endian) before a list: the version; the text, byte for byte as written (no
    /// Unicode normalisation, so "é" and "e" + combining accent differ); the number of images, then for each its
    /// lowercased hash and its pupils' count and UUIDs (upper-case, sorted, duplicates dropped); then the accounts'
    /// count and UUIDs the same way. Reordering accounts or a photo's pupils keeps the digest; anything else changes it.
    public var digest: String {
        var out: [UInt8] = []
        func count(_ value: Int) {
            withUnsafeBytes(of: UInt64(value).bigEndian) { out.append(contentsOf: $0) }
        }
        func field(_ bytes: some Collection<UInt8>) {
            count(bytes.count)
            out.append(contentsOf: bytes)
        }
        func ids(_ uuids: [UUID]) {
            let strings = Set(uuids.map(\.uuidString).map { $0.uppercased() }).sorted()
            count(strings.count)
            for id in strings { field(Array(id.utf8)) }
        }
        field(Array(Self.version.utf8))
        field(Array(text.utf8))
        count(images.count)
        for image in images {
            field(Array(image.sha256.lowercased().utf8))
            ids(image.pupils)
        }
        ids(accounts)
        return SHA256.hash(data: out).map { String(format: "%02x", $0) }.joined()
    }
}
