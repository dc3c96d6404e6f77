import Foundation
import Testing

@testable import TillitFormats

@Suite("Markdown")
struct MarkdownTests {
    // MARK: Blocks

    @Test("Headings start at h2, the page has its own h1")
    func headings() {
        #expect(Markdown.html("# Rubrik") == "<h2>Rubrik</h2>")
        #expect(Markdown.html("## Två ##") == "<h2>Två</h2>")
        #expect(Markdown.html("### Tre") == "<h3>Tre</h3>")
        #expect(Markdown.html("#### Fyra") == "<h4>Fyra</h4>")
        #expect(Markdown.html("###### Sex") == "<h4>Sex</h4>")
        #expect(Markdown.html("####### Sju") == "<p>####### Sju</p>")
        #expect(Markdown.html("#hashtagg") == "<p>#hashtagg</p>")
        #expect(Markdown.html("# Språket C#") == "<h2>Språket C#</h2>")
        #expect(Markdown.html("  ## Indragen *rubrik*") == "<h2>Indragen <em>rubrik</em></h2>")
        #expect(Markdown.html("# Rubrik\nText") == "<h2>Rubrik</h2>\n<p>Text</p>")
    }

    @Test("Paragraphs are separated by blank lines, single line breaks become <br>")
    func paragraphs() {
        #expect(Markdown.html("Hej") == "<p>Hej</p>")
        #expect(
            Markdown.html("Första raden\nandra raden\n\nNytt stycke")
                == "<p>Första raden<br>\nandra raden</p>\n<p>Nytt stycke</p>"
        )
        #expect(Markdown.html("  indragen  \n  text  ") == "<p>indragen<br>\ntext</p>")
        #expect(Markdown.html("slut med bakstreck\\\nny rad") == "<p>slut med bakstreck<br>\nny rad</p>")
        #expect(Markdown.html("a\r\nb\r\rc") == "<p>a<br>\nb</p>\n<p>c</p>")
        #expect(Markdown.html("") == "")
        #expect(Markdown.html(" \n\t\n  ") == "")
    }

    @Test("Bullet lists with one level of nesting")
    func bulletLists() {
        #expect(Markdown.html("- ett\n- två") == "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>")
        #expect(Markdown.html("* ett\n* två") == "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>")
        #expect(Markdown.html("+ ett") == "<ul>\n<li>ett</li>\n</ul>")
        #expect(
            Markdown.html("- ett\n- två\n  - under\n  - under igen\n- tre")
                == "<ul>\n<li>ett</li>\n<li>två\n<ul>\n<li>under</li>\n<li>under igen</li>\n</ul></li>\n<li>tre</li>\n</ul>"
        )
        // A different bullet character starts a new list.
        #expect(Markdown.html("- a\n* b") == "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>")
        // A list may follow a paragraph line directly.
        #expect(Markdown.html("Gör så här:\n- ring\n- skriv") == "<p>Gör så här:</p>\n<ul>\n<li>ring</li>\n<li>skriv</li>\n</ul>")
        // Blank lines between items make the list loose.
        #expect(Markdown.html("- a\n\n- b") == "<ul>\n<li><p>a</p></li>\n<li><p>b</p></li>\n</ul>")
        #expect(Markdown.html("- a\n\n  mer om a\n- b") == "<ul>\n<li><p>a</p>\n<p>mer om a</p></li>\n<li><p>b</p></li>\n</ul>")
        // A blank line after the last item ends the list.
        #expect(Markdown.html("- a\n- b\n\nText") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>Text</p>")
        // A line without indentation continues the item's text.
        #expect(Markdown.html("- a\nfortsätter") == "<ul>\n<li>a<br>\nfortsätter</li>\n</ul>")
    }

    @Test("Ordered lists")
    func orderedLists() {
        #expect(Markdown.html("1. ett\n2. två") == "<ol>\n<li>ett</li>\n<li>två</li>\n</ol>")
        #expect(Markdown.html("1) ett\n2) två") == "<ol>\n<li>ett</li>\n<li>två</li>\n</ol>")
        #expect(Markdown.html("3. tre\n4. fyra") == "<ol start=\"3\">\n<li>tre</li>\n<li>fyra</li>\n</ol>")
        #expect(
            Markdown.html("1. ett\n   - a\n   - b\n2. två")
                == "<ol>\n<li>ett\n<ul>\n<li>a</li>\n<li>b</li>\n</ul></li>\n<li>två</li>\n</ol>"
        )
        // Only a list starting at 1 may interrupt a paragraph, so years stay text.
        #expect(Markdown.html("Det hände\n2024. Sedan dess") == "<p>Det hände<br>\n2024. Sedan dess</p>")
        // Ten digits are not a list number.
        #expect(Markdown.html("1234567890. x") == "<p>1234567890. x</p>")
    }

    @Test("Block quotes")
    func blockQuotes() {
        #expect(Markdown.html("> citat") == "<blockquote>\n<p>citat</p>\n</blockquote>")
        #expect(
            Markdown.html("> citat\nfortsätter\n> > inre\n\nefter")
                == "<blockquote>\n<p>citat<br>\nfortsätter</p>\n<blockquote>\n<p>inre</p>\n</blockquote>\n</blockquote>\n<p>efter</p>"
        )
        #expect(
            Markdown.html("> - a\n> - b")
                == "<blockquote>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n</blockquote>"
        )
        #expect(Markdown.html(">") == "<blockquote>\n</blockquote>")
    }

    @Test("Fenced code blocks keep their content as text")
    func codeBlocks() {
        #expect(
            Markdown.html("```swift\nlet x = \"<b>\" && y\n  **inte fet**\n```")
                == "<pre><code>let x = &quot;&lt;b&gt;&quot; &amp;&amp; y\n  **inte fet**\n</code></pre>"
        )
        #expect(Markdown.html("~~~\n# ingen rubrik\n~~~") == "<pre><code># ingen rubrik\n</code></pre>")
        #expect(Markdown.html("```\n```") == "<pre><code></code></pre>")
        // An unclosed fence runs to the end.
        #expect(Markdown.html("```\nkod\n\nmer kod") == "<pre><code>kod\n\nmer kod\n</code></pre>")
        // A shorter fence does not close a longer one.
        #expect(Markdown.html("````\n```\n````") == "<pre><code>```\n</code></pre>")
        #expect(Markdown.html("Före\n```\nkod\n```\nEfter") == "<p>Före</p>\n<pre><code>kod\n</code></pre>\n<p>Efter</p>")
    }

    @Test("Horizontal rules")
    func rules() {
        #expect(Markdown.html("---") == "<hr>")
        #expect(Markdown.html("***") == "<hr>")
        #expect(Markdown.html("___") == "<hr>")
        #expect(Markdown.html("- - -") == "<hr>")
        #expect(Markdown.html("Text\n---\nMer") == "<p>Text</p>\n<hr>\n<p>Mer</p>")
        #expect(Markdown.html("--") == "<p>--</p>")
    }

    // MARK: Inlines

    @Test("Inline code")
    func inlineCode() {
        #expect(Markdown.html("Kör `swift build` nu") == "<p>Kör <code>swift build</code> nu</p>")
        #expect(Markdown.html("`a <b> & 'c'`") == "<p><code>a &lt;b&gt; &amp; &#39;c&#39;</code></p>")
        #expect(Markdown.html("``kod med ` i``") == "<p><code>kod med ` i</code></p>")
        #expect(Markdown.html("`*inte kursiv* [ingen](/länk)`") == "<p><code>*inte kursiv* [ingen](/länk)</code></p>")
        #expect(Markdown.html("`ensam") == "<p>`ensam</p>")
    }

    @Test("Strong and emphasis")
    func emphasis() {
        #expect(Markdown.html("**fet** och __fet__") == "<p><strong>fet</strong> och <strong>fet</strong></p>")
        #expect(Markdown.html("*kursiv* och _kursiv_") == "<p><em>kursiv</em> och <em>kursiv</em></p>")
        #expect(Markdown.html("***båda***") == "<p><em><strong>båda</strong></em></p>")
        #expect(Markdown.html("*a **b** c*") == "<p><em>a <strong>b</strong> c</em></p>")
        #expect(Markdown.html("*över\nrader*") == "<p><em>över<br>\nrader</em></p>")
        #expect(Markdown.html("**ofullständig") == "<p>**ofullständig</p>")
        #expect(Markdown.html("a * b * c") == "<p>a * b * c</p>")
    }

    @Test("Underscores inside words are not emphasis")
    func intrawordUnderscore() {
        #expect(Markdown.html("snake_case_word") == "<p>snake_case_word</p>")
        #expect(Markdown.html("fil_med_understreck.txt och _ord_") == "<p>fil_med_understreck.txt och <em>ord</em></p>")
        #expect(Markdown.html("__init__metod") == "<p>__init__metod</p>")
    }

    @Test("Links and autolinks")
    func links() {
        #expect(
            Markdown.html("[Länk](https://exempel.se)")
                == "<p><a href=\"https://exempel.se\" rel=\"nofollow noopener\">Länk</a></p>"
        )
        #expect(
            Markdown.html("[Länk](https://exempel.se/a?b=1&c=2 \"En titel\")")
                == "<p><a href=\"https://exempel.se/a?b=1&amp;c=2\" title=\"En titel\" rel=\"nofollow noopener\">Länk</a></p>"
        )
        #expect(Markdown.html("[sida](/kunskap/12)") == "<p><a href=\"/kunskap/12\" rel=\"nofollow noopener\">sida</a></p>")
        #expect(Markdown.html("[steg 2](#steg-2)") == "<p><a href=\"#steg-2\" rel=\"nofollow noopener\">steg 2</a></p>")
        #expect(
            Markdown.html("[mejla](mailto:info@exempel.se)")
                == "<p><a href=\"mailto:info@exempel.se\" rel=\"nofollow noopener\">mejla</a></p>"
        )
        #expect(Markdown.html("[STOR](HTTPS://EXEMPEL.SE)") == "<p><a href=\"HTTPS://EXEMPEL.SE\" rel=\"nofollow noopener\">STOR</a></p>")
        #expect(
            Markdown.html("[*kursiv* länk](https://a.se)")
                == "<p><a href=\"https://a.se\" rel=\"nofollow noopener\"><em>kursiv</em> länk</a></p>"
        )
        #expect(
            Markdown.html("[Åre](https://sv.wikipedia.org/wiki/Åre_(ort))")
                == "<p><a href=\"https://sv.wikipedia.org/wiki/Åre_(ort)\" rel=\"nofollow noopener\">Åre</a></p>"
        )
        #expect(
            Markdown.html("[mellanslag](<https://a.se/min fil.pdf>)")
                == "<p><a href=\"https://a.se/min%20fil.pdf\" rel=\"nofollow noopener\">mellanslag</a></p>"
        )
        #expect(
            Markdown.html("Se <https://exempel.se/a?b=1&c=2>.")
                == "<p>Se <a href=\"https://exempel.se/a?b=1&amp;c=2\" rel=\"nofollow noopener\">https://exempel.se/a?b=1&amp;c=2</a>.</p>"
        )
        #expect(
            Markdown.html("<info@exempel.se>")
                == "<p><a href=\"mailto:info@exempel.se\" rel=\"nofollow noopener\">info@exempel.se</a></p>"
        )
        // Relative paths that do not start with / or # are not links.
        #expect(Markdown.html("[sida](sida.html)") == "<p>sida</p>")
        // Without a destination, brackets are text.
        #expect(Markdown.html("[bara hakparenteser]") == "<p>[bara hakparenteser]</p>")
        #expect(Markdown.html("[tom]()") == "<p>tom</p>")
        // Links do not nest.
        #expect(
            Markdown.html("[[inre](https://a.se)](https://b.se)")
                == "<p>[<a href=\"https://a.se\" rel=\"nofollow noopener\">inre</a>](https://b.se)</p>"
        )
        #expect(
            Markdown.html("[<https://in.se>](https://ut.se)")
                == "<p><a href=\"https://ut.se\" rel=\"nofollow noopener\">https://in.se</a></p>"
        )
    }

    @Test("Every link has rel=nofollow noopener and no target")
    func linkAttributes() {
        let html = Markdown.html("[a](https://a.se) [b](/b) [c](#c) [d](mailto:d@e.se) <https://f.se> <g@h.se>")
        #expect(html.components(separatedBy: "<a ").count - 1 == 6)
        #expect(html.components(separatedBy: "rel=\"nofollow noopener\"").count - 1 == 6)
        #expect(!html.contains("target"))
    }

    @Test("Images show their description only")
    func images() {
        #expect(Markdown.html("![Ett diagram](https://exempel.se/a.png)") == "<p>Ett diagram</p>")
        #expect(Markdown.html("![*alt*](x.png \"titel\")") == "<p><em>alt</em></p>")
        #expect(
            Markdown.html("[![logga](logga.png)](https://a.se)")
                == "<p><a href=\"https://a.se\" rel=\"nofollow noopener\">logga</a></p>"
        )
        #expect(!Markdown.html("![x](https://a.se/b.png) ![y](data:image/png;base64,AAAA)").contains("<img"))
    }

    @Test("Backslash escapes")
    func backslashEscapes() {
        #expect(Markdown.html("\\*inte kursiv\\*") == "<p>*inte kursiv*</p>")
        #expect(Markdown.html("\\[ingen länk\\](https://a.se)") == "<p>[ingen länk](https://a.se)</p>")
        #expect(Markdown.html("\\# ingen rubrik") == "<p># ingen rubrik</p>")
        #expect(Markdown.html("\\- ingen lista") == "<p>- ingen lista</p>")
        #expect(Markdown.html("a\\\\b \\a") == "<p>a\\b \\a</p>")
        #expect(Markdown.html("\\`ingen kod\\`") == "<p>`ingen kod`</p>")
        #expect(Markdown.html("\\<b\\>") == "<p>&lt;b&gt;</p>")
    }

    @Test("The five HTML characters are always escaped")
    func escaping() {
        #expect(Markdown.html("<>&\"'") == "<p>&lt;&gt;&amp;&quot;&#39;</p>")
        #expect(Markdown.html("Ärende & åtgärd <viktigt>") == "<p>Ärende &amp; åtgärd &lt;viktigt&gt;</p>")
        // Entity references are shown as written, never decoded.
        #expect(Markdown.html("&lt;script&gt; &amp; &#60;") == "<p>&amp;lt;script&amp;gt; &amp;amp; &amp;#60;</p>")
        #expect(
            Markdown.html("[a \"<b>\" 'c'](https://a.se \"<t> 'x' & \\\"y\\\"\")")
                == "<p><a href=\"https://a.se\" title=\"&lt;t&gt; &#39;x&#39; &amp; &quot;y&quot;\" rel=\"nofollow noopener\">a &quot;&lt;b&gt;&quot; &#39;c&#39;</a></p>"
        )
        #expect(Markdown.html("# <Rubrik>") == "<h2>&lt;Rubrik&gt;</h2>")
        #expect(Markdown.html("- <punkt>") == "<ul>\n<li>&lt;punkt&gt;</li>\n</ul>")
        #expect(Markdown.html("> <citat>") == "<blockquote>\n<p>&lt;citat&gt;</p>\n</blockquote>")
        #expect(Markdown.html("a\u{0}b") == "<p>a\u{FFFD}b</p>")
    }

    // MARK: Security

    /// Inputs meant to get script, event handlers or foreign markup into the page.
    static let hostileInputs: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">klick</a>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<style>body{display:none}</style>",
        "[<img src=x onerror=alert(1)>](https://ok.example)",
        "[klick](https://ok.example\"onmouseover=\"alert(1))",
        "[klick](https://ok.example \"x\\\" onmouseover=\\\"alert(1)\")",
        "[klick](https://ok.example 'x\" onmouseover=\"alert(1)')",
        "![x\" onerror=\"alert(1)](https://ok.example/a.png)",
        "![x](javascript:alert(1))",
        "`<script>alert(1)</script>`",
        "```\n</code></pre><script>alert(1)</script>\n```",
        "```\" onmouseover=\"alert(1)\n<b>\n```",
        "# <script>alert(1)</script>",
        "> <img src=x onerror=alert(1)>",
        "- <svg onload=alert(1)>",
        "\\<script>alert(1)\\</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<javascript:alert(1)>",
        "<data:text/html,<script>alert(1)</script>>",
        "<https://ok.example\"onmouseover=\"alert(1)>",
        "<ht<script>tp://evil.example>",
        "<x@y.example\"onclick=\"alert(1)>",
        "[[[[[[x](javascript:alert(1))]]]]]](javascript:alert(2))",
        "[a](<https://ok.example>\"onclick=\"alert(1))",
        "**<script>**alert(1)**</script>**",
        "*<img src=x onerror=alert(1)>*",
        "<<script>script>alert(1)<</script>/script>",
        "<scr\u{0}ipt>alert(1)</script>",
        "<\u{301}img src=x onerror=alert(1)>",
        "[a](https://ok.example)<script>alert(1)</script>[b](/c)",
    ]

    @Test("Hostile markup never becomes markup", arguments: hostileInputs)
    func hostileMarkup(_ input: String) {
        let html = Markdown.html(input)
        Self.expectSafe(html, from: input)
        let lowered = html.lowercased()
        #expect(!lowered.contains("<script"))
        #expect(!lowered.contains("<img"))
        #expect(!lowered.contains("<svg"))
        #expect(!lowered.contains("<iframe"))
        #expect(!lowered.contains("<style"))
        #expect(!lowered.contains("href=\"javascript"))
        #expect(!lowered.contains("href=\"data"))
    }

    /// Link destinations that must not become links.
    static let dangerousDestinations: [String] = [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "<java\tscript:alert(1)>",
        "<java\nscript:alert(1)>",
        "<javascript:alert(1)>",
        "< javascript:alert(1)>",
        "\u{0}javascript:alert(1)",
        "javascript\\:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "%6Aavascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        "/\\evil.example",
        "\\/\\/evil.example",
        "</\t/evil.example>",
        "https\u{3000}://evil.example",
        "ｊavascript:alert(1)",
        "sida.html",
        "?q=1",
    ]

    @Test("Dangerous link destinations leave only the link text", arguments: dangerousDestinations)
    func dangerousLinks(_ destination: String) {
        let input = "[klicka här](\(destination))"
        let html = Markdown.html(input)
        Self.expectSafe(html, from: input)
        #expect(!html.contains("<a"), "became a link: \(html)")
        #expect(html.contains("klicka här"))
        let lowered = html.lowercased()
        #expect(!lowered.contains("href"))
    }

    @Test("Quotes cannot break out of attributes")
    func attributeBreakout() {
        let html = Markdown.html("[x](https://ok.example/\"><script>alert(1)</script>)")
        Self.expectSafe(html, from: "")
        #expect(!html.contains("\"><script"))
        #expect(Markdown.html("[x](https://a.se/'onmouseover='x)").contains("href=\"https://a.se/&#39;onmouseover=&#39;x\""))
    }

    @Test("Hostile input in plain text keeps no markup but is not HTML")
    func plainTextOfHostileInput() {
        #expect(Markdown.plainText("<script>alert(1)</script>") == "<script>alert(1)</script>")
        #expect(Markdown.plainText("[klick](javascript:alert(1))") == "klick")
    }

    // MARK: Robustness

    @Test("Pathological input finishes and stays well-formed")
    func pathologicalInput() {
        let size = 200_000
        func repeated(_ unit: String) -> String {
            String(repeating: unit, count: size / unit.utf8.count + 1)
        }
        let inputs = [
            repeated("[[[["),
            repeated("****"),
            repeated("[[[[****"),
            repeated("**** ____ "),
            repeated("*a**b***c____d_"),
            repeated("[a]("),
            repeated("[](("),
            repeated("](<"),
            repeated("[a](b \""),
            repeated("![["),
            repeated("<<<<"),
            repeated("<a@b"),
            repeated("<http://"),
            repeated("\\\\`"),
            repeated("> "),
            repeated("- "),
            repeated("1. "),
            repeated("> - "),
            repeated("```\n"),
            repeated("a\n"),
            (0 ..< 600).map { String(repeating: "`", count: $0 % 300 + 1) }.joined(separator: " x "),
            (0 ..< 2_000).map { String(repeating: " ", count: $0 % 40) + "- punkt" }.joined(separator: "\n"),
            (0 ..< 2_000).map { String(repeating: ">", count: $0 % 40) + " citat" }.joined(separator: "\n"),
        ]
        for input in inputs {
            let html = Markdown.html(input)
            #expect(!html.isEmpty)
            Self.expectSafe(html, from: input)
            _ = Markdown.plainText(input)
        }
    }

    // MARK: Plain text

    @Test("Plain text drops the markup")
    func plainText() {
        #expect(
            Markdown.plainText("# Rubrik\n\nEtt **fett** ord och [en länk](https://exempel.se).")
                == "Rubrik Ett fett ord och en länk."
        )
        #expect(Markdown.plainText("- ett\n- två\n  - tre\n\n1. fyra") == "ett två tre fyra")
        #expect(Markdown.plainText("Kör `swift build`:\n```\nlet a = 1\nlet b = 2\n```") == "Kör swift build: let a = 1 let b = 2")
        #expect(Markdown.plainText("> citat\n\n---\n\nslut") == "citat slut")
        #expect(Markdown.plainText("![Diagram](x.png) visar *läget*") == "Diagram visar läget")
        #expect(Markdown.plainText("<https://exempel.se> och <info@exempel.se>") == "https://exempel.se och info@exempel.se")
        #expect(Markdown.plainText("snake_case_word \\*x\\*") == "snake_case_word *x*")
        #expect(Markdown.plainText("a < b & c \"d\"") == "a < b & c \"d\"")
        #expect(Markdown.plainText("  a\n\n\n  b\t c  \nd  ") == "a b c d")
        #expect(Markdown.plainText("") == "")
        #expect(Markdown.plainText("---") == "")
    }

    // MARK: Helpers

    /// The tags the renderer may write, apart from `<a …>` and `<ol start="…">`.
    static let plainTags: Set<String> = [
        "<p>", "</p>", "<br>", "<hr>", "<h2>", "</h2>", "<h3>", "</h3>", "<h4>", "</h4>",
        "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<blockquote>", "</blockquote>",
        "<pre>", "</pre>", "<code>", "</code>", "<strong>", "</strong>", "<em>", "</em>", "</a>",
    ]

    /// Checks that every tag in `html` is one the renderer writes, with only its own attributes, and
    /// that every link goes to an allowed destination. Text from the input can then only be text:
    /// any `<` it held would have started a tag that is not on the list. `onerror=` and the like may
    /// still appear as visible, escaped text, never inside a tag. The scan is over Unicode scalars,
    /// so a `<` followed by a combining mark is not missed.
    static func expectSafe(_ html: String, from input: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let scalars = Array(html.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "<" else {
                index += 1
                continue
            }
            guard let close = scalars[index...].firstIndex(of: ">") else {
                Issue.record("unclosed < in output of \(input.prefix(80))", sourceLocation: sourceLocation)
                return
            }
            var tag = ""
            tag.unicodeScalars.append(contentsOf: scalars[index ... close])
            index = close + 1
            if plainTags.contains(tag) { continue }
            if tag.hasPrefix("<ol start=\""), tag.hasSuffix("\">"),
               tag.unicodeScalars.dropFirst(11).dropLast(2).allSatisfy({ $0.value >= 0x30 && $0.value <= 0x39 }) {
                continue
            }
            guard let href = anchorHref(tag) else {
                Issue.record("unexpected tag \(tag.prefix(120)) in output of \(input.prefix(80))", sourceLocation: sourceLocation)
                return
            }
            let lowered = href.lowercased()
            let allowed = lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("mailto:")
                || lowered.hasPrefix("#") || (lowered.hasPrefix("/") && !lowered.hasPrefix("//") && !lowered.hasPrefix("/\\"))
            if !allowed || href.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                Issue.record("disallowed href \(href.prefix(120)) in output of \(input.prefix(80))", sourceLocation: sourceLocation)
            }
        }
    }

    /// The unescaped `href` of an `<a href="…"[ title="…"] rel="nofollow noopener">` tag whose values
    /// contain no raw quote, or nil for any other tag.
    static func anchorHref(_ tag: String) -> String? {
        let prefix = "<a href=\""
        let suffix = "\" rel=\"nofollow noopener\">"
        guard tag.hasPrefix(prefix), tag.hasSuffix(suffix), tag.count >= prefix.count + suffix.count else { return nil }
        let inner = tag.dropFirst(prefix.count).dropLast(suffix.count)
        let parts = inner.components(separatedBy: "\" title=\"")
        guard parts.count <= 2, !parts.contains(where: { $0.contains("\"") || $0.contains("<") }) else { return nil }
        return parts[0]
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
