import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { cleanAbsolute } from '../fs/paths.js';
import { contentTemplate, hostTemplate, type Owner, type Template } from './template.js';
import type { RunEffects } from './types.js';
import { lazyModule } from '../util/lazyModule.js';

const yaml = lazyModule<typeof import('yaml')>('yaml');

/** A declared file or tree, ready to place. */
export interface LoadedEntry {
  /** Where it was declared (`stages.build.produces[0]`, `runs[1].files[0]`), for messages and provenance. */
  readonly declaration: string;
  readonly path: string;
  readonly template: Template;
}

export interface LoadedDir {
  readonly declaration: string;
  readonly path: string;
  readonly mode: number | undefined;
  readonly owner: Owner | undefined;
}

export interface LoadedLink {
  readonly declaration: string;
  readonly path: string;
  readonly target: string;
  readonly owner: Owner;
}

export interface LoadedRun {
  readonly declaration: string;
  /** `match "npm ci"` or `regex /^apt-get/`, for warnings. */
  readonly describe: string;
  readonly test: (commandText: string) => boolean;
  readonly stage: string | undefined;
  readonly deletes: readonly string[];
  readonly dirs: readonly LoadedDir[];
  readonly files: readonly LoadedEntry[];
  readonly links: readonly LoadedLink[];
}

export interface LoadedStage {
  readonly key: string;
  readonly produces: readonly LoadedEntry[];
}

/** Declarations checked and with their host files read, independent of any Dockerfile. */
export interface LoadedRunEffects {
  readonly stages: readonly LoadedStage[];
  readonly runs: readonly LoadedRun[];
}

const ROOT: Owner = { uid: 0, gid: 0 };

/** Misuse of the declarations, named by field (a TypeError, as every misused option is). */
function bad(field: string, message: string): never {
  throw new TypeError(`run effects: ${field}: ${message}`);
}

/** Whitespace runs count as one space, so continuation lines and indentation do not matter. */
export function collapseSpace(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(field: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) bad(`${field}.${key}`, `unknown field (expected ${allowed.join(', ')})`);
  }
}

function list(field: string, value: unknown): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) bad(field, 'must be a list');
  return value;
}

function path(field: string, value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) bad(field, 'must be an absolute path (starting with "/")');
  const clean = cleanAbsolute(value);
  if (clean === '/') bad(field, 'must not be "/"');
  return clean;
}

function mode(field: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[0-7]{1,4}$/.test(value)) {
    bad(field, 'must be an octal mode as a string, like "0755" (quote it in YAML)');
  }
  return parseInt(value, 8);
}

function owner(field: string, value: unknown): Owner | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return { uid: value, gid: value };
  const m = typeof value === 'string' ? /^(\d+)(?::(\d+))?$/.exec(value) : null;
  if (!m) bad(field, 'must be "uid:gid" or "uid" (numbers)');
  return { uid: Number(m[1]), gid: Number(m[2] ?? m[1]) };
}

function stageRef(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
  if (typeof value !== 'string' || value === '') bad(field, 'must be a stage name or index');
  return value;
}

async function entry(field: string, value: unknown, baseDir: string): Promise<LoadedEntry> {
  if (!isObject(value)) bad(field, 'must be an object with path and from or content');
  checkKeys(field, value, ['path', 'from', 'content', 'mode', 'owner']);
  const at = path(`${field}.path`, value.path);
  const fileMode = mode(`${field}.mode`, value.mode);
  const who = owner(`${field}.owner`, value.owner) ?? ROOT;
  if ((value.from === undefined) === (value.content === undefined)) bad(field, 'needs exactly one of from or content');
  if (value.content !== undefined) {
    if (typeof value.content !== 'string') bad(`${field}.content`, 'must be a string');
    return { declaration: field, path: at, template: contentTemplate(value.content, fileMode, who) };
  }
  if (typeof value.from !== 'string' || value.from === '') bad(`${field}.from`, 'must be a host path');
  const template = await hostTemplate(resolve(baseDir, value.from), fileMode, who);
  if (typeof template === 'string') bad(`${field}.from`, template);
  return { declaration: field, path: at, template };
}

function compileRegex(field: string, source: unknown): RegExp {
  if (typeof source !== 'string' || source === '') bad(field, 'must be a non-empty string');
  try {
    return new RegExp(source);
  } catch (error) {
    return bad(field, `invalid regular expression: ${(error as Error).message}`);
  }
}

