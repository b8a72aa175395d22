// `steward screen`: screens files (or standard input) offline and reports findings for people or for programs.

import Foundation

/// The screen command's logic, free of any process: what to screen and file contents in, text and an exit status out.
/// The `steward` command line parses the options into a `Request`.
public enum ScreenCommand {
    /// What to screen and how to report it.
    public struct Request: Sendable, Equatable {
        /// The pupil roster CSV; without it pupils' names are not checked.
        public var rosterPath: String?
        public var staffPath: String?
        public var termsPath: String?
        /// Photos whose metadata is checked.
        public var images: [String]
        /// Text files to screen; `-` is standard input, and no files and no images means standard input.
        public var inputs: [String]
        public var json: Bool

        public init(
            rosterPath: String? = nil, staffPath: String? = nil, termsPath: String? = nil, images: [String] = [],
            inputs: [String] = [], json: Bool = false
        ) {
            self.rosterPath = rosterPath
            self.staffPath = staffPath
            self.termsPath = termsPath
            self.images = images
            self.inputs = inputs
            self.json = json
        }
    }

    public struct Output: Error, Sendable {
        public var stdout: String
        public var stderr: String
        public var code: Int32
    }

    /// One input's result, as JSON shows it.
    struct Report: Encodable {
        var input: String
        var findings: [PlacedFinding]
    }

    /// A finding with the line and column it starts at, so people and programs can go straight to it; a photo's
    /// findings have no place in a text, and their line and column are null.
    struct PlacedFinding: Encodable {
        var finding: Finding
        var position: TextPosition?

        enum CodingKeys: String, CodingKey { case line, column }

        func encode(to encoder: any Encoder) throws {
            try finding.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(position?.line, forKey: .line)
            try container.encode(position?.column, forKey: .column)
        }
    }

    /// Said on standard error whenever text is screened without a roster, since then no pupil's name can be found.
    public static let noRosterWarning =
        "steward screen: warning: pupils' names were not checked, as no --roster was given. Add --roster pupils.csv "
        + "(the pupil list exported from the school's MIS) to check them.\n"

    /// `steward strip-metadata PHOTO OUT`: writes the photo with only what draws the picture (as a post's photos are
    /// kept); the picture is not re-encoded. Exits 64 when the photo cannot be read, 65 when it is not a photo Steward
    /// can clean, 73 when the copy cannot be written.
    public static func strip(
        photo: String, to out: String, read: (String) -> Data?, write: (String, Data) -> Bool
    ) -> Output {
        guard let data = read(photo) else {
            return Output(stdout: "", stderr: "steward strip-metadata: cannot read '\(photo)'\n", code: 64)
        }
        do {
            // The same whitelist as a post's photos: only what draws the picture is kept, wherever the rest hides.
            let checked = try PostImage.check(Array(data), name: photo)
            guard write(out, Data(checked.bytes)) else {
                return Output(stdout: "", stderr: "steward strip-metadata: cannot write '\(out)'\n", code: 73)
            }
            let removed =
                checked.removed.isEmpty ? "nothing to remove" : "removed \(checked.removed.joined(separator: ", "))"
            return Output(
                stdout: "\(out): \(removed); \(data.count - checked.bytes.count) bytes smaller\n", stderr: "", code: 0)
        } catch {
            return Output(stdout: "", stderr: "steward strip-metadata: \(error.message)\n", code: 65)
        }
    }

    /// Screens what `request` names. `read` returns a file's bytes (nil if it cannot be read); `-` means standard
    /// input. Exits 0 when nothing is worse than information, 1 for a warning, 2 when something blocks posting, 64
    /// when an input cannot be read or a roster, staff list or terms file is malformed (naming the line).
    public static func run(_ request: Request, read: (String) -> Data?) -> Output {
        let (rosterPath, staffPath, termsPath) = (request.rosterPath, request.staffPath, request.termsPath)
        let images = request.images
        let inputs = request.inputs.isEmpty && images.isEmpty ? ["-"] : request.inputs
        let json = request.json
        func fail(_ message: String) -> Output { Output(stdout: "", stderr: "steward screen: \(message)\n", code: 64) }

        func text(_ path: String, what: String) -> Result<String, Output> {
            guard let data = read(path) else { return .failure(fail("cannot read \(what) '\(path)'")) }
            return .success(String(decoding: data, as: UTF8.self))
        }
        var pupils: [Pupil] = []
        var staff: [StaffMember] = []
        var terms = ScreeningTerms()
        do {
            if let rosterPath {
                switch text(rosterPath, what: "roster") {
                case .failure(let output): return output
                case .success(let csv): pupils = try RosterCSV.pupils(csv)
                }
            }
            if let staffPath {
                switch text(staffPath, what: "staff list") {
                case .failure(let output): return output
                case .success(let csv): staff = try RosterCSV.staff(csv)
                }
            }
            if let termsPath {
                switch text(termsPath, what: "terms file") {
                case .failure(let output): return output
                case .success(let content): terms = try ScreeningTerms(parsing: content)
                }
            }
        } catch let error as CSVTable.Malformed {
            let which = [rosterPath, staffPath, termsPath].compactMap { $0 }.joined(separator: "/")
            return fail("\(which): \(error)")
        } catch {
            return fail("\(error)")
        }

        let screener = Screener(context: ScreeningContext(pupils: pupils, staff: staff, terms: terms))
        var reports: [Report] = []
        var stderr = rosterPath == nil && !inputs.isEmpty ? noRosterWarning : ""
        for input in inputs {
            guard let data = read(input) else { return fail("cannot read '\(input)'") }
            let content = String(decoding: data, as: UTF8.self)
            if String(data: data, encoding: .utf8) == nil {
                stderr +=
                    "steward screen: \(input == "-" ? "standard input" : input) is not valid UTF-8; "
                    + "the invalid bytes were read as \u{FFFD}.\n"
            }
            let positions = TextPositions(content)
            let findings = screener.screen(content).map {
                PlacedFinding(finding: $0, position: positions.position(ofOffset: $0.start))
            }
            reports.append(Report(input: input == "-" ? "<stdin>" : input, findings: findings))
        }

        for image in images {
            guard let data = read(image) else { return fail("cannot read '\(image)'") }
            let findings = ImageMetadata.findings(Array(data), name: image).map { PlacedFinding(finding: $0) }
            reports.append(Report(input: image, findings: findings))
        }

        let worst = reports.flatMap { $0.findings.map(\.finding) }.worstSeverity
        let code: Int32 = worst == .block ? 2 : worst == .warn ? 1 : 0
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(reports)) ?? Data("[]".utf8)
            return Output(stdout: String(decoding: data, as: UTF8.self) + "\n", stderr: stderr, code: code)
        }
        var out = ""
        for report in reports {
            if report.findings.isEmpty {
                out += "\(report.input): nothing to change\n"
                continue
            }
            out += "\(report.input): \(report.findings.count) finding(s)\n"
            for placed in report.findings {
                let f = placed.finding
                let place = placed.position.map { "\($0) \"\(f.text)\"" } ?? "photo"
                out +=
                    "  \(f.severity.rawValue.uppercased()) \(f.category.rawValue)\(f.kind.map { "/\($0)" } ?? "") (clause \(f.clause)) at \(place)\n"
                out += "    \(f.message)\n"
            }
        }
        return Output(stdout: out, stderr: stderr, code: code)
    }
}
