// Country outlines from the packaged Natural Earth data (npm world-atlas), drawn as a Leaflet layer.
// Tiles only when the server is configured with a tile server (CEASEFIRE_TILE_URL).
"use strict";
window.ceasefireBasemap = (function () {
  let outlines = null;
  function loadOutlines() {
    if (!outlines) {
      outlines = fetch("/assets/world-atlas/countries-50m.json")
        .then((r) => { if (!r.ok) throw new Error("outlines " + r.status); return r.json(); })
        .then((topo) => topojson.feature(topo, topo.objects.countries));
    }
    return outlines;
  }
  function create(element, options) {
    const map = L.map(element, Object.assign({ worldCopyJump: true, minZoom: 1, maxZoom: 14, attributionControl: true }, options || {}));
    map.attributionControl.setPrefix(false);
    const tiles = element.dataset.tiles;
    if (tiles) {
      L.tileLayer(tiles, { attribution: element.dataset.attribution || "" }).addTo(map);
    }
    loadOutlines().then((geo) => {
      L.geoJSON(geo, { interactive: false, style: { color: "#7a8796", weight: 0.6, fillColor: "#f7f5ee", fillOpacity: tiles ? 0 : 1 } })
        .addTo(map).bringToBack();
      map.attributionControl.addAttribution("Outlines: Natural Earth");
    }).catch(() => { element.dataset.outlines = "missing"; });
    return map;
  }
  return { create: create };
})();
