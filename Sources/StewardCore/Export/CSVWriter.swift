// Writing CSV that spreadsheets open safely: a cell that looks like a formula is exported as text.

/// Builds a CSV document row by row (RFC 4180 quoting, CRLF line ends, UTF-8 with a BOM so Excel reads accents).
public struct CSVWriter: Sendable {
    private(set) public var text = "\u{FEFF}"

    public init(header: [String]) { append(header) }

    public mutating func append(_ row: [String]) {
        text += row.map(Self.field).joined(separator: ",") + "\r\n"
    }

    /// One cell, defused and quoted. A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return would run
    /// as a formula in Excel, LibreOffice and Google Sheets; a leading apostrophe makes it plain text, and the
    /// importers remove that apostrophe again, so an export imports back unchanged.
    public static func field(_ value: String) -> String {
        var cell = value
        if let first = cell.unicodeScalars.first, Self.formulaStarts.contains(first) { cell = "'" + cell }
        if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) {
            return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }

    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Undoes `field`'s defusing for an importer: `'=SUM(A1)` back to `=SUM(A1)`.
    public static func undefused(_ value: String) -> String {
        guard value.hasPrefix("'"), let second = value.unicodeScalars.dropFirst().first,
            formulaStarts.contains(second)
        else { return value }
        return String(value.dropFirst())
    }
}
