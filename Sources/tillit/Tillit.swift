import ArgumentParser
import Foundation
import ServiceLifecycle
import Hummingbird
import Logging
import TillitFollowUp
import TillitLearn
import TillitPlatform
import TillitPrune
import TillitStorage
import TillitWeb

@main
struct TillitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tillit",
        abstract: "Tillit – an open platform for trust-based governance in the public sector.",
        subcommands: [Serve.self, Migrate.self, UserCommand.self, TokenCommand.self, ImportCommand.self, Backup.self, Check.self, Notify.self])
}

/// Options every command that touches the data shares.
struct DataOptions: ParsableArguments {
    @Option(help: "Directory for the SQLite database and local files (default ./tillit-data; env TILLIT_DATA_DIR).")
    var dataDir: String?

    @Option(help: "PostgreSQL URL, postgres://user:password@host:port/database (env TILLIT_DATABASE_URL).")
    var databaseURL: String?

    func config(host: String? = nil, port: Int? = nil, demo: Bool? = nil) throws -> AppConfig {
        do {
            return try AppConfig.load(.init(host: host, port: port, dataDirectory: dataDir, databaseURL: databaseURL, demo: demo))
        } catch let error as AppConfig.Invalid {
            throw ValidationError(error.description)
        }
    }
}

/// Runs `body` with the configured database open and migrated, then closes it.
func withDatabase<T: Sendable>(_ config: AppConfig, _ body: @Sendable @escaping (any Database, Platform) async throws -> T) async throws -> T {
    var logger = Logger(label: "tillit")
    logger.logLevel = .warning
    let database = try await TillitStorage.openDatabase(config.databaseLocation, readers: 1, logger: logger)
    let migrationLogger = logger
    return try await withRunningDatabase(database) { database in
        try await Migrator(Tillit.migrations, logger: migrationLogger).migrate(database)
        return try await body(database, try Tillit.platform(database, config: config, logger: migrationLogger))
    }
}

/// A logger for commands: warnings and errors only.
func quietLogger() -> Logger {
    var logger = Logger(label: "tillit")
    logger.logLevel = .warning
    return logger
}

/// Prints an error the way a person wants to read it and exits non-zero.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    Foundation.exit(1)
}

