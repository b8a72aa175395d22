// Photos for posts: accepted by their content, sized, stripped of hidden details, and refused in words a teacher reads.

import Crypto
import Foundation
import PropertyBased
import StewardCore
import Testing

@Suite("Checking a photo for a post")
struct PostImageTests {
    static func refusal(_ bytes: [UInt8], name: String = "photo.jpg") -> String? {
        do {
            _ = try PostImage.check(bytes, name: name)
            return nil
        } catch {
            return error.message
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    @Test("A clean JPEG passes unchanged, with its size and the hash of its bytes")
    func cleanJPEG() throws {
        let checked = try PostImage.check(TestPhotos.jpeg, name: "sports-day.jpg")

        #expect(checked.format == .jpeg)
        #expect(checked.width == 4 && checked.height == 3)
        #expect(checked.bytes == TestPhotos.jpeg)
        #expect(checked.removed == [])
        #expect(checked.sha256 == Self.hex(TestPhotos.jpeg))
    }

    @Test("A JPEG's GPS, camera details, XMP, IPTC and comment are removed and named, leaving the original picture")
    func jpegMetadataRemoved() throws {
        let checked = try PostImage.check(TestPhotos.jpegWithEverything, name: "IMG_0001.JPG")

        #expect(checked.removed == ["GPS location", "camera details (EXIF)", "XMP", "IPTC", "comment"])
        #expect(checked.bytes == TestPhotos.jpeg)
        #expect(checked.sha256 == Self.hex(TestPhotos.jpeg))
        let report = try ImageMetadata.inspect(checked.bytes)
        #expect(!report.hasGPS && report.identifying.isEmpty)
        #expect(try PostImage.check(checked.bytes, name: "again.jpg").removed == [])
    }

    @Test("Camera details without a location are removed without mentioning GPS")
    func exifWithoutGPS() throws {
        let bytes =
            Array(TestPhotos.jpeg[0..<2]) + TestPhotos.segment(0xE1, Array("Exif\0\0".utf8) + TestPhotos.tiffWithoutGPS)
            + Array(TestPhotos.jpeg[2...])

        #expect(try PostImage.check(bytes, name: "a.jpg").removed == ["camera details (EXIF)"])
    }

    @Test("A PNG's text, EXIF with GPS and time stamp are removed and named, leaving the original picture")
    func pngMetadataRemoved() throws {
        let checked = try PostImage.check(TestPhotos.pngWithEverything, name: "poster.png")

        #expect(checked.format == .png)
        #expect(checked.width == 2 && checked.height == 1)
        #expect(checked.removed == ["GPS location", "camera details (EXIF)", "PNG text", "date stamp"])
        #expect(checked.bytes == TestPhotos.png)
        #expect(checked.sha256 == Self.hex(TestPhotos.png))
        #expect(try ImageMetadata.inspect(checked.bytes).identifying.isEmpty)
        #expect(try PostImage.check(checked.bytes, name: "poster.png").removed == [])
    }

    @Test("Whatever follows the end of the picture is cut off and named")
    func trailingData() throws {
        let hidden = Array("PK\u{3}\u{4} a hidden zip file".utf8)

        let jpeg = try PostImage.check(TestPhotos.jpeg + hidden, name: "a.jpg")
        let png = try PostImage.check(TestPhotos.png + hidden, name: "a.png")

        #expect(jpeg.bytes == TestPhotos.jpeg && png.bytes == TestPhotos.png)
        #expect(jpeg.removed == ["data after the end of the picture"])
        #expect(png.removed == ["data after the end of the picture"])
    }

    @Test("The type is decided by the content: a PNG named .jpg passes as a PNG, a text file named .png is refused")
    func contentNotName() throws {
        #expect(try PostImage.check(TestPhotos.png, name: "holiday.jpg").format == .png)
        #expect(try PostImage.check(TestPhotos.jpeg, name: "holiday.png").format == .jpeg)
        #expect(
            Self.refusal(Array("Dear parents,\n".utf8), name: "letter.png")?.hasPrefix(
                "letter.png is not a JPEG or PNG photo.") == true)
    }

    @Test("An empty file, and a file one byte over 20 MB, are refused before their content is read")
    func sizeLimits() throws {
        #expect(Self.refusal([], name: "a.jpg")?.contains("empty") == true)
        let over = [UInt8](repeating: 0, count: PostImage.maxBytes + 1)
        let message = try #require(Self.refusal(over, name: "big.jpg"))
        #expect(message.contains("20 MB"))
        #expect(!message.contains("not a JPEG"))
    }

    @Test("A valid photo of exactly 20 MB is accepted")
    func exactlyTheLimit() throws {
        #expect(PostImage.maxBytes == 20 * 1024 * 1024)
        let padded = TestPhotos.jpeg + [UInt8](repeating: 0, count: PostImage.maxBytes - TestPhotos.jpeg.count)

        let checked = try PostImage.check(padded, name: "big.jpg")

        #expect(checked.bytes == TestPhotos.jpeg)
    }

    @Test("Pictures larger than 20,000 pixels a side or 50 million pixels in all are refused; the limits pass")
    func pixelLimits() throws {
        let png = try #require(Self.refusal(TestPhotos.png(width: 100_000, height: 100_000), name: "bomb.png"))
        #expect(png.hasPrefix("bomb.png is 100,000 × 100,000 pixels; the largest accepted is"))
        let jpeg = try #require(Self.refusal(TestPhotos.jpeg(width: 60000, height: 60000), name: "bomb.jpg"))
        #expect(jpeg.hasPrefix("bomb.jpg is 60,000 × 60,000 pixels; the largest accepted is"))

        #expect(try PostImage.check(TestPhotos.png(width: 20000, height: 2500), name: "a.png").width == 20000)
        #expect(try PostImage.check(TestPhotos.jpeg(width: 2500, height: 20000), name: "a.jpg").height == 20000)
        #expect(Self.refusal(TestPhotos.png(width: 20001, height: 1)) != nil)
        #expect(Self.refusal(TestPhotos.jpeg(width: 1, height: 20001)) != nil)
        #expect(Self.refusal(TestPhotos.png(width: 20000, height: 2501)) != nil)
    }

    @Test("A file cut short at any length is refused, never crashes")
    func truncatedEverywhere() {
        for photo in [TestPhotos.jpegWithEverything, TestPhotos.pngWithEverything, TestPhotos.jpeg, TestPhotos.png] {
            for length in 0..<photo.count {
                #expect(Self.refusal(Array(photo[0..<length])) != nil, "accepted \(length) of \(photo.count) bytes")
            }
        }
    }

    @Test("Damaged structure is refused: bad header check, no end, no frame header, zero size, tables only")
    func damagedStructure() {
        var badCRC = TestPhotos.png
        badCRC[29] ^= 0x01
        #expect(Self.refusal(badCRC)?.contains("not a complete photo") == true)
        #expect(Self.refusal(Array(TestPhotos.png.dropLast(12))) != nil)  // no IEND
        #expect(Self.refusal(TestPhotos.png(width: 0, height: 5)) != nil)
        #expect(Self.refusal(TestPhotos.jpeg(width: 4, height: 0)) != nil)
        var noIHDRFirst = TestPhotos.pngSignature + TestPhotos.chunk("tEXt", Array("a\0b".utf8))
        noIHDRFirst += Array(TestPhotos.png[8...])
        #expect(Self.refusal(noIHDRFirst) != nil)
        // SOF0 relabelled as DHT (C4), DAC (CC) or JPG (C8): none of those is a frame header.
        for marker: UInt8 in [0xC4, 0xC8, 0xCC] {
            var bytes = TestPhotos.jpeg
            bytes[TestPhotos.jpegFrameHeader + 1] = marker
            #expect(Self.refusal(bytes) != nil, "marker \(marker)")
        }
        // Other frame headers (progressive C2, lossless C3) are read for their size.
        var progressive = TestPhotos.jpeg
        progressive[TestPhotos.jpegFrameHeader + 1] = 0xC2
        #expect(Self.refusal(progressive) == nil)
        #expect(Self.refusal([0xFF, 0xD8, 0xFF, 0xD9]) != nil)
    }

    @Test("Names in messages are the file's own name, without folders or hidden characters, and at most 80 characters")
    func namesInMessages() throws {
        let text = Array("hello".utf8)
        #expect(Self.refusal(text, name: "C:\\fakepath\\notes.txt")?.hasPrefix("notes.txt is not") == true)
        #expect(Self.refusal(text, name: "  report\u{202E}gpj.txt \n")?.hasPrefix("reportgpj.txt is not") == true)
        #expect(Self.refusal(text, name: "")?.hasPrefix("This file is not") == true)
        let long = String(repeating: "a", count: 300) + ".jpg"
        let message = try #require(Self.refusal(text, name: long))
        let name = try #require(message.components(separatedBy: " is not").first)
        #expect(name.count <= 80 && name.hasSuffix("…"))
    }

    @Test("Random damage to a photo is refused or accepted, never crashes, and what is accepted is clean")
    func randomDamage() async {
        let photos = [TestPhotos.jpegWithEverything, TestPhotos.pngWithEverything]
        let edits = zip(Gen.int(in: 0...400), Gen<UInt8>.value(in: 0...255)).array(of: 1...4)
        await propertyCheck(count: 300, input: Gen.int(in: 0...1), edits) { which, edits in
            var bytes = photos[which]
            for (at, value) in edits { bytes[at % bytes.count] = value }

            guard let checked = try? PostImage.check(bytes, name: "x") else { return }

            let again = try? PostImage.check(checked.bytes, name: "x")
            #expect(again?.removed == [])
            #expect(again?.bytes == checked.bytes)
        }
    }
}
