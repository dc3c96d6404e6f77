import Foundation
import TillitMemory

/// How the server's memory allocator gives memory back to the system.
///
/// By default glibc hands the free top of each thread's heap back to the system (`madvise`) as soon
/// as more than 128 KiB of it is free, and the next request faults the same pages in again. A page
/// builds and drops a few hundred KiB (SQLite's sorters and result rows, the page itself), so under
/// load a server spent about a tenth of its time on that round trip and on the processor-wide TLB
/// flushes it causes. The server keeps up to `trimThreshold` free at each heap's top instead; what a
/// busy hour used stays for the next one, and the peak is bounded as before by what requests use.
public enum ServerMemory {
    /// Free memory kept at a heap's top before any goes back to the system.
    public static let trimThreshold: Int32 = 256 << 20
    /// Extra asked of the system whenever a heap grows, so it grows seldom.
    public static let topPad: Int32 = 16 << 20
    /// Blocks from this size get their own mapping. Setting the trim threshold stops glibc from
    /// raising this threshold by itself, so it is set to where glibc would raise it.
    public static let mmapThreshold: Int32 = 32 << 20

    /// Applies the settings above, unless the operator chose their own (`GLIBC_TUNABLES` or a
    /// `MALLOC_…_` variable). Returns whether the allocator took them.
    @discardableResult
    public static func keepFreedMemory(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if environment.keys.contains(where: { $0 == "GLIBC_TUNABLES" || ($0.hasPrefix("MALLOC_") && $0.hasSuffix("_")) }) {
            return false
        }
        return tillit_keep_freed_memory(trimThreshold, topPad, mmapThreshold) == 1
    }
}
