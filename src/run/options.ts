import { Unsupported } from './errors.js';

export interface Options {
  /** Each flag given, and the argument of the last one that takes one. */
  readonly flags: Map<string, string>;
  readonly operands: string[];
}

/**
 * getopt as busybox's getopt32 runs it (glibc getopt_long): bundled short options, `-mMODE` or
 * `-m MODE`, options after operands too, `--` ending them. `spec` lists the letters, `:` after
 * one that takes an argument; `long` maps long names to letters. An option outside the spec
 * is one the emulator does not model, so it stops the run rather than guessing.
 */
export function getopt(argv: readonly string[], spec: string, long: Record<string, string> = {}): Options {
  const flags = new Map<string, string>();
  const operands: string[] = [];
  const takesArg = (letter: string): boolean => spec[spec.indexOf(letter) + 1] === ':';
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, value] = arg.slice(2).split(/=(.*)/s);
      const letter = long[name!];
      if (letter === undefined) throw new Unsupported('', `option ${arg} of ${argv[0]}`);
      if (takesArg(letter)) flags.set(letter, value ?? argv[++i] ?? '');
      else flags.set(letter, '');
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (letter === ':' || !spec.includes(letter)) throw new Unsupported('', `option -${letter} of ${argv[0]}`);
      if (takesArg(letter)) {
        const value = j + 1 < arg.length ? arg.slice(j + 1) : argv[++i];
        if (value === undefined) throw new Unsupported('', `option -${letter} of ${argv[0]} without its argument`);
        flags.set(letter, value);
        break;
      }
      flags.set(letter, '');
    }
  }
  return { flags, operands };
}
