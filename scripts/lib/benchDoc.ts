// docs/benchmarks.md holds one section per benchmark script, each between its own markers, so that every script
// rewrites only its own figures.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const HEADER = `# Benchmarks

Written by \`npm run bench\` (scripts/benchGas.ts and scripts/benchCourt.ts) and \`npm run bench:bundle\`
(scripts/benchBundle.ts); do not edit by hand. Gas and bytes, never time: each gas figure is the \`gasUsed\` of a
transaction on Hardhat's in-process network (EDR, Prague rules); the web app's sizes are gzip bytes of its build.
`;

/** Replaces (or appends) the section `name` of the benchmarks document at `path`. */
export function writeSection(path: string, name: string, markdown: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let doc = existsSync(path) ? readFileSync(path, "utf8") : HEADER;
  if (!doc.startsWith("# Benchmarks")) doc = HEADER;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  doc = from >= 0 && to > from ? doc.slice(0, from) + block + doc.slice(to + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, doc.endsWith("\n") ? doc : `${doc}\n`);
}
