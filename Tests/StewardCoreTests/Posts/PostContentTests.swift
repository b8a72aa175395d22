// The digest a second person approves: every change that matters changes it, and nothing else does.

import Crypto
import Foundation
import StewardCore
import Testing

@Suite("The digest of a post's content")
struct PostContentTests {
    static let ann = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
    static let ben = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!
    static let x = UUID(uuidString: "10000000-0000-0000-0000-000000000001")!
    static let facebook = UUID(uuidString: "F0000000-0000-0000-0000-000000000001")!
    static let instagram = UUID(uuidString: "F0000000-0000-0000-0000-000000000002")!
    static let photo = String(repeating: "ab", count: 32)
    static let other = String(repeating: "cd", count: 32)

    static let post = PostContent(
        text: "Well done Year 6!", images: [.init(sha256: photo, pupils: [ann, ben]), .init(sha256: other)],
        accounts: [facebook, instagram])

    @Test("The digest is SHA-256 of the documented length-prefixed encoding")
    func documentedEncoding() {
        func count(_ n: Int) -> [UInt8] { (0..<8).reversed().map { UInt8((n >> ($0 * 8)) & 0xFF) } }
        func field(_ s: String) -> [UInt8] { count(s.utf8.count) + Array(s.utf8) }
        let encoding =
            field("steward-post-v1") + field("Well done Year 6!") + count(2)
            + field(Self.photo) + count(2) + field(Self.ann.uuidString) + field(Self.ben.uuidString)
            + field(Self.other) + count(0)
            + count(2) + field(Self.facebook.uuidString) + field(Self.instagram.uuidString)
        let expected = SHA256.hash(data: encoding).map { String(format: "%02x", $0) }.joined()

        #expect(Self.post.digest == expected)
    }

    @Test("Changing one character, a photo, a photo's pupils, the photos' order or the accounts changes the digest")
    func changes() {
        let digest = Self.post.digest
        var edits: [PostContent] = []
        var p = Self.post
        p.text = "Well done Year 5!"
        edits.append(p)
        p = Self.post
        p.text += " "
        edits.append(p)
        p = Self.post
        p.images[0].sha256 = Self.other
        edits.append(p)
        p = Self.post
        p.images.reverse()
        edits.append(p)
        p = Self.post
        p.images.removeLast()
        edits.append(p)
        p = Self.post
        p.images[0].pupils = [Self.ann]
        edits.append(p)
        p = Self.post
        p.images[1].pupils = [Self.ann]  // Ann moves to the other photo's list too
        edits.append(p)
        p = Self.post
        p.accounts = [Self.facebook]
        edits.append(p)
        p = Self.post
        p.accounts.append(Self.x)
        edits.append(p)

        let digests = edits.map(\.digest)

        #expect(!digests.contains(digest))
        #expect(Set(digests).count == digests.count)
    }

    @Test("Reordering or repeating accounts or a photo's pupils, or the hash's letter case, keeps the digest")
    func invariances() {
        var p = Self.post
        p.accounts = [Self.instagram, Self.facebook, Self.instagram]
        p.images[0].pupils = [Self.ben, Self.ann, Self.ben]
        p.images[1].sha256 = Self.other.uppercased()

        #expect(p.digest == Self.post.digest)
    }

    @Test("Text cannot move between fields to collide, and the text is taken byte for byte")
    func noCollisions() {
        let a = PostContent(text: "ab", images: [.init(sha256: "c")])
        let b = PostContent(text: "a", images: [.init(sha256: "bc")])
        let c = PostContent(text: "abc")
        let composed = PostContent(text: "Zoë")
        let decomposed = PostContent(text: "Zoe\u{0308}")

        #expect(Set([a.digest, b.digest, c.digest]).count == 3)
        #expect(composed.digest != decomposed.digest)
        #expect(PostContent(text: "").digest != PostContent(text: "", images: [.init(sha256: "")]).digest)
        #expect(Self.post.digest.count == 64 && Self.post.digest == Self.post.digest.lowercased())
    }
}
