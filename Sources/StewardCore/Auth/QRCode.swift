// A QR code encoder (byte mode, error correction level M), so two-factor enrolment needs no network or library.

/// A QR code as a square of dark and light modules.
///
/// Follows ISO/IEC 18004 the way Project Nayuki's reference generator lays it out: byte mode, level M, the
/// smallest version that fits, and the mask with the lowest penalty.
public struct QRCode: Sendable {
    /// Modules per side.
    public let size: Int
    public let version: Int
    private var modules: [Bool]
    private var isFunction: [Bool]

    public enum EncodingError: Error, Sendable { case tooLong }

    /// Encodes `text` as UTF-8 bytes.
    public init(encoding text: String) throws {
        try self.init(bytes: Array(text.utf8))
    }

    public init(bytes: [UInt8]) throws {
        var chosen: Int?
        for version in 1...40 {
            let countBits = version <= 9 ? 8 : 16
            let needed = 4 + countBits + bytes.count * 8
            if bytes.count < (1 << countBits), needed <= QRCode.dataCodewords(version) * 8 {
                chosen = version
                break
            }
        }
        guard let version = chosen else { throw EncodingError.tooLong }
        self.version = version
        self.size = version * 4 + 17
        self.modules = Array(repeating: false, count: size * size)
        self.isFunction = Array(repeating: false, count: size * size)

        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(UInt32(bytes.count), count: version <= 9 ? 8 : 16)
        for byte in bytes { bits.append(UInt32(byte), count: 8) }
        let capacity = QRCode.dataCodewords(version) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count * 8 < capacity {
            data.append(pad)
            pad ^= 0xEC ^ 0x11
        }

        drawFunctionPatterns()
        drawCodewords(addErrorCorrection(data))
        var bestMask = 0
        var bestPenalty = Int.max
        for mask in 0..<8 {
            applyMask(mask)
            drawFormatBits(mask)
            let penalty = penaltyScore()
            if penalty < bestPenalty {
                bestPenalty = penalty
                bestMask = mask
            }
            applyMask(mask)  // XOR again undoes it
        }
        applyMask(bestMask)
        drawFormatBits(bestMask)
    }

    /// Whether the module at column `x`, row `y` is dark.
    public func isDark(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < size && y < size && modules[y * size + x]
    }

