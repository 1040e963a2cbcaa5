// Every page of the site, in both languages: loads under the strict CSP with no console errors and
// no request outside its own origin, and axe-core finds no WCAG 2.2 A/AA violation.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { BASE, PAGES, assertAccessible, launch, openPage } from "./helpers.js";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

describe("site pages", () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("the server sends the strict CSP and the right MIME types", async () => {
    for (const [path, type] of [
      ["/", "text/html"],
      ["/site.css", "text/css"],
      ["/js/portal.js", "text/javascript"],
      ["/vendor/chart.js", "text/javascript"],
      ["/widget/tamiz-widget.js", "text/javascript"],
      ["/stats/tamiz_stats_wasm_bg.wasm", "application/wasm"],
    ]) {
      const res = await fetch(BASE + path);
      assert.equal(res.status, 200, `${path} answered ${res.status}`);
      assert.equal(res.headers.get("content-security-policy"), CSP, path);
      assert.ok(res.headers.get("content-type").startsWith(type), `${path}: ${res.headers.get("content-type")}`);
    }
    assert.equal((await fetch(`${BASE}/../Cargo.toml`)).status, 404);
  });

  for (const path of PAGES) {
    test(`${path} loads cleanly under the CSP and passes axe`, async () => {
      const p = await openPage(browser, path);
      try {
        // Axe sees the settled page: every widget has rendered its first screen (a heading, or its
        // error view's), and on the analyst page the worker has filled in the example spec.
        await p.page.waitForLoadState("networkidle");
        await p.page.waitForFunction(
          () => {
            const widgets = [...document.querySelectorAll("tamiz-screening")];
            const spec = document.getElementById("spec");
            return (
              widgets.every((w) => w.shadowRoot?.querySelector(".tamiz-heading")) &&
              (!spec || spec.value.includes("[privacy]"))
            );
          },
          null,
          { timeout: 30000 },
        );
        const lang = await p.page.evaluate(() => document.documentElement.lang);
        assert.equal(lang, path.startsWith("/en/") ? "en" : "es");
        p.check();
        await assertAccessible(p.page, path);
        p.check();
      } finally {
        await p.close();
      }
    });
  }

  test("pages link to each other and to the other language", async () => {
    const p = await openPage(browser, "/index.html");
    try {
      const hrefs = await p.page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")));
      for (const target of ["portal.html", "self-check.html", "analyst.html", "embed.html", "en/index.html"]) {
        assert.ok(hrefs.includes(target), `index.html does not link to ${target}`);
      }
      p.check();
    } finally {
      await p.close();
    }
  });
});
