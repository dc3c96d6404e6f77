import Foundation
import Hummingbird
import Logging
import Metrics
import TillitLearn
import TillitPlatform
import TillitSignOn
import TillitListen
import TillitStorage

/// Everything Tillit is made of, assembled in one place for `tillit serve`, the other commands
/// and every test.
public enum Tillit {
    /// Every module's migrations, in order.
    public static var migrations: [Migration] {
        modules.flatMap(\.migrations)
    }

    /// Every module's organisation settings.
    public static func settings(_ config: AppConfig) -> [SettingDefinition] {
        modules.flatMap { $0.settings(config) }
    }

    /// Opens the configured database and brings its schema up to date.
    public static func openDatabase(_ config: AppConfig, logger: Logger) async throws -> any Database {
        let database = try await TillitStorage.openDatabase(config.databaseLocation, readers: config.readers, limits: config.databaseLimits, logger: logger)
        do {
            if database.kind == .postgres {
                // PostgresClient needs its run loop before it can hand out connections; migrations
                // happen in `buildApplication`'s start-up task instead.
                return database
            }
            try await Migrator(migrations, logger: logger).migrate(database)
            return database
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// The platform services over `database`, with the key for write-only settings (which may
    /// have to be made: see ``SecretBox/load(environmentKey:keyFile:)``).
    public static func platform(_ database: any Database, config: AppConfig, clock: AppClock = .system, logger: Logger) throws -> Platform {
        let settings = settings(config)
        let box = try SecretBox.load(environmentKey: config.secretKey, keyFile: config.secretKeyFile)
        let secrets = SettingSecrets(box: box, given: SettingSecrets.given(in: config.secretEnvironment, definitions: settings))
        return Platform(database: database, clock: clock, passwords: PasswordHasher(cost: config.passwordCost), settings: settings, secrets: secrets, logger: logger)
    }

    /// Builds the web application: routes, middleware, and the database as a service.
    ///
    /// - Parameters:
    ///   - database: an already open database (tests pass a fresh one); nil opens the configured one.
    ///   - mailer: where mail goes; nil writes it into the data directory's `mail` folder.
    ///   - platform: the platform services over `database` (tests share theirs); nil makes them.
    public static func buildApplication(
        _ config: AppConfig,
        database givenDatabase: (any Database)? = nil,
        clock: AppClock = .system,
        mailer: (any Mailer)? = nil,
        logger: Logger? = nil,
        platform givenPlatform: Platform? = nil
    ) async throws -> some ApplicationProtocol {
        var configuredLogger = logger ?? Logger(label: "tillit")
        if let level = ProcessInfo.processInfo.environment["TILLIT_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) { configuredLogger.logLevel = level }
        let logger = configuredLogger
        let database: any Database
        if let given = givenDatabase {
            database = given
        } else {
            database = try await openDatabase(config, logger: logger)
        }
        let platform = try givenPlatform ?? platform(database, config: config, clock: clock, logger: logger)
        let platformMailer = mailer ?? Self.platformMailer(config)
        var site = Site(platform: platform, mailer: platformMailer, publicURL: config.publicURL, demo: config.demo,
                        signOnHTTP: LiveSignOnHTTP(allowHTTP: config.oidcAllowHTTP, allowPrivate: config.oidcAllowPrivate))
        site.trustedProxies = config.trustedProxies
        site.keptPages = KeptPages(capacity: config.keptPages)
        site.attachmentStore = AttachmentStore(directory: config.attachmentDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) })
        let notifications = notificationJob(platform, config: config, mailer: platformMailer, logger: logger)

        let router = try buildRouter(site: site, database: database, maxBodySize: config.maxBodySize).router
        var app = Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [ParseErrorProblemHandler()])),
            configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Tillit"),
            // Services stop in reverse order: the server finishes its requests, then sessions
            // are written and the jobs end, and the database closes last.
            services: [database] + (config.notifyInterval > 0 ? [notifications] : [])
                + [SessionActivityJob(platform: platform, interval: .seconds(60), logger: logger)],
            logger: logger)
        if database.kind == .postgres || config.demo {
            app.beforeServerStarts {
                do {
                    if database.kind == .postgres {
                        try await Migrator(migrations, logger: logger).migrate(database)
                    }
                    if config.demo {
                        try await DemoLoader(platform: platform, logger: logger).loadIfEmpty()
                    }
                } catch {
                    // Start-up errors come from our own data and code, never from a visitor: say what failed.
                    logger.critical("start-up failed", metadata: ["error": "\(String(reflecting: error))"])
                    throw error
                }
            }
        }
        return app
    }
}

