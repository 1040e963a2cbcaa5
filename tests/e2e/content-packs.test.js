// Content packs (widget/src/host/instrument.rs): a page downloads the texts of one language,
// country and role; switching `lang` mid-screening fetches the other language's pack and keeps the
// answers; once loaded, a screening completes with the network off, and a switch that would need a
// new pack offline fails clearly while the screening stays.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { eventually, headingFocused, launch, openPage, recordEvents, requirePart, widgetReady } from "./helpers.js";

const NEXT = /^(next|see result|siguiente|ver (el )?resultado)$/i;

/// The content packs the page requested, by file name.
function recordPacks(page) {
  const packs = [];
  page.on("request", (r) => {
    const name = new URL(r.url()).pathname.split("/").pop();
    if (name.endsWith(".bin")) packs.push(name);
  });
  return packs;
}

/// Answers each screen with its first option in every group, then Next, until the result.
async function complete(widget, page) {
  for (let screen = 0; screen < 80; screen++) {
    if (await page.evaluate(() => window.__tamiz.complete.length > 0)) return;
    const groups = widget.locator("fieldset");
    for (let g = 0; g < (await groups.count()); g++) {
      const radios = groups.nth(g).getByRole("radio");
      if ((await radios.count()) > 0) await radios.first().check();
    }
    const age = widget.locator("input.tamiz-age");
    if ((await age.count()) > 0) await age.first().fill("30");
    await widget.getByRole("button", { name: NEXT }).click();
    await headingFocused(page);
  }
  assert.fail("the screening did not complete within 80 screens");
}

describe("content packs", () => {
  let browser;
  before(async () => {
    requirePart("widget", "content packs are the widget's (issue 7)");
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("a page fetches one pack; switching lang fetches the other and keeps the answers", async () => {
    const p = await openPage(browser, null);
    const { page } = p;
    try {
      const packs = recordPacks(page);
      await page.goto(`${process.env.TAMIZ_BASE_URL}/en/self-check.html`, { waitUntil: "load" });
      await widgetReady(page);
      await recordEvents(page);
      assert.deepEqual(packs, ["tamiz_widget_en-pe-self.bin"]);

      const widget = page.locator("tamiz-screening");
      const first = widget.getByRole("radio").first();
      await first.check();
      const chosen = await first.getAttribute("value");
      await widget.getByRole("button", { name: NEXT }).click();
      await page.waitForFunction(() => window.__tamiz.step.length > 0);
      const stepBefore = await page.evaluate(() => window.__tamiz.step.at(-1).index);

      await page.evaluate(() => document.querySelector("tamiz-screening").setAttribute("lang", "es"));
      await widget.getByRole("button", { name: /^siguiente$/i }).waitFor({ timeout: 10000 });
      assert.deepEqual(packs, ["tamiz_widget_en-pe-self.bin", "tamiz_widget_es-pe-self.bin"]);
      assert.equal(await widget.locator(".tamiz[lang=es]").count(), 1, "the widget did not switch to Spanish");
      // Same step, and going back shows the answer given in English.
      await widget.getByRole("button", { name: /^atrás$/i }).click();
      const checked = widget.locator(`input[type=radio][value="${chosen}"]`).first();
      assert.ok(await eventually(() => checked.isChecked()), "the answer given before the switch was lost");
      assert.ok(stepBefore >= 2, `stepped to ${stepBefore}`);
      assert.deepEqual(await page.evaluate(() => window.__tamiz.error), []);
      p.check();
    } finally {
      await p.close();
    }
  });

  test("offline once loaded: the screening completes; a switch needing a new pack fails clearly", async () => {
    const p = await openPage(browser, "/en/self-check.html");
    const { page, context } = p;
    try {
      await widgetReady(page);
      await recordEvents(page);
      await context.setOffline(true);
      const widget = page.locator("tamiz-screening");
      await complete(widget, page);
      const [detail] = await page.evaluate(() => window.__tamiz.complete);
      assert.equal(detail.schema, "tamiz.assessment/1");
      assert.equal(await widget.locator(".tamiz-result").count(), 1, "no result shown offline");

      // The Spanish pack was never fetched: offline, the switch fails and says so; the result stays.
      await page.evaluate(() => document.querySelector("tamiz-screening").setAttribute("lang", "es"));
      await page.waitForFunction(() => window.__tamiz.error.length > 0, null, { timeout: 10000 });
      const [error] = await page.evaluate(() => window.__tamiz.error);
      assert.equal(error.code, "load-failed");
      assert.match(error.message, /tamiz_widget_es-pe-self\.bin|fetch/i);
      assert.match(await widget.getByRole("alert").last().innerText(), /could not be loaded; the screening stays/);
      assert.equal(await widget.locator(".tamiz-result").count(), 1, "the result was lost");
      assert.equal(await widget.locator(".tamiz[lang=en]").count(), 1);

      // Back online, the same switch works.
      await context.setOffline(false);
      await page.evaluate(() => document.querySelector("tamiz-screening").setAttribute("lang", "en"));
      await page.evaluate(() => document.querySelector("tamiz-screening").setAttribute("lang", "es"));
      await widget.locator(".tamiz[lang=es]").waitFor({ timeout: 10000 });
      assert.equal(await widget.locator(".tamiz-result").count(), 1, "the result was lost on the switch");
      assert.equal(await widget.getByRole("alert").filter({ hasText: "could not be loaded" }).count(), 0, "the stale alert stayed");
      // The failed request (and Chromium's console line about it) is this test's doing.
      const failed = p.problems.filter((m) => m.includes("es-pe-self.bin") && /DISCONNECTED/.test(m));
      assert.ok(failed.some((m) => m.startsWith("request failed")), p.problems.join("\n"));
      p.problems.splice(0, p.problems.length, ...p.problems.filter((m) => !failed.includes(m)));
      p.check();
    } finally {
      await p.close();
    }
  });
});
