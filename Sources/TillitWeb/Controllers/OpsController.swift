import Foundation
import Hummingbird
import Metrics
import Prometheus
import TillitPlatform
import TillitStorage

/// Health, readiness, metrics and static assets.
struct OpsController: Sendable {
    let database: any Database
    let registry: PrometheusCollectorRegistry
    let stylesheet: ByteBuffer
    let openAPI: ByteBuffer

    func register(on router: RouteRegistry) {
        router.get(Route.healthz) { @Sendable _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get(Route.readyz, use: ready)
        router.get(Route.metrics, use: metrics)
        router.get(Route.stylesheet) { @Sendable _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: stylesheet))
        }
        router.get(Route.openAPI) { @Sendable _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=300"],
                     body: .init(byteBuffer: openAPI))
        }
    }

    /// 200 when the database answers within 1.5 s, 503 otherwise: a load balancer's health check
    /// gets its answer in time whatever the pool is doing.
    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        if await database.isReady(within: .milliseconds(1500)) {
            return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
        }
        context.logger.warning("readiness check failed")
        return Response(status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "5"],
                        body: .init(byteBuffer: ByteBuffer(string: "database unavailable\n")))
    }

    /// Prometheus text format: requests by route and status, latencies (from Hummingbird's
    /// MetricsMiddleware), and the database pool.
    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let status = await database.poolStatus()
        registry.makeGauge(name: "tillit_db_pool_readers_idle", help: "Idle reader connections").set(Double(status.readersIdle))
        registry.makeGauge(name: "tillit_db_pool_readers_total", help: "Reader connections").set(Double(status.readersTotal))
        registry.makeGauge(name: "tillit_db_pool_waiting", help: "Requests waiting for a connection").set(Double(status.waiting))
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
}

/// Metrics go to one Prometheus registry per process (the metrics system can be bootstrapped once).
enum MetricsSetup {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
