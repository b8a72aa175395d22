// A full address for mail and public links: the configured base URL and a path from a feature's path type.

import Foundation

extension URL {
    /// `https://steward.example.org` and `/concerns/8C1…` make `https://steward.example.org/concerns/8C1…`.
    func address(of path: String) -> String {
        appendingPathComponent(String(path.drop(while: { $0 == "/" }))).absoluteString
    }
}
