#!/usr/bin/env python3
"""Browser check of the Tillit demo: flows without JavaScript, accessibility with axe-core.

Usage:
    python Tests/browser/check.py --base-url http://127.0.0.1:8097 [--screenshots DIR] [--sign-on SLUG]

How it works
- Every flow (visiting pages, signing in, switching language, submitting a form) runs in a
  browser context with JavaScript DISABLED: the product must work without it.
- axe-core needs JavaScript, and it hangs in a page where scripts are disabled. So each page's
  HTML, exactly as the JavaScript-free browser received it, is replayed at the same URL in a
  second browser context with JavaScript enabled (the document request is answered from the
  captured HTML; stylesheets and images load from the server with the same cookies). axe then runs
  there with only the WCAG 2.0/2.1 A and AA rules. This also covers pages that are the answer to
  a POST (such as a form with validation errors), which a second GET could not reproduce.
- Chromium is Debian's (/usr/bin/chromium); Playwright's own browser download is never used.

For every page it checks: the HTTP status, that the page was not redirected elsewhere, exactly one
<main> and one <h1>, a skip link to #main as the first element reached with Tab, <html lang>,
failed sub-resources (stylesheets, images), reflow at 320 CSS pixels (WCAG 1.4.10: no sideways
scrolling, nothing past the edge) and axe violations. Besides the listed pages, each visitor and
account crawls the pages its listed pages link to (same site, pages only, a few of each shape of
address), and every crawled page gets the same checks. It prints one line per page and closes
with "N passed, M failed"; the exit status is 0 only when nothing failed. Screenshots (with
--screenshots) are taken 320 px wide, as a phone shows the page.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, Response, sync_playwright

# --------------------------------------------------------------------------------------------
# What to check. Add pages here.
#
# A page entry is either a path ("/mitt") or a dict:
#   {"path": "/x"}                                    the same as "/x"
#   {"path": "/x", "allow_redirect": True}            the final URL may differ from the path
#   {"path": "/x", "expect_status": [200, 404]}       statuses that count as correct
#   {"first_link_on": "/o/tillitsby",                 open the first link on that page whose
#    "href_prefix": "/o/tillitsby/enheter/"}          href starts with the prefix
# An invalid-form entry opens a page, empties the named fields, turns off the browser's own
# form validation (so the empty value reaches the server) and submits; the answer must show an
# error summary with at least one link.
# A valid-form entry opens a page (or the first link on a page, as above), fills the named fields
# (text, or the value of a radio button or checkbox), submits, and checks post/redirect/get: the
# answer to the POST must be a redirect, and reloading the page it leads to must send a GET, not the
# form again.
# A kept-input entry opens a page, types values that cannot be used into the named fields and
# submits: the answer must have the expected status, an error summary with a link, and every field
# still holding what was typed.
# --------------------------------------------------------------------------------------------

# Reflow (WCAG 1.4.10): every page is also laid out 320 CSS pixels wide.
REFLOW_WIDTH = 320
REFLOW_SCRIPT = """(width) => {
    const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > width + 1) problems.push('the page is ' + root.scrollWidth + ' px wide and scrolls sideways');
    const scrolls = (el) => { const o = getComputedStyle(el).overflowX; return o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip'; };
    const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.classList.length ? '.' + [...el.classList].join('.') : '') + ' "' + (el.textContent || '').trim().slice(0, 30) + '"';
    for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1 || r.right <= width + 1) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none' || style.position === 'fixed') continue;
        let inside = false;
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            if (scrolls(a) && a.getBoundingClientRect().right <= width + 1) { inside = true; break; }
        }
        if (inside) continue;
        // Only the outermost element that overflows: its children say nothing new.
        const parent = el.parentElement;
        if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 1) continue;
        problems.push(describe(el) + ' reaches ' + Math.round(r.right) + ' px');
        if (problems.length >= 6) break;
    }
    // A radio button's or checkbox's label wraps beside it, not on a line of its own below it.
    for (const box of document.querySelectorAll('input[type=radio], input[type=checkbox]')) {
        const label = box.labels && box.labels[0];
        if (!label || !box.checkVisibility()) continue;
        const b = box.getBoundingClientRect(), l = label.getBoundingClientRect();
        if (l.top >= b.bottom - 1) problems.push('the label "' + label.textContent.trim().slice(0, 30) + '" sits below its ' + box.type);
        if (problems.length >= 8) break;
    }
    return problems;
}"""

DEMO_PASSWORD = "demo-tillit-2026"
DEMO_ORG = "tillitsby"

# Forms that change something, submitted by a visitor without an account.
PUBLIC_VALID_FORMS: list = [
    {"page": "/glomt-losenord", "fields": {"email": "nobody@example.org"}},
    {"page": "/kunskapsbank/exempel/1/anmal", "fields": {"reason": "fel", "text": "Årtalet verkar fel."}},
]

# Forms that must keep what was typed when it cannot be used: a receipt code and a poster's code
# that lead nowhere.
PUBLIC_KEPT_INPUT_FORMS: list = [
    {"page": "/kvitto", "fields": {"receipt": "abcd-efgh-jkl"}, "expect_status": [404]},
    {"page": "/rost", "fields": {"kod": "zz 12 q"}, "expect_status": [404]},
    {"page": "/svara", "fields": {"kod": "zz 12 q"}, "expect_status": [404]},
]

PUBLIC_PAGES: list = [
    "/",
    "/logga-in",
    "/glomt-losenord",
    "/kvitto",
    # the knowledge bank is public: search with facets, a search with no hits, an example, its revisions
    "/kunskapsbank",
    "/kunskapsbank?q=hemtj%C3%A4nst&sort=relevance",
    "/kunskapsbank?q=raketbr%C3%A4nsle+hemtj%C3%A4nst",
    "/kunskapsbank?q=hemtj%C3%A4nts",
    {"first_link_on": "/kunskapsbank", "href_prefix": "/kunskapsbank/exempel/"},
    # an example with an attachment, and the form for reporting a problem with it
    "/kunskapsbank/exempel/1",
    "/kunskapsbank/exempel/1/anmal",
    # pilots with their public timelines, the report series, a report and an anthology, open data
    "/forsok",
    {"first_link_on": "/forsok", "href_prefix": "/forsok/"},
    "/rapporter",
    "/rapporter/2026-1",
    "/rapporter/2026-2",
    "/oppna-data",
    # where a participant types a survey's unit code, and the thanks after answering
    "/svara",
    "/svara-tack",
]

# Switch language once (anonymously) through the form that posts to /sprak.
LANGUAGE_SWITCH = {
    "page": "/",
    "form_action": "/sprak",
    "button": "English",
    "lang": "en",
}

ACCOUNTS: list[dict] = [
    {
        "email": f"admin@{DEMO_ORG}.se",
        "role": "administratör",
        "pages": [
            "/mitt",
            "/organisationer",
            f"/o/{DEMO_ORG}",
            {"first_link_on": f"/o/{DEMO_ORG}", "href_prefix": f"/o/{DEMO_ORG}/enheter/"},
            f"/o/{DEMO_ORG}/admin/enheter",
            f"/o/{DEMO_ORG}/admin/enheter/ny",
            f"/o/{DEMO_ORG}/admin/personer",
            f"/o/{DEMO_ORG}/admin/installningar",
            f"/o/{DEMO_ORG}/admin/logg",
            {"first_link_on": f"/o/{DEMO_ORG}/admin/enheter", "href_prefix": f"/o/{DEMO_ORG}/admin/enheter/1"},
            f"/o/{DEMO_ORG}/admin/personer/2",
            "/mitt/nycklar",
            "/mitt/uppgifter",
            f"/o/{DEMO_ORG}/enheter/4/signaler",
            # Follow up: the rounds, a finished round, an open one with its unit code, a unit's report
            # with charts and heatmap, a team's report with its dialogue note, and the answering page
            f"/o/{DEMO_ORG}/enkater",
            f"/o/{DEMO_ORG}/enkater/2",
            f"/o/{DEMO_ORG}/enkater/4",
            f"/o/{DEMO_ORG}/enkater/2/resultat",
            f"/o/{DEMO_ORG}/enkater/2/resultat?enhet=8",
            {"first_link_on": f"/o/{DEMO_ORG}/enkater/4", "href_prefix": "/svara/kod/"},
            # the requirements inventory: the list with filters, a requirement, the overview with its chart, the forms
            f"/o/{DEMO_ORG}/krav",
            f"/o/{DEMO_ORG}/krav?sort=priority&type=lag",
            {"first_link_on": f"/o/{DEMO_ORG}/krav?sort=cost", "href_prefix": f"/o/{DEMO_ORG}/krav/", "within": "tbody"},
            f"/o/{DEMO_ORG}/kravbild",
            f"/o/{DEMO_ORG}/krav/ny",
            f"/o/{DEMO_ORG}/kravimport",
        ],
        "valid_forms": [
            {"page": f"/o/{DEMO_ORG}/enkater/2/resultat?enhet=9",
             "fields": {"what_we_see": "Bra stöd från varandra.", "what_we_do": "Vi fortsätter med veckomötena."}},
        ],
        "invalid_forms": [
            {
                "page": f"/o/{DEMO_ORG}/admin/enheter/ny",
                "empty_fields": ["name"],
                "expect_status": [200, 400, 422],
            },
            {"page": f"/o/{DEMO_ORG}/enkater", "empty_fields": ["opens_on"], "expect_status": [422]},
            {"page": f"/o/{DEMO_ORG}/enkater/2/resultat?enhet=8", "empty_fields": ["what_we_see"], "expect_status": [422]},
        ],
        # the follow-up figures: a date that does not exist, one written another way, and a start after the end
        "kept_input_forms": [
            {"page": f"/o/{DEMO_ORG}/enheter/4/signaler", "fields": {"from": "2026-13-01"}, "expect_status": [400]},
            {"page": f"/o/{DEMO_ORG}/enheter/4/signaler", "fields": {"from": "5/12/2026"}, "expect_status": [400]},
            {"page": f"/o/{DEMO_ORG}/enheter/4/signaler", "fields": {"from": "2026-12-01", "to": "2026-11-01"}, "expect_status": [400]},
        ],
    },
    {
        "email": f"medarbetare@{DEMO_ORG}.se",
        "role": "medarbetare",
        "pages": ["/mitt", "/mitt/uppgifter", f"/o/{DEMO_ORG}", "/signaler", "/signaler/ny", f"/o/{DEMO_ORG}/krav/ny",
                  {"first_link_on": f"/o/{DEMO_ORG}/krav?sort=usefulness", "href_prefix": f"/o/{DEMO_ORG}/krav/", "within": "tbody"}],
        "valid_forms": [
            {"page": "/signaler/ny", "fields": {"kind": "ide", "text": "Gemensam kalender för teamet.", "anonymous": "1"}},
            {"page": "/signaler/ny", "fields": {"kind": "hinder", "text": "Skrivaren på kontoret fungerar inte."}},
            {"page": "/mitt/nycklar", "fields": {"name": "Webbläsarkontroll"}},
            # a staff member proposes a requirement (the form has their unit ticked)
            {"page": f"/o/{DEMO_ORG}/krav/ny", "fields": {"name": "Veckorapport om bilar", "type": "riktlinje", "issuer": "Fordonsenheten",
                                                       "purpose": "Bilarnas användning", "frequency": "vecka", "minutes": "10", "population": "8"}},
        ],
        "invalid_forms": [
            {
                "page": "/signaler/ny",
                "empty_fields": ["text"],
                "expect_status": [422],
            },
            {"page": f"/o/{DEMO_ORG}/krav/ny", "empty_fields": ["name", "minutes"], "expect_status": [422]},
        ],
    },
    {
        "email": f"styrelse@{DEMO_ORG}.se",
        "role": "styrelse",
        "pages": [f"/o/{DEMO_ORG}/signaler"],
    },
    {
        "email": f"chef.norr@{DEMO_ORG}.se",
        "role": "chef",
        "pages": [
            "/signaler",
            # a signal waiting for an answer (with the answer and forward forms), and one the manager raised
            {"first_link_on": "/signaler", "href_prefix": "/signaler/", "within": "#to-answer + ul"},
            {"first_link_on": "/signaler", "href_prefix": "/signaler/", "within": "#raised + ul"},
            # notifications, and the participant's voice: the unit's code and QR code, and the
            # plain-language page behind them (the same page a participant without an account sees)
            "/mitt/aviseringar",
            f"/o/{DEMO_ORG}/enheter/7/deltagarrost",
            # what the requirements cost Hemtjänst Norr
            f"/o/{DEMO_ORG}/enheter/7/krav",
            {"first_link_on": f"/o/{DEMO_ORG}/enheter/7/deltagarrost", "href_prefix": "/rost/"},
        ],
        "valid_forms": [
            # the participant's message through the unit's code, with its receipt shown once
            {"first_link_on": f"/o/{DEMO_ORG}/enheter/7/deltagarrost", "href_prefix": "/rost/",
             "fields": {"kind": "ide", "text": "Mer tid vid besöken."}},
        ],
    },
    {
        "email": f"redaktor@{DEMO_ORG}.se",
        "role": "redaktör",
        "pages": [
            "/kunskapsbank/mina",
            "/kunskapsbank/ny",
            # a contribution waiting for review, with the publish and return forms
            {"first_link_on": "/kunskapsbank/mina", "href_prefix": "/kunskapsbank/exempel/", "within": "#waiting-title + ul"},
            {"first_link_on": "/kunskapsbank", "href_prefix": "/kunskapsbank/exempel/"},
            # readers' problem reports, and an example with its attachment and the upload form
            "/kunskapsbank/anmalningar",
            "/kunskapsbank/exempel/1",
        ],
        "invalid_forms": [
            {
                "page": "/kunskapsbank/ny",
                "empty_fields": ["title"],
                "expect_status": [422],
            },
        ],
    },
    {
        "email": f"forskare@{DEMO_ORG}.se",
        "role": "forskare",
        "pages": [
            # the pilot the researcher follows: the whole research log and the form for a new entry
            "/forsok/1",
            "/forsok/1/redigera",
            "/forsok/ny",
            "/rapporter/ny",
        ],
        "invalid_forms": [
            {"page": "/forsok/ny", "empty_fields": ["name"], "expect_status": [422]},
            {"page": "/rapporter/ny", "empty_fields": ["title"], "expect_status": [422]},
            {"page": "/forsok/1", "empty_fields": ["title"], "expect_status": [422]},
        ],
    },
    {
        "email": "system@tillit.example",
        "role": "systemadministratör",
        "pages": ["/mitt", "/admin/organisationer"],
    },
]

SIGN_IN_PATH = "/logga-in"
DEFAULT_LANG = "sv"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations"],
}
SIGN_OUT_BUTTON = re.compile(r"logga ut|sign out|log out", re.IGNORECASE)
ERROR_SUMMARY_LINKS = '[role="alert"] a[href], .error-summary a[href]'
# Sub-resources the browser asks for on its own; a 404 there is not the page's fault.
IGNORED_SUBRESOURCES = ("/favicon.ico",)
CHROMIUM = "/usr/bin/chromium"
ACTION_TIMEOUT_MS = 15_000
NAVIGATION_TIMEOUT_MS = 30_000
WHOLE_RUN_TIMEOUT_S = 1500

# The crawl: links on the visited pages lead to more pages to check. Only pages of this site are
# followed, not files or the API; of each shape of address (the path with its numbers and codes
# as placeholders, and whether it has a query) only a few in the whole run, so that a hundred
# signals or every combination of search filters do not each count as a page of their own.
CRAWL_PER_SHAPE = 2
CRAWL_MAX_PER_FLOW = 80
CRAWL_SKIP_PREFIXES = ("/api/", "/assets/", "/bilagor/", "/flode/", "/healthz", "/readyz", "/metrics", "/logga-ut")
CRAWL_SKIP_SUFFIXES = (".csv", ".zip", ".pdf", ".svg", ".atom", ".xml", ".jsonl", ".json", ".txt", ".ris", ".bib", "/pdf")
CRAWL_SKIP_PATTERNS = (re.compile(r"/citera/"),)

# --------------------------------------------------------------------------------------------


@dataclass
class PageResult:
    label: str
    url: str = ""
    violations: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations and not self.problems


class Checker:
    def __init__(self, browser, base_url: str, screenshots: Path | None):
        self.browser = browser
        self.base_url = base_url.rstrip("/") + "/"
        self.screenshots = screenshots
        self.results: list[PageResult] = []
        self.axe = Axe()
        # How many pages of each shape of address the crawl has checked, in the whole run.
        self.crawled_shapes: dict[str, int] = {}

    # ---- helpers ---------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return urljoin(self.base_url, path.lstrip("/"))

    def new_flow_context(self) -> BrowserContext:
        ctx = self.browser.new_context(java_script_enabled=False, locale="sv-SE")
        ctx.set_default_timeout(ACTION_TIMEOUT_MS)
        ctx.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        return ctx

    def new_axe_context(self) -> BrowserContext:
        ctx = self.browser.new_context(java_script_enabled=True, bypass_csp=True, locale="sv-SE")
        ctx.set_default_timeout(ACTION_TIMEOUT_MS)
        ctx.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        return ctx

    def report(self, result: PageResult) -> None:
        self.results.append(result)
        n = len(result.violations)
        status = "ok" if result.ok else "FAIL"
        print(f"{status}  {result.label}  ({n} violation{'s' if n != 1 else ''})", flush=True)
        for problem in result.problems:
            print(f"        problem: {problem}", flush=True)
        for v in result.violations:
            print(f"        axe {v['id']} [{v.get('impact')}] on {result.url}: {v.get('help')}", flush=True)
            for node in v.get("nodes", []):
                target = " ".join(str(t) for t in node.get("target", []))
                print(f"            target: {target}", flush=True)

    def screenshot(self, page: Page, label: str) -> None:
        if not self.screenshots:
            return
        index = len(self.results) + 1
        slug = re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-").lower() or "root"
        page.screenshot(path=str(self.screenshots / f"{index:03d}-{slug[:80]}.png"), full_page=True)

    # ---- the checks on one loaded page -----------------------------------------------------

    def check_page(
        self,
        page: Page,
        axe_ctx: BrowserContext,
        label: str,
        response: Response | None,
        expect_path: str | None,
        expect_status: list[int] | None,
        expect_lang: str,
        failed_subresources: list[str],
        extra_problems: list[str] | None = None,
    ) -> PageResult:
        result = PageResult(label=label, url=page.url, problems=list(extra_problems or []))

        if response is None:
            result.problems.append("no HTTP response for the page")
        else:
            ok_statuses = expect_status or []
            if ok_statuses and response.status not in ok_statuses:
                result.problems.append(f"HTTP {response.status}, expected one of {ok_statuses}")
            elif not ok_statuses and response.status >= 400:
                result.problems.append(f"HTTP {response.status}")
        if expect_path is not None:
            final_path = urlsplit(page.url).path
            if final_path != expect_path:
                result.problems.append(f"ended at {final_path} instead of {expect_path}")
        for failure in failed_subresources:
            result.problems.append(f"sub-resource failed: {failure}")

        self.check_structure(page, expect_lang, result)
        html = self.page_html(page, response)
        try:
            result.violations = self.run_axe(axe_ctx, page, html, result)
        except Exception as exc:
            result.problems.append(f"axe did not run: {exc}")
        self.report(result)
        return result

    def check_structure(self, page: Page, expect_lang: str, result: PageResult) -> None:
        lang = page.locator("html").get_attribute("lang")
        if lang != expect_lang:
            result.problems.append(f'<html lang="{lang}">, expected "{expect_lang}"')
        mains = page.locator("main").count()
        if mains != 1:
            result.problems.append(f"{mains} <main> elements, expected exactly 1")
        h1s = page.locator("h1").count()
        if h1s != 1:
            result.problems.append(f"{h1s} <h1> elements, expected exactly 1")
        if page.locator("#main").count() != 1:
            result.problems.append("no element with id=main for the skip link to reach")
        problem = self.check_skip_link(page)
        if problem:
            result.problems.append(problem)

    @staticmethod
    def describe_focused(page: Page) -> str | None:
        return page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                return el.tagName.toLowerCase() + (el.getAttribute('href') !== null
                    ? ' href=' + el.getAttribute('href') : '') + ' "' +
                    (el.textContent || el.value || '').trim().slice(0, 40) + '"';
            }"""
        )

    def check_skip_link(self, page: Page) -> str | None:
        """The first Tab from the top of the page must land on a link to #main.

        Pages that focus something themselves (autofocus, a focused error summary) are judged by
        the first focusable element in tab order instead, since a real Tab starts from there.
        """
        focused_before = self.describe_focused(page)
        if focused_before is None:
            page.keyboard.press("Tab")
            href = page.evaluate(
                "() => document.activeElement && document.activeElement.tagName === 'A'"
                " ? document.activeElement.getAttribute('href') : null"
            )
            if href == "#main":
                return None
            return f"first Tab reached {self.describe_focused(page) or 'nothing'}, not a skip link to #main"
        first = page.evaluate(
            """() => {
                const sel = 'a[href], area[href], button, input, select, textarea, summary, iframe,'
                          + ' [tabindex], [contenteditable=""], [contenteditable="true"]';
                const all = [...document.querySelectorAll(sel)].filter(el =>
                    !el.disabled && el.tabIndex >= 0 &&
                    !(el.tagName === 'INPUT' && el.type === 'hidden') &&
                    el.checkVisibility({visibilityProperty: true}));
                const positive = all.filter(el => el.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex);
                const el = positive.length ? positive[0] : all[0];
                return el && el.tagName === 'A' ? el.getAttribute('href') : (el ? el.tagName : null);
            }"""
        )
        if first == "#main":
            return None
        return f"first focusable element is {first}, not a skip link to #main"

    @staticmethod
    def page_html(page: Page, response: Response | None) -> str:
        if response is not None:
            try:
                return response.body().decode("utf-8", errors="replace")
            except Exception:
                pass
        return page.content()

    def run_axe(self, axe_ctx: BrowserContext, flow_page: Page, html: str, result: PageResult | None = None) -> list:
        """Replay the HTML the JavaScript-free page got, at the same URL, on a 320 px wide screen:
        check that it reflows (WCAG 1.4.10: no sideways scrolling, nothing past the edge, except
        inside a region that scrolls on its own, such as a wide table) and run axe on it."""
        axe_ctx.clear_cookies()
        axe_ctx.add_cookies(flow_page.context.cookies())
        url = flow_page.url
        page = axe_ctx.new_page()
        page.set_viewport_size({"width": REFLOW_WIDTH, "height": 800})
        try:
            def matches(u: str) -> bool:
                return u == url

            page.route(
                matches,
                lambda route: route.fulfill(
                    status=200, content_type="text/html; charset=utf-8", body=html
                ),
            )
            page.goto(url, wait_until="load")
            if result is not None:
                try:
                    self.screenshot(page, result.label)
                except Exception as exc:  # a screenshot is a convenience, not a check
                    print(f"        (screenshot failed: {exc})", flush=True)
                for problem in page.evaluate(REFLOW_SCRIPT, REFLOW_WIDTH):
                    result.problems.append(f"at {REFLOW_WIDTH} px: {problem}")
            results = self.axe.run(page, options=AXE_OPTIONS)
            return list(results.response.get("violations", []))
        finally:
            page.close()

    # ---- the crawl ---------------------------------------------------------------------------

    def links_on(self, page: Page) -> list[str]:
        """The addresses of this site's pages that `page` links to, without fragments."""
        try:
            hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        except Exception:
            return []
        base = urlsplit(self.base_url)
        found = []
        for href in hrefs:
            parts = urlsplit(href)
            if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
                continue
            path = parts.path or "/"
            if path.startswith(CRAWL_SKIP_PREFIXES) or path.endswith(CRAWL_SKIP_SUFFIXES):
                continue
            if any(p.search(path) for p in CRAWL_SKIP_PATTERNS):
                continue
            found.append(path + ("?" + parts.query if parts.query else ""))
        return found

    @staticmethod
    def shape(address: str) -> str:
        """`/signaler/123` and `/signaler/456` have one shape; so have `/x?q=a&page=2` and `/x?sector=b`."""
        parts = urlsplit(address)
        segments = []
        for segment in parts.path.split("/"):
            if re.fullmatch(r"[0-9][0-9-]*", segment) or (len(segment) >= 6 and re.fullmatch(r"[A-Z0-9-]+", segment)):
                segments.append(":x")
            else:
                segments.append(segment)
        return "/".join(segments) + ("?…" if parts.query else "")

    def crawl(self, page: Page, axe_ctx: BrowserContext, who: str, lang: str, failed: list[str],
              queue: list[str], visited: set[str]) -> None:
        """Check the pages the visited ones link to, breadth first, a few of each shape."""
        shapes = self.crawled_shapes
        checked = 0
        label_suffix = f"  [{who}]" if who else ""
        while queue and checked < CRAWL_MAX_PER_FLOW:
            address = queue.pop(0)
            shape = self.shape(address)
            if address in visited or shapes.get(shape, 0) >= CRAWL_PER_SHAPE:
                continue
            visited.add(address)
            shapes[shape] = shapes.get(shape, 0) + 1
            checked += 1
            label = f"{address} (crawled){label_suffix}"
            try:
                response = self.open(page, address, failed)
                # A link that leads off the site (starting a sign-in sends the browser to the
                # organisation's identity provider) ends at pages that are not ours to check.
                if urlsplit(page.url).netloc != urlsplit(self.base_url).netloc:
                    continue
                self.check_page(page, axe_ctx, label, response, None, None, lang, list(failed))
                queue.extend(self.links_on(page))
            except Exception as exc:
                self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))

    # ---- navigation ------------------------------------------------------------------------

    def open(self, page: Page, path: str, failed: list[str]) -> Response | None:
        failed.clear()
        return page.goto(self.url(path), wait_until="load")

    def watch_subresources(self, page: Page, failed: list[str]) -> None:
        def on_response(resp: Response) -> None:
            if resp.request.resource_type == "document":
                return
            if resp.status >= 400 and urlsplit(resp.url).path not in IGNORED_SUBRESOURCES:
                failed.append(f"{resp.status} {resp.url}")

        def on_failed(req) -> None:
            if req.resource_type != "document" and urlsplit(req.url).path not in IGNORED_SUBRESOURCES:
                failed.append(f"{req.failure} {req.url}")

        page.on("response", on_response)
        page.on("requestfailed", on_failed)

    def visit(self, page: Page, axe_ctx: BrowserContext, entry, who: str, lang: str, failed: list[str],
              crawl: tuple[list[str], set[str]] | None = None) -> None:
        """Open and check one listed page; with `crawl` (a queue and the visited addresses), note
        the page as visited and queue the pages it links to."""
        if isinstance(entry, str):
            entry = {"path": entry}
        label_suffix = f"  [{who}]" if who else ""
        if "first_link_on" in entry:
            source, prefix = entry["first_link_on"], entry["href_prefix"]
            within = entry.get("within", "")
            selector = f'{within} a[href^="{prefix}"]'.strip()
            label = f"{prefix}… (first link on {source}){label_suffix}"
            try:
                self.open(page, source, failed)
                link = page.locator(selector).first
                if page.locator(selector).count() == 0:
                    self.report(PageResult(label=label, url=page.url,
                                           problems=[f"no link starting with {prefix} on {source}"]))
                    return
                path = urlsplit(urljoin(page.url, link.get_attribute("href"))).path
            except Exception as exc:
                self.report(PageResult(label=label, problems=[f"error: {exc}"]))
                return
            entry = {**entry, "path": path}
        path = entry["path"]
        label = f"{path}{label_suffix}"
        try:
            response = self.open(page, path, failed)
            expect_path = None if entry.get("allow_redirect") else urlsplit(self.url(path)).path
            self.check_page(page, axe_ctx, label, response, expect_path,
                            entry.get("expect_status"), lang, list(failed))
            if crawl is not None:
                queue, visited = crawl
                visited.add(path)
                queue.extend(self.links_on(page))
        except Exception as exc:
            self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))

    # ---- flows -----------------------------------------------------------------------------

    def public_flow(self) -> None:
        ctx, axe_ctx = self.new_flow_context(), self.new_axe_context()
        failed: list[str] = []
        try:
            page = ctx.new_page()
            self.watch_subresources(page, failed)
            queue: list[str] = []
            visited: set[str] = set()
            for entry in PUBLIC_PAGES:
                self.visit(page, axe_ctx, entry, "", DEFAULT_LANG, failed, (queue, visited))
            self.crawl(page, axe_ctx, "", DEFAULT_LANG, failed, queue, visited)
            for spec in PUBLIC_VALID_FORMS:
                self.submit_valid_form(page, axe_ctx, spec, "anonymous", failed)
            for spec in PUBLIC_KEPT_INPUT_FORMS:
                self.submit_kept_input_form(page, axe_ctx, spec, "anonymous", failed)
            self.language_switch(page, axe_ctx, failed)
        finally:
            ctx.close()
            axe_ctx.close()

    def language_switch(self, page: Page, axe_ctx: BrowserContext, failed: list[str]) -> None:
        spec = LANGUAGE_SWITCH
        label = f"{spec['page']} after choosing {spec['button']} (POST {spec['form_action']})"
        try:
            self.open(page, spec["page"], failed)
            action = spec["form_action"]
            form = page.locator(f'form[action="{action}"], form[action^="{action}?"]').filter(
                has=page.get_by_role("button", name=spec["button"], exact=True)
            )
            if form.count() == 0:
                self.report(PageResult(label=label, url=page.url, problems=[
                    f'no form posting to {spec["form_action"]} with a button "{spec["button"]}"']))
                return
            failed.clear()
            with page.expect_navigation(wait_until="load") as nav:
                form.first.get_by_role("button", name=spec["button"], exact=True).click()
            self.check_page(page, axe_ctx, label, nav.value, None, None, spec["lang"], list(failed))
        except Exception as exc:
            self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))

    def sign_in(self, page: Page, axe_ctx: BrowserContext, email: str, password: str,
                failed: list[str]) -> bool:
        label = f"{SIGN_IN_PATH} → sign in  [{email}]"
        try:
            self.open(page, SIGN_IN_PATH, failed)
            form = page.locator("form").filter(has=page.locator('input[name="email"]')).first
            form.locator('input[name="email"]').fill(email)
            form.locator('input[name="password"]').fill(password)
            submit = form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first
            failed.clear()
            with page.expect_navigation(wait_until="load") as nav:
                submit.click()
            response = nav.value
            problems = []
            if page.get_by_role("button", name=SIGN_OUT_BUTTON).count() == 0:
                problems.append("signing in did not lead to a page with a sign-out button")
            result = self.check_page(page, axe_ctx, label, response, None, None, DEFAULT_LANG,
                                     list(failed), problems)
            return not any("sign-out" in p for p in result.problems)
        except Exception as exc:
            self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))
            return False

    def submit_valid_form(self, page: Page, axe_ctx: BrowserContext, spec: dict, who: str, failed: list[str]) -> None:
        """Fill and submit a form that changes something; its answer must be a redirect (post/redirect/get)."""
        label = f"{spec.get('page') or spec['href_prefix'] + '…'} submitted  [{who}]"
        try:
            if "first_link_on" in spec:
                self.open(page, spec["first_link_on"], failed)
                href = page.locator(f'a[href^="{spec["href_prefix"]}"]').first.get_attribute("href")
                self.open(page, urlsplit(urljoin(page.url, href)).path, failed)
            else:
                self.open(page, spec["page"], failed)
            names = list(spec["fields"].keys())
            form = page.locator("form[method='post']").filter(has=page.locator(f'[name="{names[0]}"]')).first
            for name, value in spec["fields"].items():
                field = form.locator(f'[name="{name}"]')
                kind = (field.first.get_attribute("type") or field.first.evaluate("el => el.tagName")).lower()
                if kind in ("radio", "checkbox"):
                    form.locator(f'[name="{name}"][value="{value}"]').check()
                elif kind == "select":
                    field.first.select_option(value)
                else:
                    field.first.fill(value)
            submit = form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first
            failed.clear()
            with page.expect_navigation(wait_until="load") as nav:
                submit.click()
            response = nav.value
            problems = []
            if response is None or response.request.redirected_from is None:
                problems.append("the answer to the POST was not a redirect: reloading it would send the form again")
            self.check_page(page, axe_ctx, label, response, None, None, DEFAULT_LANG, list(failed), problems)
            # Reloading the page the form led to asks for it again; it does not send the form again.
            reloaded = page.reload(wait_until="load")
            if reloaded is None or reloaded.request.method != "GET" or reloaded.status >= 400:
                method = reloaded.request.method if reloaded else "nothing"
                self.report(PageResult(label=f"{label} reloaded", url=page.url,
                                       problems=[f"reloading sent {method} ({reloaded.status if reloaded else '-'}), not a GET of the result"]))
        except Exception as exc:
            self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))

    def submit_invalid_form(self, page: Page, axe_ctx: BrowserContext, spec: dict, who: str,
                            failed: list[str]) -> None:
        fields = spec["empty_fields"]
        label = f"{spec['page']} submitted with empty {', '.join(fields)}  [{who}]"
        try:
            self.open(page, spec["page"], failed)
            form = page.locator("main form").filter(
                has=page.locator(", ".join(f'[name="{f}"]' for f in fields))
            ).first
            # Let the empty value reach the server: turn off the browser's own validation.
            form.evaluate("f => f.setAttribute('novalidate', '')")
            for name in fields:
                form.locator(f'[name="{name}"]').fill("")
            submit = form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first
            failed.clear()
            with page.expect_navigation(wait_until="load") as nav:
                submit.click()
            problems = []
            if page.locator(ERROR_SUMMARY_LINKS).count() == 0:
                problems.append('no error summary (a link inside role="alert" or .error-summary)')
            self.check_page(page, axe_ctx, label, nav.value, None, spec.get("expect_status"),
                            DEFAULT_LANG, list(failed), problems)
        except Exception as exc:
            self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))

    def sign_on_flow(self, organisation: str, person: str, stranger: str) -> None:
        """Sign-in with the organisation's own provider (a real OpenID Connect provider process):
        the link on the sign-in page, the provider's page, back to Tillit signed in; the provider's
        answer used a second time is refused; signing out offers the provider's sign-out; someone
        without an account is refused with a clear page.
        Only Tillit's pages are checked with axe (the provider's are not ours)."""
        ctx, axe_ctx = self.new_flow_context(), self.new_axe_context()
        failed: list[str] = []
        link_name = re.compile(r"^Logga in med ")
        start = f'a[href^="/logga-in/sso/{organisation}"]'

        def through_provider(page: Page, subject: str):
            page.locator('input[name="sub"]').first.fill(subject)
            failed.clear()
            with page.expect_navigation(wait_until="load") as nav:
                page.locator('input[name="sub"]').first.press("Enter")
            return nav.value

        try:
            page = ctx.new_page()
            self.watch_subresources(page, failed)
            label = f"{SIGN_IN_PATH} → Logga in med {organisation} → provider → back  [{person}]"
            try:
                self.open(page, SIGN_IN_PATH, failed)
                link = page.locator(start).filter(has_text=link_name)
                if link.count() == 0:
                    self.report(PageResult(label=label, url=page.url, problems=[f"no link {start} named 'Logga in med …' on {SIGN_IN_PATH}"]))
                    return
                with page.expect_navigation(wait_until="load"):
                    link.first.click()
                if urlsplit(page.url).netloc == urlsplit(self.base_url).netloc:
                    self.report(PageResult(label=label, url=page.url, problems=["the link did not lead to the provider"]))
                    return
                response = through_provider(page, person)
                problems = []
                if urlsplit(page.url).netloc != urlsplit(self.base_url).netloc:
                    problems.append(f"the provider did not send the browser back to Tillit: {page.url}")
                if page.get_by_role("button", name=SIGN_OUT_BUTTON).count() == 0:
                    problems.append("signing in with the provider did not lead to a page with a sign-out button")
                self.check_page(page, axe_ctx, label, response, None, None, DEFAULT_LANG, list(failed), problems)
                if problems:
                    return
                # The provider's answer, as the browser was sent back with it.
                callback = response.request.redirected_from.url if response and response.request.redirected_from else None
            except Exception as exc:
                self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))
                return

            label = f"the provider's answer used again (a replayed state)  [{person}]"
            try:
                if not callback or "/svar?" not in callback:
                    self.report(PageResult(label=label, url=page.url, problems=[f"no answer from the provider to replay: {callback}"]))
                else:
                    failed.clear()
                    response = page.goto(callback, wait_until="load")
                    problems = []
                    if "redan använts" not in page.content():
                        problems.append("the refusal does not say the sign-in was already used")
                    self.check_page(page, axe_ctx, label, response, None, [400], DEFAULT_LANG, list(failed), problems)
            except Exception as exc:
                self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))

            label = f"sign out after signing in with {organisation}  [{person}]"
            try:
                failed.clear()
                with page.expect_navigation(wait_until="load") as nav:
                    page.get_by_role("button", name=SIGN_OUT_BUTTON).first.click()
                problems = []
                provider_link = page.locator("main a").filter(has_text=re.compile(r"^Logga ut från "))
                if provider_link.count() == 0:
                    problems.append("no link to sign out at the provider too")
                self.check_page(page, axe_ctx, label, nav.value, "/utloggad", None, DEFAULT_LANG, list(failed), problems)
                if not problems:
                    href = provider_link.first.get_attribute("href") or ""
                    if "post_logout_redirect_uri=" not in href or "client_id=" not in href:
                        self.report(PageResult(label=f"{label}: the provider's sign-out link", url=page.url,
                                               problems=[f"the link lacks client_id or post_logout_redirect_uri: {href}"]))
                me = page.goto(self.url("/mitt"), wait_until="load")
                if urlsplit(page.url).path != SIGN_IN_PATH:
                    self.report(PageResult(label=f"{label}: /mitt afterwards", url=page.url,
                                           problems=[f"still signed in after signing out (HTTP {me.status if me else '?'})"]))
            except Exception as exc:
                self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))

            label = f"sign-in with {organisation} by someone without an account  [{stranger}]"
            try:
                self.open(page, SIGN_IN_PATH, failed)
                with page.expect_navigation(wait_until="load"):
                    page.locator(start).first.click()
                response = through_provider(page, stranger)
                problems = []
                if "Kontakta din administratör" not in page.content():
                    problems.append("the refusal does not tell them to contact the administrator")
                self.check_page(page, axe_ctx, label, response, None, [403], DEFAULT_LANG, list(failed), problems)
            except Exception as exc:
                self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))
        finally:
            ctx.close()
            axe_ctx.close()

    def submit_kept_input_form(self, page: Page, axe_ctx: BrowserContext, spec: dict, who: str,
                               failed: list[str]) -> None:
        """Type values that cannot be used; the answer shows the form again with what was typed."""
        typed = spec["fields"]
        label = f"{spec['page']} submitted with {', '.join(f'{k}={v}' for k, v in typed.items())}  [{who}]"
        try:
            self.open(page, spec["page"], failed)
            form = page.locator("main form").filter(
                has=page.locator(", ".join(f'[name="{f}"]' for f in typed))
            ).first
            form.evaluate("f => f.setAttribute('novalidate', '')")
            # A browser without a date picker lets anything be typed into a date field.
            form.evaluate("f => f.querySelectorAll('input[type=date]').forEach(e => e.type = 'text')")
            for name, value in typed.items():
                form.locator(f'[name="{name}"]').fill(value)
            submit = form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first
            failed.clear()
            with page.expect_navigation(wait_until="load") as nav:
                submit.click()
            problems = []
            if page.locator(ERROR_SUMMARY_LINKS).count() == 0:
                problems.append('no error summary (a link inside role="alert" or .error-summary)')
            for name, value in typed.items():
                field = page.locator(f'main [name="{name}"]')
                kept = field.first.input_value() if field.count() else None
                if kept != value:
                    problems.append(f'the field {name} holds {kept!r}, not what was typed ({value!r})')
            self.check_page(page, axe_ctx, label, nav.value, None, spec.get("expect_status"),
                            DEFAULT_LANG, list(failed), problems)
        except Exception as exc:
            self.report(PageResult(label=label, url=page.url, problems=[f"error: {exc}"]))

    def account_flow(self, account: dict) -> None:
        email = account["email"]
        ctx, axe_ctx = self.new_flow_context(), self.new_axe_context()
        failed: list[str] = []
        try:
            page = ctx.new_page()
            self.watch_subresources(page, failed)
            if not self.sign_in(page, axe_ctx, email, account.get("password", DEMO_PASSWORD), failed):
                for entry in account.get("pages", []):
                    name = entry if isinstance(entry, str) else entry.get("path") or entry.get("href_prefix")
                    self.report(PageResult(label=f"{name}  [{email}]",
                                           problems=["not visited: sign-in failed"]))
                return
            queue: list[str] = []
            visited: set[str] = set()
            for entry in account.get("pages", []):
                self.visit(page, axe_ctx, entry, email, DEFAULT_LANG, failed, (queue, visited))
            self.crawl(page, axe_ctx, email, DEFAULT_LANG, failed, queue, visited)
            for spec in account.get("valid_forms", []):
                self.submit_valid_form(page, axe_ctx, spec, email, failed)
            for spec in account.get("invalid_forms", []):
                self.submit_invalid_form(page, axe_ctx, spec, email, failed)
            for spec in account.get("kept_input_forms", []):
                self.submit_kept_input_form(page, axe_ctx, spec, email, failed)
        finally:
            ctx.close()
            axe_ctx.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8097")
    parser.add_argument("--screenshots", type=Path, help="save a full-page PNG of every page here")
    parser.add_argument("--sign-on", metavar="SLUG",
                        help="also sign in through this organisation's OpenID Connect provider (Tests/signon/configure.py set it up)")
    parser.add_argument("--sign-on-person", default="medarbetare@tillitsby.se", help="the account to sign in as at the provider")
    parser.add_argument("--sign-on-stranger", default="okand@tillitsby.se", help="someone the provider knows and Tillit does not")
    args = parser.parse_args()

    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)

    checker: Checker | None = None

    def timed_out(signum, frame):
        # Playwright's sync API blocks in its own loop; give up hard, but with a closing line.
        done = checker.results if checker else []
        passed = sum(1 for r in done if r.ok)
        print(f"FAIL  the whole check took longer than {WHOLE_RUN_TIMEOUT_S} s", flush=True)
        print(f"{passed} passed, {len(done) - passed + 1} failed", flush=True)
        os._exit(1)

    signal.signal(signal.SIGALRM, timed_out)
    signal.alarm(WHOLE_RUN_TIMEOUT_S)

    crashed = False
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        checker = Checker(browser, args.base_url, args.screenshots)
        try:
            checker.public_flow()
            for account in ACCOUNTS:
                checker.account_flow(account)
            if args.sign_on:
                checker.sign_on_flow(args.sign_on, args.sign_on_person, args.sign_on_stranger)
        except Exception:
            crashed = True
            traceback.print_exc()
        finally:
            browser.close()

    passed = sum(1 for r in checker.results if r.ok)
    failed = len(checker.results) - passed + (1 if crashed else 0)
    if args.screenshots:
        print(f"screenshots in {args.screenshots}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
