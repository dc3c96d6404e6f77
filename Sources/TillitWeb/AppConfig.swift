import Foundation
import TillitPlatform
import TillitStorage

/// Tillit's configuration, typed and read in one place: command-line options first, then
/// `TILLIT_*` environment variables, then defaults.
public struct AppConfig: Sendable {
    public var host: String
    public var port: Int
    /// Where the SQLite file, mail folder and other local data live.
    public var dataDirectory: String
    /// A `postgres://` URL; when set, PostgreSQL is used instead of SQLite.
    public var databaseURL: String?
    /// Load the demo organisation into an empty database.
    public var demo: Bool
    /// bcrypt's cost factor.
    public var passwordCost: UInt8
    /// SQLite reader connections.
    public var readers: Int
    /// The address people use to reach Tillit, for links in mail (e.g. https://tillit.kommun.se).
    public var publicURL: String
    /// Largest request body accepted, in bytes.
    public var maxBodySize: Int
    /// The platform's SMTP relay (host, port, sender) for mail of organisations without their own;
    /// without a host, mail is written to the data directory's `mail` folder.
    public var smtpHost: String?
    public var smtpPort: Int = 25
    public var smtpFrom: String = "tillit@localhost"
    /// How the platform's relay is reached (`TILLIT_SMTP_SECURITY`: `none`, the default for an
    /// internal relay, `starttls` or `tls`) and with which login (`TILLIT_SMTP_USER`, `TILLIT_SMTP_PASSWORD`).
    public var smtpSecurity: SMTPSecurity = .none
    public var smtpUser: String?
    public var smtpPassword: String?
    /// Certificate authorities trusted for every relay besides the system's (`TILLIT_SMTP_CA_FILE`,
    /// PEM), and whether the platform's relay's certificate is checked (`TILLIT_SMTP_VERIFY=0`: not).
    public var smtpCAFile: String?
    public var smtpVerify = true
    /// The key write-only settings are encrypted with (`TILLIT_SECRET_KEY`, 32 bytes in base64);
    /// unset, the data directory's `secret.key` (made on first use).
    public var secretKey: String?
    /// Whether an organisation's identity provider may be plain http (`TILLIT_OIDC_ALLOW_HTTP=1`:
    /// for a provider on this machine in tests, never in production) or on an internal network
    /// (`TILLIT_OIDC_ALLOW_PRIVATE=1`: an AD FS or Keycloak inside the organisation's own network).
    public var oidcAllowHTTP = false
    public var oidcAllowPrivate = false
    /// Write-only settings given by the environment (`TILLIT_SECRET_<ORG>_<SETTING>` as found).
    public var secretEnvironment: [String: String] = [:]
    /// Seconds between runs of the notification job (overdue signals, immediate mail, the daily
    /// digest); 0 turns it off in this instance.
    public var notifyInterval: Int = 60
    /// The hour (Swedish time) after which the daily digest goes out.
    public var digestHour: Int = 7
    /// A directory for attachments that every instance mounts; unset, they are kept in the database.
    public var attachmentDirectory: String?
    /// Proxies whose `X-Forwarded-For` names the client (`TILLIT_TRUSTED_PROXIES`).
    public var trustedProxies = TrustedProxies.none
    /// Whether organisations may point mail at loopback, link-local and private addresses
    /// (`TILLIT_SMTP_ALLOW_PRIVATE=1`, for a relay inside the organisation's own network).
    public var allowPrivateSMTP = false
    /// How long a request waits for a database connection (then 503), and PostgreSQL's pool size.
    public var databaseLimits = DatabaseLimits()
    /// How many rendered public pages are kept until the database changes (`TILLIT_KEPT_PAGES`;
    /// 0: none). On SQLite only.
    public var keptPages = 512

    /// Values given on the command line; nil means "not given".
    public struct Overrides: Sendable {
        public var host: String?
        public var port: Int?
        public var dataDirectory: String?
        public var databaseURL: String?
        public var demo: Bool?
        public init(host: String? = nil, port: Int? = nil, dataDirectory: String? = nil, databaseURL: String? = nil, demo: Bool? = nil) {
            self.host = host
            self.port = port
            self.dataDirectory = dataDirectory
            self.databaseURL = databaseURL
            self.demo = demo
        }
    }

