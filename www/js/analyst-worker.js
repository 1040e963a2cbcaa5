// Runs the differentially private release off the main thread: the page stays responsive while
// OpenDP adds noise. The records arrive as bytes from the page and never leave this browser.
let stats = null;

async function load() {
  if (!stats) {
    const mod = await import("../stats/tamiz_stats_wasm.js");
    await mod.default();
    stats = mod;
  }
  return stats;
}

self.addEventListener("message", async (event) => {
  const { id, op } = event.data;
  try {
    const s = await load();
    if (op === "example-spec") {
      self.postMessage({ id, ok: true, value: s.exampleSpec() });
    } else if (op === "release") {
      const { spec, bytes, fileName, remaining, alpha } = event.data;
      const json = s.release(spec, new Uint8Array(bytes), fileName, remaining, alpha);
      // The CSVs come from tamiz-stats too: byte for byte what `tamiz stats release` writes.
      const csvs = s.tableCsvs(json);
      self.postMessage({ id, ok: true, value: { json, csvs } });
    } else {
      throw new Error(`unknown operation ${op}`);
    }
  } catch (e) {
    self.postMessage({ id, ok: false, error: e && e.message ? e.message : String(e) });
  }
});
