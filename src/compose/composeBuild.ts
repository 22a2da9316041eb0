import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { parseDotenv } from './dotenv.js';
import { interpolate, InterpolationError, type Lookup } from './interpolate.js';
import { lazyModule } from '../util/lazyModule.js';

const yaml = lazyModule<typeof import('yaml')>('yaml');

/** A compose file, service or build section dockerfile-sim cannot build from; worded as Compose words it where it can. */
export class ComposeError extends Error {
  override readonly name = 'ComposeError';
}

export interface ComposeBuildOptions {
  /** The compose file (`compose.yaml`, `docker-compose.yml`, …). */
  readonly file: string;
  /** The service whose `build:` to read. */
  readonly service: string;
  /** The shell environment for interpolation; default `process.env`. It wins over the `.env` file. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The `.env` file; default `.env` next to the compose file, when there is one. */
  readonly envFile?: string;
}

/** What `docker compose build SERVICE` would ask the builder for. */
export interface ComposeBuild {
  /** The project name (`name:`, else COMPOSE_PROJECT_NAME, else the compose file's directory), normalized as Compose does. */
  readonly project: string;
  readonly service: string;
  /** The build context directory (absolute). */
  readonly context: string;
  /** The Dockerfile's path (absolute), unless `dockerfile_inline` gives its text. */
  readonly dockerfilePath?: string;
  readonly dockerfile?: string;
  readonly target?: string;
  /** `args`, with values left out resolved from the environment (unset ones are not passed). */
  readonly buildArgs: Readonly<Record<string, string>>;
  /** `build.labels`; Compose adds its project and service labels on top. */
  readonly labels: Readonly<Record<string, string>>;
  /** Compose's warnings (unset variables) and ours (fields that do not affect the emulation). */
  readonly warnings: readonly string[];
}

const BUILD_KEYS = new Set([
  'context', 'dockerfile', 'dockerfile_inline', 'args', 'target', 'labels', 'ssh', 'cache_from', 'cache_to', 'no_cache',
  'additional_contexts', 'network', 'pull', 'shm_size', 'extra_hosts', 'isolation', 'privileged', 'secrets', 'tags',
  'ulimits', 'platforms', 'entitlements', 'provenance', 'sbom',
]);
/** Build fields whose effect the emulation does not model, worth a warning when set. */
const NOT_MODELLED = ['ssh', 'secrets', 'additional_contexts', 'platforms', 'entitlements'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Reads a service's `build:` from a compose file as Docker Compose does: the file's values
 * interpolated from the shell environment and the `.env` file beside it, relative paths resolved
 * from the compose file's directory (the Dockerfile's from the context).
 */
export function composeBuild(options: ComposeBuildOptions): ComposeBuild {
  if (typeof options !== 'object' || options === null) throw new TypeError('compose options must be an object');
  if (typeof options.file !== 'string' || options.file === '') throw new TypeError('option "file" must be the compose file path');
  if (typeof options.service !== 'string' || options.service === '') throw new TypeError('option "service" must name a service');
  const file = resolve(options.file);
  const projectDir = dirname(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ComposeError(`cannot read compose file ${options.file}: ${(err as Error).message}`);
  }
  const shell = options.env ?? process.env;
  const environment = projectEnvironment(shell, options.envFile ?? resolve(projectDir, '.env'), options.envFile !== undefined);
  const lookup: Lookup = (name) => environment.get(name);
  const warnings: string[] = [];
  const model = interpolateAll(parseYaml(text, options.file), lookup, warnings, '');
  if (!isObject(model)) throw new ComposeError(`${options.file}: Top-level object must be a mapping`);
  const services = model.services;
  if (!isObject(services) || !(options.service in services)) {
    const names = isObject(services) ? Object.keys(services) : [];
    throw new ComposeError(`no such service: ${options.service}${names.length ? ` (the compose file has ${names.join(', ')})` : ''}`);
  }
  const service = services[options.service];
  if (!isObject(service) || service.build === undefined || service.build === null) {
    const image = isObject(service) && typeof service.image === 'string' ? ` (it uses image ${service.image})` : '';
    throw new ComposeError(`service "${options.service}" has no build section${image}`);
  }
  if (service.extends !== undefined) throw new ComposeError(`service "${options.service}" uses extends, which dockerfile-sim does not read`);
  const project = projectName(model.name, environment, projectDir);
  return { ...buildSection(service.build, options.service, projectDir, lookup, warnings), project, service: options.service, warnings: [...new Set(warnings)] };
}

