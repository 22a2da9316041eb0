import { FsError, Unsupported } from '../errors.js';
import { usage } from './files.js';
import { readInput } from './text.js';
import { complain, type CommandImpl } from './types.js';

interface Substitution {
  readonly regex: RegExp;
  readonly replacement: string;
  readonly print: boolean;
  /** Which match to replace (1 unless a number flag says otherwise); 0 with `g` means all from there. */
  readonly occurrence: number;
  readonly global: boolean;
}

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f',
};

/**
 * sed [-i] [-n] [-E|-r] [-e SCRIPT]... [SCRIPT] [FILE...] with `s/re/replacement/[g][N][p][I]`
 * commands only. With -i each file is replaced by a new file (mode and owner copied, so the
 * kernel's chown drops set-id bits; a symlink is replaced, not followed; hard links are broken).
 */
export const sed: CommandImpl = (inv) => {
  const { flags, scripts, files, suffix } = sedOptions(inv.argv);
  if (scripts.length === 0) {
    const script = files.shift();
    if (script === undefined) return usage(inv);
    scripts.push(script);
  }
  const extended = flags.has('r') || flags.has('E');
  const commands = scripts.flatMap((s) => parseScript(s, extended));
  const quiet = flags.has('n');
  const fs = inv.shell.fs;
  if (!flags.has('i')) {
    let status = 0;
    const inputs = files.length === 0 ? ['-'] : files;
    for (const path of inputs) {
      const data = readInput(inv, path);
      if (typeof data === 'string') {
        complain(inv, `${path}: ${data}`);
        status = 2;
        continue;
      }
      inv.io.stdout.write(run(commands, data, quiet));
    }
    return status;
  }
  if (files.length === 0) {
    complain(inv, '-i requires an argument');
    return 1;
  }
  let status = 0;
  for (const path of files) {
    let target;
    try {
      target = fs.stat(path).node;
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      complain(inv, `${path}: ${error.message}`);
      status = 1;
      continue;
    }
    const where = fs.locate(path, false);
    try {
      // mkstemp() of the name with XXXXXX appended (inside the directory when the name ends in `/`).
      fs.mayCreate(fs.creatable(`${path}XXXXXX`, false).real);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      complain(inv, `can't create temp file '${path}XXXXXX': ${error.message}`);
      return 1;
    }
    // The input is opened after the output: an unreadable one leaves an empty output.
    let data = readInput(inv, path);
    if (typeof data === 'string') {
      if (data !== 'Is a directory') {
        complain(inv, `${path}: ${data}`);
        status = 1;
      }
      data = Buffer.alloc(0);
    }
    if (where.node?.type === 'dir' || /[^/]\/+$/.test(path)) {
      // rename(2) of the output over a directory fails and sed dies; the real temporary name is random.
      complain(inv, `can't move '${path}XXXXXX' to '${path}': ${/\/$/.test(path) ? 'Not a directory' : 'Is a directory'}`);
      return 1;
    }
    try {
      fs.mayDelete(where.real);
    } catch (error) {
      complain(inv, `can't move '${path}XXXXXX' to '${path}': ${(error as Error).message}`);
      return 1;
    }
    if (suffix) fs.tree.set(fs.creatable(path + suffix, false).real, where.node!);
    fs.remove(where.real);
    // A directory (through a symlink) reads as empty; the link is then replaced by the output.
    fs.createFile(where.real, 0o600, run(commands, data, quiet));
    // fchmod, then fchown (whose failure sed ignores, and whose success drops set-id bits).
    fs.chmod(where.real, target.mode & 0o7777, path);
    try {
      fs.chown(where.real, target.uid, target.gid, path);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
    }
  }
  return status;
};

