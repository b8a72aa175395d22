// A pupil on a school's roster, with the consents that decide what may be posted about them.

import Fluent
import Foundation
import StewardCore

final class RosterPupil: Model, @unchecked Sendable {
    static let schema = "pupils"

    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @OptionalField(key: "upn") var upn: String?
    @Field(key: "legal_forename") var legalForename: String
    @OptionalField(key: "preferred_forename") var preferredForename: String?
    @Field(key: "legal_surname") var legalSurname: String
    @OptionalField(key: "date_of_birth") var dateOfBirth: String?
    @OptionalField(key: "year_group") var yearGroup: String?
    @OptionalField(key: "class_name") var className: String?
    @Field(key: "photo_in_school") var photoInSchool: Bool
    @Field(key: "photo_on_website") var photoOnWebsite: Bool
    @Field(key: "photo_on_social_media") var photoOnSocialMedia: Bool
    @Field(key: "name_on_social_media") var nameOnSocialMedia: Bool

    /// Listed by hand: Fluent otherwise finds them by reflection for every row it reads or writes.
    /// `ModelPropertiesTests` checks the list against reflection.
    var properties: [any AnyProperty] {
        [
            $id, $school, $upn, $legalForename, $preferredForename, $legalSurname, $dateOfBirth, $yearGroup, $className,
            $photoInSchool, $photoOnWebsite, $photoOnSocialMedia, $nameOnSocialMedia,
        ]
    }

    init() {}

    init(schoolID: UUID, _ pupil: Pupil) {
        self.$school.id = schoolID
        update(from: pupil)
    }

    func update(from pupil: Pupil) {
        upn = pupil.upn
        legalForename = pupil.legalForename
        preferredForename = pupil.preferredForename
        legalSurname = pupil.surname
        dateOfBirth = pupil.dateOfBirth?.description
        yearGroup = pupil.yearGroup
        className = pupil.className
        photoInSchool = pupil.photoInSchool
        photoOnWebsite = pupil.photoOnWebsite
        photoOnSocialMedia = pupil.photoOnSocialMedia
        nameOnSocialMedia = pupil.nameOnSocialMedia
    }

    /// As the screening engine sees the pupil.
    var pupil: Pupil {
        Pupil(
            upn: upn, legalForename: legalForename, preferredForename: preferredForename, surname: legalSurname,
            yearGroup: yearGroup, className: className, dateOfBirth: dateOfBirth.flatMap(CalendarDate.init(parsing:)),
            photoInSchool: photoInSchool, photoOnWebsite: photoOnWebsite, photoOnSocialMedia: photoOnSocialMedia,
            nameOnSocialMedia: nameOnSocialMedia)
    }
}
