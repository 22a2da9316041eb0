import { DockerfileError } from '../model/errors.js';
import type { Directives, ParseWarning } from '../model/instruction.js';
import type { SourceRange } from '../model/source.js';
import { DirectiveScanner } from './directives.js';
import { located } from './errors.js';
import { trimLeftSpace } from './goText.js';
import { heredocsOfLine, type LineHeredoc } from './heredocs.js';
import { LogicalLine } from './logicalLine.js';
import { buildNode, type Node } from './node.js';

/** One instruction as the parser found it, before its arguments are checked and typed. */
export interface Statement {
  readonly line: LogicalLine;
  readonly node: Node;
  readonly heredocs: readonly LineHeredoc[];
  /** The physical line the instruction starts on; BuildKit's errors name it. */
  readonly startLine: number;
  /** From the keyword to the end of the last line read (heredoc terminator included). */
  readonly range: SourceRange;
}

export interface Scan {
  readonly statements: readonly Statement[];
  readonly directives: Directives;
  readonly warnings: readonly ParseWarning[];
}

/** bufio.Scanner's default token limit, the newline excluded. */
const MAX_LINE_BYTES = 65535;

interface PhysicalLine {
  /** The line with its terminator. */
  readonly raw: string;
  /** The line without trailing `\r` and `\n` characters. */
  readonly content: string;
}

/**
 * BuildKit's `parser.Parse`: joins continuation lines, drops comments, reads directives at the
 * top and heredoc bodies after their instruction, and shapes each instruction's arguments.
 * Errors found here carry no `dockerfile parse error on line N:` prefix, as in BuildKit.
 */
export function scan(text: string): Scan {
  const { lines, overflow } = physicalLines(text.startsWith('\ufeff') ? text.slice(1) : text);
  const lineRange = (n: number): SourceRange => {
    const line = Math.max(n, 1);
    return { start: { line, column: 1 }, end: { line, column: (lines[line - 1]?.content.length ?? 0) + 1 } };
  };
  const spanRange = (from: number, to: number): SourceRange => ({ start: lineRange(from).start, end: lineRange(to).end });
  const directives = new DirectiveScanner();
  const statements: Statement[] = [];
  const warnings: ParseWarning[] = [];
  let next = 0;
  while (next < lines.length) {
    const startLine = next + 1;
    const first = lines[next++]!.content;
    const trimmed = trimLeftSpace(first);
    // BuildKit places a bad directive one line early (it counts the line only after reading it),
    // so one on the first line has no position at all.
    if (startLine === 1) directives.feed(trimmed);
    else located(lineRange(startLine - 1), () => directives.feed(trimmed));
    const continued = continuation(directives.escape);
    let [piece, more] = continued(trimmed.startsWith('#') ? '' : trimmed);
    if (!more && piece === '') continue;
    const column = first.length - trimmed.length + 1;
    const line = new LogicalLine({ line: startLine, column });
    line.append(piece, startLine, column);
    let emptyContinuation = false;
    while (more && next < lines.length) {
      const content = lines[next++]!.content;
      const left = trimLeftSpace(content);
      if (left.startsWith('#')) continue;
      if (left === '') {
        emptyContinuation = true;
        continue;
      }
      [piece, more] = continued(content);
      line.append(piece, next, 1);
    }
    if (emptyContinuation) warnings.push({ message: `Empty continuation line found in: ${line.text}`, range: lineRange(next) });
    const node = located(spanRange(startLine, next), () => buildNode(line.text, 0, line.text.length, directives.escape));
    const heredocs: LineHeredoc[] = [];
    if (canContainHeredoc(node)) {
      for (const heredoc of located(spanRange(startLine, next), () => heredocsOfLine(line.text))) {
        let content = '';
        let terminated = false;
        while (next < lines.length) {
          const body = lines[next++]!;
          const candidate = heredoc.chomp ? body.content.replace(/^\t+/, '') : body.content;
          if (candidate === heredoc.name) {
            terminated = true;
            break;
          }
          content += body.raw;
        }
        if (!terminated) throw new DockerfileError('syntax-error', 'unterminated heredoc', spanRange(startLine, next));
        heredocs.push({ ...heredoc, content });
      }
    }
    const range = { start: line.position(node.keyword.start), end: lineRange(next).end };
    statements.push({ line, node, heredocs, startLine, range });
  }
  if (statements.length === 0) throw new DockerfileError('syntax-error', 'file with no instructions', lineRange(lines.length));
  if (overflow) {
    const at = { line: lines.length + 1, column: 1 };
    throw new DockerfileError('syntax-error', `dockerfile line greater than max allowed size of ${MAX_LINE_BYTES}`, { start: at, end: at });
  }
  return { statements, directives: directives.result(), warnings };
}

/** The lines a bufio.Scanner yields; it stops for good at the first line over the limit. */
function physicalLines(text: string): { lines: PhysicalLine[]; overflow: boolean } {
  const lines: PhysicalLine[] = [];
  for (let pos = 0; pos < text.length; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    const body = text.slice(pos, nl < 0 ? end : nl);
    if (body.length > MAX_LINE_BYTES / 3 && Buffer.byteLength(body, 'utf8') > MAX_LINE_BYTES) return { lines, overflow: true };
    let contentEnd = end;
    while (contentEnd > pos && (text[contentEnd - 1] === '\n' || text[contentEnd - 1] === '\r')) contentEnd--;
    lines.push({ raw: text.slice(pos, end), content: text.slice(pos, contentEnd) });
    pos = end;
  }
  return { lines, overflow: false };
}

/**
 * Removes a trailing continuation token (the escape token as the last non-blank character,
 * unless it is itself escaped) and says whether it was there.
 */
function continuation(escape: '\\' | '`'): (line: string) => [string, boolean] {
  const e = escape === '\\' ? '\\\\' : '`';
  const re = new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
  return (line) => {
    const m = re.exec(line);
    return m ? [line.slice(0, m.index + (m[1] === undefined ? 0 : m[1].length)), true] : [line, false];
  };
}

/** Only RUN, COPY and ADD (also as ONBUILD triggers) in shell form read heredoc bodies. */
function canContainHeredoc(node: Node): boolean {
  const target = node.keyword.text.toLowerCase() === 'onbuild' && node.child ? node.child : node;
  return ['add', 'copy', 'run'].includes(target.keyword.text.toLowerCase()) && !target.json;
}
