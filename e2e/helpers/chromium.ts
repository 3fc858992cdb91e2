/**
 * The browser the suite drives: Debian's Chromium (`apt-get install chromium`), since
 * `npx playwright install` cannot download here. Without it the suite says why and skips —
 * except under CI=true, where a missing browser is a failure, never a silent pass.
 */
import { existsSync } from 'node:fs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumMissing: string | undefined = existsSync(chromiumPath)
  ? undefined
  : `Chromium not found at ${chromiumPath}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH)`;

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
