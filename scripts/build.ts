/**
 * `npm run build`: bundles the server into dist/main.js with esbuild (our code only; packages stay
 * in node_modules); `npm start` builds, then runs it. Production runs plain JavaScript: loading the
 * TypeScript through tsx at run time costs ~60 MB of memory and seconds of start-up.
 *
 * Each file is written beside its final name and renamed into place, so several test processes
 * building at once never let a server start from a half-written file.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Builds dist/main.js (+ its source map) and returns its path. */
export async function buildServer(): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/main.ts' },
    outdir: 'dist',
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  await mkdir(path.join(root, 'dist'), { recursive: true });
  // Maps first, so a bundle renamed into place always finds its map.
  const outputs = [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
  for (const output of outputs) {
    const staged = `${output.path}.${process.pid}.tmp`;
    await writeFile(staged, output.contents);
    await rename(staged, output.path);
  }
  return path.join(root, 'dist', 'main.js');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildServer();
