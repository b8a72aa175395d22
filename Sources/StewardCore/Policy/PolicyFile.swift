// What a policy file is (Markdown or plain text, a Word document, a PDF) and its text, ready for the importer.

import Foundation

/// Reads a policy file of any format Steward takes into text for `PolicyImporter.parse`.
public enum PolicyFile {
    public enum Format: String, Sendable, Equatable {
        case text
        case word
        case pdf
    }

    /// Word documents and PDFs carry pictures and fonts; their text is far smaller than the file.
    public static let maxDocumentBytes = 20 * 1024 * 1024

    /// The format, from the first bytes (never from the name a person gave the file).
    public static func format(of bytes: [UInt8]) -> Format {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .word }
        if bytes.starts(with: Array("%PDF-".utf8)) { return .pdf }
        return .text
    }

    /// The text of a PDF from what `pdftotext -bbox-layout` wrote (XHTML of pages, blocks, lines and words), before
    /// headers and footers are taken out; nil when that is not well-formed.
    public static func pdfText(layout: [UInt8]) -> String? {
        guard let tree = try? XMLTree.parse(Data(layout)) else { return nil }
        return PDFLayout.text(of: tree)
    }

    /// `pdfText(layout:)` without the lines repeated at the top or bottom of the pages, and how many went.
    public static func cleanPages(_ text: String) -> (text: String, dropped: Int) {
        let (cleaned, dropped) = PDFText.clean(text)
        return (cleaned, dropped)
    }

    /// The text of a Word document or a PDF, with a note saying how it was read; plain text is returned as it is.
    /// Throws `PolicyImporter.Refused` with a message a headteacher can act on.
    public static func text(
        of bytes: [UInt8], pdftotext: String = "pdftotext"
    ) throws -> (
        text: String, format: Format, notes: [String]
    ) {
        let format = format(of: bytes)
        switch format {
        case .text:
            return ("", .text, [])
        case .word:
            guard bytes.count <= maxDocumentBytes else {
                throw PolicyImporter.Refused(message: "The Word file is larger than 20 MB; a policy is far smaller.")
            }
            let (text, numbered) = try WordDocument.markdown(bytes)
            let note =
                numbered == 0
                ? "Read from a Word document."
                : "Read from a Word document: \(numbered) paragraph numbers were worked out from Word's automatic "
                    + "numbering, as Word shows them."
            return (text, .word, [note])
        case .pdf:
            guard bytes.count <= maxDocumentBytes else {
                throw PolicyImporter.Refused(message: "The PDF is larger than 20 MB; a policy is far smaller.")
            }
            let raw = try PDFText.extract(bytes, tool: pdftotext)
            let (text, dropped) = PDFText.clean(raw)
            var notes = ["Read from a PDF: check the clauses against the document, as a PDF keeps no structure."]
            if dropped > 0 {
                notes.append(
                    "\(dropped) lines repeated at the top or bottom of the pages (headers, footers and page numbers) "
                        + "were left out.")
            }
            return (text, .pdf, notes)
        }
    }
}
