import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Builder, Case } from './cases.js';

/** `expected/<builder>.json`: what a real build of the case gave. Written by the recorder only. */
export interface Expected {
  engine: string;
  outcome: 'success' | 'failure';
  error?: string;
  errorLine?: number;
  stages: string[];
  config?: Record<string, unknown>;
  history?: Array<{ createdBy: string; emptyLayer: boolean }>;
  base?: string;
  tree?: string[];
  removed?: string[];
}

const KEY_ORDER: ReadonlyArray<keyof Expected> = [
  'engine',
  'outcome',
  'error',
  'errorLine',
  'stages',
  'config',
  'history',
  'base',
  'tree',
  'removed',
];

/** Stable key order, 2-space JSON, trailing newline. */
export function serialiseExpected(e: Expected): string {
  const ordered: Record<string, unknown> = {};
  for (const k of KEY_ORDER) {
    if (e[k] !== undefined) ordered[k] = e[k];
  }
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export function expectedPath(c: Case, builder: Builder): string {
  return join(c.dir, 'expected', `${builder}.json`);
}

/** Writes the file; returns whether its content changed. */
export function writeExpected(c: Case, builder: Builder, e: Expected): boolean {
  const path = expectedPath(c, builder);
  const text = serialiseExpected(e);
  const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (before === text) return false;
  mkdirSync(join(c.dir, 'expected'), { recursive: true });
  writeFileSync(path, text);
  return true;
}

/** Removes expected files of builders the case no longer lists. */
export function removeStale(c: Case): void {
  for (const b of ['buildkit', 'classic'] as const) {
    if (!c.builders.includes(b)) rmSync(expectedPath(c, b), { force: true });
  }
}