    /// An SVG drawing with a four-module quiet zone, black on white, that scales without blurring.
    public func svg(title: String = "QR code") -> String {
        let border = 4
        let side = size + border * 2
        var path = ""
        for y in 0..<size {
            for x in 0..<size where isDark(x: x, y: y) {
                path += "M\(x + border),\(y + border)h1v1h-1z"
            }
        }
        let escapedTitle = title.replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" role="img" \
            shape-rendering="crispEdges"><title>\(escapedTitle)</title>\
            <rect width="100%" height="100%" fill="#ffffff"/><path d="\(path)" fill="#000000"/></svg>
            """
    }

    // MARK: - Tables (level M)

    private static let eccPerBlock = [
        -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ]
    private static let blockCount = [
        -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29,
        31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ]

    private static func rawDataModules(_ version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let align = version / 7 + 2
            result -= (25 * align - 10) * align - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    private static func dataCodewords(_ version: Int) -> Int {
        rawDataModules(version) / 8 - eccPerBlock[version] * blockCount[version]
    }

    // MARK: - Drawing

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    private func alignmentPositions() -> [Int] {
        if version == 1 { return [] }
        let count = version / 7 + 2
        let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var result = [Int](repeating: 0, count: count)
        result[0] = 6
        var pos = size - 7
        for i in stride(from: count - 1, through: 1, by: -1) {
            result[i] = pos
            pos -= step
        }
        return result
    }

    private mutating func drawFunctionPatterns() {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let x = cx + dx
                    let y = cy + dy
                    guard x >= 0, y >= 0, x < size, y < size else { continue }
                    let distance = max(abs(dx), abs(dy))
                    set(x, y, distance != 2 && distance != 4)
                }
            }
        }
        let positions = alignmentPositions()
        let last = positions.count - 1
        for i in positions.indices {
            for j in positions.indices {
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        set(positions[i] + dx, positions[j] + dy, max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
        drawFormatBits(0)  // reserves the area; redrawn with the chosen mask
        if version >= 7 {
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                let a = size - 11 + i % 3
                let b = i / 3
                set(a, b, dark)
                set(b, a, dark)
            }
        }
    }

    private mutating func drawFormatBits(_ mask: Int) {
        let data = 0 << 3 | mask  // level M has format bits 00
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    private func addErrorCorrection(_ data: [UInt8]) -> [UInt8] {
        let blocks = QRCode.blockCount[version]
        let eccLength = QRCode.eccPerBlock[version]
        let raw = QRCode.rawDataModules(version) / 8
        let shortBlocks = blocks - raw % blocks
        let shortLength = raw / blocks
        let divisor = ReedSolomon.divisor(degree: eccLength)
        var all = [[UInt8]]()
        var k = 0
        for i in 0..<blocks {
            let length = shortLength - eccLength + (i < shortBlocks ? 0 : 1)
            var block = Array(data[k..<(k + length)])
            k += length
            let ecc = ReedSolomon.remainder(block, divisor: divisor)
            if i < shortBlocks { block.append(0) }
            all.append(block + ecc)
        }
        var result = [UInt8]()
        for i in 0..<all[0].count {
            for (j, block) in all.enumerated() where i != shortLength - eccLength || j >= shortBlocks {
                result.append(block[i])
            }
        }
        return result
    }

    private mutating func drawCodewords(_ data: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y * size + x] && i < data.count * 8 {
                        modules[y * size + x] = (data[i >> 3] >> (7 - UInt8(i & 7))) & 1 == 1
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    private mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { modules[y * size + x].toggle() }
            }
        }
    }

    /// The standard's four penalty rules: runs, blocks, finder look-alikes, and dark/light balance.
    private func penaltyScore() -> Int {
        var penalty = 0
        func runs(_ line: [Bool]) -> Int {
            var score = 0
            var runLength = 1
            for i in 1..<line.count {
                if line[i] == line[i - 1] {
                    runLength += 1
                } else {
                    if runLength >= 5 { score += runLength - 2 }
                    runLength = 1
                }
            }
            if runLength >= 5 { score += runLength - 2 }
            return score
        }
        let finderLike: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]
        func finders(_ line: [Bool]) -> Int {
            var score = 0
            guard line.count >= finderLike.count else { return 0 }
            for start in 0...(line.count - finderLike.count) {
                let window = Array(line[start..<(start + finderLike.count)])
                if window == finderLike || window == finderLike.reversed() { score += 40 }
            }
            return score
        }
        for y in 0..<size {
            let row = (0..<size).map { isDark(x: $0, y: y) }
            let column = (0..<size).map { isDark(x: y, y: $0) }
            penalty += runs(row) + runs(column) + finders(row) + finders(column)
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let c = isDark(x: x, y: y)
                if c == isDark(x: x + 1, y: y) && c == isDark(x: x, y: y + 1) && c == isDark(x: x + 1, y: y + 1) {
                    penalty += 3
                }
            }
        }
        let dark = modules.filter { $0 }.count
        let total = size * size
        let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        penalty += max(0, k) * 10
        return penalty
    }
}

/// Bits appended most significant first.
private struct BitBuffer {
    var bytes: [UInt8] = []
    var count = 0

    mutating func append(_ value: UInt32, count length: Int) {
        guard length > 0 else { return }
        for i in stride(from: length - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> UInt32(i)) & 1 == 1 { bytes[count / 8] |= UInt8(0x80 >> (count % 8)) }
            count += 1
        }
    }
}

/// Reed–Solomon error correction over GF(2^8) with the QR polynomial 0x11D.
private enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z: UInt16 = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= UInt16((y >> UInt8(i)) & 1) * UInt16(x)
        }
        return UInt8(z & 0xFF)
    }

    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in result.indices { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}
