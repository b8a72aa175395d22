// A PDF's words as pdftotext lays them out (-bbox-layout): blocks put back in reading order, a list's number joined to
// the words beside it, a table's cells joined along their row, and lines set larger than the body marked as headings.

import Foundation

enum PDFLayout {
    struct Line {
        var x: Double
        var y: Double
        var height: Double
        var text: String
    }

    /// The document's text: pages separated by a form feed, paragraphs by a blank line.
    static func text(of root: XMLTree) -> String {
        var pages: [[[Line]]] = []
        collectPages(root, into: &pages)
        let heights = pages.flatMap { $0.flatMap { $0.map(\.height) } }.sorted()
        let body = heights.isEmpty ? 0 : heights[heights.count / 2]
        return pages.map { page(of: $0, body: body) }.joined(separator: "\n\u{0C}")
    }

    static func collectPages(_ node: XMLTree, into pages: inout [[[Line]]]) {
        for child in node.children {
            if child.name == "page" {
                var blocks: [[Line]] = []
                collectBlocks(child, into: &blocks)
                pages.append(blocks)
            } else {
                collectPages(child, into: &pages)
            }
        }
    }

    static func collectBlocks(_ node: XMLTree, into blocks: inout [[Line]]) {
        for child in node.children {
            if child.name == "block" {
                let lines = child.all("line").compactMap { line -> Line? in
                    let words = line.all("word").map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
                    let text = words.filter { !$0.isEmpty }.joined(separator: " ")
                    guard !text.isEmpty, let x = number(line, "xMin"), let y = number(line, "yMin"),
                        let bottom = number(line, "yMax")
                    else { return nil }
                    return Line(x: x, y: y, height: bottom - y, text: text)
                }
                if !lines.isEmpty { blocks.append(lines) }
            } else {
                collectBlocks(child, into: &blocks)
            }
        }
    }

    static func number(_ node: XMLTree, _ name: String) -> Double? {
        node.attributes[name].flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil }
    }

    /// One page: blocks in reading order (top to bottom, left to right), rows of blocks that start on the same line
    /// joined, each result a paragraph.
    static func page(of blocks: [[Line]], body: Double) -> String {
        let sorted = blocks.sorted { a, b in
            abs(a[0].y - b[0].y) > 2 ? a[0].y < b[0].y : a[0].x < b[0].x
        }
        var paragraphs: [String] = []
        var index = 0
        while index < sorted.count {
            var row = [sorted[index]]
            index += 1
            while index < sorted.count, abs(sorted[index][0].y - row[0][0].y) <= 2 {
                row.append(sorted[index])
                index += 1
            }
            paragraphs.append(paragraph(row, body: body))
        }
        return paragraphs.joined(separator: "\n\n")
    }

    /// A row of blocks: a number or bullet beside its words becomes one paragraph; cells of a table one line.
    static func paragraph(_ row: [[Line]], body: Double) -> String {
        var blocks = row
        var label: String?
        if blocks.count == 2, blocks[0].count == 1,
            PolicyImporter.isNumberAlone(blocks[0][0].text)
                || PolicyImporter.listItemText(blocks[0][0].text + " x") != nil
        {
            label = blocks[0][0].text
            blocks.removeFirst()
        }
        var lines: [String]
        if blocks.count == 1 {
            lines = blocks[0].map(\.text)
        } else {
            lines = [blocks.map { $0.map(\.text).joined(separator: " ") }.joined(separator: " | ")]
        }
        if let label { lines[0] = label + " " + lines[0] }
        let all = blocks.flatMap { $0 }
        if body > 0, all.allSatisfy({ $0.height >= body * 1.06 }), lines.count <= 3 {
            let level = all.allSatisfy { $0.height >= body * 1.6 } ? "# " : "## "
            return level + lines.joined(separator: " ")
        }
        return lines.joined(separator: "\n")
    }
}
