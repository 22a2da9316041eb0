import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export type Builder = 'buildkit' | 'classic';
export const BUILDERS: readonly Builder[] = ['buildkit', 'classic'];

/** `build.json` of a scenario: how to build it (everything optional). */
export interface BuildSpec {
  readonly description?: string;
  readonly target?: string;
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly builders?: readonly Builder[];
  readonly dockerfile?: string;
  readonly images?: readonly string[];
}

/** `context.json`: what git cannot store in `context/`. */
export interface ContextSpec {
  readonly modes?: Readonly<Record<string, string>>;
  readonly symlinks?: Readonly<Record<string, string>>;
  readonly dirs?: readonly string[];
}

export interface Case {
  /** `<area>/<case>`, `/`-separated. */
  readonly id: string;
  readonly dir: string;
  readonly spec: BuildSpec;
  readonly dockerfile: string;
  readonly contextSpec: ContextSpec | undefined;
  readonly builders: readonly Builder[];
}

const SPEC_KEYS = new Set(['description', 'target', 'buildArgs', 'builders', 'dockerfile', 'images']);
const CONTEXT_KEYS = new Set(['modes', 'symlinks', 'dirs']);

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
}

function checkKeys(path: string, value: unknown, allowed: Set<string>): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${path}: not a JSON object`);
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) throw new Error(`${path}: unknown key "${key}"`);
  }
  return value as Record<string, unknown>;
}

export function loadCase(root: string, id: string): Case {
  const dir = join(root, id);
  const specPath = join(dir, 'build.json');
  const spec = (existsSync(specPath) ? checkKeys(specPath, readJson(specPath), SPEC_KEYS) : {}) as BuildSpec;
  for (const b of spec.builders ?? []) {
    if (!BUILDERS.includes(b)) throw new Error(`${specPath}: unknown builder "${b}"`);
  }
  const ctxPath = join(dir, 'context.json');
  const contextSpec = existsSync(ctxPath)
    ? (checkKeys(ctxPath, readJson(ctxPath), CONTEXT_KEYS) as ContextSpec)
    : undefined;
  const dockerfile = join(dir, spec.dockerfile ?? 'Dockerfile');
  if (!existsSync(dockerfile)) throw new Error(`${id}: no ${spec.dockerfile ?? 'Dockerfile'}`);
  return { id, dir, spec, dockerfile, contextSpec, builders: spec.builders ?? BUILDERS };
}

/** Every `<area>/<case>` folder below root (those with a Dockerfile or build.json), sorted. */
export function listCaseIds(root: string): string[] {
  const ids: string[] = [];
  for (const area of readdirSync(root).sort()) {
    const areaDir = join(root, area);
    if (area === 'images' || area.startsWith('.') || !statSync(areaDir).isDirectory()) continue;
    for (const name of readdirSync(areaDir).sort()) {
      const dir = join(areaDir, name);
      if (!statSync(dir).isDirectory()) continue;
      if (existsSync(join(dir, 'Dockerfile')) || existsSync(join(dir, 'build.json'))) ids.push(`${area}/${name}`);
    }
  }
  return ids;
}

/** A case glob: `*` within a path segment, `**` across segments, `?` one char; a bare area name selects the area. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/^\.?\/?(scenarios\/)?/, '').replace(/\/+$/, '');
  if (!/[*?]/.test(g) && !g.includes('/')) g += '/**';
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function selectCases(root: string, globs: readonly string[]): Case[] {
  const ids = listCaseIds(root);
  const picked = globs.length === 0 ? ids : ids.filter((id) => globs.some((g) => globToRegExp(g).test(id)));
  return picked.map((id) => loadCase(root, id));
}