function parseYaml(text: string, file: string): Json {
  const doc = yaml().parseDocument(text, { merge: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) throw new ComposeError(`${file}: yaml: ${error.message.split('\n')[0]}`);
  return doc.toJS({ maxAliasCount: 10_000 }) as Json;
}

/** `.env` values, overridden by the shell's (Compose's project environment). */
function projectEnvironment(shell: Readonly<Record<string, string | undefined>>, envFile: string, required: boolean): Map<string, string> {
  const env = new Map<string, string>();
  const fromShell: Lookup = (name) => shell[name];
  if (existsSync(envFile)) {
    try {
      for (const [k, v] of parseDotenv(readFileSync(envFile, 'utf8'), fromShell)) env.set(k, v);
    } catch (err) {
      throw new ComposeError(`failed to read ${envFile}: ${(err as Error).message}`);
    }
  } else if (required) {
    throw new ComposeError(`couldn't find env file: ${envFile}`);
  }
  for (const [k, v] of Object.entries(shell)) if (v !== undefined) env.set(k, v);
  return env;
}

/** Every string value (never a key) interpolated, as Compose does before reading the model. */
function interpolateAll(value: Json, lookup: Lookup, warnings: string[], path: string): Json {
  if (typeof value === 'string') {
    try {
      const { value: out, unset } = interpolate(value, lookup);
      for (const name of unset) warnings.push(`The "${name}" variable is not set. Defaulting to a blank string.`);
      return out;
    } catch (err) {
      if (!(err instanceof InterpolationError)) throw err;
      const message = err.message.startsWith('Invalid template')
        ? `invalid interpolation format for ${path}.\nYou may need to escape any $ with another $.\n${value}`
        : err.message;
      throw new ComposeError(message);
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateAll(v, lookup, warnings, `${path}[${i}]`));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, lookup, warnings, path ? `${path}.${k}` : k)]));
  }
  return value;
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Compose's NormalizeProjectName: lower case, only `a-z0-9_-`, not starting with `_` or `-`. */
function projectName(name: Json | undefined, env: ReadonlyMap<string, string>, projectDir: string): string {
  const raw = typeof name === 'string' && name !== '' ? name : (env.get('COMPOSE_PROJECT_NAME') ?? basename(projectDir));
  return raw.toLowerCase().replace(/[^-_a-z0-9]/g, '').replace(/^[-_]+/, '');
}

function buildSection(build: Json, service: string, projectDir: string, lookup: Lookup, warnings: string[]): Omit<ComposeBuild, 'project' | 'service' | 'warnings'> {
  const where = `services.${service}.build`;
  const section: { [key: string]: Json } = typeof build === 'string' ? { context: build } : isObject(build) ? build : {};
  if (typeof build !== 'string' && !isObject(build)) throw new ComposeError(`${where} must be a string or a mapping`);
  for (const key of Object.keys(section)) {
    if (!BUILD_KEYS.has(key) && !key.startsWith('x-')) throw new ComposeError(`${where} Additional property ${key} is not allowed`);
  }
  for (const key of NOT_MODELLED) if (section[key] !== undefined) warnings.push(`${where}.${key} is not modelled by dockerfile-sim: the build runs without it`);
  const context = stringField(section, 'context', where) ?? '.';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(context) || /^git@/.test(context) || /^github\.com\//.test(context)) {
    throw new ComposeError(`${where}.context ${context} is a remote context, which dockerfile-sim cannot fetch`);
  }
  const contextDir = resolve(projectDir, context);
  const dockerfile = stringField(section, 'dockerfile', where);
  const inline = stringField(section, 'dockerfile_inline', where);
  if (dockerfile !== undefined && inline !== undefined) throw new ComposeError(`${where}: dockerfile and dockerfile_inline are mutually exclusive`);
  const target = stringField(section, 'target', where);
  return {
    context: contextDir,
    ...(inline !== undefined ? { dockerfile: inline } : { dockerfilePath: isAbsolute(dockerfile ?? '') ? dockerfile! : resolve(contextDir, dockerfile ?? 'Dockerfile') }),
    ...(target ? { target } : {}),
    buildArgs: resolveArgs(mapping(section.args, `${where}.args`), lookup),
    labels: Object.fromEntries(Object.entries(mapping(section.labels, `${where}.labels`)).map(([k, v]) => [k, v ?? ''])),
  };
}

function stringField(section: { [key: string]: Json }, key: string, where: string): string | undefined {
  const value = section[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ComposeError(`${where}.${key} must be a string`);
  return value;
}

/** A mapping given as a map or as a `KEY=VALUE` list; null stands for a value left out (`- KEY`, `KEY:`). */
function mapping(value: Json | undefined, where: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (value === undefined || value === null) return out;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') throw new ComposeError(`${where} items must be strings`);
      const text = String(item);
      const eq = text.indexOf('=');
      if (eq < 0) out[text] = null;
      else out[text.slice(0, eq)] = text.slice(eq + 1);
    }
    return out;
  }
  if (!isObject(value)) throw new ComposeError(`${where} must be a mapping or a list`);
  for (const [k, v] of Object.entries(value)) {
    if (isObject(v) || Array.isArray(v)) throw new ComposeError(`${where}.${k} must be a string, number, boolean or null`);
    out[k] = v === null ? null : String(v);
  }
  return out;
}

/** Args left without a value take the environment's, or are not passed at all. */
function resolveArgs(args: Record<string, string | null>, lookup: Lookup): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(args)) {
    const value = v ?? lookup(k);
    if (value !== undefined) out[k] = value;
  }
  return out;
}
