// Country outlines from the packaged Natural Earth data (npm world-atlas), drawn as a Leaflet layer.
// Tiles only when the server is configured with a tile server (CEASEFIRE_TILE_URL).
"use strict";
window.ceasefireBasemap = (function () {
  let outlines = null;
  function loadOutlines() {
    if (!outlines) {
      outlines = fetch("/assets/world-atlas/countries-50m.json")
        .then((r) => { if (!r.ok) throw new Error("outlines " + r.status); return r.json(); })
        .then((topo) => unwrap(topojson.feature(topo, topo.objects.countries)));
    }
    return outlines;
  }
  // Leaflet draws a ring that crosses the antimeridian as a line across the world: make each ring
  // continuous (Chukotka at 190 degrees east rather than -170) and leave Antarctica out.
  function unwrapRing(ring) {
    const out = [];
    let shift = 0, prev = null;
    for (const [lon, lat] of ring) {
      if (prev !== null) {
        if (lon - prev > 180) shift -= 360;
        else if (lon - prev < -180) shift += 360;
      }
      prev = lon;
      out.push([lon + shift, lat]);
    }
    return out;
  }
  function unwrap(collection) {
    collection.features = collection.features.filter((f) => f.id !== "010" && f.geometry);
    for (const f of collection.features) {
      const g = f.geometry;
      if (g.type === "Polygon") g.coordinates = g.coordinates.map(unwrapRing);
      else if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((p) => p.map(unwrapRing));
    }
    return collection;
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
