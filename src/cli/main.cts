#!/usr/bin/env node
/**
 * The `dockerfile-sim` binary. Most of a short run used to go into loading and compiling ~200
 * modules, so the build also writes the CLI as one CommonJS bundle (`bundle.cjs`, see
 * package.json's `bundle` script) and V8's code cache for it (`bundle.cache`): this loads the
 * bundle through that cache. Without a bundle (running from source) it imports the modules.
 * It is CommonJS itself because Node starts an ES module entry point more slowly.
 */
import fs = require('node:fs');
import nodeModule = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

type RunCli = (argv: readonly string[]) => Promise<void>;

const bundlePath = path.join(__dirname, 'bundle.cjs');
const cachePath = path.join(__dirname, 'bundle.cache');

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Compiles the bundle as Node compiles a CommonJS module, with the code cache when it fits. */
function loadBundle(source: Buffer, cachedData: Buffer | undefined): { runCli: RunCli; script: vm.Script } {
  // esbuild writes ASCII only, so latin1 decodes it exactly, and faster than UTF-8.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source.toString('latin1')}\n})`;
  const script = new vm.Script(wrapped, { filename: bundlePath, cachedData });
  const module = { exports: {} as { runCli?: RunCli } };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, nodeModule.createRequire(bundlePath), module, bundlePath, __dirname);
  if (typeof module.exports.runCli !== 'function') throw new Error(`${bundlePath} does not export runCli`);
  return { runCli: module.exports.runCli, script };
}

/**
 * Writes the code cache after a run, so that it also holds the functions the run compiled: when
 * asked (the build does), when there is none, or when V8 refused the one there (another Node
 * version). Best effort: an installed package may be read-only.
 */
function saveCodeCache(script: vm.Script, hadCache: boolean): void {
  if (process.env['DFSIM_CODE_CACHE'] !== 'write' && hadCache && script.cachedDataRejected !== true) return;
  try {
    const temp = `${cachePath}.${process.pid}`;
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cachePath);
  } catch {
    // Only slower next time.
  }
}

async function main(): Promise<void> {
  const source = readOrUndefined(bundlePath);
  if (!source) {
    const { runCli } = (await import('./program.js')) as { runCli: RunCli };
    return runCli(process.argv);
  }
  const cachedData = readOrUndefined(cachePath);
  const { runCli, script } = loadBundle(source, cachedData);
  await runCli(process.argv);
  saveCodeCache(script, cachedData !== undefined);
}

void main();
