// A page's small map: the places of the events on a process page (data-points), or a notification's
// geometry (data-features: GeoJSON Features, a blurred point drawn hollow).
"use strict";
(function () {
  const element = document.getElementById("small-map");
  if (!element || !window.L) return;
  const points = JSON.parse(element.dataset.points || "[]");
  const features = JSON.parse(element.dataset.features || "[]");
  const map = window.ceasefireBasemap.create(element, { scrollWheelZoom: false });
  const layer = L.featureGroup().addTo(map);
  for (const p of points) {
    const hollow = p.precision === "region" || p.precision === "country";
    L.circleMarker([p.lat, p.lon], { radius: 6, color: "#9b1c1c", weight: 2, fillOpacity: hollow ? 0 : 0.7 })
      .bindTooltip(p.label + " (" + (p.precision || "unknown precision") + ")").addTo(layer);
  }
  for (const f of features) {
    const blurred = Boolean(f.properties && f.properties.blurred);
    L.geoJSON(f, {
      style: { color: "#0f5b4a", weight: 3, fillOpacity: 0.2 },
      pointToLayer: (_, at) => L.circleMarker(at, { radius: blurred ? 12 : 7, color: "#0f5b4a", weight: 3,
        dashArray: blurred ? "4 3" : null, fillOpacity: blurred ? 0 : 0.7 }),
    }).bindTooltip(blurred ? "blurred position" : "notified position").addTo(layer);
  }
  // a blurred point is not zoomed into: the map would claim a precision it does not have
  const deepest = features.some((f) => f.properties && f.properties.blurred) ? 9 : features.length ? 13 : 8;
  if (points.length || features.length) map.fitBounds(layer.getBounds().pad(0.5), { maxZoom: deepest });
  else map.setView([20, 10], 1);
})();
