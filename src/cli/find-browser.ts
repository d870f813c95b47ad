/**
 * Where a browser binary is: the path an environment variable names, else the
 * first of the usual install paths that exists; otherwise an error that says
 * how to install one. Chromium (chromium.ts) and Firefox (firefox.ts) share it.
 */
import { existsSync } from 'node:fs';

export interface BrowserLookup {
  /** The variable that overrides the search, e.g. CHROMIUM_PATH. */
  envVar: string;
  candidates: readonly string[];
  installHint: string;
}

export function findBrowser({ envVar, candidates, installHint }: BrowserLookup): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`${envVar}=${fromEnv} does not exist. ${installHint}`);
    return fromEnv;
  }
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(installHint);
  return found;
}