async function run(field: string, value: unknown, baseDir: string): Promise<LoadedRun> {
  if (!isObject(value)) bad(field, 'must be an object with match or regex');
  checkKeys(field, value, ['match', 'regex', 'stage', 'delete', 'dirs', 'files', 'links']);
  if ((value.match === undefined) === (value.regex === undefined)) bad(field, 'needs exactly one of match or regex');
  let test: (text: string) => boolean;
  let describe: string;
  if (value.match !== undefined) {
    if (typeof value.match !== 'string' || value.match.trim() === '') bad(`${field}.match`, 'must be a non-empty string');
    const wanted = collapseSpace(value.match);
    test = (text) => text === wanted;
    describe = `match ${JSON.stringify(value.match)}`;
  } else {
    const regex = compileRegex(`${field}.regex`, value.regex);
    test = (text) => regex.test(text);
    describe = `regex /${regex.source}/`;
  }
  const files: LoadedEntry[] = [];
  for (const [i, item] of list(`${field}.files`, value.files).entries()) files.push(await entry(`${field}.files[${i}]`, item, baseDir));
  return {
    declaration: field,
    describe,
    test,
    stage: stageRef(`${field}.stage`, value.stage),
    deletes: list(`${field}.delete`, value.delete).map((p, i) => path(`${field}.delete[${i}]`, p)),
    dirs: list(`${field}.dirs`, value.dirs).map((item, i) => {
      const f = `${field}.dirs[${i}]`;
      if (!isObject(item)) bad(f, 'must be an object with path');
      checkKeys(f, item, ['path', 'mode', 'owner']);
      return { declaration: f, path: path(`${f}.path`, item.path), mode: mode(`${f}.mode`, item.mode), owner: owner(`${f}.owner`, item.owner) };
    }),
    files,
    links: list(`${field}.links`, value.links).map((item, i) => {
      const f = `${field}.links[${i}]`;
      if (!isObject(item)) bad(f, 'must be an object with path and target');
      checkKeys(f, item, ['path', 'target', 'owner']);
      if (typeof item.target !== 'string' || item.target === '') bad(`${f}.target`, 'must be a non-empty string');
      return { declaration: f, path: path(`${f}.path`, item.path), target: item.target, owner: owner(`${f}.owner`, item.owner) ?? ROOT };
    }),
  };
}

/**
 * Checks declarations and reads the host files they name. `baseDir` is where relative `from`
 * paths start (the declaration file's folder, or the working directory for an object).
 */
export async function loadDeclarations(value: unknown, baseDir: string): Promise<LoadedRunEffects> {
  if (!isObject(value)) bad('(top level)', 'must be an object with stages and/or runs');
  checkKeys('(top level)', value, ['stages', 'runs']);
  const stages: LoadedStage[] = [];
  if (value.stages !== undefined) {
    if (!isObject(value.stages)) bad('stages', 'must be a map from stage name or index to { produces: [...] }');
    for (const [key, stage] of Object.entries(value.stages)) {
      const field = `stages.${key}`;
      if (!isObject(stage)) bad(field, 'must be an object with produces');
      checkKeys(field, stage, ['produces']);
      const produces: LoadedEntry[] = [];
      for (const [i, item] of list(`${field}.produces`, stage.produces).entries()) {
        produces.push(await entry(`${field}.produces[${i}]`, item, baseDir));
      }
      stages.push({ key, produces });
    }
  }
  const runs: LoadedRun[] = [];
  for (const [i, item] of list('runs', value.runs).entries()) runs.push(await run(`runs[${i}]`, item, baseDir));
  return { stages, runs };
}

/**
 * The declarations of `emulate({ runEffects })`: a JSON or YAML file (relative `from` paths start
 * at its folder), or the declarations themselves (relative to the working directory).
 */
export async function loadRunEffects(source: string | RunEffects): Promise<LoadedRunEffects> {
  if (typeof source !== 'string') return loadDeclarations(source, process.cwd());
  const file = resolve(source);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new TypeError(`run effects: cannot read ${source}: ${error.code ?? error.message}`);
  });
  let value: unknown;
  try {
    value = extname(file).toLowerCase() === '.json' ? JSON.parse(text) : yaml().parse(text);
  } catch (error) {
    throw new TypeError(`run effects: ${source} is not valid ${extname(file).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`);
  }
  return loadDeclarations(value, dirname(file));
}
