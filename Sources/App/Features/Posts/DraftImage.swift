// A photo on a draft, kept only with its metadata stripped, with the pupils the author says it shows.

import Fluent
import Foundation

final class DraftImage: Model, @unchecked Sendable {
    static let schema = "draft_images"

    @ID(key: .id) var id: UUID?
    @Field(key: "school_id") var schoolID: UUID
    @Field(key: "draft_id") var draftID: UUID
    @Field(key: "position") var position: Int
    @Field(key: "filename") var filename: String
    @Field(key: "format") var format: String
    @Field(key: "width") var width: Int
    @Field(key: "height") var height: Int
    @Field(key: "size") var size: Int
    /// SHA-256 of the stripped bytes, as the content digest binds them.
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    /// What stripping removed, in words ("GPS location, camera details (EXIF)"), or empty.
    @Field(key: "removed") var removed: String
    /// Whether the author has said who the photo shows (no one is an answer too).
    @Field(key: "pupils_stated") var pupilsStated: Bool
    /// The roster ids of the pupils shown, comma-separated.
    @Field(key: "pupil_ids") var pupilIDList: String
    @Field(key: "uploaded_at") var uploadedAt: Date

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $schoolID, $draftID, $position, $filename, $format, $width, $height, $size, $sha256, $data, $removed,
            $pupilsStated, $pupilIDList, $uploadedAt,
        ]
    }

    init() {}

    var pupilIDs: [UUID] {
        get { pupilIDList.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
        set { pupilIDList = Array(Set(newValue)).map(\.uuidString).sorted().joined(separator: ",") }
    }
}
