// A small tree of an XML part, built with Foundation's parser (libxml2 underneath), so that a Word document's parts can
// be walked as data. External entities are never resolved; a part that is not well-formed is refused.

import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An element: its local name (no prefix), attributes by local name, children and text.
final class XMLTree {
    let name: String
    var attributes: [String: String]
    var children: [XMLTree] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// The first child named `name`.
    func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// Every child named `name`.
    func all(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// The `w:val` attribute of the child named `name`, as Word writes most settings.
    func value(_ name: String) -> String? { child(name)?.attributes["val"] }

    struct Malformed: Error {}

    /// Parses `data`; throws when it is not well-formed XML or nests deeper than 256 elements.
    static func parse(_ data: Data) throws -> XMLTree {
        // Foundation's parser on Linux stops the whole process on a name that is not UTF-8 ("<\u{FF}"), and Word
        // and pdftotext write nothing else: anything that is not valid UTF-8 without NUL is refused before it.
        guard !data.contains(0), String(validating: data, as: UTF8.self) != nil else { throw Malformed() }
        let builder = Builder()
        // Read through a stream: given a large Data at once, the parser on Linux fails (swift-corelibs-foundation
        // issue 4851).
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.delegate = builder
        guard parser.parse(), !builder.failed, let root = builder.root else { throw Malformed() }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLTree] = []
        var root: XMLTree?
        var failed = false

        static func local(_ name: String) -> String {
            name.lastIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            guard stack.count < 256 else {
                failed = true
                parser.abortParsing()
                return
            }
            var attributes: [String: String] = [:]
            for (key, value) in attributeDict { attributes[Self.local(key)] = value }
            let node = XMLTree(name: Self.local(elementName), attributes: attributes)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
        ) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { failed = true }
    }
}