/** sed's options: getopt32's `i::rEne:*f:*` (an -i suffix only when attached, every -e kept). */
function sedOptions(argv: readonly string[]): { flags: Set<string>; scripts: string[]; files: string[]; suffix: string } {
  const flags = new Set<string>();
  const scripts: string[] = [];
  const files: string[] = [];
  let suffix = '';
  const LONG: Record<string, string> = { quiet: 'n', silent: 'n', 'regexp-extended': 'r', separate: 's' };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, value] = arg.slice(2).split(/=(.*)/s);
      if (name === 'in-place') {
        flags.add('i');
        suffix = value ?? '';
      } else if (name === 'expression') scripts.push(value ?? argv[++i] ?? '');
      else if (LONG[name!]) flags.add(LONG[name!]!);
      else throw new Unsupported('', `sed ${arg}`);
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (letter === 'i') {
        flags.add('i');
        suffix = arg.slice(j + 1);
        break;
      }
      if (letter === 'e') {
        scripts.push(j + 1 < arg.length ? arg.slice(j + 1) : argv[++i] ?? '');
        break;
      }
      if (!'rEns'.includes(letter)) throw new Unsupported('', `sed -${letter}`);
      flags.add(letter);
    }
  }
  return { flags, scripts, files, suffix };
}

/** Runs the substitutions over each line; a last line without a newline stays without one. */
function run(commands: readonly Substitution[], data: Buffer, quiet: boolean): Buffer {
  const text = data.toString('latin1');
  const lines = text.split('\n');
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  const out: string[] = [];
  lines.forEach((line, index) => {
    let space = line;
    const newline = index < lines.length - 1 || endsWithNewline ? '\n' : '';
    for (const command of commands) {
      const { result, replaced } = substitute(command, space);
      space = result;
      if (replaced && command.print) out.push(space + newline);
    }
    if (!quiet) out.push(space + newline);
  });
  return Buffer.from(out.join(''), 'latin1');
}

function substitute(command: Substitution, space: string): { result: string; replaced: boolean } {
  let count = 0;
  let replaced = false;
  const result = space.replace(command.regex, (...match: unknown[]) => {
    count++;
    const groups = match.slice(0, -2) as (string | undefined)[];
    if (count < command.occurrence || (!command.global && count > command.occurrence)) return groups[0]!;
    replaced = true;
    return expandReplacement(command.replacement, groups);
  });
  return { result, replaced };
}

function expandReplacement(replacement: string, groups: (string | undefined)[]): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i]!;
    if (ch === '&') out += groups[0] ?? '';
    else if (ch === '\\' && i + 1 < replacement.length) {
      const next = replacement[++i]!;
      if (/[0-9]/.test(next)) out += groups[Number(next)] ?? '';
      else if (next === 'n') out += '\n';
      else if (next === 't') out += '\t';
      else out += next;
    } else out += ch;
  }
  return out;
}

function parseScript(script: string, extended: boolean): Substitution[] {
  const commands: Substitution[] = [];
  let i = 0;
  const src = Buffer.from(script).toString('latin1');
  while (i < src.length) {
    while (i < src.length && /[\s;]/.test(src[i]!)) i++;
    if (i >= src.length) break;
    if (src[i] !== 's') throw new Unsupported('', `sed command '${script}' (only s/// is modelled)`);
    const delim = src[i + 1];
    if (delim === undefined || delim === '\\' || delim === '\n') throw new Unsupported('', `sed command '${script}'`);
    i += 2;
    const [pattern, afterPattern] = readPart(src, i, delim);
    const [replacement, afterReplacement] = readPart(src, afterPattern, delim);
    i = afterReplacement;
    let global = false;
    let print = false;
    let ignoreCase = false;
    let occurrence = 1;
    for (; i < src.length && !/[\s;}]/.test(src[i]!); i++) {
      const flag = src[i]!;
      if (flag === 'g') global = true;
      else if (flag === 'p') print = true;
      else if (flag === 'I' || flag === 'i') ignoreCase = true;
      else if (/[0-9]/.test(flag)) {
        const digits = /^[0-9]+/.exec(src.slice(i))![0];
        occurrence = Number(digits);
        i += digits.length - 1;
      } else throw new Unsupported('', `sed flag '${flag}'`);
    }
    if (pattern === '') throw new Unsupported('', 'sed s with an empty regex (the last regex)');
    commands.push({ regex: new RegExp(toJsRegex(pattern, extended), ignoreCase ? 'gi' : 'g'), replacement, print, occurrence, global });
  }
  return commands;
}

