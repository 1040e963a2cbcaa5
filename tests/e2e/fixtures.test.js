// Host-page fixtures (tests/e2e/fixtures, served under /e2e/): three instances with different modes
// and languages on one page, and a host stylesheet that restyles `*`, `button` and `input`.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { assertAccessible, eventually, launch, openPage, requirePart, widgetReady } from "./helpers.js";

describe("host-page fixtures", () => {
  let browser;
  before(async () => {
    requirePart("widget", "the fixtures embed the widget (issue 4)");
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("three instances (different modes and languages) work independently", async () => {
    const p = await openPage(browser, "/e2e/multi.html");
    try {
      for (const id of ["#w1", "#w2", "#w3"]) await widgetReady(p.page, id);
      await p.page.evaluate(() => {
        window.__steps = { w1: [], w2: [], w3: [] };
        for (const id of ["w1", "w2", "w3"]) {
          document.getElementById(id).addEventListener("tamiz-step", (e) => window.__steps[id].push(e.detail));
        }
      });
      const rootLang = (id) =>
        p.page.evaluate((i) => {
          const root = document.getElementById(i).shadowRoot;
          const el = root.querySelector("[lang]");
          return el ? el.getAttribute("lang") : null;
        }, id);
      assert.equal(await rootLang("w1"), "es");
      assert.equal(await rootLang("w2"), "en");
      assert.equal(await rootLang("w3"), "en");

      const w1 = p.page.locator("#w1");
      const w2 = p.page.locator("#w2");
      const w3 = p.page.locator("#w3");
      // Each speaks its own language.
      assert.ok((await w2.getByRole("button", { name: "Next" }).count()) >= 1, "w2 has no English Next button");
      assert.ok((await w1.getByRole("button", { name: "Siguiente" }).count()) >= 1, "w1 has no Spanish Siguiente button");
      const before1 = await w1.innerText();
      const before3 = await w3.innerText();

      // Advance w2 by one answered step: w1 and w3 must not move or change.
      await w2.getByRole("radio", { name: "Yes" }).first().check();
      await w2.getByRole("button", { name: "Next" }).click();
      await eventually(() => p.page.evaluate(() => window.__steps.w2.length >= 1));
      const steps = await p.page.evaluate(() => window.__steps);
      assert.ok(steps.w2.length >= 1, "w2 did not step");
      assert.deepEqual(steps.w1, [], "w1 stepped when w2 did");
      assert.deepEqual(steps.w3, [], "w3 stepped when w2 did");
      assert.equal(await w1.innerText(), before1, "w1 changed when w2 was used");
      assert.equal(await w3.innerText(), before3, "w3 changed when w2 was used");

      // An answer in w3 does not appear in w1 (no shared state between instances).
      await w3.getByRole("radio", { name: "Yes" }).first().check();
      assert.equal(await w1.getByRole("radio", { checked: true }).count(), 0, "w1 shows an answer given in w3");

      // Removing one instance leaves the others working.
      await p.page.evaluate(() => document.getElementById("w1").remove());
      await w2.getByRole("button", { name: "Back" }).click();
      const kept = await eventually(() => w2.getByRole("radio", { name: "Yes" }).first().isChecked());
      assert.ok(kept, "w2 lost its answer on Back");
      await assertAccessible(p.page, "three instances");
      p.check();
    } finally {
      await p.close();
    }
  });

  test("host CSS restyling *, button and input does not break the widget", async () => {
    const p = await openPage(browser, "/e2e/hostile.html");
    try {
      await widgetReady(p.page, "#w");
      const w = p.page.locator("#w");
      // The host's own button is hidden by its CSS (the fixture really is hostile) ...
      assert.equal(await p.page.locator("main > button").isVisible(), false);
      // ... but the widget's controls are visible, legible and at least 24 px.
      const buttons = w.getByRole("button");
      assert.ok((await buttons.count()) >= 2, "the widget shows fewer than two buttons");
      for (let i = 0; i < (await buttons.count()); i++) {
        const b = buttons.nth(i);
        if (!(await b.isVisible())) continue;
        const box = await b.boundingBox();
        assert.ok(box.width >= 24 && box.height >= 24, `button ${i} is ${box.width}×${box.height}`);
      }
      const next = w.getByRole("button", { name: "Next" });
      assert.ok(await next.isVisible(), "Next is not visible under the host CSS");
      const yes = w.getByRole("radio", { name: "Yes" }).first();
      assert.ok(await yes.isVisible(), "the Yes answer is not visible under the host CSS");
      const fontPx = await p.page.evaluate(() => {
        const root = document.getElementById("w").shadowRoot;
        const h = root.querySelector("h1, h2, h3, legend, label");
        return parseFloat(getComputedStyle(h).fontSize);
      });
      assert.ok(fontPx >= 12, `the widget's text is ${fontPx}px under the host CSS`);
      // And it still works.
      await yes.check();
      await next.click();
      assert.ok(await w.getByRole("button", { name: "Back" }).isVisible(), "the widget did not advance");
      p.check();
    } finally {
      await p.close();
    }
  });
});
