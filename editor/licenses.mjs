// Writes the licences of every package bundled into editor.js (read from esbuild's
// metafile) next to it, as editor.js.LICENSE.txt: the bundle is shipped with them.
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const meta = JSON.parse(readFileSync("meta.json", "utf8"));
const packages = new Set();
for (const input of Object.keys(meta.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (match) packages.add(match[1]);
}
const parts = [];
for (const name of [...packages].sort()) {
  const dir = join("node_modules", name);
  const { version, license } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
  const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${license}`;
  parts.push(`${name} ${version} (${license})\n\n${text}\n`);
}
writeFileSync("../src/mgi_graph/server/static/editor.js.LICENSE.txt",
  "Third-party code bundled in editor.js (built from editor/ with `npm ci && npm run build`):\n\n" + parts.join("\n" + "-".repeat(72) + "\n\n"));
