// Tiny real photos built byte by byte for the photo tests: a JPEG made by an image library, and PNGs assembled here,
// with GPS, camera details, XMP and text blocks added to them.

import Foundation

/// Builders for JPEG and PNG files, written from the two formats' specifications rather than from the code under test.
enum TestPhotos {
    /// A 4 × 3 grey baseline JPEG saved by Pillow (quality 20, optimised): APP0 JFIF, DQT, SOF0, two DHTs, SOS, EOI.
    static let jpeg: [UInt8] = bytes(
        hex:
            "ffd8ffe000104a46494600010100000100010000ffdb004300281c1e231e19282321232d2b28303c64413c37373c7b585d49649180"
            + "99968f808c8aa0b4e6c3a0aadaad8a8cc8ffcbdaeef5ffffff9bc1fffffffaffe6fdfff8ffc0000b080003000401011100ffc400"
            + "14000100000000000000000000000000000000ffc40014100100000000000000000000000000000000ffda0008010100003f003f"
            + "ffd9")

    /// Offset of the SOF0 marker in `jpeg`: height follows at +5, width at +7.
    static var jpegFrameHeader: Int {
        (0..<(jpeg.count - 1)).first { jpeg[$0] == 0xFF && jpeg[$0 + 1] == 0xC0 } ?? 0
    }

    /// A JPEG segment: marker, big-endian length (counting itself), data.
    static func segment(_ marker: UInt8, _ data: [UInt8]) -> [UInt8] {
        let length = data.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + data
    }

    /// Little-endian TIFF data with IFD0 pointing to a GPS directory holding one entry (latitude reference "N").
    static let tiffWithGPS: [UInt8] =
        [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]  // header, IFD0 at 8
        + [0x01, 0x00, 0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1A, 0x00, 0x00, 0x00]  // GPS IFD at 26
        + [0x00, 0x00, 0x00, 0x00]  // no next IFD
        + [0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x4E, 0x00, 0x00, 0x00]  // GPSLatitudeRef "N"
        + [0x00, 0x00, 0x00, 0x00]

    /// TIFF data with one ordinary entry (image width) and no GPS.
    static let tiffWithoutGPS: [UInt8] =
        [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00]
        + [0x01, 0x00, 0x00, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00]
        + [0x00, 0x00, 0x00, 0x00]

    /// `jpeg` with EXIF (with GPS), XMP, IPTC and a comment inserted straight after the start-of-image marker.
    static var jpegWithEverything: [UInt8] {
        let exif = segment(0xE1, Array("Exif\0\0".utf8) + tiffWithGPS)
        let xmp = segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Mrs Jones</x:xmpmeta>".utf8))
        let iptc = segment(0xED, Array("Photoshop 3.0\0".utf8) + [0x1C, 0x02, 0x50, 0x00, 0x03] + Array("Ann".utf8))
        let comment = segment(0xFE, Array("Taken in the Year 2 classroom".utf8))
        return Array(jpeg[0..<2]) + exif + xmp + iptc + comment + Array(jpeg[2...])
    }

    /// `jpeg` claiming another size in its frame header.
    static func jpeg(width: Int, height: Int) -> [UInt8] {
        var bytes = jpeg
        let at = jpegFrameHeader
        bytes[at + 5] = UInt8(height >> 8)
        bytes[at + 6] = UInt8(height & 0xFF)
        bytes[at + 7] = UInt8(width >> 8)
        bytes[at + 8] = UInt8(width & 0xFF)
        return bytes
    }

    // MARK: - PNG

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func be32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// CRC-32 bit by bit, as the PNG specification's sample code does it.
    static func crc(_ bytes: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            c ^= UInt32(byte)
            for _ in 0..<8 { c = (c >> 1) ^ (c & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~c
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(data.count) + typed + be32(Int(crc(typed)))
    }

    /// Raw scanlines compressed as one stored (uncompressed) deflate block inside a zlib stream.
    static func zlibStored(_ raw: [UInt8]) -> [UInt8] {
        let length = raw.count
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in raw {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return [
            0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF),
            UInt8(~length >> 8 & 0xFF),
        ] + raw + be32(Int(b << 16 | a))
    }

    static func ihdr(width: Int, height: Int) -> [UInt8] {
        chunk("IHDR", be32(width) + be32(height) + [8, 2, 0, 0, 0])  // 8-bit RGB, no interlace
    }

    /// A 2 × 1 RGB PNG: a red pixel and a blue one.
    static let png: [UInt8] =
        pngSignature + ihdr(width: 2, height: 1) + chunk("IDAT", zlibStored([0, 255, 0, 0, 0, 0, 255]))
        + chunk("IEND", [])

    /// `png` with a text block (author), an EXIF block with GPS and a time stamp before its picture data.
    static var pngWithEverything: [UInt8] {
        let extra =
            chunk("tEXt", Array("Author\0Mrs Jones".utf8)) + chunk("eXIf", tiffWithGPS)
            + chunk("tIME", [0x07, 0xE9, 0x06, 0x0F, 0x0C, 0x00, 0x00])
        let afterHeader = 8 + 25
        return Array(png[0..<afterHeader]) + extra + Array(png[afterHeader...])
    }

    /// A PNG whose header claims `width` × `height`, with a valid check value and a little picture data.
    static func png(width: Int, height: Int) -> [UInt8] {
        pngSignature + ihdr(width: width, height: height) + chunk("IDAT", zlibStored([0, 0, 0, 0]))
            + chunk("IEND", [])
    }

    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap {
            UInt8(String(decoding: digits[$0...($0 + 1)], as: UTF8.self), radix: 16)
        }
    }
}
