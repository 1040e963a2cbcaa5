// The worker self-check (NGO page, self mode): completed by keyboard alone, accessible on every
// question screen and on the result, equal to `tamiz assess`, quick exit by button and by Shift×3,
// and no traces left in the browser.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import {
  BASE,
  NO_TRACES,
  assertAccessible,
  deepActive,
  headingFocused,
  launch,
  openPage,
  recordEvents,
  requirePart,
  storageTraces,
  tabTo,
  tamizAssess,
  tamizAssessText,
  widgetReady,
} from "./helpers.js";

const EXIT_PATH = "/e2e/exited.html";
const NEXT = /^(next|see result|start|begin|siguiente|ver (el )?resultado|empezar|comenzar)$/i;
const QUICK_EXIT = /quick exit|exit this page|salida rápida|salir rápido|salir de esta página/i;

/// Answers every question with the keyboard only: on screen n, the (n mod 4)-th answer (Yes, No,
/// I don't know, Prefer not to say), chosen with the arrow keys; then Tab to Next / See result and
/// Enter. Calls `onScreen(n)` on each screen before answering. Returns the answer labels chosen.
async function completeByKeyboard(page, onScreen = async () => {}) {
  const chosen = [];
  for (let screen = 0; screen < 80; screen++) {
    const done = await page.evaluate(() => window.__tamiz.complete.length > 0);
    if (done) return chosen;
    await onScreen(screen);
    const first = await tabTo(
      page,
      (a) => (a.tag === "input" && a.type === "radio") || (a.tag === "button" && NEXT.test(a.label)),
      `an answer or the Next button on screen ${screen}`,
    );
    if (first.tag === "input") {
      const k = screen % 4;
      if (k === 0) await page.keyboard.press("Space");
      for (let i = 0; i < k; i++) await page.keyboard.press("ArrowDown");
      const picked = await deepActive(page);
      assert.ok(picked.checked, `screen ${screen}: the arrow keys did not check an answer`);
      chosen.push(picked.label);
      await tabTo(page, (a) => a.tag === "button" && NEXT.test(a.label), `Next on screen ${screen}`);
    }
    await page.keyboard.press("Enter");
    await headingFocused(page);
  }
  assert.fail("the self-check did not complete within 80 screens");
}

function withoutAnswers(detail) {
  const { answers, facts, ...rest } = detail;
  return rest;
}

/// The case facts the widget reports with `emit-answers`, whichever of the documented shapes it uses.
function factsFrom(detail, country) {
  if (detail.facts && detail.facts.observations) return detail.facts;
  if (detail.answers && detail.answers.observations) return detail.answers;
  assert.ok(detail.answers && typeof detail.answers === "object", "tamiz-complete has no answers with emit-answers");
  return { country, role: "self", observations: detail.answers };
}

