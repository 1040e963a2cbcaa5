import { launch } from "./helpers.js";
const b = await launch();
const ctx = await b.newContext({ viewport: { width: 1280, height: 900 } });
const p = await ctx.newPage();
for (const [path, out] of [["/", "index"], ["/en/portal.html", "portal"], ["/self-check.html", "self"], ["/en/embed.html", "embed"]]) {
  await p.goto(process.env.TAMIZ_BASE_URL + path);
  await p.waitForTimeout(1200);
  await p.screenshot({ path: `/tmp/shot-${out}.png`, fullPage: false });
}
await p.goto(process.env.TAMIZ_BASE_URL + "/analyst.html");
await p.waitForTimeout(1500);
await p.getByRole("button", { name: /sintético de ejemplo/ }).click();
await p.waitForTimeout(300);
await p.locator("#run-release").click();
await p.locator("#results:not([hidden])").waitFor();
await p.locator("#tables section").nth(2).scrollIntoViewIfNeeded();
await p.screenshot({ path: `/tmp/shot-analyst.png`, fullPage: false });
await p.locator("#tables section").nth(0).scrollIntoViewIfNeeded();
await p.screenshot({ path: `/tmp/shot-analyst0.png`, fullPage: false });
await b.close();
