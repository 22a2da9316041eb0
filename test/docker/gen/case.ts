/**
 * A generated case as a scenario folder (the layout of scenarios/README.md), so the recorder and
 * the offline replay treat it exactly like a hand-written case.
 */
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import type { Builder, BuildSpec, ContextSpec } from '../lib/cases.js';
import { contextArb } from './context.js';
import { dockerfileArb, type GenOptions } from './dockerfile.js';
import { render, type GenCase } from './render.js';

export type { GenCase } from './render.js';

export function caseArb(o: GenOptions): fc.Arbitrary<GenCase> {
  return fc.record({ context: contextArb, spec: dockerfileArb(o) }).map(({ context, spec }) => render(spec, context));
}

/** A stable short name for a case (its content, not how it was found). */
export function caseHash(c: GenCase): string {
  const key = JSON.stringify([c.dockerfile, c.context, c.target ?? null, c.buildArgs ?? null]);
  return createHash('sha256').update(key).digest('hex').slice(0, 10);
}

/** What git cannot keep: non-default modes, symlinks and directories without a regular file below. */
function contextSpec(c: GenCase): ContextSpec | undefined {
  const modes: Record<string, string> = {};
  for (const f of c.context.files) if (f.mode !== '0644' && f.mode !== '0755') modes[f.path] = f.mode;
  for (const d of c.context.dirs) if (d.mode !== '0755') modes[d.path] = d.mode;
  const symlinks = Object.fromEntries(c.context.symlinks.map((l) => [l.path, l.target]));
  const dirs = c.context.dirs.map((d) => d.path).filter((d) => !c.context.files.some((f) => f.path.startsWith(`${d}/`)));
  const spec: { -readonly [K in keyof ContextSpec]: ContextSpec[K] } = {};
  if (dirs.length > 0) spec.dirs = dirs;
  if (Object.keys(symlinks).length > 0) spec.symlinks = symlinks;
  if (Object.keys(modes).length > 0) spec.modes = modes;
  return Object.keys(spec).length > 0 ? spec : undefined;
}

/** Writes Dockerfile, context/, context.json and build.json into `dir` (created). */
export function materialise(c: GenCase, dir: string, description: string, builders?: readonly Builder[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), c.dockerfile);
  for (const f of c.context.files) {
    const at = join(dir, 'context', f.path);
    mkdirSync(dirname(at), { recursive: true });
    writeFileSync(at, f.content);
    // The x bit is what git keeps; every other mode goes to context.json.
    chmodSync(at, f.mode === '0755' ? 0o755 : 0o644);
  }
  const ctx = contextSpec(c);
  if (ctx) writeFileSync(join(dir, 'context.json'), `${JSON.stringify(ctx, null, 2)}\n`);
  const spec: BuildSpec = {
    description,
    ...(c.target !== undefined ? { target: c.target } : {}),
    ...(c.buildArgs !== undefined ? { buildArgs: c.buildArgs } : {}),
    ...(builders !== undefined ? { builders } : {}),
  };
  writeFileSync(join(dir, 'build.json'), `${JSON.stringify(spec, null, 2)}\n`);
}

/** The case as a human reads it: build options, the Dockerfile, then the context. */
export function describeCase(c: GenCase): string {
  const out: string[] = [];
  const opts = [
    ...(c.target !== undefined ? [`--target ${c.target}`] : []),
    ...Object.entries(c.buildArgs ?? {}).map(([k, v]) => `--build-arg ${k}=${v}`),
  ];
  if (opts.length > 0) out.push(`build options: ${opts.join(' ')}`);
  out.push('--- Dockerfile', c.dockerfile.trimEnd(), '--- context');
  const entries = [
    ...c.context.dirs.map((d) => [d.path, `${d.path}/  (dir ${d.mode})`] as const),
    ...c.context.files
      .filter((f) => f.path !== '.dockerignore')
      .map((f) => [f.path, `${f.path}  (${f.mode}) ${JSON.stringify(f.content)}`] as const),
    ...c.context.symlinks.map((l) => [l.path, `${l.path} -> ${l.target}`] as const),
  ].sort(([a], [b]) => (a < b ? -1 : 1));
  if (entries.length === 0) out.push('(empty)');
  for (const [, line] of entries) out.push(line);
  if (c.context.dockerignore) out.push('--- .dockerignore', ...c.context.dockerignore);
  return out.join('\n');
}