describe("self-check", () => {
  let browser;
  before(async () => {
    requirePart("widget", "the self-check is the widget (issue 4)");
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  test("completed by keyboard alone; result and tamiz-complete equal `tamiz assess`; axe on every screen; no traces", async () => {
    // Run 1: the page as published (no emit-answers), axe on every question screen and the result.
    const p = await openPage(browser, "/en/self-check.html");
    let plain;
    try {
      await widgetReady(p.page);
      await recordEvents(p.page);
      // No mouse at all: Tab from the top of the page reaches the widget.
      const labels = await completeByKeyboard(p.page, async (n) => {
        await assertAccessible(p.page, `self-check question screen ${n}`);
      });
      assert.ok(labels.length >= 3, `only ${labels.length} questions were answered`);
      const ev = await p.page.evaluate(() => window.__tamiz);
      assert.equal(ev.complete.length, 1);
      assert.deepEqual(ev.error, []);
      plain = ev.complete[0];
      assert.equal(plain.schema, "tamiz.assessment/1");
      assert.equal(plain.answers, undefined, "answers must not be emitted without emit-answers");
      const steps = ev.step;
      assert.ok(steps.length >= labels.length - 1, "tamiz-step did not fire on each step");
      for (const s of steps) assert.ok(Number.isInteger(s.index) && Number.isInteger(s.total), JSON.stringify(s));

      // The result screen: visible, focused on its heading, accessible.
      await headingFocused(p.page, 10000);
      const focused = await deepActive(p.page);
      assert.match(focused.tag, /^h[1-6]$/, `focus after completion is on <${focused.tag}>, not the result heading`);
      await assertAccessible(p.page, "self-check result screen");

      assert.deepEqual(await storageTraces(p.page), NO_TRACES, "the self-check left traces in the browser");
      p.check();
    } finally {
      await p.close();
    }

    // Run 2: same answers with emit-answers, to learn the facts, then compare with the CLI.
    const q = await openPage(browser, "/en/self-check.html");
    try {
      await widgetReady(q.page);
      await q.page.evaluate(() => document.getElementById("screening").setAttribute("emit-answers", ""));
      await widgetReady(q.page);
      await recordEvents(q.page);
      await completeByKeyboard(q.page);
      const detail = (await q.page.evaluate(() => window.__tamiz.complete))[0];
      const facts = factsFrom(detail, "PE");
      const cli = tamizAssess(facts);
      assert.deepEqual(withoutAnswers(detail), cli, "tamiz-complete differs from `tamiz assess` for the same facts");
      assert.deepEqual(plain, cli, "the published self-check's result differs from `tamiz assess`");

      // What the person sees names each referral route's first step: the result is not empty.
      // What the person reads matches the CLI's text result for the same facts: every outcome
      // sentence and every institution of the referral steps.
      const norm = (t) => t.replace(/\s+/g, " ").trim();
      const shown = norm(await q.page.locator('#screening [part~="result"]').first().innerText());
      const text = tamizAssessText(facts, "en");
      const [, outcome = ""] = text.split(/\n\s*\n/);
      const sentences = outcome.split("\n").map((l) => norm(l.replace(/^Urgency:\s*/, ""))).filter(Boolean);
      const institutions = [...text.matchAll(/^\s+• (.+)$/gm)].map((m) => norm(m[1]));
      assert.ok(sentences.length >= 1 && institutions.length >= 1, `unexpected \`tamiz assess --format text\` output:\n${text}`);
      for (const s of [...sentences, ...institutions]) {
        assert.ok(shown.includes(s), `the result screen does not show "${s}" (from \`tamiz assess --format text\`)`);
      }
      assert.deepEqual(await storageTraces(q.page), NO_TRACES);
      q.check();
    } finally {
      await q.close();
    }
  });

  test("quick exit by button lands on the exit URL and replaces the history entry", async () => {
    const p = await openPage(browser, null);
    try {
      await p.page.goto(`${BASE}/en/self-check.html`);
      await widgetReady(p.page);
      await p.page.evaluate((url) => document.getElementById("screening").setAttribute("quick-exit-url", url), BASE + EXIT_PATH);
      await p.page.getByRole("button", { name: QUICK_EXIT }).first().click();
      await p.page.waitForURL(BASE + EXIT_PATH, { timeout: 5000 });
      await p.page.goBack().catch(() => {});
      assert.ok(!p.page.url().includes("self-check"), `Back returned to the self-check (${p.page.url()})`);
      p.check();
    } finally {
      await p.close();
    }
  });

  test("quick exit by pressing Shift three times lands on the exit URL", async () => {
    const p = await openPage(browser, "/self-check.html");
    try {
      await widgetReady(p.page);
      await p.page.evaluate((url) => document.getElementById("screening").setAttribute("quick-exit-url", url), BASE + EXIT_PATH);
      await p.page.locator("h1").click();
      for (let i = 0; i < 3; i++) await p.page.keyboard.press("Shift");
      await p.page.waitForURL(BASE + EXIT_PATH, { timeout: 5000 });
      p.check();
    } finally {
      await p.close();
    }
  });

  test("the inspector portal attaches the assessment to the case file", async () => {
    const p = await openPage(browser, "/en/portal.html");
    try {
      await widgetReady(p.page);
      await recordEvents(p.page);
      await assertAccessible(p.page, "portal: first section of the inspector screening");
      await p.page.locator("h1").click();
      // Professional mode: sections of several questions; answer each group with the keyboard.
      for (let screen = 0; screen < 40; screen++) {
        if (await p.page.evaluate(() => window.__tamiz.complete.length > 0)) break;
        for (let guard = 0; guard < 60; guard++) {
          await p.page.keyboard.press("Tab");
          const a = await deepActive(p.page);
          if (a && a.tag === "input" && a.type === "radio" && !a.checked) await p.page.keyboard.press("Space");
          if (a && a.tag === "button" && NEXT.test(a.label)) break;
        }
        await p.page.keyboard.press("Enter");
        await headingFocused(p.page);
      }
      const detail = (await p.page.evaluate(() => window.__tamiz.complete))[0];
      assert.ok(detail, "the inspector screening did not complete");
      await p.page.locator("#attachments li").first().waitFor();
      const json = await p.page.locator("#attachments .attachment-json").first().textContent();
      assert.deepEqual(JSON.parse(json), detail, "the attached JSON is not the tamiz-complete detail");
      await assertAccessible(p.page, "portal with the result and the attachment");
      assert.deepEqual(await storageTraces(p.page), NO_TRACES, "the portal flow left traces in the browser");
      p.check();
    } finally {
      await p.close();
    }
  });
});
