// libFuzzer entry point: screens a draft with a roster, staff list and terms list taken from the input.

import Foundation
import FuzzDriver
import StewardCore

/// Reads the input as up to four parts separated by NUL bytes: roster lines (`Forename,Surname,yes`), staff lines
/// (`Forename,Surname`), a terms list, then the draft. With fewer parts the whole input is the draft, screened with
/// a small fixed roster whose names are also flagged words.
@main
enum ScreenFuzzTarget {
    static func main() { FuzzDriver.run(screenFuzzInput) }

    static let fixed = Screener(
        context: ScreeningContext(
            pupils: [
                Pupil(legalForename: "Dick", surname: "Smith"),
                Pupil(
                    legalForename: "Hope", preferredForename: "Jo", surname: "O'Neill-Brown", nameOnSocialMedia: true),
                Pupil(legalForename: "Zoë", surname: "Łukasik"),
                Pupil(legalForename: "May", surname: "Chen"),
                Pupil(legalForename: "A", surname: "B"),
            ],
            staff: [StaffMember(forename: "Ann", surname: "Crook"), StaffMember(forename: "James", surname: "Pike")],
            terms: ScreeningTerms(blocked: ["gosh"], allowed: ["01632 960 555"], confidential: ["ofsted visit"])))

    nonisolated(unsafe) static var last: (school: String, screener: Screener)?

    static func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        let parts = bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        let screener: Screener
        let draft: String
        if parts.count < 4 {
            screener = fixed
            draft = parts.joined(separator: "\n")
        } else {
            // libFuzzer mostly mutates one input at a time: keep the last school rather than build it again.
            let school = parts[0] + "\0" + parts[1] + "\0" + parts[2]
            if let last, last.school == school {
                screener = last.screener
            } else {
                let pupils = lines(parts[0]).map { fields -> Pupil in
                    Pupil(
                        legalForename: fields.first ?? "", preferredForename: fields.count > 3 ? fields[3] : nil,
                        surname: fields.count > 1 ? fields[1] : "", photoOnSocialMedia: fields.count > 2,
                        nameOnSocialMedia: fields.count > 2 && fields[2] == "yes")
                }
                let staff = lines(parts[1]).map {
                    StaffMember(forename: $0.first ?? "", surname: $0.count > 1 ? $0[1] : "")
                }
                let terms = (try? ScreeningTerms(parsing: parts[2])) ?? ScreeningTerms()
                screener = Screener(context: ScreeningContext(pupils: pupils, staff: staff, terms: terms))
                last = (school, screener)
            }
            draft = parts[3]
        }
        check(screener.screen(draft, taggedPupils: Array(screener.context.pupils.prefix(2))), draft)
    }

    static func lines(_ text: String) -> [[String]] {
        text.split(separator: "\n").prefix(50).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// What every screening must give: spans inside the text that slice it back to each finding's text, in order.
    static func check(_ findings: [Finding], _ draft: String) {
        let scalars = Array(draft.unicodeScalars)
        var previous: (Int, Int)?
        for finding in findings {
            guard finding.start >= 0, finding.start <= finding.end, finding.end <= scalars.count else {
                fatalError("finding outside the text: \(finding)")
            }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[finding.start..<finding.end])
            guard String(view) == finding.text else { fatalError("finding text is not its span: \(finding)") }
            if let previous, previous > (finding.start, finding.end) { fatalError("findings out of order") }
            previous = (finding.start, finding.end)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func screenFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ScreenFuzzTarget.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
