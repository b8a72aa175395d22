// The shape the feature-homes issue promised, checked on the sources themselves (issue 12): school filters only
// in the one scoping helper, no literal application path in a template, no handler file grown past its limit.

import Foundation
import Testing

@testable import App

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

    @Test("No template writes an application path: every link and form names a path with #path, and each name is real")
    func typedPathsInTemplates() {
        let templates = Self.files("Resources/Views", ".leaf")
        #expect(templates.count >= 30)
        var named = 0
        for file in templates {
            let literal = Self.matches(#"(href|action|src|formaction)\s*=\s*"/[^"]*""#, in: file.text)
            #expect(literal.isEmpty, "\(file.path) writes \(literal)")
            for call in Self.matches(#"#path\([^)]*\)"#, in: file.text) {
                let arguments = call.dropFirst("#path(".count).dropLast().split(separator: ",")
                let name = arguments.first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) } ?? ""
                let path = TemplatePaths.named[name]
                #expect(path != nil, "\(file.path): \(call) names no path")
                #expect(path?.parameters.count == arguments.count - 1, "\(file.path): \(call) has the wrong values")
                named += 1
            }
        }
        #expect(named >= 90)
    }

    @Test("No handler writes an application path: redirects, links and mail use the feature's path type")
    func typedPathsInSwift() {
        // What may appear as a quoted path: prefixes tested against a request, and the root of cookies.
        // A directory on disk (where Debian keeps PostgreSQL's programs) is not a path of the app.
        let allowed: Set<String> = [#""/api/""#, #""/css/""#, #""/img/""#, #""/usr/lib/postgresql""#]
        for file in Self.files("Sources/App", ".swift")
        where !file.path.hasSuffix("Paths.swift") && !file.path.hasSuffix("TemplatePaths.swift") {
            let found = Self.matches(#""/[A-Za-z][^"]*""#, in: file.text).filter { !allowed.contains($0) }
            #expect(found.isEmpty, "\(file.path) writes \(found)")
        }
    }

    @Test("A path's values are percent-encoded, so an id can never reach another path")
    func pathValuesEncoded() {
        #expect(ConcernPaths.show("a/b?c#d") == "/concerns/a%2Fb%3Fc%23d")
        #expect(PolicyPaths.version("p", "v") == "/policies/p/versions/v")
        #expect(HomePaths.home() == "/")
        #expect(ConcernPaths.download.parameters == ["caseID", "evidenceID"])
    }

    @Test("API handlers answer with their own types: none names a page controller or its view models")
    func apiTypesOwn() {
        let api = Self.files("Sources/App", ".swift").filter { $0.path.contains("API") }
        #expect(api.count >= 4)
        for file in api {
            let pages = Self.matches(
                #"\b(Policy|Concern|People|Roster|Home|Audit|Outbox|Account)Controller\."#, in: file.text)
            #expect(pages.isEmpty, "\(file.path) uses \(pages)")
        }
    }

    @Test("No template writes field-error markup of its own: every form uses the field error tags")
    func oneFieldErrorPartial() {
        for file in Self.files("Resources/Views", ".leaf") {
            let own = Self.matches(#"byField|class="field-error"|aria-invalid="true""#, in: file.text)
            #expect(own.isEmpty, "\(file.path) writes \(own)")
        }
    }
}
