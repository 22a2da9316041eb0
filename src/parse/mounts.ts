import { DockerfileError } from '../model/errors.js';
import type { RunMount } from '../model/instruction.js';
import { suggest } from '../util/suggest.js';
import { goQuote } from './goText.js';

/**
 * `RUN --mount=<value>` as the parser leaves it: the value split like one CSV record, keys
 * lower-cased (a key without `=` maps to ""). Only `from` is checked now, because every other
 * value is variable-expanded, and so checked, when the RUN is dispatched (see resolveMount).
 */
export function parseMountFlag(raw: string): RunMount {
  const options = new Map<string, string>();
  for (const field of readCsvRecord(raw)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : field.slice(eq + 1);
    if (eq >= 0 && key === 'from' && /\$[^\n]/.test(value)) {
      throw new DockerfileError('invalid-flag', "'from' doesn't support variable expansion, define alias stage instead");
    }
    options.set(key, value);
  }
  return { raw, options };
}

export type MountType = 'bind' | 'cache' | 'tmpfs' | 'secret' | 'ssh';
export type MountSharing = 'shared' | 'private' | 'locked';

/** A mount with its options expanded, checked and typed (frontend 1.7's `instructions.Mount`). */
export interface ResolvedMount {
  readonly type: MountType;
  readonly from: string;
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** tmpfs size in bytes, 0 when not given. */
  readonly sizeLimit: number;
  readonly cacheId: string;
  readonly sharing: MountSharing | undefined;
  readonly required: boolean;
  readonly mode: number | undefined;
  readonly uid: number | undefined;
  readonly gid: number | undefined;
}

const TYPES: readonly MountType[] = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const SHARING: readonly MountSharing[] = ['shared', 'private', 'locked'];
const KEYS = ['type', 'from', 'source', 'target', 'readonly', 'id', 'sharing', 'required', 'mode', 'uid', 'gid', 'src', 'dst', 'ro', 'rw', 'readwrite'];

/**
 * Interprets a mount when its RUN is dispatched: every `key=value` value goes through `expand`
 * (the stage's variable expansion), then the options are checked in order with frontend 1.7's
 * messages. Throws DockerfileError('invalid-flag') without a range.
 */
export function resolveMount(mount: RunMount, expand: (word: string) => string): ResolvedMount {
  const m = {
    type: 'bind' as MountType,
    from: '',
    source: '',
    target: '',
    readOnly: false,
    sizeLimit: 0,
    cacheId: '',
    sharing: undefined as MountSharing | undefined,
    required: false,
    mode: undefined as number | undefined,
    uid: undefined as number | undefined,
    gid: undefined as number | undefined,
  };
  const fail = (message: string): never => {
    throw new DockerfileError('invalid-flag', message);
  };
  const secretLike = (): boolean => m.type === 'secret' || m.type === 'ssh';
  let roAuto = true;
  for (const field of readCsvRecord(mount.raw)) {
    const eq = field.indexOf('=');
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro' || key === 'readwrite' || key === 'rw') {
        m.readOnly = key === 'readonly' || key === 'ro';
        roAuto = false;
      } else if (key === 'required' && secretLike()) {
        m.required = true;
      } else if (key === 'required') {
        fail(`unexpected key '${key}' for mount type '${m.type}'`);
      } else {
        fail(`invalid field '${field}' must be a key=value pair`);
      }
      continue;
    }
    const value = expand(field.slice(eq + 1));
    const bool = (): boolean => parseGoBool(value) ?? fail(`invalid value for ${key}: ${value}`);
    switch (key) {
      case 'type': {
        const type = TYPES.find((t) => t === value.toLowerCase());
        if (!type) fail(withHint(`unsupported mount type ${goQuote(value)}`, value, TYPES));
        m.type = type!;
        break;
      }
      case 'from':
        m.from = value;
        break;
      case 'source':
      case 'src':
        m.source = value;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        m.target = value;
        break;
      case 'readonly':
      case 'ro':
        m.readOnly = bool();
        roAuto = false;
        break;
      case 'readwrite':
      case 'rw':
        m.readOnly = !bool();
        roAuto = false;
        break;
      case 'required':
        if (!secretLike()) fail(`unexpected key '${key}' for mount type '${m.type}'`);
        m.required = bool();
        break;
      case 'size':
        if (m.type !== 'tmpfs') fail(`unexpected key '${key}' for mount type '${m.type}'`);
        m.sizeLimit = ramInBytes(value) ?? fail(`invalid value for ${key}: ${value}`);
        break;
      case 'id':
        m.cacheId = value;
        break;
      case 'sharing': {
        const sharing = SHARING.find((s) => s === value.toLowerCase());
        if (!sharing) fail(withHint(`unsupported sharing value ${goQuote(value)}`, value, SHARING));
        m.sharing = sharing;
        break;
      }
      case 'mode':
        m.mode = parseUint32(value, 8) ?? fail(`invalid value ${value} for mode`);
        break;
      case 'uid':
        m.uid = parseUint32(value, 10) ?? fail(`invalid value ${value} for uid`);
        break;
      case 'gid':
        m.gid = parseUint32(value, 10) ?? fail(`invalid value ${value} for gid`);
        break;
      default:
        fail(withHint(`unexpected key '${key}' in '${field}'`, key, KEYS));
    }
  }
  if (m.type !== 'secret' && m.type !== 'ssh' && m.type !== 'cache') {
    for (const name of ['mode', 'uid', 'gid'] as const) {
      if (m[name] !== undefined) fail(`${name} not allowed for ${goQuote(m.type)} type mounts`);
    }
  }
  if (roAuto) m.readOnly = m.type !== 'cache' && m.type !== 'tmpfs';
  if (m.type === 'secret') {
    if (m.from !== '') fail('secret mount should not have a from');
    if (m.sharing !== undefined) fail('secret mount should not define sharing');
    if (m.source === '' && m.target === '' && m.cacheId === '') fail('invalid secret mount. one of source, target required');
    if (m.source !== '' && m.cacheId !== '') fail("both source and id can't be set");
  }
  if (m.sharing !== undefined && m.type !== 'cache') fail(`invalid cache sharing set for ${m.type} mount`);
  return m;
}

