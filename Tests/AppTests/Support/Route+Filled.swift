// A registered route as an address a test can request: each `:parameter` filled from `ids` by name, and any
// parameter without a value given a random id (a record that does not exist).

import Foundation
import Vapor

extension Route {
    func filled(_ ids: [String: String] = [:]) -> String {
        "/"
            + path.map { component -> String in
                guard case .parameter(let name) = component else { return component.description }
                return ids[name] ?? UUID().uuidString
            }.joined(separator: "/")
    }

    /// The names of this route's parameters that `ids` has no value for.
    func unfilled(_ ids: [String: String]) -> [String] {
        path.compactMap { if case .parameter(let name) = $0, ids[name] == nil { name } else { nil } }
    }
}