func describe(_ error: any Error) -> String {
    if let error = error as? AppError {
        let fields = error.fieldErrors.map { "\($0.field): \($0.message.text(.en))" }
        return ([error.message.text(.en)] + fields).joined(separator: "\n  ")
    }
    return String(describing: error)
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server.")

    @Option(help: "Address to listen on (default 127.0.0.1; env TILLIT_HOST).") var host: String?
    @Option(help: "Port to listen on (default 8080; env TILLIT_PORT).") var port: Int?
    @Flag(help: "Load a fictional municipality into an empty database and print its sign-in details.") var demo = false
    @OptionGroup var data: DataOptions

    func run() async throws {
        let config = try data.config(host: host, port: port, demo: demo ? true : nil)
        if ProcessInfo.processInfo.environment["TILLIT_LOG_FORMAT"] == "json" {
            LoggingSystem.bootstrap(JSONLogHandler.init)
        }
        ServerMemory.keepFreedMemory()
        let app = try await Tillit.buildApplication(config)
        print("Tillit listens on http://\(config.host):\(config.port)")
        // SIGTERM stops accepting connections and lets requests in flight finish (each waits for
        // the database for a bounded time); whatever is still running after 7 s is cancelled, and
        // a task that ignores cancellation for 2 s more ends the process. A deploy never waits
        // longer than 10 s for an instance to go.
        var group = ServiceGroupConfiguration(services: [.init(service: app)], logger: app.logger)
        group.gracefulShutdownSignals = [.sigterm, .sigint]
        group.maximumGracefulShutdownDuration = .seconds(7)
        group.maximumCancellationDuration = .seconds(2)
        try await ServiceGroup(configuration: group).run()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date, then exit.")
    @OptionGroup var data: DataOptions

    func run() async throws {
        let config = try data.config()
        let logger = quietLogger()
        let database = try await TillitStorage.openDatabase(config.databaseLocation, readers: 1, logger: logger)
        let applied = try await withRunningDatabase(database) { database in
            try await Migrator(Tillit.migrations, logger: logger).migrate(database)
        }
        print(applied.isEmpty ? "The database is up to date." : "Applied \(applied.count) migrations:\n" + applied.map { "  " + $0 }.joined(separator: "\n"))
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage accounts.", subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account. Without --password-stdin, prints a one-time invitation link instead.",
            discussion: "Roles: medarbetare and chef need --unit; styrelse, forskare, redaktor and administrator need --org; systemadministrator needs neither.")

        @Option(help: "Email address.") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Role: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "Organisation short name (slug), for roles scoped to an organisation or a unit.") var org: String?
        @Option(help: "Unit id, or external id from the HR import, for medarbetare and chef.") var unit: String?
        @Flag(help: "Read the password from standard input instead of sending an invitation.") var passwordStdin = false
        @OptionGroup var data: DataOptions

        func run() async throws {
            let config = try data.config()
            guard let role = Role(rawValue: role) else {
                throw ValidationError("unknown role \"\(role)\"; use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let password = passwordStdin ? readLine(strippingNewline: true) : nil
            let (org, unit, email, name) = (self.org, self.unit, self.email, self.name)
            do {
                let (user, invitation) = try await withDatabase(config) { _, platform in
                    let actor = Actor.commandLine("user create")
                    var grant = RoleGrant(role: .systemadministrator, organisationID: nil, unitID: nil)
                    if role.scope != .instance {
                        guard let org else { throw ValidationError("--org is required for the role \(role.rawValue)") }
                        let organisation: Organisation
                        do { organisation = try await platform.organisation(slug: org) } catch { throw ValidationError("no organisation with the short name \(org)") }
                        var unitID: String?
                        if role.scope == .unit {
                            guard let unit else { throw ValidationError("--unit is required for the role \(role.rawValue)") }
                            let tree = try await platform.unitTree(organisationID: organisation.id)
                            guard let found = tree.units.values.first(where: { String($0.id) == unit || $0.externalID == unit }) else {
                                throw ValidationError("no unit \(unit) in \(org)")
                            }
                            unitID = String(found.id)
                        }
                        grant = try await platform.makeGrant(role: role.rawValue, organisationID: organisation.id, unitID: unitID)
                    }
                    return try await platform.createPerson(actor: actor, .init(email: email, name: name, password: password, grants: [grant]))
                }
                print("Created account \(user.id) for \(user.email).")
                if let invitation {
                    print("Invitation link (valid seven days, works once):\n\(config.publicURL)/inbjudan/\(invitation)")
                }
            } catch let error as ValidationError {
                throw error
            } catch {
                fail(describe(error))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every account with its units and roles.")
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var data: DataOptions

        struct Entry: Encodable {
            let id: Int64
            let email: String
            let name: String
            let status: String
            let units: [UnitEntry]
            let roles: [RoleEntry]
        }
        struct UnitEntry: Encodable { let id: Int64; let name: String; let organisation: String }
        struct RoleEntry: Encodable { let role: String; let organisation: String?; let unit_id: Int64? }

        func run() async throws {
            let config = try data.config()
            let entries = try await withDatabase(config) { _, platform in
                let people = try await platform.allPeople()
                var organisations: [Int64: Organisation] = [:]
                for organisation in try await platform.allOrganisations() { organisations[organisation.id] = organisation }
                var trees: [Int64: UnitTree] = [:]
                for id in organisations.keys { trees[id] = try await platform.unitTree(organisationID: id) }
                return people.map { person in
                    Entry(
                        id: person.user.id, email: person.user.email, name: person.user.name,
                        status: person.user.disabledAt != nil ? "disabled" : person.user.hasPassword ? "active" : "invited",
                        units: person.grants.compactMap { grant in
                            guard let unitID = grant.unitID, let org = grant.organisationID, let unit = trees[org]?[unitID] else { return nil }
                            return UnitEntry(id: unit.id, name: unit.name, organisation: organisations[org]?.slug ?? "")
                        },
                        roles: person.grants.map { RoleEntry(role: $0.role.rawValue, organisation: $0.organisationID.flatMap { organisations[$0]?.slug }, unit_id: $0.unitID) })
                }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            } else {
                for entry in entries {
                    print("\(entry.email)\t\(entry.name)\t\(entry.status)\t\(entry.roles.map { $0.role + ($0.organisation.map { "@" + $0 } ?? "") }.joined(separator: ","))")
                }
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for an account and print it (once; only its hash is stored).")
        @Option(help: "The account's email address.") var user: String
        @Option(help: "What the token is for.") var name = "integration"
        @OptionGroup var data: DataOptions

        func run() async throws {
            let config = try data.config()
            let (email, name) = (user, self.name)
            do {
                let token = try await withDatabase(config) { _, platform in
                    guard let user = try await platform.user(email: email) else { throw AppError(.notFound, code: "user", message: PlatformText.userNotFound(email)) }
                    return try await platform.createToken(actor: .commandLine("token create"), userID: user.id, name: name)
                }
                print(token)
            } catch {
                fail(describe(error))
            }
        }
    }
}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import data from files.", subcommands: [Units.self, Examples.self, Requirements.self, QuestionnaireFileCommand.self])

    struct Units: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import or update an organisation's unit tree from CSV (columns id,parent_id,name,kind).",
            discussion: "All or nothing: every problem is listed with its line number and nothing is written. Importing a changed file renames, moves and closes units to match it.")
        @Argument(help: "The CSV file (UTF-8).") var file: String
        @Option(help: "The organisation's short name.") var org: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            let config = try data.config()
            guard let csv = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
            let slug = org
            do {
                let report = try await withDatabase(config) { _, platform in
                    let organisation: Organisation
                    do { organisation = try await platform.organisation(slug: slug) } catch { throw AppError(.notFound, code: "org", message: PlatformText.organisationNotFound(slug)) }
                    return try await platform.importUnits(actor: .commandLine("import units"), organisationID: organisation.id, csv: csv)
                }
                print(report.isEmpty ? "No changes: the tree already matches the file." :
                    "Imported: \(report.created) created, \(report.renamed) renamed, \(report.moved) moved, \(report.kindChanged) changed kind, \(report.closed) closed, \(report.reopened) reopened.")
            } catch let failure as ImportFailure {
                fail("\(file): \(failure.problems.count) problems; nothing was imported.\n" + failure.problems.map { "  " + $0.text(.en) }.joined(separator: "\n"))
            } catch {
                fail(describe(error))
            }
        }
    }
}

extension ImportCommand {
    struct Examples: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import published knowledge-bank examples from JSON Lines.",
            discussion: """
                One JSON object per line with ext_id, title, summary, body, sectors, principles, organisation, org_kind, year_start, \
                year_end, tags, results (and optionally lessons, unit, contact_name, contact_role, contact_email, links). \
                All or nothing: every bad line is listed with its number and nothing is written. An ext_id seen before updates \
                that example; an organisation that does not exist yet is created (of org_kind, else annan) and reported.
                """)
        @Argument(help: "The JSON Lines file (UTF-8).") var file: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            let config = try data.config()
            guard let contents = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
            do {
                let report = try await withDatabase(config) { _, platform in
                    try await Knowledge(platform: platform).importExamples(actor: .commandLine("import examples"), jsonl: contents)
                }
                print("Imported: \(report.created) created, \(report.updated) updated.")
                for name in report.newOrganisations { print("New organisation: \(name)") }
            } catch let error as AppError where !error.fieldErrors.isEmpty {
                fail("\(file): \(error.fieldErrors.count) problems; nothing was imported.\n"
                     + error.fieldErrors.map { "  \($0.field): \($0.message.text(.en))" }.joined(separator: "\n"))
            } catch {
                fail(describe(error))
            }
        }
    }
}

