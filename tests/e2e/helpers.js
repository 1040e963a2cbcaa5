// Shared helpers for the end-to-end suite. `cargo xtask test` (xtask/src/serve.rs) builds the site,
// serves it on a free loopback port and runs `node --test` here with:
//   TAMIZ_BASE_URL      the site's origin, e.g. http://127.0.0.1:41234
//   TAMIZ_BIN           the built `tamiz` binary (for `tamiz assess`)
//   TAMIZ_SITE_MISSING  comma-separated parts the site was built without (widget, stats-wasm, synth)
// The browser is always Debian's Chromium (/usr/bin/chromium); this suite never downloads one.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

export const BASE = process.env.TAMIZ_BASE_URL;
if (!BASE) {
  throw new Error("TAMIZ_BASE_URL is not set: run the suite through `cargo xtask test` (or set it to a running `cargo xtask serve` plus fixtures)");
}
export const ORIGIN = new URL(BASE).origin;
const MISSING = (process.env.TAMIZ_SITE_MISSING || "").split(",").filter(Boolean);

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Fails at once, with the reason, when a part the test needs was not built (no silent skips).
export function requirePart(part, why) {
  if (MISSING.includes(part)) {
    assert.fail(`cannot pass: the site was built without ${part} (${why})`);
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/// A fresh context and page that record console errors, page errors and every request that leaves
/// the site's origin; `check()` asserts there were none.
export async function openPage(browser, path, { allowOrigins = [] } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()} (${msg.location().url || "?"})`);
  });
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("request", (req) => {
    const url = req.url();
    if (url.startsWith("blob:") || url.startsWith("about:")) return;
    const origin = new URL(url).origin;
    if (origin !== ORIGIN && !allowOrigins.includes(origin)) problems.push(`request outside the origin: ${url}`);
  });
  page.on("requestfailed", (req) => {
    // A request cut short by leaving the page (quick exit does exactly that) is not a failure.
    const why = req.failure()?.errorText || "";
    if (why !== "net::ERR_ABORTED") problems.push(`request failed: ${req.url()} (${why})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  PROBLEMS.set(page, problems);
  if (path !== null) {
    let res;
    try {
      res = await page.goto(BASE + path, { waitUntil: "load" });
    } catch (err) {
      // One retry, said out loud: a navigation that hangs is the test server's or the machine's
      // hiccup (seen once on a loaded 2-core CI machine), not the page's; a second hang fails.
      if (err.name !== "TimeoutError") throw err;
      console.error(`openPage: ${path} did not load in time; retrying once`);
      res = await page.goto(BASE + path, { waitUntil: "load" });
    }
    assert.equal(res.status(), 200, `${path} answered ${res.status()}`);
  }
  return {
    context,
    page,
    problems,
    check(label = path) {
      assert.deepEqual(problems, [], `${label}: ${problems.join("\n")}`);
    },
    close: () => context.close(),
  };
}

const PROBLEMS = new WeakMap();

/// axe-core with the WCAG 2.2 A/AA tags; fails listing each violation and its nodes. axe itself
/// applies inline styles while it measures (contrast, target size) and the page's strict CSP blocks
/// them: those reports, made during the scan only, are axe's and are dropped; everything else stays.
export async function assertAccessible(page, label) {
  const problems = PROBLEMS.get(page);
  const before = problems ? problems.length : 0;
  const result = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  if (problems) {
    const during = problems.splice(before);
    problems.push(...during.filter((p) => !p.includes("Applying inline style violates")));
  }
  const summary = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  assert.deepEqual(summary, [], `${label}: axe found WCAG violations:\n${summary.join("\n")}`);
}

/// Waits for the widget inside `host` (a CSS selector) to be ready: its shadow root has content.
export async function widgetReady(page, host = "tamiz-screening") {
  await page.waitForFunction(
    (sel) => {
      const el = document.querySelector(sel);
      return !!(el && el.shadowRoot && el.shadowRoot.querySelector("button, input"));
    },
    host,
    { timeout: 20000 },
  );
}

/// Records the widget's events on `document` (they bubble and are composed) in `window.__tamiz`:
/// the details of every `tamiz-complete`, `tamiz-step` and `tamiz-error`, and how many `tamiz-exit`.
export async function recordEvents(page) {
  await page.evaluate(() => {
    window.__tamiz = { complete: [], step: [], exit: 0, error: [] };
    document.addEventListener("tamiz-complete", (e) => window.__tamiz.complete.push(e.detail));
    document.addEventListener("tamiz-step", (e) => window.__tamiz.step.push(e.detail));
    document.addEventListener("tamiz-exit", () => { window.__tamiz.exit += 1; });
    document.addEventListener("tamiz-error", (e) => window.__tamiz.error.push(e.detail));
  });
}

/// The focused element, through open shadow roots.
export async function deepActive(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return null;
    const labels = a.labels ? [...a.labels].map((l) => l.textContent.trim()) : [];
    return {
      tag: a.tagName.toLowerCase(),
      type: a.getAttribute("type"),
      name: a.getAttribute("name"),
      checked: !!a.checked,
      label: (labels.join(" ") || a.getAttribute("aria-label") || a.textContent || "").trim().replace(/\s+/g, " "),
    };
  });
}

