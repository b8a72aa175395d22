// The names of uploaded files, under the same rules as any text typed into Steward.

import Foundation

extension TextRules {
    /// Checks an uploaded file's name: what the person's computer called it, shown back to handlers and kept in the
    /// audit log. Names with invisible or reordering characters are refused (`photo\u{202E}gnp.pdf` would show as
    /// "photofdp.png"), as in every other field.
    public static func fileName(_ raw: String, field: String) -> Result<String, FieldError> {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown = String(name.unicodeScalars.filter { !isHiddenOrControl($0) }.prefix(80))
        if name.unicodeScalars.contains(where: isHiddenOrControl) {
            return .failure(
                FieldError(
                    field,
                    "The file name “\(shown)” contains an invisible character or a line break. Rename the file and "
                        + "choose it again."))
        }
        if name.count > 200 {
            return .failure(FieldError(field, "The file name “\(shown)…” is too long. Rename the file and try again."))
        }
        return .success(name.isEmpty ? "file" : name)
    }
}