extension Tillit {
    static func notificationJob(_ platform: Platform, config: AppConfig, mailer: any Mailer, logger: Logger) -> NotificationJob {
        NotificationJob(
            signals: Signals(platform: platform),
            mailer: NotificationMailer(platform: platform, publicURL: config.publicURL, link: noticePath, digestHour: config.digestHour) { settings in
                organisationMailer(settings, fallback: mailer, config: config)
            },
            interval: config.notifyInterval, logger: logger)
    }

    /// One pass of the notification job, for `tillit notify`: overdue signals, then the immediate
    /// run, then the digest when its hour has come (or at once with `digestNow`).
    public static func runNotifications(_ platform: Platform, config: AppConfig, digestNow: Bool, logger: Logger) async throws -> [NotificationMailer.RunReport] {
        let job = notificationJob(platform, config: config, mailer: platformMailer(config), logger: logger)
        var reports = try await job.runOnce()
        if digestNow, reports.count == 1 { reports.append(try await job.mailer.run(.daily, now: platform.clock.now())) }
        return reports
    }

    /// The platform's mailer: the configured SMTP relay, else the data directory's mail folder.
    static func platformMailer(_ config: AppConfig) -> any Mailer {
        config.smtpHost.map {
            SMTPMailer(host: $0, port: config.smtpPort, from: config.smtpFrom, security: config.smtpSecurity,
                       certificateCheck: SMTPCertificateCheck(verify: config.smtpVerify, caFile: config.smtpCAFile),
                       credentials: config.smtpUser.map { SMTPCredentials(user: $0, password: config.smtpPassword ?? "") })
        } ?? FolderMailer(directory: config.mailDirectory, from: config.smtpFrom)
    }

    /// The mailer for an organisation's notices: its own SMTP relay when it has set a host and a
    /// sender, else the platform's. `settings` are read with their secrets
    /// (``Platform/settingValuesWithSecrets(organisationID:)``).
    static func organisationMailer(_ settings: [String: String], fallback: any Mailer, config: AppConfig) -> any Mailer {
        guard let host = settings["smtp_host"], !host.isEmpty, let from = settings["smtp_from"], !from.isEmpty else { return fallback }
        let user = settings["smtp_user"] ?? ""
        return SMTPMailer(host: host, port: Int(settings["smtp_port"] ?? "25") ?? 25, from: from,
                          security: SMTPSecurity(rawValue: settings["smtp_security"] ?? "") ?? .startTLS,
                          certificateCheck: SMTPCertificateCheck(verify: settings["smtp_verify_certificate"] != "nej", caFile: config.smtpCAFile),
                          credentials: user.isEmpty ? nil : SMTPCredentials(user: user, password: settings["smtp_password"] ?? ""),
                          allowInternal: config.allowPrivateSMTP)
    }

    /// The router with its middleware and every route; returns the route list too.
    static func buildRouter(site: Site, database: any Database, maxBodySize: Int) throws -> RouteRegistry {
        let router = Router(context: AppRequestContext.self)
        let quiet = QuietRoutes()
        router.add(middleware: ClientAddressMiddleware(trusted: site.trustedProxies))
        router.add(middleware: RequestRecordMiddleware(quiet: quiet))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: RequestMemoMiddleware(readExecutor: (database as? SQLiteDatabase)?.readExecutor))
        // Renders what the identity step itself throws (a database that is down or busy: 503).
        router.add(middleware: ErrorMiddleware(demo: site.demo))
        router.add(middleware: IdentityMiddleware(platform: site.platform, maxBodySize: maxBodySize, demo: site.demo, secureCookies: site.secureCookies))
        router.add(middleware: ErrorMiddleware(demo: site.demo))
        router.add(middleware: CSRFMiddleware())

        let registry = RouteRegistry(router: router, quiet: quiet)
        OpsController(database: database, registry: MetricsSetup.registry, stylesheet: try Assets.load("tillit.css"), openAPI: try Assets.load("openapi.json"))
            .register(on: registry)
        for module in modules {
            module.routes(site, registry)
        }
        return registry
    }
}

/// The files shipped with the web module.
enum Assets {
    static func load(_ name: String) throws -> ByteBuffer {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Assets") else {
            throw StorageError.notSupported("missing asset \(name)")
        }
        return ByteBuffer(bytes: try Data(contentsOf: url))
    }

    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Assets") else {
            throw StorageError.notSupported("missing asset \(name)")
        }
        return try Data(contentsOf: url)
    }
}
