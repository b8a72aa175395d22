// libFuzzer entry point: imports the input as a policy, hashes and compares what it makes, and reads it as questions.

import Foundation
import FuzzDriver
import StewardCore

@main
enum PolicyFuzzTarget {
    static func main() { FuzzDriver.run(policyFuzzInput) }

    static func run(_ bytes: [UInt8]) {
        if let result = try? PolicyImporter.import(bytes) {
            let document = result.document
            _ = document.contentHash
            for clause in document.clauses.prefix(20) {
                _ = document.heading(of: clause)
                _ = clause.anchor
            }
            let diff = PolicyDiff(from: document, to: PolicyDocument(title: "", sections: document.sections.dropLast()))
            _ = diff.changes.map(\.number)
        }
        if case .success(let questions) = PolicyQuestions.parse(String(decoding: bytes, as: UTF8.self)) {
            let again = PolicyQuestions.parse(PolicyQuestions.format(questions))
            guard case .success(let read) = again, read.count == questions.count else {
                fatalError("questions do not read back as they were written")
            }
            _ = PolicyQuestions.wrong(questions, answers: bytes.prefix(questions.count).map { Int($0) % 4 })
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func policyFuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    PolicyFuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
