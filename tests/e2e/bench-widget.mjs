// The widget half of `cargo xtask bench` (issue 7), run by xtask/src/serve.rs::bench_widget with
// TAMIZ_BASE_URL pointing at a loopback server of dist/widget plus the fixtures. Prints:
// - time from inserting <tamiz-screening> to tamiz-ready: median (and min/max) of 20 after a warm-up;
// - heap with 10 instances on one page (JS heap after GC, via the DevTools protocol).
import { launch, BASE } from "./helpers.js";

const RUNS = 20;

const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  // Requests without an answer yet: printed if a measurement times out (a stalled server).
  const pending = new Set();
  page.on("request", (r) => pending.add(r));
  page.on("requestfinished", (r) => pending.delete(r));
  page.on("requestfailed", (r) => pending.delete(r));
  globalThis.__pending = pending;
  await page.goto(`${BASE}/e2e/bench.html`, { waitUntil: "load" });
  await page.waitForFunction(() => customElements.get("tamiz-screening") !== undefined, null, { timeout: 20000 });

  const once = () =>
    page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const stage = document.getElementById("stage");
          for (const old of stage.querySelectorAll("tamiz-screening")) old.remove();
          const el = document.createElement("tamiz-screening");
          el.setAttribute("mode", "self");
          el.setAttribute("country", "PE");
          el.setAttribute("lang", "es");
          const t0 = performance.now();
          const timer = setTimeout(() => reject(new Error("no tamiz-ready within 10 s")), 10000);
          el.addEventListener("tamiz-ready", () => {
            clearTimeout(timer);
            resolve(performance.now() - t0);
          }, { once: true });
          stage.append(el);
        }),
    );

  await once(); // warm-up: compiles and instantiates the wasm
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  const median = (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;

  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    return (await cdp.send("Runtime.getHeapUsage")).usedSize;
  };
  await page.evaluate(() => {
    for (const old of document.querySelectorAll("tamiz-screening")) old.remove();
  });
  const base = await heap();
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        let ready = 0;
        const errors = [];
        const stage = document.getElementById("stage");
        const timer = setTimeout(
          () => reject(new Error(`${ready} of 10 instances ready within 20 s; errors: ${JSON.stringify(errors)}`)),
          20000,
        );
        for (let i = 0; i < 10; i++) {
          const el = document.createElement("tamiz-screening");
          el.setAttribute("mode", i % 2 ? "inspector" : "self");
          el.setAttribute("country", ["CO", "EC", "PE"][i % 3]);
          el.setAttribute("lang", i % 2 ? "en" : "es");
          el.addEventListener("tamiz-error", (e) => errors.push(e.detail));
          el.addEventListener("tamiz-ready", () => {
            ready += 1;
            if (ready === 10) {
              clearTimeout(timer);
              resolve();
            }
          }, { once: true });
          stage.append(el);
        }
      }),
  );
  const ten = await heap();
  const wasmPages = await page.evaluate(() => (globalThis.performance?.memory ? performance.memory.usedJSHeapSize : null));

  const ms = (v) => `${v.toFixed(1)} ms`;
  const mb = (v) => `${(v / 1048576).toFixed(2)} MB`;
  console.log("\nwidget in headless Chromium (Debian)");
  console.log(`  insert → tamiz-ready   median ${ms(median)}  (min ${ms(times[0])}, max ${ms(times[RUNS - 1])}, ${RUNS} runs after a warm-up)`);
  console.log(`  JS heap, page alone     ${mb(base)}`);
  console.log(`  JS heap, 10 instances   ${mb(ten)}  (+${mb(ten - base)}; wasm linear memory is shared by all instances)`);
  if (wasmPages !== null) console.log(`  performance.memory      ${mb(wasmPages)} used JS heap`);
  console.log(`  budget: ready ≤ 100 ms median — ${median <= 100 ? "met" : "NOT met"}`);
} catch (e) {
  console.error("requests still unanswered:", [...globalThis.__pending].map((r) => r.url()));
  throw e;
} finally {
  await browser.close();
}
