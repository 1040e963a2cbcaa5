// Training mode on the demo training page: the training bundle loads only there, a practice case is
// screened through the DOM to feedback, the feedback screen passes axe under the strict CSP, and
// `tamiz-complete` carries the score.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { assertAccessible, launch, openPage, widgetReady } from "./helpers.js";

describe("training page", () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("screening pages never download the training bundle", async () => {
    const p = await openPage(browser, "/en/self-check.html");
    try {
      const urls = [];
      p.page.on("request", (r) => urls.push(r.url()));
      await widgetReady(p.page);
      await p.page.waitForLoadState("networkidle");
      const all = await p.page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
      assert.ok(!all.concat(urls).some((u) => /tamiz_training|tamiz-training/.test(u)), all.join("\n"));
      p.check();
    } finally {
      await p.close();
    }
  });

  test("a practice case goes from the narrative to feedback, accessibly, with the score", async () => {
    const p = await openPage(browser, "/en/training.html");
    const { page } = p;
    try {
      await page.evaluate(() => {
        window.__complete = [];
        document.addEventListener("tamiz-complete", (e) => window.__complete.push(e.detail));
      });
      await widgetReady(page);
      const cases = page.locator("tamiz-screening .tamiz-case-item button");
      assert.ok((await cases.count()) >= 8, "at least 8 Peruvian cases");
      await assertAccessible(page, "training: case list");
      await cases.first().click();
      await page.locator("tamiz-screening .tamiz-narrative").waitFor();
      await assertAccessible(page, "training: narrative and first step");

      // Answer every question "No" (an age question gets 30) until the feedback shows.
      for (let screen = 0; screen < 40; screen++) {
        if (await page.locator("tamiz-screening .tamiz-score").count()) break;
        const age = page.locator("tamiz-screening input.tamiz-age");
        if (await age.count()) await age.fill("30");
        // One group at a time: skip logic hides follow-up questions as answers come in.
        for (let q = 0; q < 30; q++) {
          const open = await page.$$eval("tamiz-screening input[type=radio][value=no]", (rs) =>
            rs.filter((r) => !r.form.querySelector(`input[name="${r.name}"]:checked`)).map((r) => r.name),
          );
          if (!open.length) break;
          await page.locator(`tamiz-screening input[type=radio][name="${open[0]}"][value=no]`).check();
        }
        await page.locator("tamiz-screening button[type=submit]").click();
      }
      const score = await page.locator("tamiz-screening .tamiz-score").textContent();
      assert.match(score, /Score: \d+ \/ 100/);
      await assertAccessible(page, "training: feedback");
      const detail = await page.evaluate(() => window.__complete.at(-1));
      assert.equal(detail.schema, "tamiz.assessment/1");
      assert.equal(typeof detail.training.score.percent, "number");
      assert.ok(detail.training.case, "the case id");
      const summary = await page.locator("tamiz-screening .tamiz-session").textContent();
      assert.match(summary, /Cases done: 1/);
      p.check();
    } finally {
      await p.close();
    }
  });
});
