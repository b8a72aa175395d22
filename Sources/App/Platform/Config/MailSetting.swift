// Where delivered mail goes, from `STEWARD_MAIL`.

import Crypto
import Foundation
import StewardCore

/// Where delivered mail goes, from `STEWARD_MAIL`.
public enum MailSetting: Sendable, Equatable, CustomStringConvertible {
    /// One `.eml` file per message in a directory (development, the demo, and tests).
    case file(URL)
    /// Piped to a sendmail-compatible program (`sendmail -i -t`): the production choice.
    case sendmail(String)
    /// Written to the log: for trying Steward out; the log then holds links that sign people in.
    case log

    init?(parsing raw: String) {
        if raw == "log" {
            self = .log
        } else if raw.hasPrefix("file:") {
            let path = String(raw.dropFirst(5))
            guard !path.isEmpty else { return nil }
            self = .file(
                URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL)
        } else if raw.hasPrefix("sendmail:") {
            let path = String(raw.dropFirst(9))
            guard path.hasPrefix("/") else { return nil }
            self = .sendmail(path)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .file(let url): "file:\(url.path)"
        case .sendmail(let path): "sendmail:\(path)"
        case .log: "log"
        }
    }
}
