// Hidden data planted where a simple stripper does not look (between the scans of a progressive JPEG, just before its
// end marker, in unusual APPn blocks and private PNG chunks) is removed and named, and the copy checks clean again.

import Foundation
import PropertyBased
import StewardCore
import Testing

/// Photos built byte by byte the way a tester hid data in them.
enum PlantedPhotos {
    static let secret = "SECRET meeting at 12 Acacia Rd"

    /// An APP1 EXIF block whose GPS directory gives a latitude, with the secret written after its TIFF data.
    static let exifWithGPS = TestPhotos.segment(
        0xE1, Array("Exif\0\0".utf8) + TestPhotos.tiffWithGPS + Array(secret.utf8))

    /// `TestPhotos.jpeg` split at its start of scan: everything before it, and the scan header itself.
    static var jpegHead: [UInt8] {
        let sos = (0..<(TestPhotos.jpeg.count - 1)).first {
            TestPhotos.jpeg[$0] == 0xFF && TestPhotos.jpeg[$0 + 1] == 0xDA
        }
        return Array(TestPhotos.jpeg[0..<(sos ?? 0)])
    }

    static func scanHeader(start: UInt8, end: UInt8) -> [UInt8] {
        TestPhotos.segment(0xDA, [0x01, 0x01, 0x00, start, end, 0x00])  // one component, tables 0/0
    }

    /// A second Huffman table, sent between scans as progressive JPEGs do.
    static let betweenScansTable = TestPhotos.segment(0xC4, [0x10] + [0x01] + [UInt8](repeating: 0, count: 15) + [0x00])

    /// Scan data with a stuffed FF and a restart marker in it.
    static let secondScanData: [UInt8] = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]

    /// A progressive-style JPEG (SOF2) with two scans and the EXIF block with GPS between them, after fill bytes.
    static var progressiveWithExifBetweenScans: [UInt8] {
        var head = jpegHead
        head[TestPhotos.jpegFrameHeader + 1] = 0xC2
        return head + scanHeader(start: 0, end: 0) + [0x3F] + [0xFF, 0xFF] + exifWithGPS + betweenScansTable
            + scanHeader(start: 1, end: 63) + secondScanData + [0xFF, 0xD9]
    }

    /// The same file as the picture it shows: what a clean copy must be.
    static var progressiveClean: [UInt8] {
        var head = jpegHead
        head[TestPhotos.jpegFrameHeader + 1] = 0xC2
        return head + scanHeader(start: 0, end: 0) + [0x3F] + betweenScansTable + scanHeader(start: 1, end: 63)
            + secondScanData + [0xFF, 0xD9]
    }

    /// `TestPhotos.jpeg` with a comment and the EXIF block with GPS just before its end marker.
    static var jpegWithBlocksBeforeEnd: [UInt8] {
        Array(TestPhotos.jpeg.dropLast(2)) + TestPhotos.segment(0xFE, Array("\(secret) (comment)".utf8))
            + exifWithGPS + [0xFF, 0xD9]
    }

    /// `TestPhotos.jpeg` with APP12 "Ducky" picture information, APP3 and APP15 blocks after its start marker.
    static var jpegWithUnusualBlocks: [UInt8] {
        let ducky = TestPhotos.segment(0xEC, Array("Ducky\0\u{1}\0\u{4}\0\0\0<\(secret) (Ducky)>".utf8))
        let app3 = TestPhotos.segment(0xE3, Array("\(secret) (APP3)".utf8))
        let app15 = TestPhotos.segment(0xEF, Array("\(secret) (APP15)".utf8))
        return Array(TestPhotos.jpeg[0..<2]) + ducky + app3 + app15 + Array(TestPhotos.jpeg[2...])
    }

    /// `TestPhotos.png` with a private `prVt` chunk before its picture data and an `iTXt` after it.
    static var pngWithPrivateChunks: [UInt8] {
        let afterHeader = 8 + 25
        let iend = TestPhotos.png.count - 12
        return Array(TestPhotos.png[0..<afterHeader]) + TestPhotos.chunk("prVt", Array("\(secret) (prVt)".utf8))
            + Array(TestPhotos.png[afterHeader..<iend])
            + TestPhotos.chunk("iTXt", Array("Comment\0\0\0\0\0\(secret) (iTXt)".utf8)) + Array(TestPhotos.png[iend...])
    }

    static func holds(_ bytes: [UInt8], _ text: String) -> Bool {
        let word = Array(text.utf8)
        guard bytes.count >= word.count else { return false }
        return (0...(bytes.count - word.count)).contains { bytes[$0..<($0 + word.count)].elementsEqual(word) }
    }
}