function withHint(message: string, value: string, options: readonly string[]): string {
  const close = options.includes(value) ? undefined : suggest(value, options, false);
  return close === undefined ? message : `${message} (did you mean ${close}?)`;
}

/** strconv.ParseBool. */
function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** strconv.ParseUint(s, base, 32). */
function parseUint32(s: string, base: 8 | 10): number | undefined {
  if (!(base === 8 ? /^[0-7]+$/ : /^[0-9]+$/).test(s)) return undefined;
  const n = parseInt(s, base);
  return n <= 0xffffffff ? n : undefined;
}

/** go-units RAMInBytes: a decimal number with an optional binary-unit suffix (`64m`, `1.5GiB`). */
function ramInBytes(s: string): number | undefined {
  const sep = Math.max(...[...'0123456789. '].map((c) => s.lastIndexOf(c)));
  if (sep < 0) return undefined;
  const num = s[sep] === ' ' ? s.slice(0, sep) : s.slice(0, sep + 1);
  const suffix = s.slice(sep + 1).toLowerCase();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(num)) return undefined;
  const size = Number(num);
  if (size < 0) return undefined;
  if (suffix === '' || suffix === 'b') return Math.trunc(size);
  const power = 'kmgtp'.indexOf(suffix[0]!) + 1;
  if (power === 0 || suffix.length > 3 || (suffix.length === 2 && suffix[1] !== 'b') || (suffix.length === 3 && suffix.slice(1) !== 'ib')) {
    return undefined;
  }
  return Math.trunc(size * 1024 ** power);
}

/**
 * Go's csv.Reader reading one record from a one-line string: comma-separated fields, a field
 * may be double-quoted with `""` for a quote. Errors are worded like Go's, with 1-based byte
 * columns, and wrapped as BuildKit wraps them.
 */
function readCsvRecord(s: string): string[] {
  const fail = (detail: string): never => {
    throw new DockerfileError('invalid-flag', `failed to parse csv mounts: ${detail}`);
  };
  const line = s.endsWith('\r') ? s.slice(0, -1) : s;
  if (line === '') fail('EOF');
  const column = (index: number): number => Buffer.byteLength(line.slice(0, index), 'utf8') + 1;
  const fields: string[] = [];
  let pos = 0;
  for (;;) {
    if (line[pos] !== '"') {
      const comma = line.indexOf(',', pos);
      const field = line.slice(pos, comma < 0 ? line.length : comma);
      const quote = field.indexOf('"');
      if (quote >= 0) fail(`parse error on line 1, column ${column(pos + quote)}: bare " in non-quoted-field`);
      fields.push(field);
      if (comma < 0) return fields;
      pos = comma + 1;
      continue;
    }
    let field = '';
    pos++;
    for (;;) {
      const quote = line.indexOf('"', pos);
      if (quote < 0) fail(`parse error on line 1, column ${column(line.length)}: extraneous or missing " in quoted-field`);
      field += line.slice(pos, quote);
      pos = quote + 1;
      if (line[pos] === '"') {
        field += '"';
        pos++;
      } else if (line[pos] === ',' || pos === line.length) {
        break;
      } else {
        fail(`parse error on line 1, column ${column(quote)}: extraneous or missing " in quoted-field`);
      }
    }
    fields.push(field);
    if (pos === line.length) return fields;
    pos++;
  }
}
