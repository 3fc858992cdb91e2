/**
 * `npm run db:new-migration -- <name>`: writes the SQL that takes the committed schema
 * (`git show HEAD:prisma/schema.prisma`) to the working one into a new migration folder, then
 * regenerates the client. `prisma migrate diff` between two schema files needs no database
 * and no engine download, unlike `prisma migrate dev`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  process.stderr.write('usage: npm run db:new-migration -- <name>   (lowercase letters, digits, underscores)\n');
  process.exit(1);
}
const previous = path.join(mkdtempSync(path.join(os.tmpdir(), 'ih-schema-')), 'schema.prisma');
writeFileSync(previous, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma']));
const sql = execFileSync('npx', ['prisma', 'migrate', 'diff', '--from-schema-datamodel', previous, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
  process.stdout.write('schema.prisma has no changes since HEAD: no migration written\n');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const folder = path.join('prisma', 'migrations', `${stamp}_${name}`);
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, 'migration.sql'), sql);
execFileSync('npx', ['prisma', 'generate'], { stdio: 'inherit' });
process.stdout.write(`wrote ${path.join(folder, 'migration.sql')} — review it, then commit it with the schema\n`);
