import type { Document, Node as YamlNode } from 'yaml';
import { STRUCTURE_TEST, type FieldType, type StructType, type StructureTestSpec } from './spec.js';
import { lazyModule } from '../util/lazyModule.js';

const yaml = lazyModule<typeof import('yaml')>('yaml');

/** A config CST would refuse; the message is worded as CST words it. */
export class StructureSpecError extends Error {
  override readonly name = 'StructureSpecError';
}

/** How a file is decoded: yaml.v2 strict (exact keys, unknown ones fail) or encoding/json (keys in any case, unknown ones ignored). */
type Mode = 'yaml' | 'json';

type Value =
  | { readonly kind: 'map'; readonly line: number | undefined; readonly entries: readonly { key: string; line: number | undefined; value: Value }[] }
  | { readonly kind: 'seq'; readonly line: number | undefined; readonly items: readonly Value[] }
  | { readonly kind: 'scalar'; readonly line: number | undefined; readonly value: unknown; readonly text: string };

/**
 * Reads a structure test config as CST does: `.yaml`/`.yml` with yaml.v2 (YAML 1.1, strict:
 * unknown fields are errors), `.json` with encoding/json; the schema version must be 2.0.0.
 */
export function parseStructureTests(text: string, fileName: string): StructureTestSpec {
  const mode: Mode | undefined = /\.json$/.test(fileName) ? 'json' : /\.ya?ml$/.test(fileName) ? 'yaml' : undefined;
  if (!mode) throw new StructureSpecError('Please provide valid JSON or YAML config file');
  const root = mode === 'json' ? fromJson(text) : fromYaml(text);
  const version = root.kind === 'map' ? root.entries.find((e) => e.key === 'schemaVersion' || (mode === 'json' && e.key.toLowerCase() === 'schemaversion')) : undefined;
  const schema = version?.value.kind === 'scalar' && version.value.value !== null ? version.value.text : '';
  if (schema === '') throw new StructureSpecError('Please provide schema version');
  if (schema === '1.0.0') throw new StructureSpecError('Unsupported schema version: 1.0.0 (dockerfile-sim reads schema 2.0.0 only)');
  if (schema !== '2.0.0') throw new StructureSpecError(`Unsupported schema version: ${schema}`);
  const errors: string[] = [];
  const spec = decodeStruct(root, STRUCTURE_TEST, mode, errors, '') as unknown as StructureTestSpec;
  if (errors.length > 0) {
    const detail = mode === 'yaml' ? `yaml: unmarshal errors:\n  ${errors.join('\n  ')}` : errors[0]!;
    throw new StructureSpecError(`error unmarshalling config: ${detail}`);
  }
  return spec;
}

/**
 * Checks a config given as an object (as the YAML would decode: exact field names, YAML's
 * defaults) and fills in every default; throws a {@link StructureSpecError} naming what is wrong.
 */
export function normalizeStructureTests(spec: StructureTestSpec): StructureTestSpec {
  if (typeof spec !== 'object' || spec === null) throw new StructureSpecError('the structure test config must be an object');
  if (spec.schemaVersion !== '2.0.0') throw new StructureSpecError(`Unsupported schema version: ${String(spec.schemaVersion ?? '')} (dockerfile-sim reads schema 2.0.0 only)`);
  const errors: string[] = [];
  const out = decodeStruct(fromPlain(spec), STRUCTURE_TEST, 'yaml', errors, '') as unknown as StructureTestSpec;
  if (errors.length > 0) throw new StructureSpecError(`invalid structure test config: ${errors.join('; ')}`);
  return out;
}

// --- reading the file into values with lines ---------------------------------------------------

function fromYaml(text: string): Value {
  const { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const lines = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', merge: true, lineCounter: lines, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) throw new StructureSpecError(`yaml: line ${error.linePos?.[0]?.line ?? '?'}: ${error.message.split('\n')[0]}`);
  const lineOf = (node: YamlNode | null | undefined): number | undefined => (node?.range ? lines.linePos(node.range[0]).line : undefined);
  const convert = (node: unknown): Value => {
    if (isAlias(node)) return convert(node.resolve(doc as Document));
    if (isMap(node)) {
      const entries: { key: string; line: number | undefined; value: Value }[] = [];
      const merged: { key: string; line: number | undefined; value: Value }[] = [];
      for (const pair of node.items) {
        const value = convert(pair.value);
        // With `merge`, the parser gives a merge key a symbol value.
        if (isScalar(pair.key) && typeof pair.key.value === 'symbol') {
          // Merge keys: the merged maps' entries, where this map does not set the key itself.
          const sources = value.kind === 'seq' ? value.items : [value];
          for (const source of sources) if (source.kind === 'map') merged.push(...source.entries);
          continue;
        }
        entries.push({ key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key), line: lineOf(pair.key as YamlNode), value });
      }
      for (const entry of merged) if (!entries.some((e) => e.key === entry.key)) entries.push(entry);
      return { kind: 'map', line: lineOf(node), entries };
    }
    if (isSeq(node)) return { kind: 'seq', line: lineOf(node), items: node.items.map(convert) };
    if (isScalar(node)) {
      const text = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
      return { kind: 'scalar', line: lineOf(node), value: node.value, text };
    }
    return { kind: 'scalar', line: undefined, value: null, text: '' };
  };
  return convert(doc.contents);
}

function fromJson(text: string): Value {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new StructureSpecError((err as Error).message);
  }
  return fromPlain(data);
}

