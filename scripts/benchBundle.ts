// The web app's bundle size, measured on the production build (frontend/dist, `npm run build -w frontend`):
//   - the initial JavaScript: the entry script of dist/index.html plus every chunk it modulepreloads, which the
//     browser fetches before the first page can render; its gzip size (node:zlib, level 9) has a target of 300 kB
//     (kB = 1,000 bytes), from issue 6;
//   - the initial CSS, apart;
//   - every lazy route chunk of src/routes.tsx (one per page) with what it imports statically beyond the initial
//     JavaScript: what the first visit of that page adds;
//   - the other lazy chunks (the wallet kit's locales, wallet and chain icons), in total.
// Writes the "Frontend bundle" section of docs/benchmarks.md (or BENCH_OUT); BENCH_STRICT=1 exits 1 above the target.
// Usage: npm run bench:bundle (builds first), or node scripts/benchBundle.ts on an existing build.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { writeSection } from "./lib/benchDoc.ts";
import { ROOT } from "./lib/run.ts";

export const INITIAL_JS_TARGET = 300_000;

const dist = resolve(ROOT, "frontend", "dist");
const assets = join(dist, "assets");
const indexHtml = join(dist, "index.html");
if (!existsSync(indexHtml)) {
  console.error("benchBundle: frontend/dist/index.html is missing: build the app first (npm run build -w frontend)");
  process.exit(1);
}

interface Asset {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
}

const sizes = new Map<string, Asset>();
function asset(file: string): Asset {
  let known = sizes.get(file);
  if (!known) {
    const bytes = readFileSync(join(dist, file));
    known = { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    sizes.set(file, known);
  }
  return known;
}

/** `assets/x.js` from an href or src of index.html ("/assets/x.js", "./assets/x.js"). */
const local = (href: string): string => href.replace(/^\.?\//, "");
const html = readFileSync(indexHtml, "utf8");
const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]+)"`).exec(tag)?.[1];
const tags = [...html.matchAll(/<(script|link)\b[^>]*>/g)].map((m) => m[0]);
const entry = tags.filter((tag) => tag.startsWith("<script") && attr(tag, "type") === "module").map((tag) => attr(tag, "src"));
const preloads = tags.filter((tag) => attr(tag, "rel") === "modulepreload").map((tag) => attr(tag, "href"));
const styles = tags.filter((tag) => attr(tag, "rel") === "stylesheet").map((tag) => attr(tag, "href"));
const initialJs = [...entry, ...preloads].filter((h): h is string => !!h && !/^https?:/.test(h)).map(local);
const initialCss = styles.filter((h): h is string => !!h && !/^https?:/.test(h)).map(local);
if (initialJs.length === 0) {
  console.error("benchBundle: no module script in frontend/dist/index.html");
  process.exit(1);
}
const initialSet = new Set(initialJs);

/** The chunks `file` imports statically ("./x.js" next to it), transitively. */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  const code = readFileSync(join(dist, file), "utf8");
  for (const m of code.matchAll(/(?:\bimport\s*|\bfrom\s*)["']\.\/([\w.-]+\.js)["']/g)) {
    const next = `assets/${m[1]}`;
    if (seen.has(next) || !existsSync(join(dist, next))) continue;
    seen.add(next);
    staticImports(next, seen);
  }
  return seen;
}

// The route chunks: src/routes.tsx imports each page lazily; Vite names its chunk after the page's file.
const routesSource = readFileSync(resolve(ROOT, "frontend", "src", "routes.tsx"), "utf8");
const routes = [...routesSource.matchAll(/segment:\s*"([^"]*)"\s*,\s*page:\s*lazy\(\(\)\s*=>\s*import\("([^"]+)"\)\)/g)].map(
  (m) => ({ segment: m[1]!, page: m[2]! }),
);
const jsFiles = readdirSync(assets).filter((f) => f.endsWith(".js"));
interface RouteChunk {
  readonly path: string;
  readonly page: string;
  readonly chunk: Asset | undefined;
  readonly extra: number;
}
const routeChunks: RouteChunk[] = routes.map(({ segment, page }) => {
  const name = basename(page).replace(/\.[jt]sx?$/, "");
  const file = jsFiles.find((f) => new RegExp(`^${name}-[\\w-]{8}\\.js$`).test(f));
  if (!file) return { path: `#/${segment}`, page: name, chunk: undefined, extra: 0 };
  const chunk = asset(`assets/${file}`);
  const adds = [...staticImports(chunk.file)].filter((f) => !initialSet.has(f));
  return { path: `#/${segment}`, page: name, chunk, extra: adds.reduce((sum, f) => sum + asset(f).gzip, chunk.gzip) };
});

