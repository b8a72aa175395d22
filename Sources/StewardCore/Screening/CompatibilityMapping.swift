// Unicode's compatibility mapping of one character ("Ｆ" → "F", "𝐛" → "b", "Ⓐ" → "A"), kept apart from the
// tokenizer so that only this file sees Foundation.

import Foundation

enum CompatibilityMapping {
    /// The character's compatibility decomposition, composed again (NFKC).
    static func plain(_ scalar: Unicode.Scalar) -> String.UnicodeScalarView {
        String(Character(scalar)).precomposedStringWithCompatibilityMapping.unicodeScalars
    }
}
