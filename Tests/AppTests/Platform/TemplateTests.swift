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
}
