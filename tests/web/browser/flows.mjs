// node flows.mjs FLOW CONFIG_JSON: runs one flow of the dashboard in Chromium and prints a JSON result
// ({ok, error, blocked, errors, axe, shots, seen}); tests/web/test_browser.py checks it and the store.
import { open, signIn, axe, shot } from "./harness.mjs";

const [flowName, configText] = process.argv.slice(2);
const config = JSON.parse(configText);
const out = config.out;

function check(condition, message) { if (!condition) throw new Error(message); }

async function audit(session, result, label) {
  const found = await axe(session.page);
  if (found.length) result.axe.push({ page: label, violations: found });
}

const FLOWS = {
  async sign_in(s, r) {
    await s.page.goto(s.base + "/");
    check(new URL(s.page.url()).pathname === "/signin", "an anonymous visit should land on /signin");
    r.shots.push(await shot(s, "signin", ["#name", "#password"], out));
    await audit(s, r, "signin");
    await signIn(s, config.accounts.viewer, config.password);
    await s.page.locator("[data-testid=signed-in-as]").waitFor();
    r.seen.signedInAs = await s.page.locator("[data-testid=signed-in-as]").innerText();
    r.seen.rows = await s.page.locator("[data-testid=board-row]").count();
    r.shots.push(await shot(s, "board", ["[data-testid=board]", "[data-testid=board-row] svg.spark", "[data-testid=candidate]"], out));
    await audit(s, r, "board");
    await s.page.click("button:has-text('Sign out')");
    await s.page.waitForURL((u) => u.pathname === "/signin");
    await s.page.goto(s.base + "/map");
    r.seen.afterSignOut = new URL(s.page.url()).pathname;
  },

  async evidence(s, r) {
    await signIn(s, config.accounts.viewer, config.password);
    const row = s.page.locator(`[data-testid=board-row][data-process="${config.process}"] th a`).first();
    await Promise.all([s.page.waitForURL(/\/processes\//), row.click()]);
    r.shots.push(await shot(s, "process", ["[data-testid=process-name]", "[data-testid=status-timeline]",
      "[data-testid=event-row]", "#small-map path.leaflet-interactive"], out));
    await audit(s, r, "process");
    const link = s.page.locator("[data-testid=event-row] a[href*='/documents/']").first();
    const href = await link.getAttribute("href");
    await Promise.all([s.page.waitForURL(/\/documents\//), link.click()]);
    const url = new URL(s.page.url());
    const doc = await (await s.page.request.get(s.base + "/api/v1" + url.pathname)).json();
    const chosen = doc.events.find((e) => e.event_id === url.searchParams.get("event"));
    check(chosen, "the document's JSON twin lacks the chosen event");
    const marked = s.page.locator("mark#evidence");
    await marked.waitFor();
    r.seen.href = href;
    r.seen.highlighted = await marked.innerText();
    r.seen.expected = doc.text.slice(chosen.start, chosen.end);
    r.seen.inView = await marked.evaluate((m) => { const b = m.getBoundingClientRect(); return b.top >= 0 && b.bottom <= window.innerHeight; });
    r.shots.push(await shot(s, "document", ["mark#evidence", "[data-testid=chosen-event]"], out));
    await audit(s, r, "document");
  },

  async filter_board(s, r) {
    await signIn(s, config.accounts.viewer, config.password);
    r.seen.all = await s.page.locator("[data-testid=board-row]").count();
    await s.page.selectOption("[data-testid=filter-country]", config.country);
    await Promise.all([s.page.waitForURL(/country=/), s.page.click("form[role=search] button[type=submit]")]);
    r.seen.country = await s.page.locator("[data-testid=board-row]").count();
    await s.page.selectOption("[data-testid=filter-kind]", "ceasefire");
    await Promise.all([s.page.waitForURL(/kind=ceasefire/), s.page.click("form[role=search] button[type=submit]")]);
    r.seen.countryKind = await s.page.locator("[data-testid=board-row]").count();
    await s.page.goto(s.base + "/");
    await s.page.fill("[data-testid=filter-q]", config.search);
    await Promise.all([s.page.waitForURL(/q=/), s.page.press("[data-testid=filter-q]", "Enter")]);
    r.seen.search = await s.page.locator("[data-testid=board-row]").count();
    r.shots.push(await shot(s, "board-filtered", ["[data-testid=board-row]"], out));
  },

  async map(s, r) {
    await signIn(s, config.accounts.viewer, config.password);
    await s.page.goto(s.base + "/map");
    const status = s.page.locator("[data-testid=map-status]");
    await status.filter({ hasText: "events in" }).waitFor();
    await s.page.locator("#map .leaflet-overlay-pane path").nth(50).waitFor({ state: "attached" });
    r.seen.outlinePaths = await s.page.locator("#map .leaflet-overlay-pane path").count();
    r.seen.all = Number(await s.page.locator("#map").getAttribute("data-events"));
    r.seen.markers = await s.page.locator("#map path.leaflet-interactive").count();
    r.shots.push(await shot(s, "map", ["#map path.leaflet-interactive", "[data-testid=time-slider]"], out));
    await audit(s, r, "map");
    // a 30-day window at the end, then the slider moved back by keyboard
    await s.page.selectOption("[data-testid=window]", "30");
    await status.filter({ hasText: "from" }).waitFor();
    r.seen.lastMonth = Number(await s.page.locator("#map").getAttribute("data-events"));
    const before = await s.page.locator("[data-testid=slider-date]").innerText();
    await s.page.focus("[data-testid=time-slider]");
    for (let i = 0; i < 3; i++) await s.page.keyboard.press("PageDown");
    await s.page.waitForFunction((b) => document.querySelector("[data-testid=slider-date]").textContent !== b, before);
    await status.filter({ hasText: "up to " + (await s.page.locator("[data-testid=slider-date]").innerText()) }).waitFor();
    r.seen.movedTo = await s.page.locator("[data-testid=slider-date]").innerText();
    r.seen.before = before;
    await s.page.selectOption("[data-testid=window]", "0");  // everything up to the slider's day
    await status.filter({ hasNotText: "from" }).filter({ hasText: "up to " + r.seen.movedTo }).waitFor();
    r.seen.movedEvents = Number(await s.page.locator("#map").getAttribute("data-events"));
    await s.page.locator("#map path.leaflet-interactive").first().click({ force: true });
    r.seen.popup = await s.page.locator(".leaflet-popup-content").innerText().catch(() => "");
  },

  async offline_report(s, r) {
    await signIn(s, config.accounts.monitor, config.password, "/report");
    await s.page.waitForURL(/\/report/);
    r.shots.push(await shot(s, "report", ["[data-testid=report-form]"], out));
    await audit(s, r, "report");
    // the first answer is lost on the way back (the server stores the report), then the link drops
    let lost = 0;
    await s.page.route("**/api/v1/reports", async (route) => {
      if (route.request().method() === "POST" && lost === 0) {
        lost++;
        await route.fetch();
        return route.abort("connectionreset");
      }
      return route.fallback();
    });
    await s.context.setOffline(true);
    await s.page.fill("#place", "");
    await s.page.fill("#lat", "35.93");
    await s.page.fill("#lon", "36.63");
    await s.page.selectOption("#source_type", "monitor");
    await s.page.selectOption("#event_type", "ASSAULT");
    await s.page.fill("#text", config.text);
    await s.page.fill("#reporter_name", config.reporter);
    await s.page.click("#report-form button[type=submit]");
    const item = s.page.locator("[data-testid=outbox] li").first();
    await item.waitFor();
    r.seen.states = [await item.getAttribute("data-state")];
    await s.page.waitForTimeout(1500);
    r.seen.states.push(await item.getAttribute("data-state"));
    r.seen.stored = JSON.parse(await s.page.evaluate(() => localStorage.getItem("ceasefire.outbox")));
    await s.context.setOffline(false);   // back online: the first try reaches the server, its answer is lost
    await s.page.waitForFunction(() => { const li = document.querySelector("[data-testid=outbox] li"); return li && li.dataset.state !== "queued"; }, null, { timeout: 20000 });
    r.seen.states.push(await item.getAttribute("data-state"));
    await s.page.waitForFunction(() => document.querySelector("[data-testid=outbox] li").dataset.state === "coded", null, { timeout: 30000 });
    r.seen.states.push(await item.getAttribute("data-state"));
    r.seen.lost = lost;
    r.seen.kept = JSON.parse(await s.page.evaluate(() => localStorage.getItem("ceasefire.outbox")));
    r.shots.push(await shot(s, "report-sent", ["[data-testid=outbox] li[data-state=coded]"], out));
  },

  async review(s, r) {
    await signIn(s, config.accounts.analyst, config.password, "/review");
    await s.page.waitForURL(/\/review/);
    r.shots.push(await shot(s, "review", ["[data-testid=duplicate-pair]", "[data-testid=incident]"], out));
    await audit(s, r, "review");
    // merge the likely duplicate: j selects the first incident, m jumps to its merge form
    await s.page.keyboard.press("j");
    await s.page.keyboard.press("m");
    r.seen.mergeFocused = await s.page.evaluate(() => document.activeElement.getAttribute("data-testid"));
    await s.page.keyboard.type("same strike, two reports");
    await Promise.all([s.page.waitForURL(/done=merged/), s.page.keyboard.press("Enter")]);
    r.seen.merged = await s.page.locator("[data-testid=done]").innerText();
    // grade: j, g, pick a grade, Tab to the reason, Enter
    await s.page.keyboard.press("j");
    const id = await s.page.evaluate(() => document.activeElement.dataset.id);
    await s.page.keyboard.press("g");
    r.seen.gradeFocused = await s.page.evaluate(() => document.activeElement.getAttribute("data-testid"));
    await s.page.selectOption(":focus", "confirmed");
    await s.page.keyboard.press("Tab");
    await s.page.keyboard.type("seen by our team");
    await Promise.all([s.page.waitForURL(/done=graded/), s.page.keyboard.press("Enter")]);
    r.seen.graded = id;
    r.seen.gradedText = await s.page.locator("[data-testid=done]").innerText();
  },

  async privacy(s, r) {
    await signIn(s, config.accounts.viewer, config.password);
    const pages = ["/", "/processes/" + config.process, "/documents/bench-doc-1", "/map", "/timeline?country=SY",
      "/timeline?process=" + config.process, "/api/v1/incidents", "/api/v1/reports", "/api/v1/map", "/api/v1/board",
      "/deconfliction", "/deconfliction/notifications/" + config.notification, "/api/v1/deconfliction/notifications"];
    r.seen.pages = {};
    for (const path of pages) {
      const answer = await s.page.goto(s.base + path);
      if (path === "/map") await s.page.locator("[data-testid=map-status]").filter({ hasText: "events in" }).waitFor();
      if (path.startsWith("/deconfliction/")) await s.page.locator("#small-map path.leaflet-interactive").first().waitFor();
      const text = await s.page.content();
      r.seen.pages[path] = { status: answer.status(), leaks: config.secrets.filter((x) => text.includes(x)) };
      if (path === "/deconfliction") {
        r.seen.board = { rows: await s.page.locator("[data-testid=notification-row]").count(),
          blurred: await s.page.locator("[data-testid=notification-row][data-blurred=yes]").count(),
          findings: await s.page.locator("[data-testid=finding-row]").count(),
          withheld: await s.page.locator("[data-testid=checks-withheld]").isVisible() };
        await audit(s, r, "deconfliction (viewer)");
      }
    }
    await s.page.goto(s.base + "/map");
    await s.page.locator("[data-testid=map-status]").filter({ hasText: "events in" }).waitFor();
    const layer = (name) => s.page.locator(`#map-controls input[name=layer][value=${name}]`);
    const drawn = (colour) => `#map path.leaflet-interactive[stroke='${colour}']`;
    const [SITE, INCIDENT, EVENT] = ["#0f5b4a", "#9b1c1c", "#14213d"];
    r.seen.sites = Number(await s.page.locator("#map").getAttribute("data-sites"));
    // the incidents alone under the pointer first (sites off), then the sites alone
    await layer("sites").uncheck();
    await s.page.waitForFunction((css) => !document.querySelector(css), drawn(SITE));
    const incidents = s.page.locator(drawn(INCIDENT));
    r.seen.incidentMarkers = await incidents.count();
    if (r.seen.incidentMarkers) {
      await incidents.first().click({ force: true });
      const popup = await s.page.locator(".leaflet-popup-content").innerText();
      r.seen.popupLeaks = config.secrets.filter((x) => popup.includes(x));
      r.seen.popup = popup;
    }
    await layer("sites").check();
    await layer("events").uncheck();
    await layer("incidents").uncheck();
    await s.page.waitForFunction(([site, others]) => document.querySelector(site) && !document.querySelector(others),
      [drawn(SITE), drawn(INCIDENT) + ", " + drawn(EVENT)]);
    const sites = s.page.locator(drawn(SITE));
    r.seen.siteMarkers = await sites.count();
    await sites.first().click({ force: true });
    const popup = await s.page.locator(".leaflet-popup-content").filter({ hasText: "blurred" }).innerText();
    r.seen.sitePopupLeaks = config.secrets.filter((x) => popup.includes(x));
    r.seen.sitePopup = popup;
    for (const path of ["/review", "/report"]) {
      const answer = await s.page.goto(s.base + path);
      const text = await s.page.content();
      r.seen.pages[path] = { status: answer.status(), leaks: config.secrets.filter((x) => text.includes(x)) };
    }
  },

  async tour(s, r) {
    // every page once, for the screenshots of the README (and their checks)
    await signIn(s, config.accounts.analyst, config.password);
    const visits = [
      ["board", "/", ["[data-testid=board-row]"]],
      ["process", "/processes/" + config.process, ["[data-testid=status-timeline]", "#small-map path.leaflet-interactive"]],
      ["document", "/documents/" + config.doc + "?event=" + config.event + "#evidence", ["mark#evidence"]],
      ["map", "/map", ["#map path.leaflet-interactive"]],
      ["timeline", "/timeline?process=" + config.process, ["[data-testid=timeline-chart] svg rect"]],
      ["review", "/review", ["h1"]],
      ["report", "/report", ["[data-testid=report-form]"]],
      ["deconfliction", "/deconfliction", ["[data-testid=notification-row]", "[data-testid=finding-row]"]],
    ];
    for (const [name, path, selectors] of visits) {
      await s.page.goto(s.base + path);
      r.shots.push(await shot(s, name, selectors, out));
      await audit(s, r, name);
    }
    // the board's counts, then its hit followed to the evidence on the notification's page
    r.seen.deconfliction = { rows: await s.page.locator("[data-testid=notification-row]").count(),
      blurred: await s.page.locator("[data-testid=notification-row][data-blurred=yes]").count(),
      overdue: await s.page.locator("[data-testid=overdue-row]").count(),
      findings: await s.page.locator("[data-testid=finding-row]").count() };
    r.seen.conflicts = await s.page.locator("[data-testid=conflict-row]").count();
    const hit = s.page.locator(`[data-testid=finding-row] a[href^="/deconfliction/notifications/${config.notification}#"]`).first();
    await Promise.all([s.page.waitForURL(/\/deconfliction\/notifications\//), hit.click()]);
    r.shots.push(await shot(s, "notification", ["[data-testid=recipient-row]", "[data-testid=finding]",
      "#small-map path.leaflet-interactive"], out));
    await audit(s, r, "notification");
    r.seen.notification = {
      recipients: await s.page.locator("[data-testid=recipient-row] [data-testid=ack-state]").allInnerTexts(),
      targeted: await s.page.evaluate(() => Boolean(document.querySelector("[data-testid=finding]:target"))),
    };
  },
};

const session = await open(config);
const result = { flow: flowName, ok: false, blocked: session.blocked, errors: session.errors, axe: [], shots: [], seen: {} };
try {
  if (!FLOWS[flowName]) throw new Error("no flow " + flowName);
  await FLOWS[flowName](session, result);
  result.ok = true;
} catch (err) {
  result.error = String(err && err.stack || err);
  try { await session.page.screenshot({ path: out + "/failed-" + flowName + ".png" }); } catch (e) { /* closed */ }
} finally {
  await session.context.close();
}
process.stdout.write(JSON.stringify(result) + "\n");
