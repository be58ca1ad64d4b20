// The map page: clusters from /api/v1/map (clustered on the server for the zoom), a time slider;
// notified sites drawn as the server gives them to the signed-in role (exact, or a blurred point).
"use strict";
(function () {
  const element = document.getElementById("map");
  const status = document.getElementById("map-status");
  if (!element || !window.L) { if (status) status.textContent = "The map's script did not load."; return; }
  const slider = document.getElementById("slider");
  const shown = document.getElementById("slider-date");
  const windowSelect = document.getElementById("window");
  const typeSelect = document.getElementById("event-type");
  const controls = document.getElementById("map-controls");
  const first = slider.dataset.first ? new Date(slider.dataset.first + "T00:00:00Z") : null;
  const map = window.ceasefireBasemap.create(element, {});
  map.setView([25, 20], 2);
  const layers = { events: L.layerGroup().addTo(map), incidents: L.layerGroup().addTo(map), sites: L.layerGroup().addTo(map) };
  let pending = null, serial = 0;

  function day(offset) {
    if (!first) return null;
    return new Date(first.getTime() + offset * 86400000).toISOString().slice(0, 10);
  }
  function escapeText(text) {
    const span = document.createElement("span");
    span.textContent = text == null ? "" : String(text);
    return span.innerHTML;
  }
  function precisionText(p) {
    return Object.entries(p).filter(([, n]) => n).map(([k, n]) => n + " " + k).join(", ") || "unknown";
  }
  function radius(count) { return 5 + Math.min(20, Math.log2(count + 1) * 3); }
  function query() {
    const until = day(Number(slider.value));
    const params = new URLSearchParams();
    if (until) {
      params.set("until", until);
      const width = Number(windowSelect.value);
      if (width > 0) params.set("since", day(Number(slider.value) - width + 1));
    }
    const b = map.getBounds();
    params.set("zoom", String(map.getZoom()));
    params.set("south", Math.max(-90, b.getSouth()).toFixed(4));
    params.set("north", Math.min(90, b.getNorth()).toFixed(4));
    params.set("west", Math.max(-540, b.getWest()).toFixed(4));
    params.set("east", Math.min(540, b.getEast()).toFixed(4));
    if (typeSelect.value) params.set("event", typeSelect.value);
    return params;
  }
  function wanted(name) {
    const box = controls.querySelector('input[name="layer"][value="' + name + '"]');
    return !box || box.checked;
  }
  function draw(data) {
    layers.events.clearLayers();
    layers.incidents.clearLayers();
    layers.sites.clearLayers();
    const ev = data.layers.events || [], inc = data.layers.incidents || [], sites = data.layers.sites || [];
    if (wanted("events")) {
      for (const c of ev) {
        const exact = (c.precision.exact || 0) + (c.precision.city || 0);
        const marker = L.circleMarker([c.lat, c.lon], { radius: radius(c.count), color: "#14213d", weight: 1.5,
          fillColor: "#3465a4", fillOpacity: exact ? 0.65 : 0 });
        let html = "<strong>" + c.count + " event" + (c.count > 1 ? "s" : "") + "</strong><br>" +
          escapeText(c.first) + (c.last !== c.first ? " to " + escapeText(c.last) : "") +
          "<br>precision: " + escapeText(precisionText(c.precision));
        if (c.event_id && c.doc_id) {
          html += '<br><a href="/documents/' + encodeURIComponent(c.doc_id) + "?event=" + encodeURIComponent(c.event_id) + '#evidence">the sentence</a>';
        }
        marker.bindPopup(html).bindTooltip(String(c.count), { permanent: c.count > 1, direction: "center", className: "count" });
        marker.addTo(layers.events);
      }
    }
    if (wanted("incidents")) {
      for (const c of inc) {
        const marker = L.circleMarker([c.lat, c.lon], { radius: radius(c.count) + 2, color: "#9b1c1c", weight: 3,
          dashArray: "4 3", fillOpacity: 0.15 });
        let html = "<strong>" + c.count + " incident" + (c.count > 1 ? "s" : "") + "</strong><br>precision: " + escapeText(precisionText(c.precision));
        if (c.incident) {
          const i = c.incident;
          html += "<br>" + escapeText(i.event_type || "untyped") + " at " + escapeText(i.place || "") + ", " + escapeText(i.last_at.slice(0, 16)) +
            "<br>grade: " + escapeText(i.grade) + (i.verification ? ", " + escapeText(i.verification) : "") + (i.blurred ? "<br>position blurred" : "");
        }
        marker.bindPopup(html).addTo(layers.incidents);
      }
    }
    if (wanted("sites")) drawSites(sites);
    const total = ev.reduce((n, c) => n + c.count, 0), incidents = inc.reduce((n, c) => n + c.count, 0);
    const notified = sites.reduce((n, c) => n + c.count, 0);
    status.textContent = total + " events in " + ev.length + " clusters, " + incidents + " incidents, " + notified + " notified" +
      (data.query.since ? " from " + data.query.since : "") + (data.query.until ? " up to " + data.query.until : "") + ".";
    element.dataset.events = String(total);
    element.dataset.incidents = String(incidents);
    element.dataset.sites = String(notified);
  }
  function sitePopup(c) {
    if (!c.site) {
      const kinds = Object.entries(c.kinds).map(([k, n]) => n + " " + k).join(", ");
      return "<strong>" + c.count + " notified</strong><br>" + escapeText(kinds) +
        (c.overdue ? "<br>" + c.overdue + " with an overdue acknowledgement" : "") +
        (c.precision.region ? "<br>" + c.precision.region + " position" + (c.precision.region > 1 ? "s" : "") + " blurred" : "");
    }
    const s = c.site;
    return "<strong>" + escapeText(s.name || ((s.function || s.kind) + ", " + s.country)) + "</strong><br>" +
      escapeText(s.kind + (s.function ? " (" + s.function.replace("_", " ") + ")" : "")) + ", " + escapeText(s.state) +
      "<br>" + s.acknowledged + " of " + s.recipient_count + " parties acknowledged" + (s.overdue ? ", " + s.overdue + " overdue" : "") +
      (s.blurred ? "<br>position blurred" : "") +
      '<br><a href="/deconfliction/notifications/' + encodeURIComponent(s.id) + '">the notification</a>';
  }
  function drawSites(sites) {
    for (const c of sites) {
      const blurred = c.site ? c.site.blurred : !c.precision.exact;
      const marker = L.circleMarker([c.lat, c.lon], { radius: radius(c.count) + 1, color: "#0f5b4a", weight: 3,
        dashArray: blurred ? "2 4" : null, fillColor: "#2a9d8f", fillOpacity: blurred ? 0 : 0.45 });
      marker.bindPopup(sitePopup(c)).addTo(layers.sites);
      if (c.count > 1) marker.bindTooltip(String(c.count), { permanent: true, direction: "center", className: "count" });
      if (c.site && c.site.geometry && c.site.geometry.type !== "Point") {
        L.geoJSON(c.site.geometry, { style: { color: "#0f5b4a", weight: 3, fillOpacity: 0.12 } })
          .bindPopup(sitePopup(c)).addTo(layers.sites);
      }
    }
  }
  function refresh() {
    const until = day(Number(slider.value));
    shown.textContent = until || "";
    slider.setAttribute("aria-valuetext", until || "");
    clearTimeout(pending);
    pending = setTimeout(() => {
      const mine = ++serial;
      status.textContent = "Loading…";
      fetch("/api/v1/map?" + query().toString(), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then((r) => { if (!r.ok) throw new Error("the map's data answered " + r.status); return r.json(); })
        .then((data) => { if (mine === serial) draw(data); })
        .catch((err) => { status.textContent = "Could not load the map's data: " + err.message; });
    }, 120);
  }
  slider.addEventListener("input", refresh);
  controls.addEventListener("change", refresh);
  controls.addEventListener("submit", (e) => { e.preventDefault(); refresh(); });
  map.on("moveend", refresh);
  refresh();
})();
