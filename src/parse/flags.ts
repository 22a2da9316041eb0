import { DockerfileError } from '../model/errors.js';
import type { Flag } from '../model/instruction.js';
import { suggest } from '../util/suggest.js';

/** How a flag takes its value: boolean (`--link`), string, or a repeatable string (`--mount`). */
export type FlagKind = 'bool' | 'string' | 'strings';

/** The flags an instruction accepts, by name (without dashes). */
export type FlagSpec = Readonly<Record<string, FlagKind>>;

/** Flags checked against a spec (`BFlags.Parse`). */
export class ParsedFlags {
  constructor(private readonly flags: readonly Flag[]) {}

  /** The flag, if given (string flags cannot repeat). */
  get(name: string): Flag | undefined {
    return this.flags.find((f) => f.name === name);
  }

  /** Every occurrence of a repeatable flag, in order. */
  all(name: string): Flag[] {
    return this.flags.filter((f) => f.name === name);
  }

  /** A boolean flag's value: bare or any case of `true` is true. */
  bool(name: string): boolean {
    const flag = this.get(name);
    return flag !== undefined && flag.value?.toLowerCase() !== 'false';
  }
}

/**
 * Checks flags in order as frontend 1.7 does, throwing its first complaint: an unknown name
 * (with a close name suggested), a repeated non-list flag, a missing or non-boolean value.
 */
export function checkFlags(flags: readonly Flag[], spec: FlagSpec): ParsedFlags {
  const used = new Set<string>();
  for (const { name, value } of flags) {
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (kind === undefined) {
      const close = suggest(name, Object.keys(spec), false);
      const hint = close === undefined ? '' : ` (did you mean ${close}?)`;
      throw new DockerfileError('unknown-flag', `unknown flag: ${name}${hint}`);
    }
    if (used.has(name) && kind !== 'strings') throw new DockerfileError('invalid-flag', `duplicate flag specified: ${name}`);
    used.add(name);
    if (kind === 'bool') {
      if (value === '') throw new DockerfileError('invalid-flag', `missing a value on flag: ${name}`);
      if (value !== undefined && !['true', 'false'].includes(value.toLowerCase())) {
        throw new DockerfileError('invalid-flag', `expecting boolean value for flag ${name}, not: ${value}`);
      }
    } else if (value === undefined) {
      throw new DockerfileError('invalid-flag', `missing a value on flag: ${name}`);
    }
  }
  return new ParsedFlags(flags);
}