@Suite("Photo stripping keeps only what shows the picture")
struct PostImageWhitelistTests {
    /// Checks `bytes`, then checks the copy again: it must pass unchanged with nothing left to remove.
    static func checkedTwice(_ bytes: [UInt8]) throws -> PostImage.Checked {
        let checked = try PostImage.check(bytes, name: "photo")
        let again = try PostImage.check(checked.bytes, name: "photo")
        #expect(again.removed == [])
        #expect(again.bytes == checked.bytes && again.sha256 == checked.sha256)
        #expect(again.width == checked.width && again.height == checked.height)
        #expect(!PlantedPhotos.holds(checked.bytes, "SECRET"))
        #expect(!PlantedPhotos.holds(checked.bytes, "Exif"))
        return checked
    }

    @Test("EXIF with GPS between the scans of a progressive JPEG is removed and named as a location")
    func exifBetweenScans() throws {
        let checked = try Self.checkedTwice(PlantedPhotos.progressiveWithExifBetweenScans)

        #expect(checked.removed == ["GPS location", "camera details (EXIF)"])
        #expect(checked.bytes == PlantedPhotos.progressiveClean)
        #expect(checked.width == 4 && checked.height == 3)
    }

    @Test("A comment and EXIF with GPS just before the end marker are removed and named")
    func blocksBeforeEnd() throws {
        let checked = try Self.checkedTwice(PlantedPhotos.jpegWithBlocksBeforeEnd)

        #expect(checked.removed == ["GPS location", "camera details (EXIF)", "comment"])
        #expect(checked.bytes == TestPhotos.jpeg)
    }

    @Test("APP12 (Ducky), APP3 and APP15 blocks are removed as other hidden data")
    func unusualAppBlocks() throws {
        let checked = try Self.checkedTwice(PlantedPhotos.jpegWithUnusualBlocks)

        #expect(checked.removed == ["other hidden data"])
        #expect(checked.bytes == TestPhotos.jpeg)
        #expect(!PlantedPhotos.holds(checked.bytes, "Ducky"))
    }

    @Test("A private PNG chunk and international text are removed and named")
    func pngPrivateChunks() throws {
        let checked = try Self.checkedTwice(PlantedPhotos.pngWithPrivateChunks)

        #expect(checked.removed == ["PNG text", "other hidden data"])
        #expect(checked.bytes == TestPhotos.png)
        #expect(!PlantedPhotos.holds(checked.bytes, "prVt") && !PlantedPhotos.holds(checked.bytes, "iTXt"))
    }

    @Test("Animation chunks of an APNG are removed and said so, keeping the first picture")
    func apng() throws {
        let afterHeader = 8 + 25
        let animated =
            Array(TestPhotos.png[0..<afterHeader]) + TestPhotos.chunk("acTL", TestPhotos.be32(2) + TestPhotos.be32(0))
            + Array(TestPhotos.png[afterHeader...].dropLast(12))
            + TestPhotos.chunk("fcTL", [UInt8](repeating: 0, count: 26))
            + TestPhotos.chunk("fdAT", TestPhotos.be32(1) + TestPhotos.zlibStored([0, 1, 2, 3, 4, 5, 6]))
            + TestPhotos.chunk("IEND", [])

        let checked = try Self.checkedTwice(animated)

        #expect(checked.removed == ["animation (only the first picture is kept)"])
        #expect(checked.bytes == TestPhotos.png)
    }

