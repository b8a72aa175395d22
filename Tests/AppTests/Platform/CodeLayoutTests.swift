// The shape the feature-homes issue promised, checked on the sources themselves (issue 12): school filters only
// in the one scoping helper, no literal application path in a template, no handler file grown past its limit.

import Foundation
import Testing

@Suite("Code layout")
struct CodeLayoutTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Every file under `folder` (relative to the package root) ending in `suffix`, with its text.
    static func files(_ folder: String, _ suffix: String) -> [(path: String, text: String)] {
        let base = root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(atPath: base.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }.sorted().compactMap { relative in
            let url = base.appendingPathComponent(relative)
            return (try? String(contentsOf: url, encoding: .utf8)).map { (folder + "/" + relative, $0) }
        }
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    @Test("No query filters by school except in the school-scoping helper")
    func oneSchoolFilter() {
        let sources = Self.files("Sources/App", ".swift")
        #expect(sources.count > 80)
        for file in sources where !file.path.hasSuffix("Platform/Access/SchoolScope.swift") {
            let found = Self.matches(#"\\\.\$school(ID|\.\$id)\s*(==|~~|!=)"#, in: file.text)
            #expect(found.isEmpty, "\(file.path) filters by school itself: \(found)")
        }
    }

    @Test("The rule finds an inline school filter when there is one")
    func ruleBites() {
        #expect(!Self.matches(#"\\\.\$school(ID|\.\$id)\s*(==|~~|!=)"#, in: #".filter(\.$school.$id == id)"#).isEmpty)
        #expect(!Self.matches(#"\\\.\$school(ID|\.\$id)\s*(==|~~|!=)"#, in: #".filter(\.$schoolID ~~ ids)"#).isEmpty)
        #expect(Self.matches(#"\\\.\$school(ID|\.\$id)\s*(==|~~|!=)"#, in: ".inSchool(of: actor)").isEmpty)
    }

    @Test("Every Swift file of the app stays under 400 lines, and every handler file under 300")
    func fileSizes() {
        for file in Self.files("Sources/App", ".swift") {
            let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).count
            let isHandler = file.path.contains("Controller")
            #expect(lines <= (isHandler ? 300 : 400), "\(file.path) has \(lines) lines")
        }
    }

    @Test("One type per file, named after it (a file named Type+Part.swift holds only extensions of Type)")
    func oneTypePerFile() {
        let declaration = #"(?m)^(?:final |indirect )*(?:struct|enum|class|protocol|actor)\s+(\w+)"#
        for file in Self.files("Sources/App", ".swift") {
            let types = Self.matches(declaration, in: file.text).compactMap { $0.split(separator: " ").last }
            let name = (file.path.split(separator: "/").last ?? "").replacingOccurrences(of: ".swift", with: "")
            let base = name.split(separator: "+").first.map(String.init) ?? name
            #expect(types.count <= 1, "\(file.path) declares \(types)")
            if let only = types.first { #expect(only == base, "\(file.path) declares \(only)") }
        }
    }
}
