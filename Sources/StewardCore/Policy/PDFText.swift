// A PDF's text through Debian's pdftotext (poppler-utils), and the lines every page repeats (headers, footers, page
// numbers) taken out, with a paragraph that a page break split joined again.

import Foundation

enum PDFText {
    /// The longest pdftotext may take over one file before it is stopped.
    static let timeout: TimeInterval = 30

    /// Runs `tool` over `bytes` in a private temporary folder; the text has a form feed between pages, a blank line
    /// between paragraphs, and "#" before a line set larger than the body text.
    static func extract(_ bytes: [UInt8], tool: String) throws -> String {
        guard let executable = locate(tool) else {
            throw PolicyImporter.Refused(
                message: "Reading a PDF needs pdftotext, which is not installed on this server (on Debian or Ubuntu: "
                    + "apt install poppler-utils). Or import the policy as a Word document (.docx) or as text.")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steward-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("policy.pdf")
        let output = folder.appendingPathComponent("policy.txt")
        try Data(bytes).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // Words with their positions: the blocks give paragraphs, the heights give headings, and a number's block beside
        // its clause's block is joined to it, which plain text output cannot tell apart.
        process.arguments = ["-bbox-layout", "-enc", "UTF-8", "-q", input.path, output.path]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            throw PolicyImporter.Refused(message: "pdftotext could not be started on this server.")
        }
        if done.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = done.wait(timeout: .now() + 5)
            throw PolicyImporter.Refused(message: "This PDF took too long to read. Import the Word document instead.")
        }
        guard process.terminationStatus == 0, let data = FileManager.default.contents(atPath: output.path) else {
            throw PolicyImporter.Refused(
                message: "This PDF cannot be read: it is damaged, or protected by a password. Import the Word "
                    + "document or the text instead.")
        }
        guard data.count <= PolicyImporter.maxBytes * 2 else {
            throw PolicyImporter.Refused(message: "This PDF holds far more text than a policy.")
        }
        guard let text = PolicyFile.pdfText(layout: Array(data)) else {
            throw PolicyImporter.Refused(
                message: "This PDF cannot be read. Import the Word document or the text instead.")
        }
        guard text.contains(where: { $0.isLetter }) else {
            throw PolicyImporter.Refused(
                message: "This PDF has no text in it (it may be a scanned image). Import the Word document or the "
                    + "text instead.")
        }
        return text
    }

    /// `tool` itself when it is a path, else where it is found on PATH.
    static func locate(_ tool: String) -> String? {
        if tool.contains("/") { return FileManager.default.isExecutableFile(atPath: tool) ? tool : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The pages' text without the lines repeated at the top or bottom of most pages, or that are a page number;
    /// a page whose last line runs on into the next page's first is joined to it. Returns the lines dropped.
    static func clean(_ text: String) -> (String, Int) {
        var pages = TextRules.unixLines(text).split(separator: "\u{0C}", omittingEmptySubsequences: false).map {
            $0.split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
        while let last = pages.last, last.allSatisfy(\.isEmpty), pages.count > 1 { pages.removeLast() }
        // A line's shape, digits aside: "Page 3 of 9" and "Page 4 of 9" are the same footer.
        func shape(_ line: String) -> String {
            String(line.lowercased().map { $0.isNumber ? "#" : $0 })
        }
        func edges(_ page: [String]) -> [Int] {
            let filled = page.indices.filter { !page[$0].isEmpty }
            return Array(Set(filled.prefix(2) + filled.suffix(2))).sorted()
        }
        var seen: [String: Int] = [:]
        for page in pages {
            for shaped in Set(edges(page).map { shape(page[$0]) }) { seen[shaped, default: 0] += 1 }
        }
        let repeatedAt = max(2, (pages.count + 1) / 2)
        var dropped = 0
        var kept: [[String]] = []
        for page in pages {
            var lines = page
            for index in edges(page) {
                let line = page[index]
                // A clause's first line ("4.1 Staff must …") is never a header, however alike the pages start.
                let repeated =
                    pages.count >= 2 && seen[shape(line), default: 0] >= repeatedAt
                    && !PolicyImporter.startsAfresh(line) && PolicyImporter.listItemText(line) == nil
                if repeated || isPageNumber(line) {
                    lines[index] = ""
                    dropped += 1
                }
            }
            kept.append(lines)
        }
        var out = ""
        var previous = ""
        for lines in kept {
            guard let first = lines.firstIndex(where: { !$0.isEmpty }),
                let last = lines.lastIndex(where: { !$0.isEmpty })
            else { continue }
            let body = lines[first...last]
            if !out.isEmpty {
                let runsOn =
                    !(previous.last.map { ".!?:;\"”)".contains($0) } ?? true)
                    && body.first?.first.map { $0.isLowercase } == true
                out += runsOn ? "\n" : "\n\n"
            }
            out += body.joined(separator: "\n")
            previous = body.last ?? ""
        }
        return (out, dropped)
    }

    /// "3", "- 3 -", "Page 3", "Page 3 of 12", "3 of 12", "3/12", and a short line carrying "Page 1 of 1"
    /// ("OFFICIAL Page 1 of 1", "Uncontrolled when printed Page 2 of 4").
    static func isPageNumber(_ line: String) -> Bool {
        let words = line.lowercased().split(whereSeparator: { " -–/|".contains($0) }).map(String.init)
        if line.count <= 90, let page = words.firstIndex(of: "page"), page + 1 < words.count,
            words[page + 1].allSatisfy(\.isNumber), page + 2 == words.count || words[page + 2] == "of"
        {
            return true
        }
        guard !words.isEmpty, words.count <= 4 else { return false }
        let rest = words.filter { $0 != "page" && $0 != "of" && $0 != "p." }
        return !rest.isEmpty && rest.count <= 2 && rest.allSatisfy { $0.allSatisfy(\.isNumber) && $0.count <= 4 }
    }
}