    @Test("Blocks needed to show the picture pass byte for byte: colour profile, Adobe colour, restarts, gamma")
    func neededBlocksKept() throws {
        let icc = TestPhotos.segment(0xE2, Array("ICC_PROFILE\0".utf8) + [1, 1] + [UInt8](repeating: 7, count: 40))
        let adobe = TestPhotos.segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1])
        let restart = TestPhotos.segment(0xDD, [0x00, 0x04])
        let jpeg = Array(TestPhotos.jpeg[0..<20]) + icc + adobe + restart + Array(TestPhotos.jpeg[20...])
        let afterHeader = 8 + 25
        let png =
            Array(TestPhotos.png[0..<afterHeader]) + TestPhotos.chunk("gAMA", TestPhotos.be32(45455))
            + TestPhotos.chunk("sRGB", [0])
            + TestPhotos.chunk("pHYs", TestPhotos.be32(2835) + TestPhotos.be32(2835) + [1])
            + TestPhotos.chunk("tRNS", [0, 1, 0, 2, 0, 3]) + Array(TestPhotos.png[afterHeader...])

        for photo in [TestPhotos.jpeg, TestPhotos.png, jpeg, png, PlantedPhotos.progressiveClean] {
            let checked = try Self.checkedTwice(photo)
            #expect(checked.removed == [])
            #expect(checked.bytes == photo)
        }
    }

    @Test("Data hidden inside kept blocks is cut off: table padding, a JFIF thumbnail, an oversized gamma chunk")
    func hiddenInsideKeptBlocks() throws {
        let padded = Array(TestPhotos.jpeg[0..<2]) + TestPhotos.segment(0xDB, [0x00] + [UInt8](repeating: 1, count: 64))
        let paddedSecret =
            Array(TestPhotos.jpeg[0..<2])
            + TestPhotos.segment(0xDB, [0x00] + [UInt8](repeating: 1, count: 64) + Array(PlantedPhotos.secret.utf8))
        let table = try Self.checkedTwice(paddedSecret + Array(TestPhotos.jpeg[2...]))
        #expect(table.removed == ["other hidden data"])
        #expect(table.bytes == padded + Array(TestPhotos.jpeg[2...]))

        // JFIF with a 1 × 1 thumbnail: the header stays, the thumbnail goes.
        var thumbnail = Array(TestPhotos.jpeg[0..<4]) + [0x00, 0x13] + Array(TestPhotos.jpeg[6..<18]) + [1, 1]
        thumbnail += Array("SEC".utf8) + Array(TestPhotos.jpeg[20...])
        let jfif = try Self.checkedTwice(thumbnail)
        #expect(jfif.removed == ["thumbnail picture"])
        #expect(jfif.bytes == TestPhotos.jpeg)

        let jfxx = TestPhotos.segment(0xE0, Array("JFXX\0\u{10}".utf8) + Self.exifThumbnail)
        let withJFXX = Array(TestPhotos.jpeg[0..<20]) + jfxx + Array(TestPhotos.jpeg[20...])
        #expect(try Self.checkedTwice(withJFXX).removed == ["thumbnail picture"])

        let afterHeader = 8 + 25
        let gamma =
            Array(TestPhotos.png[0..<afterHeader])
            + TestPhotos.chunk("gAMA", TestPhotos.be32(45455) + Array(PlantedPhotos.secret.utf8))
            + Array(TestPhotos.png[afterHeader...])
        let png = try Self.checkedTwice(gamma)
        #expect(png.removed == ["other hidden data"])
        #expect(png.bytes == TestPhotos.png)
    }

    /// A thumbnail JPEG carrying its own EXIF with GPS, as a JFXX extension may.
    static let exifThumbnail = Array(TestPhotos.jpeg[0..<2]) + PlantedPhotos.exifWithGPS + Array(TestPhotos.jpeg[2...])

    @Test("Bytes between segments after the first scan, stray markers and data after the end are removed and named")
    func strayBytes() throws {
        let head = PlantedPhotos.jpegHead
        let sos = PlantedPhotos.scanHeader(start: 0, end: 63)
        let stray =
            head + sos + [0x3F] + PlantedPhotos.betweenScansTable + Array("\(PlantedPhotos.secret) (stray)".utf8)
            + [0xFF, 0x01, 0xFF, 0xD9] + Array("\(PlantedPhotos.secret) (after)".utf8)

        let checked = try Self.checkedTwice(stray)

        #expect(checked.removed == ["other hidden data", "data after the end of the picture"])
        #expect(checked.bytes == head + sos + [0x3F] + PlantedPhotos.betweenScansTable + [0xFF, 0xD9])
    }

    @Test("Endless fill bytes, markers without end and long runs of empty markers are refused, never loop")
    func endlessInputs() {
        let start: [UInt8] = [0xFF, 0xD8]
        let head = PlantedPhotos.jpegHead + PlantedPhotos.scanHeader(start: 0, end: 63)
        let inputs: [[UInt8]] = [
            start + [UInt8](repeating: 0xFF, count: 100_000),
            start + Array([[UInt8]](repeating: [0xFF, 0x01], count: 50_000).joined()),
            head + [UInt8](repeating: 0xFF, count: 100_000),
            head + Array([[UInt8]](repeating: [0xFF, 0x00, 0xFF, 0xD3], count: 25_000).joined()),
            head + [0xFF, 0xE1, 0xFF, 0xFF],
            head + [0xFF, 0xE1, 0x00, 0x01, 0xFF, 0xD9],
            head + [0xFF, 0xD8, 0xFF, 0xD9],
            start + [0xFF, 0xDA, 0x00, 0x02, 0xFF, 0xD9],
        ]
        for bytes in inputs {
            #expect((try? PostImage.check(bytes, name: "x")) == nil)
        }
    }

    @Test("Random damage to a planted photo is refused or accepted, never crashes, and what is accepted is clean")
    func randomDamage() async {
        let photos = [
            PlantedPhotos.progressiveWithExifBetweenScans, PlantedPhotos.jpegWithBlocksBeforeEnd,
            PlantedPhotos.jpegWithUnusualBlocks, PlantedPhotos.pngWithPrivateChunks,
        ]
        let edits = zip(Gen.int(in: 0...400), Gen<UInt8>.value(in: 0...255)).array(of: 1...4)
        await propertyCheck(count: 400, input: Gen.int(in: 0...3), edits) { which, edits in
            var bytes = photos[which]
            for (at, value) in edits { bytes[at % bytes.count] = value }

            guard let checked = try? PostImage.check(bytes, name: "x") else { return }

            let again = try? PostImage.check(checked.bytes, name: "x")
            #expect(again?.removed == [])
            #expect(again?.bytes == checked.bytes)
            #expect(again?.width == checked.width && again?.height == checked.height)
        }
    }
}
