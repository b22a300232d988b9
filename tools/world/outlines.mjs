// Writes the country outlines of the server's map page: Natural Earth's 1:110m admin-0
// countries (world-atlas's TopoJSON) projected equirectangularly and rounded to tenths of a
// degree, one polygon a line, so the server draws a map without a tile server or a script.
// Run with `npm ci && npm run build` here; commit the two files it writes.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const OUT = new URL("../../src/mgi_graph/server/", import.meta.url);
const SCALE = 10; // projected units per degree: the server's map.py uses the same
const atlas = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf8"));
const version = JSON.parse(readFileSync(require.resolve("world-atlas/package.json"), "utf8")).version;

// Equirectangular: x grows east from 180°W, y grows south from 90°N (SVG's y axis).
const project = ([lon, lat]) => [Math.round((lon + 180) * SCALE), Math.round((90 - lat) * SCALE)];

// A ring that crosses the antimeridian (Fiji, Chukotka) is made continuous, running past
// ±180°, rather than drawn as a line across the whole map.
function unwrap(points) {
  const out = [];
  let shift = 0;
  for (const [lon, lat] of points) {
    if (out.length) {
      const step = lon + shift - out[out.length - 1][0];
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    out.push([lon + shift, lat]);
  }
  return out;
}

function ring(points) {
  const kept = [];
  for (const point of unwrap(points).map(project)) {
    const last = kept[kept.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) kept.push(point);
  }
  return kept.length >= 3 ? kept : [];
}

// One line a polygon (with its holes), each with its own bounding box, so that the server
// can leave out what lies outside the part of the world it draws.
function polygons(geometry) {
  const found = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return found.map((polygon) => polygon.map(ring).filter((r) => r.length)).filter((rings) => rings.length).map((rings) => {
    const all = rings.flat();
    const xs = all.map((p) => p[0]);
    const ys = all.map((p) => p[1]);
    const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    return { box, path: rings.map((r) => "M" + r.map((p) => p.join(",")).join(" ") + "Z").join("") };
  });
}

const lines = ["# id\tname\tmin_x min_y max_x max_y\tpath: one polygon a line, SVG path data, 10 units a degree, equirectangular from 180°W 90°N"];
for (const country of feature(atlas, atlas.objects.countries).features) {
  if (!country.geometry) continue;
  for (const { box, path } of polygons(country.geometry)) {
    lines.push([country.id ?? "", country.properties.name, box.join(" "), path].join("\t"));
  }
}
writeFileSync(new URL("world.tsv", OUT), lines.join("\n") + "\n");
console.log(`${lines.length - 1} polygons written`);

const licence = readFileSync(require.resolve("world-atlas/LICENSE"), "utf8");
writeFileSync(new URL("world.LICENSE.txt", OUT), `world.tsv: country outlines from Natural Earth (naturalearthdata.com),
Admin 0 countries at 1:110m, version 4.1.0, in the public domain ("Made with Natural Earth.
Free vector and raster map data @ naturalearthdata.com."), as redistributed in TopoJSON by the
npm package world-atlas ${version}, converted by tools/world/outlines.mjs (topojson-client).

Country outlines and names are Natural Earth's and imply no position on the legal status of
any territory or the delimitation of its borders.

world-atlas's licence:

${licence}`);