/// Presses Tab until the focused element satisfies `pred`; fails after `max` presses.
export async function tabTo(page, pred, what, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const a = await deepActive(page);
    if (a && pred(a)) return a;
  }
  assert.fail(`could not reach ${what} with Tab in ${max} presses`);
}

/// Polls `check` (an async function) until it returns a truthy value or `timeout` ms have passed,
/// and returns its last value. For what the widget does after a render (a step, a restored answer,
/// focus on a heading): a fixed sleep before the assertion fails whenever a loaded machine renders
/// later than the sleep, while this waits only as long as needed.
export async function eventually(check, timeout = 10000, every = 25) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value || Date.now() >= end) return value;
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/// Waits for the widget to show the screen that Next (or Enter on it) led to: once rendered, each
/// new screen, the result included, moves focus to its heading. Returns whether it did.
export async function headingFocused(page, timeout = 5000) {
  return eventually(async () => /^h[1-6]$/.test((await deepActive(page))?.tag ?? ""), timeout);
}

/// Cookies, localStorage, sessionStorage and IndexedDB databases of the page's origin.
export async function storageTraces(page) {
  const cookies = await page.context().cookies();
  const web = await page.evaluate(async () => ({
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    indexedDB: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
    cookie: document.cookie,
  }));
  return { cookies: cookies.map((c) => c.name), ...web };
}

export const NO_TRACES = { cookies: [], localStorage: [], sessionStorage: [], indexedDB: [], cookie: "" };

/// `tamiz assess` on `facts` (the CLI is the reference the widget must equal).
export function tamizAssess(facts) {
  const bin = process.env.TAMIZ_BIN;
  assert.ok(bin, "TAMIZ_BIN is not set: run the suite through `cargo xtask test`");
  const out = execFileSync(bin, ["assess"], { input: JSON.stringify(facts), encoding: "utf8" });
  return JSON.parse(out);
}

/// `tamiz assess --format text` on `facts`: what a person reads, per the CLI.
export function tamizAssessText(facts, lang) {
  const bin = process.env.TAMIZ_BIN;
  assert.ok(bin, "TAMIZ_BIN is not set: run the suite through `cargo xtask test`");
  return execFileSync(bin, ["assess", "--format", "text", "--lang", lang], { input: JSON.stringify(facts), encoding: "utf8" });
}

export const PAGES = ["index.html", "portal.html", "self-check.html", "training.html", "analyst.html", "embed.html"].flatMap((p) => [
  `/${p}`,
  `/en/${p}`,
]);
