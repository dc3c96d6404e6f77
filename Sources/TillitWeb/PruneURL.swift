import Foundation

/// Links to Prune's pages, made from their ``Route``s.
enum PruneURL {
    static func requirements(_ slug: String) -> String { Route.requirements.path(slug) }
    static func requirementNew(_ slug: String) -> String { Route.requirementNew.path(slug) }
    static func requirement(_ slug: String, _ id: Int64) -> String { Route.requirement.path(slug, id) }
    static func requirementEdit(_ slug: String, _ id: Int64) -> String { Route.requirementEdit.path(slug, id) }
    static func requirementAssess(_ slug: String, _ id: Int64) -> String { Route.requirementAssess.path(slug, id) }
    static func requirementDecide(_ slug: String, _ id: Int64) -> String { Route.requirementDecide.path(slug, id) }
    static func requirementReview(_ slug: String, _ id: Int64) -> String { Route.requirementReview.path(slug, id) }
    static func requirementsCSV(_ slug: String) -> String { Route.requirementsCSV.path(slug) }
    static func requirementsImport(_ slug: String) -> String { Route.requirementsImport.path(slug) }
    static func overview(_ slug: String) -> String { Route.requirementsOverview.path(slug) }
    /// A requirement by its id alone (for notices, which know no organisation); it leads to its page.
    static func requirementByID(_ id: Int64) -> String { Route.requirementByID.path(id) }
    static func unitBurden(_ slug: String, _ unit: Int64) -> String { Route.unitRequirements.path(slug, unit) }
}
