// The analyst page releases the synthetic sample in the browser (tamiz-stats compiled to wasm) and
// shows numbers with the shape of release.json, as a chart with interval whiskers and as a table.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";

import { assertAccessible, launch, openPage, requirePart } from "./helpers.js";

/// Clicks the download link named `name`, as the analyst would, and returns the file's text.
async function downloadText(page, name) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(`#downloads a[download="${name}"]`).click(),
  ]);
  assert.equal(download.suggestedFilename(), name);
  return readFile(await download.path(), "utf8");
}

const EXPECTED_TABLES = ["by_country_year_gender", "by_country_citizenship", "means_of_control"];

describe("analyst page", () => {
  let browser;
  before(async () => {
    requirePart("stats-wasm", "the release runs in tamiz-stats-wasm (issue 5 + 6)");
    requirePart("synth", "the sample file comes from `tamiz synth` (issue 5)");
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("releases the synthetic file; numbers have the shape of release.json", async () => {
    const p = await openPage(browser, "/en/analyst.html");
    try {
      await p.page.waitForFunction(() => document.getElementById("spec").value.includes("[privacy]"), null, { timeout: 30000 });
      await p.page.getByRole("button", { name: "Use the synthetic sample file" }).click();
      await p.page.getByText("File chosen: synthetic-ctdc.csv").waitFor();
      await p.page.getByRole("button", { name: "Compute the release" }).click();
      // Either the results or an error message, whichever comes first (an error fails at once).
      await p.page.locator("#results:not([hidden]), #status .error").first().waitFor({ timeout: 180000 });
      assert.equal(await p.page.locator("#status .error").count(), 0, await p.page.locator("#status").innerText());

      const release = JSON.parse(await downloadText(p.page, "release.json"));
      assert.ok(release.privacy && typeof release.privacy === "object", "release.json has no privacy statement");
      assert.equal(release.privacy.measure, "zCDP");
      assert.deepEqual(release.tables.map((t) => t.name), EXPECTED_TABLES);
      for (const table of release.tables) {
        assert.ok(table.cells.length > 0, `${table.name} has no cells`);
        for (const c of table.cells) {
          assert.equal(typeof c.key, "object", `${table.name}: a cell has no key`);
          assert.ok(Number.isInteger(c.count) && c.count >= 0, `${table.name}: count ${c.count}`);
          assert.ok(typeof c.ci_low === "number" && typeof c.ci_high === "number", `${table.name}: interval ${c.ci_low}..${c.ci_high}`);
          assert.ok(c.ci_low <= c.ci_high, `${table.name}: ci_low > ci_high`);
        }
        if (table.name === "means_of_control") {
          for (const c of table.cells) assert.ok("flag" in c.key, "a flags table's cell key has no `flag`");
        }
        // Shown as a chart (one bar per cell, with whiskers) and as a table (one row per cell).
        const section = p.page.locator("section.release-table", { has: p.page.locator(`h3:text-is("${table.name}")`) });
        assert.equal(await section.locator("svg rect.bar").count(), table.cells.length, `${table.name}: bars`);
        assert.ok((await section.locator("svg line.whisker").count()) >= table.cells.length, `${table.name}: whiskers`);
        assert.equal(await section.locator("tbody tr").count(), table.cells.length, `${table.name}: table rows`);
        const csv = await downloadText(p.page, `${table.name}.csv`);
        assert.equal(csv.trim().split("\n").length, table.cells.length + 1, `${table.name}.csv rows`);
      }
      await assertAccessible(p.page, "analyst page with a release");

      // The page keeps the session's budget: 1 to start, 0.5 per release of the example spec, so
      // the third release is refused and publishes nothing.
      const budget = p.page.locator("#budget");
      assert.ok(Math.abs(Number(await budget.inputValue()) - 0.5) < 1e-9, await budget.inputValue());
      await p.page.getByRole("button", { name: "Compute the release" }).click();
      await p.page.getByText(/Release ready\. It spent 0\.5; 0 is left/).waitFor({ timeout: 180000 });
      await p.page.getByRole("button", { name: "Compute the release" }).click();
      await p.page.locator("#status .error").waitFor({ timeout: 180000 });
      assert.match(await p.page.locator("#status").innerText(), /refused/);
      assert.ok(Number(await budget.inputValue()) < 1e-9, await budget.inputValue());
      p.check();
    } finally {
      await p.close();
    }
  });
});