function fromPlain(data: unknown): Value {
  if (Array.isArray(data)) return { kind: 'seq', line: undefined, items: data.map(fromPlain) };
  if (typeof data === 'object' && data !== null) {
    return { kind: 'map', line: undefined, entries: Object.entries(data).map(([key, v]) => ({ key, line: undefined, value: fromPlain(v) })) };
  }
  return { kind: 'scalar', line: undefined, value: data ?? null, text: data === undefined || data === null ? '' : String(data) };
}

// --- decoding against the Go types ---------------------------------------------------------------

function tagOf(v: Value): string {
  if (v.kind === 'map') return '!!map';
  if (v.kind === 'seq') return '!!seq';
  if (v.value === null) return '!!null';
  if (typeof v.value === 'boolean') return '!!bool';
  if (typeof v.value === 'number') return Number.isInteger(v.value) ? '!!int' : '!!float';
  return '!!str';
}

function jsonKind(v: Value): string {
  if (v.kind === 'map') return 'object';
  if (v.kind === 'seq') return 'array';
  return typeof v.value === 'number' ? `number ${v.text}` : typeof v.value;
}

/** yaml.v2's `line N: ` prefix; a config given as an object has no lines. */
const lineOf = (line: number | undefined): string => (line === undefined ? '' : `line ${line}: `);

const isNull = (v: Value): boolean => v.kind === 'scalar' && v.value === null;

function goTypeOf(type: FieldType): string {
  if (typeof type === 'object') return 'struct' in type ? type.struct.name : `[]${type.list.name}`;
  return { string: 'string', bool: 'bool', int: 'int', strings: '[]string', 'strings?': '[]string', commands: '[][]string' }[type];
}

function typeMismatch(v: Value, type: string, mode: Mode, errors: string[], path: string): undefined {
  if (mode === 'json') {
    errors.push(`json: cannot unmarshal ${jsonKind(v).split(' ')[0]} into Go struct field ${path} of type ${type}`);
  } else {
    const shown = v.kind === 'scalar' ? ` \`${v.text}\`` : '';
    errors.push(`${lineOf(v.line)}cannot unmarshal ${tagOf(v)}${shown} into ${type}`);
  }
  return undefined;
}

/** `path` is the dotted field path and `owner` the Go struct holding it, as encoding/json's errors name them. */
function decode(v: Value, type: FieldType, mode: Mode, errors: string[], path: string, owner: string): unknown {
  const mismatch = (goType: string): undefined => typeMismatch(v, goType, mode, errors, `${owner}.${path}`);
  if (typeof type === 'object') {
    if ('struct' in type) return decodeStruct(v, type.struct, mode, errors, path);
    if (isNull(v)) return [];
    if (v.kind !== 'seq') return mismatch(goTypeOf(type)) ?? [];
    return v.items.map((item) => decodeStruct(item, type.list, mode, errors, path));
  }
  switch (type) {
    case 'string':
      if (v.kind !== 'scalar') return mismatch('string') ?? '';
      if (v.value === null) return '';
      // yaml.v2 takes any scalar's text for a string; encoding/json only a string.
      if (mode === 'json' && typeof v.value !== 'string') return mismatch('string') ?? '';
      return v.text;
    case 'bool':
      if (isNull(v)) return false;
      if (v.kind !== 'scalar' || typeof v.value !== 'boolean') return mismatch('bool') ?? false;
      return v.value;
    case 'int':
      if (isNull(v)) return 0;
      if (v.kind !== 'scalar' || typeof v.value !== 'number' || !Number.isInteger(v.value)) return mismatch('int') ?? 0;
      return v.value;
    case 'strings':
    case 'strings?':
      if (isNull(v)) return type === 'strings' ? [] : undefined;
      if (v.kind !== 'seq') return mismatch('[]string') ?? [];
      return v.items.map((item) => decode(item, 'string', mode, errors, path, owner));
    case 'commands':
      if (isNull(v)) return [];
      if (v.kind !== 'seq') return mismatch('[][]string') ?? [];
      return v.items.map((item) => decode(item, 'strings', mode, errors, path, owner));
  }
}

function decodeStruct(v: Value, type: StructType, mode: Mode, errors: string[], path: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, fieldType] of Object.entries(type.fields)) {
    if (fieldType !== 'strings?') out[field] = zero(fieldType);
  }
  if (mode === 'yaml' && type.yamlDefaults) Object.assign(out, type.yamlDefaults);
  if (isNull(v)) return out;
  if (v.kind !== 'map') return (typeMismatch(v, type.name, mode, errors, path), out);
  const goName = type.name.split('.').pop()!;
  for (const entry of v.entries) {
    // encoding/json matches a key exactly first, then in any case; yaml.v2 exactly.
    const field =
      entry.key in type.fields ? entry.key : mode === 'json' ? Object.keys(type.fields).find((f) => f.toLowerCase() === entry.key.toLowerCase()) : undefined;
    if (field === undefined) {
      if (mode === 'yaml') errors.push(`${lineOf(entry.line)}field ${entry.key} not found in type ${type.name}`);
      continue;
    }
    const value = decode(entry.value, type.fields[field]!, mode, errors, path ? `${path}.${field}` : field, goName);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

function zero(type: FieldType): unknown {
  if (typeof type === 'object') return 'struct' in type ? decodeStruct({ kind: 'scalar', line: undefined, value: null, text: '' }, type.struct, 'json', [], '') : [];
  return { string: '', bool: false, int: 0, strings: [], 'strings?': undefined, commands: [] }[type];
}
