// Every template renders: a misspelt #extend, #import or tag fails here, not in front of a headteacher.

import Foundation
import Leaf
import LeafKit
import Testing
import Vapor

@testable import App

@Suite("Templates")
struct TemplateTests {
    /// Every `.leaf` file under Resources/Views, as the name `req.page` would use.
    static func templateNames(in root: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var names: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".leaf") { names.append(String(path.dropLast(".leaf".count))) }
        }
        return names.sorted()
    }

    struct Empty: Encodable {}

    /// Whether an error says the template itself is broken (a missing or circular #extend, text the lexer cannot
    /// read), rather than that it was given nothing to show.
    static func isBroken(_ error: any Error) -> Bool {
        guard let leaf = error as? LeafError else { return false }
        let reason: LeafError.Reason = leaf.reason
        switch reason {
        case .noTemplateExists, .cyclicalReference, .lexerError, .unresolvedAST: return true
        default: return false
        }
    }

    @Test("Every template is read, and every template it extends exists, when rendered with nothing to show")
    func everyTemplateRenders() async throws {
        try await withSteward { app, _ in
            let names = Self.templateNames(in: app.directory.viewsDirectory)
            #expect(names.count > 30)
            for name in names {
                do {
                    _ = try await app.view.render(name, Empty()).get()
                } catch {
                    #expect(!Self.isBroken(error), "\(name): \(error)")
                }
            }
        }
    }

    @Test("A template that names a missing one fails instead of rendering an empty space")
    func missingImportFails() async throws {
        try await withSteward { app, _ in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try "#extend(\"no-such-template\")".write(
                to: directory.appendingPathComponent("broken.leaf"), atomically: true, encoding: .utf8)
            // The application's own setting, on a folder holding one broken template.
            var own = app.leaf.configuration
            #expect(own.ignoreUnfoundImports == false)
            let configuration = LeafConfiguration(
                rootDirectory: directory.path + "/", tagIndicator: "#", ignoreUnfoundImports: own.ignoreUnfoundImports)
            let renderer = LeafRenderer(
                configuration: configuration,
                sources: .singleSource(
                    NIOLeafFiles(
                        fileio: app.fileio, limits: .default, sandboxDirectory: directory.path + "/",
                        viewDirectory: directory.path + "/")),
                eventLoop: app.eventLoopGroup.next())
            await #expect(throws: (any Error).self) {
                _ = try await renderer.render(path: "broken", context: [:]).get()
            }
        }
    }

    /// Renders `template` with the application's own tags and `context`.
    static func render(_ app: Application, _ template: String, _ context: [String: LeafData]) async throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try template.write(to: directory.appendingPathComponent("t.leaf"), atomically: true, encoding: .utf8)
        let renderer = LeafRenderer(
            configuration: LeafConfiguration(rootDirectory: directory.path + "/", tagIndicator: "#"),
            tags: app.leaf.tags,
            sources: .singleSource(
                NIOLeafFiles(
                    fileio: app.fileio, limits: .default, sandboxDirectory: directory.path + "/",
                    viewDirectory: directory.path + "/")),
            eventLoop: app.eventLoopGroup.next())
        let buffer = try await renderer.render(path: "t", context: context).get()
        return String(buffer: buffer)
    }

    static func errors(_ list: [(String, String)]) -> LeafData {
        .dictionary([
            "list": .array(list.map { .dictionary(["field": .string($0.0), "message": .string($0.1)]) }),
            "byField": .dictionary(
                Dictionary(list.map { ($0.0, LeafData.string($0.1)) }, uniquingKeysWith: { a, _ in a })),
        ])
    }

    @Test(
        "Field errors come from one place: message, marking, outline and summary, escaped, and nothing without errors")
    func fieldErrorTags() async throws {
        try await withSteward { app, _ in
            let template =
                ###"#errorSummary()|<div class="field#errorClass("email")">#fieldError("email")<input id="email"#invalid("email")></div>|#fieldError("name")|#errorSummary(other, "password")#fieldError("code", other)"###
            let bad = try await Self.render(
                app, template,
                [
                    "errors": Self.errors([("email", ##"<b>Bad</b> & "x""##)]),
                    "other": Self.errors([("code", "Wrong code.")]),
                ])
            #expect(
                bad.contains(
                    ##"<p class="field-error" id="email-error">&lt;b&gt;Bad&lt;/b&gt; &amp; &quot;x&quot;</p>"##))
            #expect(bad.contains(##"<input id="email" aria-describedby="email-error" aria-invalid="true">"##))
            #expect(bad.contains(##"<div class="field has-error">"##))
            #expect(bad.contains(###"<li><a href="#email">&lt;b&gt;Bad&lt;/b&gt; &amp; &quot;x&quot;</a></li>"###))
            #expect(bad.contains(##"aria-labelledby="error-summary-title""##))
            #expect(bad.contains(##"aria-labelledby="password-error-summary-title""##))
            #expect(bad.contains(##"<p class="field-error" id="code-error">Wrong code.</p>"##))
            #expect(bad.components(separatedBy: "field-error").count == 3)  // email and code; name has none
            #expect(!bad.contains("<b>"))
            // A page with two forms names the second one, so its ids stay unique.
            let second = try await Self.render(
                app, ###"#fieldError("code", other, "token")|#invalid("code", other, "token")"###,
                ["other": Self.errors([("code", "Wrong code.")])])
            #expect(
                second
                    == ###"<p class="field-error" id="token-code-error">Wrong code.</p>| aria-describedby="token-code-error" aria-invalid="true""###
            )
            let fine = try await Self.render(app, template, ["errors": Self.errors([]), "other": Self.errors([])])
            #expect(fine == ##"|<div class="field"><input id="email"></div>||"##)
        }
    }
}
