// Every path of the pupil roster, written once: routes are registered from these and links built from them.

enum PupilPaths {
    static let list = RoutePath("pupils")
    static let export = RoutePath("pupils", "export.csv")
    static let importPage = RoutePath("pupils", "import")
    static let applyImport = RoutePath("pupils", "import", ":importID", "apply")
    static let cancelImport = RoutePath("pupils", "import", ":importID", "cancel")
}
