// Drives Debian's Chromium (headless) with playwright-core for the dashboard's browser tests and
// screenshots. Every request to a host other than 127.0.0.1 is blocked and recorded: a test fails
// if a page attempts one. axe-core (npm) is injected to check accessibility.
import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const require = createRequire(import.meta.url);
export const AXE = require.resolve("axe-core/axe.min.js");
export const CHROMIUM = process.env.CEASEFIRE_CHROMIUM || "/usr/bin/chromium";

export async function open(config) {
  const profile = mkdtempSync(join(tmpdir(), "cf-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage"],
    viewport: { width: 1280, height: 860 },
    locale: "en-GB",
    timezoneId: "UTC",
  });
  const blocked = [], errors = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1") return route.continue();
    blocked.push(route.request().url());
    return route.abort("blockedbyclient");
  });
  context.on("page", (page) => watch(page, errors));
  for (const page of context.pages()) watch(page, errors);
  return { context, page: context.pages()[0] || (await context.newPage()), blocked, errors, base: config.base };
}

function watch(page, errors) {
  page.on("pageerror", (err) => errors.push("page error: " + err.message));
  page.on("console", (msg) => {
    if (msg.type() === "error" && !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED|ERR_FAILED/.test(msg.text())) {
      errors.push("console: " + msg.text());
    }
  });
}

export async function signIn(session, name, password, next = "/") {
  const { page, base } = session;
  await page.goto(base + "/signin?next=" + encodeURIComponent(next));
  await page.fill("#name", name);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/signin")), page.click("button[type=submit]")]);
}

/** Serious and critical axe-core violations on the page as it stands. */
export async function axe(page) {
  // evaluated through the devtools protocol, so the page's strict CSP (no inline script) stays on
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(readFileSync(AXE, "utf8"));
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** A screenshot once ``selectors`` are visible, checked not to be blank (many colours, not one). */
export async function shot(session, name, selectors, outDir) {
  const { page, context } = session;
  for (const selector of selectors) await page.locator(selector).first().waitFor({ state: "visible", timeout: 15000 });
  const buffer = await page.screenshot({ fullPage: false });
  const path = join(outDir, name + ".png");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path, buffer);
  const probe = await context.newPage();
  const stats = await probe.evaluate(async (data) => {
    const img = new Image();
    img.src = "data:image/png;base64," + data;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.width; canvas.height = img.height;
    const ctx = canvas.getContext("2d");
    ctx.drawImage(img, 0, 0);
    const pixels = ctx.getImageData(0, 0, img.width, img.height).data;
    const colours = new Set();
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4 * 7) {
      colours.add((pixels[i] >> 3) << 10 | (pixels[i + 1] >> 3) << 5 | (pixels[i + 2] >> 3));
      if (pixels[i] + pixels[i + 1] + pixels[i + 2] < 200) dark++;
    }
    return { width: img.width, height: img.height, colours: colours.size, dark };
  }, buffer.toString("base64"));
  await probe.close();
  return { name, path, selectors, ...stats };
}
