/**
 * `npm run bench [-- name …]`: runs every benchmark module in test/bench/ (each exports
 * `run(): Promise<BenchResult[]>`, bounded in count and time, loopback only), prints a markdown
 * table and writes JSON + markdown to test/bench/results/. Figures with a baseline are reported
 * as a ratio measured in the same run, which is what the README quotes.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult } from './types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const skip = new Set(['run.ts', 'types.ts', 'support.ts']);
const wanted = process.argv.slice(2);
const modules = (await readdir(here)).filter((file) => file.endsWith('.ts') && !skip.has(file)).filter((file) => wanted.length === 0 || wanted.some((name) => file.startsWith(name)));

process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres';
process.env.LOG_LEVEL ??= 'silent';

const all: (BenchResult & { module: string })[] = [];
for (const file of modules.sort()) {
  const module = (await import(pathToFileURL(path.join(here, file)).href)) as BenchModule;
  process.stdout.write(`# ${file}\n`);
  const started = performance.now();
  const results = await module.run();
  process.stdout.write(`#   done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  all.push(...results.map((result) => ({ ...result, module: file.replace(/\.ts$/, '') })));
}

const format = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));
const rows = all.map((result) => {
  const ratio = result.baseline ? `${format((result.value / result.baseline.value) * 100)} % of ${result.baseline.name} (${format(result.baseline.value)} ${result.unit})` : '';
  return `| ${result.module} | ${result.name} | ${format(result.value)} ${result.unit} | ${ratio} | ${result.note ?? ''} |`;
});
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
const table = [`Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`, '', '| bench | measure | value | against the baseline | note |', '|---|---|---|---|---|', ...rows].join('\n');
process.stdout.write(`\n${table}\n`);
const resultsDir = path.join(here, 'results');
await mkdir(resultsDir, { recursive: true });
await writeFile(path.join(resultsDir, 'latest.json'), JSON.stringify({ machine, at: new Date().toISOString(), results: all }, null, 2));
await writeFile(path.join(resultsDir, 'latest.md'), `${table}\n`);
process.exit(0);
