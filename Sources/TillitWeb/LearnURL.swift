import Foundation

/// The paths of pilots, the report series, attachments, problem reports and open data: each used
/// both to register a route (``Template``) and to build links, as ``SiteURL`` does for the rest.
enum LearnURL {
    static let pilots = "/forsok"
    static let pilotNew = "/forsok/ny"
    static func pilot(_ id: Int64) -> String { "/forsok/\(id)" }
    static func pilotEdit(_ id: Int64) -> String { "/forsok/\(id)/redigera" }
    static func pilotLog(_ id: Int64) -> String { "/forsok/\(id)/logg" }
    static func pilotLogVisibility(_ id: Int64, _ entry: Int64) -> String { "/forsok/\(id)/logg/\(entry)/synlighet" }
    static let reports = "/rapporter"
    static let reportNew = "/rapporter/ny"
    static func report(_ reference: String) -> String { "/rapporter/\(SiteURL.segment(reference))" }
    static func reportEdit(_ reference: String) -> String { "/rapporter/\(SiteURL.segment(reference))/redigera" }
    static func reportPublish(_ reference: String) -> String { "/rapporter/\(SiteURL.segment(reference))/publicera" }
    static func reportPDF(_ reference: String) -> String { "/rapporter/\(SiteURL.segment(reference))/pdf" }
    static func reportCitation(_ reference: String, format: String, chapter: Int? = nil) -> String {
        "/rapporter/\(SiteURL.segment(reference))/citera/\(format)" + (chapter.map { "?kapitel=\($0)" } ?? "")
    }
    static func exampleAttachments(_ id: Int64) -> String { "/kunskapsbank/exempel/\(id)/bilagor" }
    static func exampleAttachmentRemove(_ id: Int64, _ attachment: Int64) -> String { "/kunskapsbank/exempel/\(id)/bilagor/\(attachment)/ta-bort" }
    static func attachment(_ id: Int64, name: String) -> String { "/bilagor/\(id)/\(SiteURL.segment(name))" }
    static func exampleProblem(_ id: Int64) -> String { "/kunskapsbank/exempel/\(id)/anmal" }
    static let problems = "/kunskapsbank/anmalningar"
    static func problemHandle(_ id: Int64) -> String { "/kunskapsbank/anmalningar/\(id)/hanterad" }
    static let examplesFeed = "/flode/exempel.atom"
    static let reportsFeed = "/flode/rapporter.atom"
    static let openData = "/oppna-data"
    static let exportJSONL = "/oppna-data/exempel.jsonl"
    static let exportCSV = "/oppna-data/exempel.csv"
    static let sitemap = "/sitemap.xml"

    enum Template {
        static let pilots = "/forsok"
        static let pilotNew = "/forsok/ny"
        static let pilot = "/forsok/:id"
        static let pilotEdit = "/forsok/:id/redigera"
        static let pilotLog = "/forsok/:id/logg"
        static let pilotLogVisibility = "/forsok/:id/logg/:entry/synlighet"
        static let reports = "/rapporter"
        static let reportNew = "/rapporter/ny"
        static let report = "/rapporter/:ref"
        static let reportEdit = "/rapporter/:ref/redigera"
        static let reportPublish = "/rapporter/:ref/publicera"
        static let reportPDF = "/rapporter/:ref/pdf"
        static let reportCitation = "/rapporter/:ref/citera/:format"
        static let exampleAttachments = "/kunskapsbank/exempel/:id/bilagor"
        static let exampleAttachmentRemove = "/kunskapsbank/exempel/:id/bilagor/:attachment/ta-bort"
        static let attachment = "/bilagor/:id/:name"
        static let exampleProblem = "/kunskapsbank/exempel/:id/anmal"
        static let problems = "/kunskapsbank/anmalningar"
        static let problemHandle = "/kunskapsbank/anmalningar/:id/hanterad"
        static let examplesFeed = "/flode/exempel.atom"
        static let reportsFeed = "/flode/rapporter.atom"
        static let openData = "/oppna-data"
        static let exportJSONL = "/oppna-data/exempel.jsonl"
        static let exportCSV = "/oppna-data/exempel.csv"
        static let sitemap = "/sitemap.xml"
    }
}
