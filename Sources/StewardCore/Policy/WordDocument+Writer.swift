// Writing a Word document's body as Markdown: one paragraph per block, numbers as Word shows them, contents lists left
// out, headings (by style, outline level or a short paragraph all in bold) marked with "#".

import Foundation

extension WordDocument {
    struct Writer {
        let styles: [String: Style]
        var lines: [String] = []
        var numbered = 0

        /// Walks the body (and content controls, which wrap Word's contents list and some templates' text).
        mutating func walk(_ node: XMLTree, numbering: inout WordNumbering) {
            for child in node.children {
                switch child.name {
                case "p": paragraph(child, numbering: &numbering)
                case "tbl": table(child)
                case "sdt": if let content = child.child("sdtContent") { walk(content, numbering: &numbering) }
                case "customXml", "ins", "smartTag": walk(child, numbering: &numbering)
                default: continue
                }
            }
        }

        /// A style with what it inherits from the styles it is based on (at most 16 deep).
        func resolved(_ id: String?) -> Style {
            var chain: [Style] = []
            var next = id
            while let current = next, let style = styles[current], chain.count < 16 {
                chain.append(style)
                next = style.basedOn
            }
            var result = Style()
            // A school's own heading style based on Word's "heading 1" is a heading too.
            result.name =
                chain.first { $0.name == "title" || $0.name.hasPrefix("heading ") }?.name ?? chain.first?.name ?? ""
            if let own = chain.first?.name, own.hasPrefix("toc") || own.hasPrefix("contents") { result.name = own }
            for style in chain.reversed() {
                if style.numID != nil { result.numID = style.numID }
                if style.level != nil { result.level = style.level }
                if style.outline != nil { result.outline = style.outline }
                if style.bold { result.bold = true }
            }
            return result
        }

        mutating func paragraph(_ p: XMLTree, numbering: inout WordNumbering) {
            let pPr = p.child("pPr")
            let style = resolved(pPr?.value("pStyle"))
            let name = style.name
            if name.hasPrefix("toc") || name.hasPrefix("contents") || name.hasPrefix("table of contents") { return }
            var runs = Runs()
            runs.collect(p, styleBold: style.bold)
            let text = WordDocument.tidy(runs.text)
            var numID = style.numID
            var level = style.level ?? 0
            if let numPr = pPr?.child("numPr") {
                if let id = numPr.value("numId") { numID = id }
                if let l = numPr.value("ilvl").flatMap({ Int($0) }) { level = l }
            }
            guard !text.isEmpty else { return }
            var label: (text: String, bullet: Bool)?
            if let numID { label = numbering.label(numID: numID, level: level) }
            let outline = pPr?.value("outlineLvl").flatMap { Int($0) } ?? style.outline
            var headingLevel: Int?
            if name == "title" {
                headingLevel = 0
            } else if name.hasPrefix("heading "), let n = Int(name.dropFirst(8)) {
                headingLevel = n
            } else if let outline, outline < 9 {
                headingLevel = outline + 1
            } else if label == nil, runs.allBold, text.count <= 80, text.last.map({ !".;,".contains($0) }) ?? false {
                headingLevel = 2
            }
            // A paragraph in a heading style that reads as a clause (a legal template puts "1.1 This policy applies
            // to …" in Heading 2) is a clause.
            if let level = headingLevel, level >= 2, text.count > 90 || text.last.map({ ".;".contains($0) }) == true {
                headingLevel = nil
            }
            var line = text
            if let label {
                if label.bullet {
                    line = "- " + text
                } else {
                    numbered += 1
                    line = label.text + " " + text
                }
            }
            if let headingLevel, label?.bullet != true {
                line = String(repeating: "#", count: min(headingLevel + 1, 6)) + " " + line
            }
            lines.append(line)
            lines.append("")
        }

        /// Each row of a table as a line, its cells separated by " | ".
        mutating func table(_ tbl: XMLTree) {
            for row in tbl.all("tr") {
                let cells = row.all("tc").map { cell -> String in
                    var parts: [String] = []
                    for p in cell.all("p") {
                        var runs = Runs()
                        runs.collect(p, styleBold: false)
                        let text = WordDocument.tidy(runs.text)
                        if !text.isEmpty { parts.append(text) }
                    }
                    return parts.joined(separator: " ")
                }
                let line = cells.filter { !$0.isEmpty }.joined(separator: " | ")
                if !line.isEmpty {
                    lines.append(line)
                    lines.append("")
                }
            }
        }
    }

    /// The text of a paragraph's runs, and whether every run with text is bold.
    struct Runs {
        var text = ""
        var sawText = false
        var sawPlain = false
        var allBold: Bool { sawText && !sawPlain }

        mutating func collect(_ node: XMLTree, styleBold: Bool) {
            for child in node.children {
                switch child.name {
                case "r":
                    var bold = styleBold
                    if let b = child.child("rPr")?.child("b") { bold = b.attributes["val"].map(isOn) ?? true }
                    let before = text.count
                    collectRun(child)
                    if text.count > before, !text.suffix(text.count - before).allSatisfy(\.isWhitespace) {
                        sawText = true
                        if !bold { sawPlain = true }
                    }
                case "pPr", "rPr", "del", "moveFrom", "commentReference", "footnoteReference", "endnoteReference":
                    continue
                default:
                    collect(child, styleBold: styleBold)
                }
            }
        }

        mutating func collectRun(_ run: XMLTree) {
            for child in run.children {
                switch child.name {
                case "t": text += child.text
                case "tab", "br", "cr", "ptab": text += " "
                case "noBreakHyphen": text += "-"
                case "sym": text += ""
                default: continue
                }
            }
        }
    }

    /// Collapses white space and drops soft hyphens and zero-width characters that Word keeps for layout.
    static func tidy(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: continue
            case 0xA0, 0x2007, 0x202F, 0x09, 0x0A, 0x0D: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
