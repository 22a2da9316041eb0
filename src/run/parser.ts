import type { AndOr, Assignment, Command, ParamOp, Pipeline, Redirect, RedirectOp, Script, SimpleCommand, Word, WordPart } from './ast.js';
import { Unsupported } from './errors.js';

const BLANK = new Set([' ', '\t']);
const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const KEYWORDS = new Set(['if', 'then', 'elif', 'else', 'fi', 'for', 'in', 'do', 'done', 'while', 'until', 'case', 'esac', '{', '}', '!']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SPECIAL_PARAMS = '?$#!@*-0123456789';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface PendingHeredoc {
  readonly redirect: Mutable<Extract<Redirect, { kind: 'heredoc' }>>;
  readonly delimiter: string;
  readonly strip: boolean;
  readonly quoted: boolean;
}

/** Where a run of word characters stops: a shell metacharacter, a closing `"`, or a closing `}`. */
type WordMode = 'word' | 'dquote' | 'brace' | 'heredoc';

/**
 * Parses a `sh -c` script one top-level line at a time, as ash does: a line runs before the next
 * is parsed, so a construct the emulator lacks stops the script only where it appears.
 */
export class Parser {
  private pos = 0;
  private pending: PendingHeredoc[] = [];

  constructor(private readonly src: string) {}

  /** The next line's commands, or undefined at the end of the script. */
  nextLine(): Script | undefined {
    this.skipSpace(true);
    if (this.pos >= this.src.length) return undefined;
    const script = this.list(false);
    if (this.pos < this.src.length) {
      if (this.src[this.pos] !== '\n') this.syntaxError();
      this.newline();
    }
    return script;
  }

  private syntaxError(): never {
    const rest = this.src.slice(this.pos).split('\n')[0] ?? '';
    throw new Unsupported(rest === '' ? this.src.trim() : rest, 'a syntax the emulator does not parse');
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  /** Skips blanks, comments and line continuations (and newlines when asked). */
  private skipSpace(newlines: boolean): void {
    for (;;) {
      const ch = this.peek();
      if (ch !== undefined && BLANK.has(ch)) this.pos++;
      else if (ch === '\\' && this.peek(1) === '\n') this.pos += 2;
      else if (ch === '#') while (this.pos < this.src.length && this.peek() !== '\n') this.pos++;
      else if (ch === '\n' && newlines) this.newline();
      else return;
    }
  }

  /** Consumes a newline and then the bodies of the here-documents opened on its line. */
  private newline(): void {
    this.pos++;
    const pending = this.pending;
    this.pending = [];
    for (const doc of pending) this.heredocBody(doc);
  }

  /** The reserved word at the cursor, if the next word is one. */
  private keyword(): string | undefined {
    let end = this.pos;
    while (end < this.src.length && !META.has(this.src[end]!) && !'"\'\\$`'.includes(this.src[end]!)) end++;
    const word = this.src.slice(this.pos, end);
    return KEYWORDS.has(word) && (end >= this.src.length || META.has(this.src[end]!)) ? word : undefined;
  }

  private expectKeyword(word: string): void {
    this.skipSpace(true);
    if (this.keyword() !== word) this.syntaxError();
    this.pos += word.length;
  }

  /** A list of and-or lists; inside compound commands (`nested`) newlines separate, at top level they end it. */
  private list(nested: boolean): Script {
    const items: AndOr[] = [];
    for (;;) {
      this.skipSpace(nested);
      const ch = this.peek();
      if (ch === undefined || ch === ')' || (ch === '\n' && !nested)) break;
      const kw = this.keyword();
      if (kw !== undefined && ['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}', 'in'].includes(kw)) break;
      if (ch === ';' && this.peek(1) === ';') break;
      items.push(this.andOr());
      this.skipSpace(false);
      const sep = this.peek();
      if (sep === '&' && this.peek(1) !== '&') throw new Unsupported(this.src.slice(0, this.pos + 1).trim(), 'background jobs (&)');
      if (sep === ';' && this.peek(1) !== ';') this.pos++;
      else if (sep !== '\n') break;
    }
    return { items };
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: { op: '&&' | '||'; pipeline: Pipeline }[] = [];
    for (;;) {
      this.skipSpace(false);
      const two = this.src.slice(this.pos, this.pos + 2);
      if (two !== '&&' && two !== '||') return { first, rest };
      this.pos += 2;
      this.skipSpace(true);
      rest.push({ op: two, pipeline: this.pipeline() });
    }
  }

  private pipeline(): Pipeline {
    const start = this.pos;
    let negated = false;
    this.skipSpace(false);
    if (this.keyword() === '!') {
      negated = true;
      this.pos++;
    }
    const commands = [this.command()];
    for (;;) {
      this.skipSpace(false);
      if (this.peek() !== '|' || this.peek(1) === '|') break;
      this.pos++;
      this.skipSpace(true);
      commands.push(this.command());
    }
    return { negated, commands, text: this.src.slice(start, this.pos).trim() };
  }

  private command(): Command {
    this.skipSpace(false);
    const start = this.pos;
    const kw = this.keyword();
    if (this.peek() === '(') {
      this.pos++;
      const body = this.list(true);
      if (this.peek() !== ')') this.syntaxError();
      this.pos++;
      return { kind: 'subshell', body, ...this.trailing(start) };
    }
    switch (kw) {
      case '{': {
        this.pos++;
        const body = this.list(true);
        this.expectKeyword('}');
        return { kind: 'group', body, ...this.trailing(start) };
      }
      case 'if':
        return this.ifCommand(start);
      case 'for':
        return this.forCommand(start);
      case 'while':
      case 'until': {
        this.pos += kw.length;
        const test = this.list(true);
        this.expectKeyword('do');
        const body = this.list(true);
        this.expectKeyword('done');
        return { kind: 'while', until: kw === 'until', test, body, ...this.trailing(start) };
      }
      case 'case':
        return this.caseCommand(start);
      case undefined:
      case '!':
        return this.simple();
      default:
        this.syntaxError();
    }
  }

  /** The redirections after a compound command, and its text. */
  private trailing(start: number): { redirects: Redirect[]; text: string } {
    const redirects: Redirect[] = [];
    for (;;) {
      this.skipSpace(false);
      const redirect = this.redirect();
      if (!redirect) break;
      redirects.push(redirect);
    }
    return { redirects, text: this.src.slice(start, this.pos).trim() };
  }

  private ifCommand(start: number): Command {
    this.pos += 2;
    const branches: { test: Script; body: Script }[] = [];
    let otherwise: Script | undefined;
    for (;;) {
      const test = this.list(true);
      this.expectKeyword('then');
      branches.push({ test, body: this.list(true) });
      this.skipSpace(true);
      const kw = this.keyword();
      if (kw === 'elif') {
        this.pos += 4;
        continue;
      }
      if (kw === 'else') {
        this.pos += 4;
        otherwise = this.list(true);
      }
      this.expectKeyword('fi');
      return { kind: 'if', branches, otherwise, ...this.trailing(start) };
    }
  }

  private forCommand(start: number): Command {
    this.pos += 3;
    this.skipSpace(false);
    const name = this.word('word');
    if (!name || !NAME.test(name.text)) this.syntaxError();
    this.skipSpace(true);
    let items: Word[] | undefined;
    if (this.keyword() === 'in') {
      this.pos += 2;
      items = [];
      for (;;) {
        this.skipSpace(false);
        const word = this.word('word');
        if (!word) break;
        items.push(word);
      }
    }
    this.skipSpace(false);
    if (this.peek() === ';') this.pos++;
    this.expectKeyword('do');
    const body = this.list(true);
    this.expectKeyword('done');
    return { kind: 'for', name: name.text, items, body, ...this.trailing(start) };
  }

  private caseCommand(start: number): Command {
    this.pos += 4;
    this.skipSpace(false);
    const subject = this.word('word');
    if (!subject) this.syntaxError();
    this.expectKeyword('in');
    const arms: { patterns: Word[]; body: Script }[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.keyword() === 'esac') break;
      if (this.peek() === '(') this.pos++;
      const patterns: Word[] = [];
      for (;;) {
        this.skipSpace(false);
        const pattern = this.word('word');
        if (!pattern) this.syntaxError();
        patterns.push(pattern);
        this.skipSpace(false);
        if (this.peek() !== '|') break;
        this.pos++;
      }
      if (this.peek() !== ')') this.syntaxError();
      this.pos++;
      arms.push({ patterns, body: this.list(true) });
      this.skipSpace(true);
      if (this.src.startsWith(';;', this.pos)) this.pos += 2;
      else if (this.keyword() !== 'esac') this.syntaxError();
    }
    this.pos += 4;
    return { kind: 'case', subject, arms, ...this.trailing(start) };
  }

  private simple(): SimpleCommand {
    const start = this.pos;
    const assignments: Assignment[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      this.skipSpace(false);
      const redirect = this.redirect();
      if (redirect) {
        redirects.push(redirect);
        continue;
      }
      const ch = this.peek();
      if (ch === '(' && words.length === 1 && assignments.length === 0) {
        throw new Unsupported(this.src.slice(start).split('\n')[0]!.trim(), 'shell functions');
      }
      const wordStart = this.pos;
      const word = this.word('word');
      if (!word) break;
      const eq = word.text.indexOf('=');
      if (words.length === 0 && eq > 0 && NAME.test(word.text.slice(0, eq))) {
        // Re-read the value alone so that a `~` right after `=` is not taken for a tilde prefix.
        this.pos = wordStart + eq + 1;
        const value = this.word('word') ?? { parts: [], text: '' };
        assignments.push({ name: word.text.slice(0, eq), value });
      } else words.push(word);
    }
    if (words.length === 0 && assignments.length === 0 && redirects.length === 0) this.syntaxError();
    const line = this.src.slice(0, start).split('\n').length - 1;
    return { kind: 'simple', assignments, words, redirects, text: this.src.slice(start, this.pos).trim(), line };
  }

  private redirect(): Redirect | undefined {
    const match = /^(\d*)(<<-|<<|>>|>&|<&|>\||<>|>|<)/.exec(this.src.slice(this.pos, this.pos + 12));
    if (!match) return undefined;
    this.pos += match[0].length;
    const op = match[2]!;
    const fd = match[1] !== '' ? Number(match[1]) : op.startsWith('<') ? 0 : 1;
    this.skipSpace(false);
    if (op === '<<' || op === '<<-') {
      const start = this.pos;
      const word = this.word('word');
      if (!word) this.syntaxError();
      const raw = this.src.slice(start, this.pos);
      const redirect: Mutable<Extract<Redirect, { kind: 'heredoc' }>> = { kind: 'heredoc', fd, body: { parts: [], text: '' } };
      this.pending.push({ redirect, delimiter: unquote(raw), strip: op === '<<-', quoted: /["'\\]/.test(raw) });
      return redirect;
    }
    const target = this.word('word');
    if (!target) this.syntaxError();
    return { kind: 'file', fd, op: op as RedirectOp, target };
  }

  private heredocBody(doc: PendingHeredoc): void {
    const lines: string[] = [];
    for (;;) {
      if (this.pos >= this.src.length) break;
      let end = this.src.indexOf('\n', this.pos);
      if (end < 0) end = this.src.length;
      let line = this.src.slice(this.pos, end);
      this.pos = Math.min(end + 1, this.src.length);
      if (doc.strip) line = line.replace(/^\t+/, '');
      if (line === doc.delimiter) break;
      // A body cut short by the end of the script keeps its last line as it is.
      lines.push(end < this.src.length ? line + '\n' : line);
    }
    const text = lines.join('');
    doc.redirect.body = doc.quoted
      ? { parts: [{ kind: 'literal', text, quoted: true }], text }
      : new Parser(text).word('heredoc') ?? { parts: [], text: '' };
  }

  /** Reads one word (undefined when none starts here). */
  private word(mode: WordMode, inQuotes = false): Word | undefined {
    const start = this.pos;
    const parts: WordPart[] = [];
    const literal = (text: string, quoted: boolean): void => {
      const last = parts[parts.length - 1];
      if (last?.kind === 'literal' && last.quoted === quoted) parts[parts.length - 1] = { ...last, text: last.text + text };
      else parts.push({ kind: 'literal', text, quoted });
    };
    const quoted = mode === 'dquote' || mode === 'heredoc' || inQuotes;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) {
        if (mode === 'dquote' || mode === 'brace') this.syntaxError();
        break;
      }
      if (mode === 'word' && META.has(ch)) break;
      if (mode === 'dquote' && ch === '"') break;
      if (mode === 'brace' && ch === '}') break;
      if (ch === '\\') {
        const next = this.peek(1);
        this.pos += 2;
        if (next === '\n') continue;
        if (next === undefined) literal('\\', quoted);
        else if (mode === 'word' || (mode === 'brace' && !inQuotes)) literal(next, true);
        else if ('$`\\'.includes(next) || (next === '"' && mode !== 'heredoc') || (next === '}' && mode === 'brace')) literal(next, true);
        else literal('\\' + next, true);
      } else if (ch === "'" && !quoted) {
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) this.syntaxError();
        literal(this.src.slice(this.pos + 1, end), true);
        this.pos = end + 1;
      } else if (ch === '"' && mode !== 'heredoc' && !(mode === 'brace' && inQuotes)) {
        this.pos++;
        const inner = this.word('dquote');
        if (this.peek() !== '"') this.syntaxError();
        this.pos++;
        // An empty "" still makes a (quoted, empty) word.
        if (!inner || inner.parts.length === 0) literal('', true);
        for (const part of inner?.parts ?? []) {
          if (part.kind === 'literal') literal(part.text, true);
          else parts.push(part);
        }
      } else if (ch === '$') {
        const part = this.dollar(quoted);
        if (part) parts.push(part);
        else {
          literal('$', quoted);
          this.pos++;
        }
      } else if (ch === '`') {
        parts.push(this.backquote(quoted));
      } else if (ch === '~' && this.pos === start && mode === 'word') {
        const m = /^~([A-Za-z0-9_.-]*)(?=\/|$|[\s;&|()<>])/.exec(this.src.slice(this.pos));
        if (m) {
          parts.push({ kind: 'tilde', user: m[1]! });
          this.pos += m[0].length;
        } else {
          literal('~', false);
          this.pos++;
        }
      } else {
        literal(ch, quoted);
        this.pos++;
      }
    }
    if (this.pos === start && mode === 'word') return undefined;
    return { parts, text: this.src.slice(start, this.pos) };
  }

  private dollar(quoted: boolean): WordPart | undefined {
    const next = this.peek(1);
    if (next === '{') return this.braceParam(quoted);
    if (next === '(') {
      if (this.peek(2) === '(') throw new Unsupported(this.src.slice(this.pos).split('\n')[0]!, 'arithmetic expansion $((...))');
      const start = this.pos;
      this.pos += 2;
      const body = this.list(true);
      this.skipSpace(true);
      if (this.peek() !== ')') this.syntaxError();
      this.pos++;
      return { kind: 'command', body, text: this.src.slice(start, this.pos), quoted };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos + 1))?.[0];
    if (name) {
      this.pos += 1 + name.length;
      return { kind: 'param', name, quoted };
    }
    if (next !== undefined && SPECIAL_PARAMS.includes(next)) {
      this.pos += 2;
      return { kind: 'param', name: next, quoted };
    }
    return undefined;
  }

  private braceParam(quoted: boolean): WordPart {
    const start = this.pos;
    this.pos += 2;
    const rest = this.src.slice(this.pos);
    const length = /^#([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#!@*-])\}/.exec(rest);
    if (length) {
      this.pos += length[0].length;
      return { kind: 'param', name: length[1]!, op: 'length', quoted };
    }
    const name = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#!@*-])/.exec(rest)?.[0];
    if (!name) throw new Unsupported(this.src.slice(start).split('\n')[0]!, 'this ${...} form');
    this.pos += name.length;
    if (this.peek() === '}') {
      this.pos++;
      return { kind: 'param', name, quoted };
    }
    const op = /^(:[-=+?]|##|%%|[-=+?#%])/.exec(this.src.slice(this.pos))?.[0] as ParamOp | undefined;
    if (!op) throw new Unsupported(this.src.slice(start).split('\n')[0]!, 'this ${...} form');
    this.pos += op.length;
    const arg = this.word('brace', quoted) ?? { parts: [], text: '' };
    if (this.peek() !== '}') this.syntaxError();
    this.pos++;
    return { kind: 'param', name, op, arg, quoted };
  }

  private backquote(quoted: boolean): WordPart {
    const start = this.pos;
    let inner = '';
    this.pos++;
    for (;;) {
      const ch = this.peek();
      if (ch === undefined) this.syntaxError();
      this.pos++;
      if (ch === '`') break;
      if (ch === '\\' && this.peek() !== undefined && '$`\\'.includes(this.peek()!)) {
        inner += this.peek();
        this.pos++;
      } else inner += ch;
    }
    const parser = new Parser(inner);
    const items: AndOr[] = [];
    for (let line = parser.nextLine(); line; line = parser.nextLine()) items.push(...line.items);
    return { kind: 'command', body: { items }, text: this.src.slice(start, this.pos), quoted };
  }
}

/** A here-document delimiter as written, less its quoting. */
function unquote(raw: string): string {
  return raw.replace(/\\(.)|'([^']*)'|"([^"]*)"/g, (_m, esc: string | undefined, sq: string | undefined, dq: string | undefined) => esc ?? sq ?? dq ?? '');
}
