// Every path of the policy library, written once: routes are registered from these and links built from them.

enum PolicyPaths {
    static let list = RoutePath("policies")
    static let new = RoutePath("policies", "new")
    static let show = RoutePath("policies", ":policyID")
    static let acknowledge = RoutePath("policies", ":policyID", "acknowledge")
    static let publicity = RoutePath("policies", ":policyID", "public")
    static let coverage = RoutePath("policies", ":policyID", "coverage")
    static let coverageCSV = RoutePath("policies", ":policyID", "coverage.csv")
    static let figuresCSV = RoutePath("policies", ":policyID", "figures.csv")
    static let versions = RoutePath("policies", ":policyID", "versions")
    static let newVersion = RoutePath("policies", ":policyID", "versions", "new")
    static let version = RoutePath("policies", ":policyID", "versions", ":versionID")
    static let publish = RoutePath("policies", ":policyID", "versions", ":versionID", "publish")
    static let discard = RoutePath("policies", ":policyID", "versions", ":versionID", "discard")
    static let questions = RoutePath("policies", ":policyID", "versions", ":versionID", "questions")
    static let links = RoutePath("policies", ":policyID", "links")
    static let publicPolicy = RoutePath("p", ":school", ":policy")
    static let link = RoutePath("policy-link")

    static let apiList = RoutePath("api", "v1", "policies")
    static let apiShow = RoutePath("api", "v1", "policies", ":policyID")
    static let apiAcknowledgements = RoutePath("api", "v1", "policies", ":policyID", "acknowledgements")
    static let apiCoverage = RoutePath("api", "v1", "policies", ":policyID", "coverage")
}
