// Builds the web app's static assets from the npm packages into qijourney/web/static/build.
// Run by the Python package build (hatch_build.py); the output is git-ignored.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "qijourney", "web", "static", "build");
const modules = join(here, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// NHS.UK styles with our additions. Font faces are left out: they live on a CDN, and pages
// must work with no internet access (the font stack falls back to Arial).
const css = sass.compile(join(here, "styles", "qijourney.scss"), {
  loadPaths: [modules],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "qijourney.css"), css.css);

const copies = [
  ["nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js", "nhsuk-frontend.min.js"],
  ["nhsuk-frontend/dist/nhsuk/assets", "assets"],
  ["vega/build/vega.min.js", "vega.min.js"],
  ["vega-lite/build/vega-lite.min.js", "vega-lite.min.js"],
  ["vega-embed/build/vega-embed.min.js", "vega-embed.min.js"],
];
for (const [from, to] of copies) {
  cpSync(join(modules, from), join(out, to), { recursive: true });
}
console.log(`built ${out}`);
