import Testing
import TillitFormats

@Suite("Exact text keys")
struct ExactTextTests {
    @Test("equal by their bytes, so two spellings of å are two keys while String calls them one")
    func bytes() {
        let composed = "Tillitsbaserad styrning på förvaltningen"          // å as one scalar
        let decomposed = "Tillitsbaserad styrning pa\u{30A} förvaltningen"  // a + combining ring
        #expect(composed == decomposed)
        #expect(ExactText(composed) != ExactText(decomposed))
        #expect(ExactText(composed) == ExactText(String(decoding: Array(composed.utf8), as: UTF8.self)))
        var keys: [ExactText: Int] = [ExactText(composed): 1]
        keys[ExactText(decomposed)] = 2
        #expect(keys.count == 2)
        #expect(keys[ExactText("Tillitsbaserad styrning på förvaltningen")] == 1)
    }

    @Test("a prefix is another key")
    func prefix() {
        #expect(ExactText("omsorg") != ExactText("omsorgen"))
        #expect(ExactText("") == ExactText(""))
    }
}
