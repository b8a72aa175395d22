// Models whose Fluent properties are listed by hand list exactly what reflection finds, in the same order.

import Fluent
import Foundation
import Testing

@testable import App

@Suite("Models listing their properties by hand")
struct ModelPropertiesTests {
    /// Every model with a hand-written `properties`; a model that gains one must be added here (checked below).
    static let listed: [any Model.Type] = [Person.self, BrowserSession.self, School.self, RoleAssignment.self]

    @Test("Each hand-written list is the one reflection finds: nothing missing, nothing extra, the same order")
    func sameAsReflection() {
        for type in Self.listed {
            let model = type.init()
            let byHand = model.properties.map { ObjectIdentifier($0 as AnyObject) }
            let reflected = Mirror(reflecting: model).children.compactMap { $0.value as? any AnyProperty }
                .map { ObjectIdentifier($0 as AnyObject) }
            #expect(byHand == reflected, "\(type)")
            #expect(!byHand.isEmpty)
        }
    }

    @Test("Every model that lists its properties by hand is checked here")
    func everyHandWrittenListIsChecked() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/App")
        var found: Set<String> = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard file.pathExtension == "swift" else { continue }
            let text = try String(contentsOf: file, encoding: .utf8)
            guard text.contains("var properties: [any AnyProperty]") else { continue }
            if let match = text.firstMatch(of: /final class (\w+): Model/) { found.insert(String(match.1)) }
        }
        #expect(found == Set(Self.listed.map { String(describing: $0) }))
    }
}
