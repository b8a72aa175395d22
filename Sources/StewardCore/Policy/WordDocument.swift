// A Word document (.docx) read as the text of a policy: paragraphs in order, each with the number Word shows before it
// (worked out from the numbering definitions), headings marked as headings, bullets as bullets, tables row by row.

import Foundation
import ZIPFoundation

/// Turns the bytes of a .docx into Markdown that `PolicyImporter` reads like any other.
enum WordDocument {
    /// Larger parts than this are not a policy (and may be a compressed bomb).
    static let maxPartBytes = 32 * 1024 * 1024

    struct Style {
        var name = ""
        var basedOn: String?
        var numID: String?
        var level: Int?
        var outline: Int?
        var bold = false
    }

    /// The document as Markdown, and how many paragraphs were numbered automatically.
    static func markdown(_ bytes: [UInt8]) throws -> (text: String, numbered: Int) {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw PolicyImporter.Refused(message: "This Word file cannot be opened: it is damaged or not a .docx file.")
        }
        guard let body = try part("word/document.xml", in: archive) else {
            throw PolicyImporter.Refused(
                message: "This file is not a Word document (.docx): it has no document in it. Save it from Word as "
                    + ".docx and try again.")
        }
        let styles = try part("word/styles.xml", in: archive).map(readStyles) ?? [:]
        var numbering = try part("word/numbering.xml", in: archive).map(readNumbering) ?? WordNumbering()
        var writer = Writer(styles: styles)
        guard let root = body.child("body") else { return ("", 0) }
        writer.walk(root, numbering: &numbering)
        return (writer.lines.joined(separator: "\n"), writer.numbered)
    }

    static func part(_ path: String, in archive: Archive) throws -> XMLTree? {
        guard let entry = archive[path] else { return nil }
        guard entry.uncompressedSize <= UInt64(maxPartBytes) else {
            throw PolicyImporter.Refused(message: "This Word file is too large to be a policy.")
        }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                if data.count > maxPartBytes { throw PolicyImporter.Refused(message: "too large") }
            }
            return try XMLTree.parse(data)
        } catch {
            throw PolicyImporter.Refused(message: "This Word file cannot be opened: it is damaged or not a .docx file.")
        }
    }

    static func readStyles(_ root: XMLTree) -> [String: Style] {
        var styles: [String: Style] = [:]
        for node in root.all("style") {
            guard let id = node.attributes["styleId"] else { continue }
            var style = Style()
            style.name = node.value("name")?.lowercased() ?? id.lowercased()
            style.basedOn = node.value("basedOn")
            if let pPr = node.child("pPr") {
                if let numPr = pPr.child("numPr") {
                    style.numID = numPr.value("numId")
                    style.level = numPr.value("ilvl").flatMap { Int($0) }
                }
                style.outline = pPr.value("outlineLvl").flatMap { Int($0) }
            }
            if let b = node.child("rPr")?.child("b") { style.bold = b.attributes["val"].map(isOn) ?? true }
            styles[id] = style
        }
        return styles
    }

    static func isOn(_ value: String) -> Bool { !["0", "false", "off"].contains(value.lowercased()) }

    static func readNumbering(_ root: XMLTree) -> WordNumbering {
        var numbering = WordNumbering()
        for abstract in root.all("abstractNum") {
            guard let id = abstract.attributes["abstractNumId"] else { continue }
            var levels: [Int: WordNumbering.Level] = [:]
            for lvl in abstract.all("lvl") {
                guard let ilvl = lvl.attributes["ilvl"].flatMap({ Int($0) }) else { continue }
                levels[ilvl] = level(lvl)
            }
            numbering.lists[id] = levels
        }
        for num in root.all("num") {
            guard let id = num.attributes["numId"], let list = num.value("abstractNumId") else { continue }
            var restarts: [Int: Int] = [:]
            for override in num.all("lvlOverride") {
                guard let ilvl = override.attributes["ilvl"].flatMap({ Int($0) }) else { continue }
                if let start = override.value("startOverride").flatMap({ Int($0) }) { restarts[ilvl] = start }
                if let lvl = override.child("lvl") {
                    var levels = numbering.lists[list] ?? [:]
                    levels[ilvl] = level(lvl)
                    numbering.lists[list] = levels
                }
            }
            numbering.instances[id] = (list, restarts)
        }
        return numbering
    }

    static func level(_ lvl: XMLTree) -> WordNumbering.Level {
        var level = WordNumbering.Level()
        // Word counts a level with no start from 0.
        level.start = lvl.value("start").flatMap { Int($0) } ?? 0
        level.format = lvl.value("numFmt") ?? "decimal"
        level.text = lvl.value("lvlText") ?? ""
        level.legal = lvl.child("isLgl").map { $0.attributes["val"].map(isOn) ?? true } ?? false
        return level
    }
}
