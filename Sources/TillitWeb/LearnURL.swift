import Foundation

/// Links to Learn's pilots, report series, attachments, problem reports and open data, made from
/// their ``Route``s.
enum LearnURL {
    static let pilots = Route.pilots.path()
    static let pilotNew = Route.pilotNew.path()
    static func pilot(_ id: Int64) -> String { Route.pilot.path(id) }
    static func pilotEdit(_ id: Int64) -> String { Route.pilotEdit.path(id) }
    static func pilotLog(_ id: Int64) -> String { Route.pilotLog.path(id) }
    static func pilotLogVisibility(_ id: Int64, _ entry: Int64) -> String { Route.pilotLogVisibility.path(id, entry) }
    static let reports = Route.reports.path()
    static let reportNew = Route.reportNew.path()
    static func report(_ reference: String) -> String { Route.report.path(reference) }
    static func reportEdit(_ reference: String) -> String { Route.reportEdit.path(reference) }
    static func reportPublish(_ reference: String) -> String { Route.reportPublish.path(reference) }
    static func reportPDF(_ reference: String) -> String { Route.reportPDF.path(reference) }
    static func reportCitation(_ reference: String, format: String, chapter: Int? = nil) -> String {
        Route.reportCitation.path(reference, format) + (chapter.map { "?kapitel=\($0)" } ?? "")
    }
    static func exampleAttachments(_ id: Int64) -> String { Route.exampleAttachments.path(id) }
    static func exampleAttachmentRemove(_ id: Int64, _ attachment: Int64) -> String { Route.exampleAttachmentRemove.path(id, attachment) }
    static func attachment(_ id: Int64, name: String) -> String { Route.attachment.path(String(id), name) }
    static func exampleProblem(_ id: Int64) -> String { Route.exampleProblem.path(id) }
    static func exampleProblemThanks(_ id: Int64) -> String { Route.exampleProblemThanks.path(id) }
    static let problems = Route.problems.path()
    static func problemHandle(_ id: Int64) -> String { Route.problemHandle.path(id) }
    static let examplesFeed = Route.examplesFeed.path()
    static let reportsFeed = Route.reportsFeed.path()
    static let openData = Route.openData.path()
    static let exportJSONL = Route.exportJSONL.path()
    static let exportCSV = Route.exportCSV.path()
    static let sitemap = Route.sitemap.path()
}
