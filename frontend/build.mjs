// Builds the web app's static assets from the npm packages into qijourney/web/static/build.
// Run by the Python package build (hatch_build.py); the output is git-ignored.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
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
];
for (const [from, to] of copies) {
  cpSync(join(modules, from), join(out, to), { recursive: true });
}
// The charts script: Vega, Vega-Lite, vega-embed and the CSP-safe expression interpreter in
// one bundle.
await esbuild.build({
  entryPoints: [join(here, "scripts", "charts.mjs")],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  outfile: join(out, "charts.js"),
  logLevel: "warning",
});
console.log(`built ${out}`);