extension ImportCommand {
    struct QuestionnaireFileCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "questionnaire",
            abstract: "Import a survey questionnaire from YAML or JSON for an organisation.",
            discussion: """
                The file gives key, version, title (sv and en), scale (five labelled steps and a "don't know" label), \
                dimensions and items (likert, choice or text). All or nothing: every problem is listed with its line and \
                nothing is written. A version already used by a round never changes: give the file a new version.
                """)
        @Argument(help: "The questionnaire file (UTF-8, YAML or JSON).") var file: String
        @Option(help: "The organisation's short name.") var org: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            let config = try data.config()
            guard let contents = FileManager.default.contents(atPath: file), let source = String(data: contents, encoding: .utf8) else { fail("cannot read \(file)") }
            let slug = org
            do {
                let stored = try await withDatabase(config) { _, platform in
                    let organisation: Organisation
                    do { organisation = try await platform.organisation(slug: slug) } catch { throw AppError(.notFound, code: "org", message: PlatformText.organisationNotFound(slug)) }
                    return try await FollowUp(platform: platform).importQuestionnaire(actor: .commandLine("import questionnaire"), organisationID: organisation.id, source: source)
                }
                print("Imported \(stored.questionnaire.key) version \(stored.questionnaire.version) (id \(stored.id)): \(stored.questionnaire.items.count) items.")
            } catch let error as AppError where !error.fieldErrors.isEmpty {
                fail("\(file): \(error.fieldErrors.count) problems; nothing was imported.\n"
                     + error.fieldErrors.map { "  " + $0.message.text(.en) }.joined(separator: "\n"))
            } catch {
                fail(describe(error))
            }
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the SQLite database to FILE, while the server keeps running.",
        discussion: "For PostgreSQL, use pg_dump.")
    @Argument(help: "Where to write the copy (must not exist).") var file: String
    @OptionGroup var data: DataOptions

    func run() async throws {
        let config = try data.config()
        guard case .sqlite(let path) = config.databaseLocation else { fail("tillit backup copies SQLite databases; for PostgreSQL use pg_dump") }
        guard FileManager.default.fileExists(atPath: path) else { fail("no database at \(path)") }
        guard !FileManager.default.fileExists(atPath: file) else { fail("\(file) already exists") }
        let destination = (file as NSString).isAbsolutePath ? file : FileManager.default.currentDirectoryPath + "/" + file
        var logger = Logger(label: "tillit")
        logger.logLevel = .warning
        let database = try await SQLiteDatabase.open(path: path, readers: 1, logger: logger)
        do {
            try await database.backup(to: destination)
            await database.shutdown()
        } catch {
            await database.shutdown()
            fail("backup failed: \(error)")
        }
        print("Backup written to \(destination)")
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check the database: integrity, foreign keys and pending migrations.")
    @OptionGroup var data: DataOptions

    func run() async throws {
        let config = try data.config()
        let logger = quietLogger()
        let database = try await TillitStorage.openDatabase(config.databaseLocation, readers: 1, logger: logger)
        let problems = try await withRunningDatabase(database) { database in
            var problems: [String] = []
            let pending = try await Migrator(Tillit.migrations, logger: logger).pending(database)
            if !pending.isEmpty { problems.append("\(pending.count) migrations not applied (run tillit migrate): \(pending.joined(separator: ", "))") }
            problems += try await IntegrityCheck.run(database)
            return problems
        }
        if problems.isEmpty {
            print("ok: the database is consistent")
        } else {
            fail(problems.joined(separator: "\n"))
        }
    }
}

