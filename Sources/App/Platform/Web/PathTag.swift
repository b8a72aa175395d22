// `#path("feature.name", id…)`: a template's link or form address, built by the feature's own path type.

import LeafKit

struct PathTag: LeafTag {
    struct UnknownPath: Error, CustomStringConvertible {
        var description: String
    }

    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let name = ctx.parameters.first?.string, let path = TemplatePaths.named[name] else {
            throw UnknownPath(description: "#path names no known path: \(ctx.parameters.first?.string ?? "nothing")")
        }
        let values = ctx.parameters.dropFirst().map { $0.string ?? "" }
        guard values.count == path.parameters.count else {
            throw UnknownPath(description: "#path(\"\(name)\") needs \(path.parameters.count) values")
        }
        return .string(path.filled(values))
    }
}
