#!/usr/bin/env node
/**
 * The `dockerfile-sim` binary. Most of a short run used to go into loading and compiling ~200
 * modules, so the build also writes the CLI as one CommonJS bundle (`bundle.cjs`, see
 * package.json's `bundle` script) and V8's code cache for it (`bundle.cache`): this loads the
 * bundle through that cache. Without a bundle (running from source) it imports the modules.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

type RunCli = (argv: readonly string[]) => Promise<void>;

const bundlePath = fileURLToPath(new URL('./bundle.cjs', import.meta.url));
const cachePath = fileURLToPath(new URL('./bundle.cache', import.meta.url));

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Compiles the bundle as Node compiles a CommonJS module, with the code cache when it fits. */
function loadBundle(source: Buffer, cachedData: Buffer | undefined): { runCli: RunCli; script: Script } {
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`;
  const script = new Script(wrapped, { filename: bundlePath, cachedData });
  const module = { exports: {} as { runCli?: RunCli } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  if (typeof module.exports.runCli !== 'function') throw new Error(`${bundlePath} does not export runCli`);
  return { runCli: module.exports.runCli, script };
}

/**
 * Writes the code cache after a run, so that it also holds the functions the run compiled: when
 * asked (the build does), when there is none, or when V8 refused the one there (another Node
 * version). Best effort: an installed package may be read-only.
 */
function saveCodeCache(script: Script, hadCache: boolean): void {
  if (process.env['DFSIM_CODE_CACHE'] !== 'write' && hadCache && script.cachedDataRejected !== true) return;
  try {
    const temp = `${cachePath}.${process.pid}`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cachePath);
  } catch {
    // Only slower next time.
  }
}

const source = readOrUndefined(bundlePath);
if (source) {
  const cachedData = readOrUndefined(cachePath);
  const { runCli, script } = loadBundle(source, cachedData);
  await runCli(process.argv);
  saveCodeCache(script, cachedData !== undefined);
} else {
  const { runCli } = (await import('./program.js')) as { runCli: RunCli };
  await runCli(process.argv);
}