/** The text up to the next unescaped delimiter (`\delim` stands for the delimiter itself) and the index after it. */
function readPart(src: string, start: number, delim: string): [string, number] {
  let out = '';
  for (let i = start; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\' && i + 1 < src.length) {
      const next = src[++i]!;
      out += next === delim ? (delim === '&' ? '\\&' : delim) : '\\' + next;
    } else if (ch === delim) return [out, i + 1];
    else out += ch;
  }
  throw new Unsupported('', `unterminated sed s command`);
}

/** A POSIX basic (or extended) regular expression as a JavaScript one (leftmost-first, not leftmost-longest). */
function toJsRegex(re: string, extended: boolean): string {
  let out = '';
  let atStart = true;
  for (let i = 0; i < re.length; i++) {
    const ch = re[i]!;
    const begin = atStart;
    atStart = false;
    if (ch === '[') {
      const end = bracketEnd(re, i);
      if (end < 0) throw new Unsupported('', `sed regex ${re}`);
      out += bracket(re.slice(i + 1, end));
      i = end;
    } else if (ch === '\\') {
      const next = re[++i];
      if (next === undefined) throw new Unsupported('', `sed regex ${re}`);
      if (!extended && '(){}|+?'.includes(next)) {
        out += next;
        atStart = next === '(' || next === '|';
      } else if (next === '<' || next === '>') out += '\\b';
      else if ('wWsSbB'.includes(next)) out += '\\' + next;
      else if (next === 'n') out += '\\n';
      else if (next === 't') out += '\\t';
      else if (/[1-9]/.test(next)) out += '\\' + next;
      else out += escapeLiteral(next);
    } else if (ch === '^') out += begin || extended ? '^' : '\\^';
    else if (ch === '$') out += extended || i === re.length - 1 || re.startsWith('\\)', i + 1) ? '$' : '\\$';
    else if (ch === '*') out += begin ? '\\*' : '*';
    else if (!extended && '(){}|+?'.includes(ch)) out += '\\' + ch;
    else if (extended && '(|'.includes(ch)) {
      out += ch;
      atStart = true;
    } else if (ch === '.' || (extended && '){}+?'.includes(ch))) out += ch;
    else out += escapeLiteral(ch);
    if (ch === '^' && begin) atStart = true;
  }
  return out;
}

const escapeLiteral = (ch: string): string => (/[\\^$.*+?()[\]{}|/]/.test(ch) ? '\\' + ch : ch);

function bracketEnd(re: string, start: number): number {
  let i = start + 1;
  if (re[i] === '^') i++;
  if (re[i] === ']') i++;
  for (; i < re.length; i++) {
    if (re[i] === '[' && /^\[[:.=]/.test(re.slice(i))) {
      const close = re.indexOf(re[i + 1] + ']', i + 2);
      if (close < 0) return -1;
      i = close + 1;
    } else if (re[i] === ']') return i;
  }
  return -1;
}

function bracket(body: string): string {
  let out = '[';
  let i = 0;
  if (body[0] === '^') {
    out += '^';
    i++;
  }
  for (; i < body.length; i++) {
    const cls = /^\[:([a-z]+):\]/.exec(body.slice(i));
    if (cls) {
      const chars = CLASSES[cls[1]!];
      if (!chars) throw new Unsupported('', `sed class [:${cls[1]}:]`);
      out += chars;
      i += cls[0].length - 1;
    } else out += /[\\\]^[]/.test(body[i]!) ? '\\' + body[i] : body[i];
  }
  return out + ']';
}
