// Reading CSV exports as schools' systems write them: BOM or not, commas or semicolons, quoted newlines.

/// A CSV file parsed into a header and rows, each row remembering the line it started on.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// The 1-based line number in the file where the row starts.
        public var line: Int
        public var fields: [String]
    }

    public var header: [String]
    public var rows: [Row]

    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Parses `text`; the delimiter is whichever of `,` and `;` the header line uses more.
    public init(parsing text: String) throws {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        let firstLine = scalars.prefix { $0 != "\n" && $0 != "\r" }
        let commas = firstLine.filter { $0 == "," }.count
        let semicolons = firstLine.filter { $0 == ";" }.count
        let delimiter: Unicode.Scalar = semicolons > commas ? ";" : ","

        var records: [Row] = []
        var field = String.UnicodeScalarView()
        var fields: [String] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedField = false
        var i = 0
        var sawAnything = false
        func endField() {
            fields.append(CSVWriter.undefused(quotedField ? String(field) : String(field).trimmingSpaces()))
            field = String.UnicodeScalarView()
            quotedField = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Row(line: recordLine, fields: fields)) }
            fields = []
        }
        while i < scalars.count {
            let c = scalars[i]
            sawAnything = true
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
            } else if c == "\"" && String(field).trimmingSpaces().isEmpty {
                field = String.UnicodeScalarView()
                inQuotes = true
                quotedField = true
            } else if c == delimiter {
                endField()
            } else if c == "\r" || c == "\n" {
                if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                endRecord()
                line += 1
                recordLine = line
            } else {
                field.append(c)
            }
            i += 1
        }
        if inQuotes { throw Malformed(line: recordLine, message: "a quoted field is never closed") }
        if sawAnything && (!field.isEmpty || !fields.isEmpty) { endRecord() }
        guard let first = records.first else { throw Malformed(line: 1, message: "the file is empty") }
        header = first.fields
        rows = Array(records.dropFirst())
    }

    /// The index of the first header matching any of `names`, compared without case, spaces or punctuation.
    public func column(_ names: [String]) -> Int? {
        let wanted = Set(names.map(CSVTable.key))
        return header.firstIndex { wanted.contains(CSVTable.key($0)) }
    }

    static func key(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view.removeFirst() }
        while let last = view.last, last == " " || last == "\t" { view.removeLast() }
        return String(view)
    }
}
