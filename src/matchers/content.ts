import { createHash } from 'node:crypto';
import type { BuildResult, TreeEntry } from '../index.js';
import type { Check, Outcome } from './checks.js';
import { viewOf } from './paths.js';
import { argumentError } from './received.js';

/** A file's expected content: exact text (UTF-8), a pattern its text matches, or exact bytes. */
export type ContentSpec = string | RegExp | Uint8Array;

const PREVIEW_CHARS = 200;
const NO_FILES = 'this result has no files (pass the object emulate() returned, not a copy)';

/**
 * Checks content through the entry's sha256, so a file whose bytes the emulator only knows by
 * hash still compares; a pattern needs the bytes themselves.
 */
export function contentCheck(matcher: string, spec: unknown, result: BuildResult, entryOf: () => { entry: TreeEntry; path: string }): Check {
  if (typeof spec !== 'string' && !(spec instanceof RegExp) && !(spec instanceof Uint8Array)) {
    throw argumentError(matcher, `content must be a string, a RegExp or bytes (Uint8Array/Buffer), received ${typeof spec}`);
  }
  const wanted =
    typeof spec === 'string' ? `content ${JSON.stringify(spec)}` : spec instanceof RegExp ? `content matching ${String(spec)}` : `content <${spec.length} bytes>`;
  return {
    wanted,
    test: () => {
      const { entry, path } = entryOf();
      if (spec instanceof RegExp) {
        if (entry.sha256 === undefined) return unknown(result, entry);
        if (!viewOf(result)) return { ok: undefined, detail: `cannot read ${path}: ${NO_FILES}` };
        const bytes = readBytes(result, path);
        if (!bytes) return unknown(result, entry);
        // A fresh copy, so a /g or /y pattern's lastIndex cannot carry over between calls.
        const ok = new RegExp(spec.source, spec.flags).test(bytes.toString('utf8'));
        return ok ? { ok } : { ok, detail: `content is ${preview(bytes)}` };
      }
      if (entry.sha256 === undefined) return unknown(result, entry);
      const bytes = typeof spec === 'string' ? Buffer.from(spec, 'utf8') : Buffer.from(spec.buffer, spec.byteOffset, spec.byteLength);
      const ok = entry.size === bytes.length && createHash('sha256').update(bytes).digest('hex') === entry.sha256;
      if (ok) return { ok };
      const actual = readBytes(result, path);
      return { ok, detail: `content is ${actual ? preview(actual) : `${entry.size} bytes with sha256 ${entry.sha256.slice(0, 12)}…`}` };
    },
  };
}

function readBytes(result: BuildResult, path: string): Buffer | undefined {
  try {
    return viewOf(result)?.readFileSync(path) as Buffer | undefined;
  } catch {
    return undefined; // EIO: the emulator knows the size but not the bytes
  }
}

/** Names the step the file comes from, since that is where its content got lost. */
function unknown(result: BuildResult, entry: TreeEntry): Outcome {
  const from = result.provenance.find((p) => p.path === entry.path);
  const source = from ? `it comes from line ${from.line}: ${from.instruction}` : 'it comes from a base image or step the emulator does not model';
  return { ok: undefined, detail: `the content of ${entry.path} is not known; ${source}` };
}

/** Text as a quoted string (cut after a few lines' worth), binary as size and leading bytes. */
function preview(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  if (text.includes('\uFFFD') || text.includes('\0')) return `<${bytes.length} bytes> ${bytes.subarray(0, 16).toString('hex')}${bytes.length > 16 ? '…' : ''}`;
  return text.length > PREVIEW_CHARS ? `${JSON.stringify(text.slice(0, PREVIEW_CHARS))}… (${bytes.length} bytes)` : JSON.stringify(text);
}
