// The report form, offline first: a report is kept in this browser until the server has it.
// Each report carries its client_id, so a retry (after a lost answer, or back online) never files a
// second one: the server answers a repeat with the report it already stored.
"use strict";
(function () {
  const form = document.getElementById("report-form");
  if (!form || !window.fetch || !window.localStorage) return;
  const KEY = "ceasefire.outbox";
  const list = document.getElementById("outbox");
  const section = document.getElementById("outbox-section");
  const connection = document.getElementById("connection");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  let flushing = false;

  function load() { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function save(items) { localStorage.setItem(KEY, JSON.stringify(items)); }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  function value(name) { const f = form.elements[name]; return f ? f.value.trim() : ""; }
  function body() {
    const lat = value("lat"), lon = value("lon"), when = value("occurred_at");
    const report = {
      client_id: newId(),
      occurred_at: when.length === 16 ? when + ":00Z" : when + "Z",
      time_precision: value("time_precision") || "day",
      location: { own_position: form.elements.own_position.checked },
      source_type: value("source_type"), text: value("text"),
    };
    if (lat && lon) { report.location.lat = Number(lat); report.location.lon = Number(lon); }
    if (value("place")) report.location.place = value("place");
    if (value("event_type")) report.event_type = value("event_type");
    if (value("alleged_responsible")) report.alleged_responsible = value("alleged_responsible");
    if (value("reporter_name")) report.reporter = { name: value("reporter_name"), contact: value("reporter_contact") || null };
    return report;
  }
  function render() {
    const items = load();
    section.hidden = items.length === 0;
    list.textContent = "";
    for (const item of items.slice().reverse()) {
      const li = document.createElement("li");
      li.dataset.clientId = item.client_id;
      li.dataset.state = item.state;
      const state = document.createElement("span");
      state.className = "state state-" + item.state;
      state.textContent = item.state;
      li.append(state, " " + item.summary + (item.id ? " (" + item.id + ")" : "") + (item.note ? ": " + item.note : ""));
      list.append(li);
    }
    connection.textContent = navigator.onLine ? "Online." : "Offline: reports are kept here and sent when the connection returns.";
  }
  function update(clientId, change) {
    const items = load();
    const item = items.find((i) => i.client_id === clientId);
    if (item) Object.assign(item, change);
    save(items);
    render();
  }
  async function send(item) {
    let answer;
    try {
      answer = await fetch("/api/v1/reports", { method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: JSON.stringify(item.body) });
    } catch (err) {
      update(item.client_id, { note: "waiting for the connection" });
      return false;
    }
    if (answer.status === 200 || answer.status === 201) {
      const stored = await answer.json();
      // once the server has it, the browser forgets the text and the reporter
      update(item.client_id, { state: stored.coded ? "coded" : "sent", id: stored.id, body: null, note: "" });
      return true;
    }
    if (answer.status === 401 || answer.status === 403) {
      update(item.client_id, { note: "sign in again to send it" });
      return false;
    }
    let message = "refused (" + answer.status + ")";
    try { message = (await answer.json()).message || message; } catch (e) { /* not JSON */ }
    update(item.client_id, { state: "rejected", note: message });
    return true;
  }
  async function check(item) {
    try {
      const answer = await fetch("/api/v1/reports/" + encodeURIComponent(item.id), { credentials: "same-origin" });
      if (answer.ok && (await answer.json()).coded) update(item.client_id, { state: "coded" });
    } catch (err) { /* offline: try later */ }
  }
  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (const item of load()) {
        if (item.state === "queued") { if (!(await send(item))) break; }
        else if (item.state === "sent") await check(item);
      }
    } finally { flushing = false; }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const report = body();
    const items = load();
    items.push({ client_id: report.client_id, body: report, state: "queued", summary: report.text.slice(0, 60), note: "" });
    save(items);
    form.elements.text.value = "";
    render();
    flush();
  });
  window.addEventListener("online", () => { render(); flush(); });
  window.addEventListener("offline", render);
  setInterval(() => { if (load().some((i) => i.state === "queued" || i.state === "sent")) flush(); }, 3000);
  render();
  flush();
})();
