// The process page's small map: the places of the events on the page.
"use strict";
(function () {
  const element = document.getElementById("small-map");
  if (!element || !window.L) return;
  const points = JSON.parse(element.dataset.points || "[]");
  const map = window.ceasefireBasemap.create(element, { scrollWheelZoom: false });
  const layer = L.featureGroup().addTo(map);
  for (const p of points) {
    const hollow = p.precision === "region" || p.precision === "country";
    L.circleMarker([p.lat, p.lon], { radius: 6, color: "#9b1c1c", weight: 2, fillOpacity: hollow ? 0 : 0.7 })
      .bindTooltip(p.label + " (" + (p.precision || "unknown precision") + ")").addTo(layer);
  }
  if (points.length) map.fitBounds(layer.getBounds().pad(0.5), { maxZoom: 8 });
  else map.setView([20, 10], 1);
})();
