import Testing
@testable import TillitWeb

@Suite("Server memory")
struct ServerMemoryTests {
    #if os(Linux)
    @Test("the allocator takes the server's settings, unless the operator chose their own")
    func settings() {
        #expect(ServerMemory.keepFreedMemory(environment: [:]))
        #expect(!ServerMemory.keepFreedMemory(environment: ["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=1048576"]))
        #expect(!ServerMemory.keepFreedMemory(environment: ["MALLOC_TRIM_THRESHOLD_": "1048576"]))
    }
    #endif
}
