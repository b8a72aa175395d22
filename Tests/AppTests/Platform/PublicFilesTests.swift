// The public directory's files: served from memory, revalidated by ETag, and nothing outside them.

import Foundation
import Testing
import Vapor

@testable import App

@Suite("Public files")
struct PublicFilesTests {
    @Test("The stylesheet is served with its type and an ETag; the same ETag back gets 304 and no body")
    func stylesheet() async throws {
        try await withSteward { app, _ in
            let visitor = Browser(app)
            let first = try await visitor.get("/css/app.css")
            #expect(first.status == .ok)
            #expect(first.headers.contentType == .css)
            let onDisk = try String(contentsOfFile: app.directory.publicDirectory + "css/app.css", encoding: .utf8)
            #expect(first.body == onDisk)
            let etag = try #require(first.headers.first(name: .eTag))
            #expect(first.headers.first(name: .cacheControl) == "no-cache")
            let again = try await visitor.get("/css/app.css", headers: ["If-None-Match": "\"other\", \(etag)"])
            #expect(again.status == .notModified)
            #expect(again.body.isEmpty)
            let stale = try await visitor.get("/css/app.css", headers: ["If-None-Match": "\"other\""])
            #expect(stale.status == .ok)
            let encoded = try await visitor.get("/css/app%2Ecss")
            #expect(encoded.status == .ok && encoded.body == onDisk)
            let head = try await visitor.request(.HEAD, "/css/app.css")
            #expect(head.status == .ok)
        }
    }

    @Test("Paths that are not a public file, or climb out of the directory, or other methods, are not served")
    func nothingElse() async throws {
        try await withSteward { app, _ in
            let visitor = Browser(app)
            for path in [
                "/css/missing.css", "/css/../Package.swift", "/css/%2E%2E/%2E%2E/Package.swift", "/../Package.swift",
                "/css/", "/css", "/Views/shared/base.leaf", "/css/app.css/", "//etc/passwd",
            ] {
                let reply = try await visitor.get(path)
                #expect(reply.status == .notFound || reply.status == .badRequest, "\(path): \(reply.status)")
                #expect(!reply.body.contains("root:"), "\(path)")
            }
            let posted = try await visitor.request(.POST, "/css/app.css", body: "a=b")
            #expect(posted.status != .ok)
        }
    }

    @Test("Files in subfolders are found; hidden files and files over the size limit are left out")
    func whatIsRead() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("public-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("img/icons"), withIntermediateDirectories: true)
        try Data("svg".utf8).write(to: root.appendingPathComponent("img/icons/a.svg"))
        try Data("secret".utf8).write(to: root.appendingPathComponent(".env"))
        try Data("x".utf8).write(to: root.appendingPathComponent("img/.hidden.png"))
        try Data(count: PublicFilesMiddleware.largestFile).write(to: root.appendingPathComponent("img/edge.png"))
        try Data(count: PublicFilesMiddleware.largestFile + 1).write(to: root.appendingPathComponent("img/big.png"))
        let files = PublicFilesMiddleware(directory: root.path, logger: Logger(label: "test")).files
        #expect(Set(files.keys) == ["img/icons/a.svg", "img/edge.png"])
        #expect(files["img/icons/a.svg"]?.contentType == .svg)
        #expect(files["img/edge.png"]?.bytes.readableBytes == PublicFilesMiddleware.largestFile)
    }
}