const js = initialJs.map(asset);
const css = initialCss.map(asset);
const total = (list: readonly Asset[], key: "raw" | "gzip"): number => list.reduce((sum, a) => sum + a[key], 0);
const jsGzip = total(js, "gzip");
const counted = new Set([...initialJs, ...routeChunks.flatMap((r) => (r.chunk ? [r.chunk.file] : []))]);
const others = jsFiles.map((f) => `assets/${f}`).filter((f) => !counted.has(f)).map(asset);
const kB = (bytes: number): string => (bytes / 1000).toFixed(1);
const ok = jsGzip <= INITIAL_JS_TARGET;

const lines = [
  "## Frontend bundle",
  "",
  "The web app's production build (`npm run build -w frontend`, Vite), measured by `npm run bench:bundle`",
  "(scripts/benchBundle.ts). Bytes, not time: gzip sizes at level 9 (node:zlib), kB = 1,000 bytes. The initial",
  "JavaScript is what the browser loads before the first page renders: the entry script of `dist/index.html` and",
  "every chunk it modulepreloads. Each page is a lazy chunk loaded on its first visit.",
  "",
  "| Initial load | Files | Raw (kB) | Gzip (kB) | Target (gzip) |",
  "| --- | ---: | ---: | ---: | --- |",
  `| JavaScript | ${js.length} | ${kB(total(js, "raw"))} | **${kB(jsGzip)}** | <= ${kB(INITIAL_JS_TARGET)} kB ${ok ? "(met)" : "(**MISSED**)"} |`,
  `| CSS | ${css.length} | ${kB(total(css, "raw"))} | ${kB(total(css, "gzip"))} | |`,
  "",
  "| Initial JavaScript file | Raw (kB) | Gzip (kB) |",
  "| --- | ---: | ---: |",
  ...js.map((a) => `| \`${basename(a.file)}\`${a.file === local(entry[0] ?? "") ? " (entry)" : ""} | ${kB(a.raw)} | ${kB(a.gzip)} |`),
  "",
  "| Route (lazy) | Page chunk | Gzip (kB) | First visit adds (gzip kB) |",
  "| --- | --- | ---: | ---: |",
  ...routeChunks.map((r) =>
    r.chunk
      ? `| \`${r.path}\` | \`${basename(r.chunk.file)}\` | ${kB(r.chunk.gzip)} | ${kB(r.extra)} |`
      : `| \`${r.path}\` | ${r.page}: no chunk of its own (bundled elsewhere) | | |`,
  ),
  "",
  `Other lazy chunks (the wallet kit's locales, wallet and chain icons, loaded only when used): ${others.length} files,`,
  `${kB(total(others, "gzip"))} kB gzip in all, the largest ${others.length ? `\`${basename([...others].sort((a, b) => b.gzip - a.gzip)[0]!.file)}\` (${kB(Math.max(...others.map((a) => a.gzip)))} kB)` : "none"}.`,
];
const markdown = lines.join("\n");
console.log(markdown);
// BENCH_OUT writes elsewhere (the test run uses a scratch file); BENCH_STRICT fails when the target is missed.
const out = process.env.BENCH_OUT ?? resolve(ROOT, "docs", "benchmarks.md");
writeSection(out, "bundle", markdown);
console.log(`\nwrote the "bundle" section of ${out}`);
console.log(`initial JavaScript: ${kB(jsGzip)} kB gzip (target <= ${kB(INITIAL_JS_TARGET)} kB): ${ok ? "met" : "MISSED"}`);
if (!ok && process.env.BENCH_STRICT) process.exitCode = 1;
