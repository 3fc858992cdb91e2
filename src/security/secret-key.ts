/**
 * Where SECRET_KEY comes from. Set it in production. For the zero-setup path (embedded
 * PostgreSQL, no DATABASE_URL) a key is generated once and kept beside the embedded database in
 * DATA_DIR, so a fresh clone runs with one command and keeps decrypting its own secrets.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import type { Logger } from '../log.ts';

export async function resolveSecretKey(config: Pick<Config, 'secretKey' | 'databaseUrl' | 'dataDir'>, log: Logger): Promise<string> {
  if (config.secretKey) return config.secretKey;
  if (config.databaseUrl) {
    throw new ConfigError('Invalid configuration: SECRET_KEY is required when DATABASE_URL is set (it encrypts stored secrets; try: openssl rand -base64 32)');
  }
  const file = path.resolve(config.dataDir, 'secret-key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const key = randomBytes(32).toString('base64');
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
    log.warn({ file }, 'SECRET_KEY is not set: generated one for the embedded database; set SECRET_KEY in production');
    return (await readFile(file, 'utf8')).trim();
  }
}