struct Notify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the notification job once: tell the next level about overdue signals, send due mail, and the daily digest once its hour has come.",
        discussion: "`tillit serve` runs this every minute by itself (TILLIT_NOTIFY_INTERVAL). Each run is claimed in the database, so running it beside a server never sends anything twice.")
    @OptionGroup var data: DataOptions
    @Flag(help: "Send today's digest now, even before its hour (once per day).")
    var digest = false

    func run() async throws {
        let config = try data.config()
        let digestNow = digest
        let reports = try await withDatabase(config) { _, platform in
            try await Tillit.runNotifications(platform, config: config, digestNow: digestNow, logger: quietLogger())
        }
        for (index, report) in reports.enumerated() {
            let name = index == 0 ? "immediate" : "digest"
            print(report.claimed ? "\(name): \(report.mails) mails, \(report.notices) notices, \(report.failures) failed" : "\(name): already run")
        }
    }
}

extension ImportCommand {
    struct Requirements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "requirements",
            abstract: "Import a requirement list into an organisation's inventory from CSV.",
            discussion: """
                Columns: name, description, type, issuer, legal_reference, purpose, units (unit ids or external ids, separated by \
                semicolons), roles, frequency, cases_per_year, minutes, population; the inventory's own CSV export imports as it is. \
                All or nothing: every problem is listed with its line number and nothing is written.
                """)
        @Argument(help: "The CSV file (UTF-8).") var file: String
        @Option(help: "The organisation's short name.") var org: String
        @OptionGroup var data: DataOptions

        func run() async throws {
            let config = try data.config()
            guard let csv = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
            let slug = org
            do {
                let count = try await withDatabase(config) { _, platform in
                    let organisation: Organisation
                    do { organisation = try await platform.organisation(slug: slug) } catch { throw AppError(.notFound, code: "org", message: PlatformText.organisationNotFound(slug)) }
                    return try await TillitPrune.Requirements(platform: platform).importCSV(actor: .commandLine("import requirements"), organisationID: organisation.id, data: csv)
                }
                print("Imported requirements: \(count).")
            } catch let error as AppError where !error.fieldErrors.isEmpty {
                fail("\(file): \(error.fieldErrors.count) problems; nothing was imported.\n"
                     + error.fieldErrors.map { "  \($0.message.text(.en))" }.joined(separator: "\n"))
            } catch {
                fail(describe(error))
            }
        }
    }
}