    /// Problems in the configuration, reported before anything starts.
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Resolves the configuration from command-line `overrides`, then `environment`, then defaults.
    public static func load(_ overrides: Overrides = Overrides(), environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        func env(_ key: String) -> String? {
            guard let value = environment["TILLIT_" + key], !value.isEmpty else { return nil }
            return value
        }
        func int(_ key: String) throws -> Int? {
            guard let raw = env(key) else { return nil }
            guard let value = Int(raw) else { throw Invalid(description: "TILLIT_\(key) must be a whole number, got \"\(raw)\"") }
            return value
        }
        let port = try overrides.port ?? int("PORT") ?? 8080
        guard (1...65535).contains(port) else { throw Invalid(description: "port must be between 1 and 65535, got \(port)") }
        let host = overrides.host ?? env("HOST") ?? "127.0.0.1"
        let cost = try int("PASSWORD_COST") ?? 12
        guard (4...16).contains(cost) else { throw Invalid(description: "TILLIT_PASSWORD_COST must be between 4 and 16") }
        let databaseURL = overrides.databaseURL ?? env("DATABASE_URL")
        if let databaseURL, !(databaseURL.hasPrefix("postgres://") || databaseURL.hasPrefix("postgresql://")) {
            throw Invalid(description: "TILLIT_DATABASE_URL must start with postgres://")
        }
        let smtpPort = try int("SMTP_PORT") ?? 25
        guard (1...65535).contains(smtpPort) else { throw Invalid(description: "TILLIT_SMTP_PORT must be between 1 and 65535") }
        let notifyInterval = try int("NOTIFY_INTERVAL") ?? 60
        guard notifyInterval >= 0 else { throw Invalid(description: "TILLIT_NOTIFY_INTERVAL must be 0 (off) or more seconds") }
        let digestHour = try int("DIGEST_HOUR") ?? 7
        guard (0...23).contains(digestHour) else { throw Invalid(description: "TILLIT_DIGEST_HOUR must be between 0 and 23") }
        let waitMilliseconds = try int("DB_WAIT_MS") ?? 5000
        guard (100...60_000).contains(waitMilliseconds) else { throw Invalid(description: "TILLIT_DB_WAIT_MS must be between 100 and 60000") }
        let poolSize = try int("DB_POOL_SIZE") ?? 20
        guard (2...500).contains(poolSize) else { throw Invalid(description: "TILLIT_DB_POOL_SIZE must be between 2 and 500") }
        var config = AppConfig(
            host: host,
            port: port,
            dataDirectory: overrides.dataDirectory ?? env("DATA_DIR") ?? "./tillit-data",
            databaseURL: databaseURL,
            demo: overrides.demo ?? (env("DEMO") == "1"),
            passwordCost: UInt8(cost),
            readers: try int("DB_READERS") ?? 4,
            publicURL: env("PUBLIC_URL") ?? "http://\(host == "0.0.0.0" ? "localhost" : host):\(port)",
            maxBodySize: try int("MAX_BODY_BYTES") ?? 1_048_576,
            smtpHost: env("SMTP_HOST"),
            smtpPort: smtpPort,
            smtpFrom: env("SMTP_FROM") ?? "tillit@localhost",
            notifyInterval: notifyInterval,
            digestHour: digestHour,
            attachmentDirectory: env("ATTACHMENT_DIR"))
        switch TrustedProxies.parse(env("TRUSTED_PROXIES") ?? "") {
        case .success(let proxies): config.trustedProxies = proxies
        case .failure(let bad): throw Invalid(description: "TILLIT_TRUSTED_PROXIES: \"\(bad.entry)\" is not an address or network (e.g. 10.0.0.5, 10.1.0.0/16)")
        }
        config.allowPrivateSMTP = env("SMTP_ALLOW_PRIVATE") == "1"
        let keptPages = try int("KEPT_PAGES") ?? 512
        guard (0...100_000).contains(keptPages) else { throw Invalid(description: "TILLIT_KEPT_PAGES must be between 0 and 100000") }
        config.keptPages = keptPages
        if let raw = env("SMTP_SECURITY") {
            guard let security = SMTPSecurity(rawValue: raw) else { throw Invalid(description: "TILLIT_SMTP_SECURITY must be none, starttls or tls") }
            config.smtpSecurity = security
        }
        config.smtpUser = env("SMTP_USER")
        config.smtpPassword = env("SMTP_PASSWORD")
        if config.smtpUser != nil, config.smtpSecurity == .none {
            throw Invalid(description: "TILLIT_SMTP_USER needs TILLIT_SMTP_SECURITY=starttls or tls: a password is never sent unencrypted")
        }
        config.smtpCAFile = env("SMTP_CA_FILE")
        if let caFile = config.smtpCAFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw Invalid(description: "TILLIT_SMTP_CA_FILE: cannot read \(caFile)")
        }
        config.smtpVerify = env("SMTP_VERIFY") != "0"
        config.oidcAllowHTTP = env("OIDC_ALLOW_HTTP") == "1"
        config.oidcAllowPrivate = env("OIDC_ALLOW_PRIVATE") == "1"
        config.secretKey = env("SECRET_KEY")
        config.secretEnvironment = environment.filter { $0.key.hasPrefix("TILLIT_SECRET_") && $0.key != "TILLIT_SECRET_KEY" }
        config.databaseLimits = DatabaseLimits(leaseTimeout: .milliseconds(waitMilliseconds), maximumConnections: poolSize)
        return config
    }

    /// Where the data lives, as the storage layer wants it.
    public var databaseLocation: DatabaseLocation {
        if let databaseURL { return .postgres(url: databaseURL) }
        return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("tillit.sqlite"))
    }

    /// The file the key for write-only settings is kept in when `TILLIT_SECRET_KEY` is not set.
    public var secretKeyFile: String {
        (dataDirectory as NSString).appendingPathComponent("secret.key")
    }

    /// The folder outgoing mail is written to when no SMTP server is configured.
    public var mailDirectory: String {
        (dataDirectory as NSString).appendingPathComponent("mail")
    }
}
