import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/parse/parseDockerfile.js';
import { errorMessage, inStage, only, parseError, range } from './helpers.js';

describe('lines, comments and continuations', () => {
  it('joins continuation lines without adding a space and keeps the next line\'s indentation', () => {
    const run = only('RUN', 'RUN echo a \\\n  b\n');
    expect(run.original).toBe('RUN echo a   b');
    expect(run.command).toEqual({ form: 'shell', text: 'echo a   b' });
    expect(run.range).toEqual(range(2, 1, 3, 4));
  });

  it('drops comment lines inside a continuation, indented or not, without ending it', () => {
    const run = only('RUN', 'RUN a \\\n# one\n    # two \\\n  b\n');
    expect(run.original).toBe('RUN a   b');
    expect(run.range).toEqual(range(2, 1, 5, 4));
  });

  it('skips empty continuation lines and warns like BuildKit', () => {
    const parsed = parseDockerfile('FROM a\nRUN a \\\n\n   \n  b\n');
    expect(parsed.instructions[1]!.original).toBe('RUN a   b');
    expect(parsed.warnings).toEqual([{ message: 'Empty continuation line found in: RUN a   b', range: range(5, 1, 5, 4) }]);
  });

  it('ignores blank lines and comments between instructions; a # elsewhere is literal', () => {
    const parsed = parseDockerfile('\n# c\nFROM a\n\n  # indented comment\nRUN echo # not a comment\n');
    expect(parsed.instructions.map((i) => i.original)).toEqual(['FROM a', 'RUN echo # not a comment']);
    expect(parsed.warnings).toEqual([]);
  });

  it('strips leading whitespace of the first line only, keeps trailing whitespace in original', () => {
    const run = only('RUN', '   \tRUN   x  \n');
    expect(run.original).toBe('RUN   x  ');
    expect(run.command).toEqual({ form: 'shell', text: 'x' });
    expect(run.range).toEqual(range(2, 5, 2, 14));
  });

  it('a comment line cannot be continued', () => {
    expect(inStage('# comment \\\nRUN x\n').map((i) => i.original)).toEqual(['RUN x']);
  });

  it('allows blanks after the continuation token, but not an escaped escape token', () => {
    expect(only('RUN', 'RUN a\\  \t\nb\n').original).toBe('RUN ab');
    expect(inStage('RUN a \\\\\nRUN b\n').map((i) => i.original)).toEqual(['RUN a \\\\', 'RUN b']);
  });

  it('a line holding only the escape token continues into the next one', () => {
    const run = only('RUN', '\\\nRUN x\n');
    expect(run.original).toBe('RUN x');
    expect(run.range).toEqual(range(3, 1, 3, 6));
  });

  it('a continuation at the end of the file ends the instruction', () => {
    expect(only('RUN', 'RUN a \\').original).toBe('RUN a ');
  });

  it('reads CRLF files: the \\r never reaches words, originals or positions', () => {
    const parsed = parseDockerfile('FROM a\r\nRUN echo a \\\r\n  b\r\nCOPY x y\r\n');
    expect(parsed.instructions.map((i) => i.original)).toEqual(['FROM a', 'RUN echo a   b', 'COPY x y']);
    const copy = parsed.instructions[2]!;
    expect(copy.kind === 'COPY' && copy.destination).toEqual({ text: 'y', range: range(4, 8, 4, 9) });
    expect(copy.range).toEqual(range(4, 1, 4, 9));
  });

  it('drops a UTF-8 byte order mark', () => {
    const parsed = parseDockerfile('\ufeffFROM a\n');
    expect(parsed.instructions[0]!.keyword).toBe('FROM');
    expect(parsed.instructions[0]!.range).toEqual(range(1, 1, 1, 7));
  });

  it('keywords are case-insensitive and kept as written', () => {
    expect(inStage('run a\nRuN b\n').map((i) => [i.kind, i.keyword])).toEqual([
      ['RUN', 'run'],
      ['RUN', 'RuN'],
    ]);
  });
});

describe('file-level errors', () => {
  it('0 bytes: the Dockerfile cannot be empty', () => {
    expect(parseError('')).toEqual({ code: 'empty-dockerfile', message: 'the Dockerfile cannot be empty', range: undefined });
  });

  it('only comments, blanks or a BOM: file with no instructions (a syntax error: no prefix)', () => {
    expect(parseError('# just a comment\n\n')).toEqual({ code: 'syntax-error', message: 'file with no instructions', range: range(2, 1, 2, 1) });
    expect(errorMessage(' ')).toBe('file with no instructions');
    expect(errorMessage('\ufeff')).toBe('file with no instructions');
  });

  it('an instruction other than ARG before the first FROM', () => {
    expect(parseError('ARG A\nRUN x\n')).toEqual({ code: 'parse-error', message: 'no build stage in current context', range: range(2, 1, 2, 6) });
  });

  it('reports whichever comes first: a missing stage before a later bad instruction', () => {
    expect(errorMessage('RUN x\nFROM a\nFOO\n')).toBe('no build stage in current context');
    expect(errorMessage('FOO\nRUN x\n')).toBe('dockerfile parse error on line 1: unknown instruction: FOO (did you mean FROM?)');
  });

  it('line-parser errors anywhere win over instruction errors earlier in the file', () => {
    expect(errorMessage('FROM a\nFOO\nENV x\n')).toBe('ENV must have two arguments');
  });

  it('limits a line to 65535 bytes', () => {
    expect(() => parseDockerfile(`FROM a\nRUN ${'x'.repeat(65531)}\n`)).not.toThrow();
    expect(parseError(`FROM a\nRUN ${'x'.repeat(65532)}\n`)).toEqual({
      code: 'syntax-error',
      message: 'dockerfile line greater than max allowed size of 65535',
      range: range(2, 1, 2, 1),
    });
    // Bytes, not characters; and an over-long first line leaves no instructions at all.
    expect(errorMessage(`FROM a\nRUN ${'é'.repeat(32766)}\n`)).toBe('dockerfile line greater than max allowed size of 65535');
    expect(errorMessage(`RUN ${'x'.repeat(65532)}\nFROM a\n`)).toBe('file with no instructions');
  });
});

describe('parser directives', () => {
  it('reads syntax and escape at the top', () => {
    const parsed = parseDockerfile('# syntax=docker/dockerfile:1\n# escape=`\nFROM a\n');
    expect(parsed.directives).toEqual({ syntax: 'docker/dockerfile:1', escape: '`', check: undefined });
  });

  it('defaults to backslash', () => {
    expect(parseDockerfile('FROM a\n').directives).toEqual({ syntax: undefined, escape: '\\', check: undefined });
  });

  it('backtick escape: continuation with `, backslash is literal', () => {
    const parsed = parseDockerfile('# escape=`\nFROM a\nRUN echo a `\n  b\nCOPY C:\\src\\ C:\\dst\\\n');
    expect(parsed.instructions.map((i) => i.original)).toEqual(['FROM a', 'RUN echo a   b', 'COPY C:\\src\\ C:\\dst\\']);
  });

  it('keys are case-insensitive, blanks around = and before the key are allowed', () => {
    expect(parseDockerfile('  #  ESCAPE =  `  \nFROM a\n').directives.escape).toBe('`');
  });

  it('stops at the first blank line, instruction, plain comment or unknown key', () => {
    expect(parseDockerfile('\n# escape=`\nFROM a\n').directives.escape).toBe('\\');
    expect(parseDockerfile('# hello\n# escape=`\nFROM a\n').directives.escape).toBe('\\');
    expect(parseDockerfile('# foo=bar\n# escape=`\nFROM a\n').directives.escape).toBe('\\');
    expect(parseDockerfile('FROM a\n# escape=`\n').directives.escape).toBe('\\');
  });

  it('check is a directive only from frontend 1.8 on: kept, but it ends the scan in 1.7', () => {
    const parsed = parseDockerfile('# check=skip=all\n# escape=`\nFROM a\n');
    expect(parsed.directives).toEqual({ syntax: undefined, escape: '\\', check: 'skip=all' });
  });

  it('rejects a repeated directive and a bad escape token, without prefix', () => {
    expect(parseError('# escape=`\n# escape=\\\nFROM a\n')).toEqual({
      code: 'syntax-error',
      message: 'only one escape parser directive can be used',
      // BuildKit's position, one line early.
      range: range(1, 1, 1, 11),
    });
    expect(parseError('# syntax=a\n# escape=`\n# escape=`\nFROM a\n').range).toEqual(range(2, 1, 2, 11));
    expect(errorMessage('# syntax=a\n# SYNTAX=b\nFROM a\n')).toBe('only one syntax parser directive can be used');
    expect(parseError('# escape=x\nFROM a\n')).toEqual({
      code: 'syntax-error',
      message: "invalid escape token 'x' does not match ` or \\",
      range: undefined,
    });
  });
});

describe('positions', () => {
  it('words on continuation lines point at their own line', () => {
    const copy = only('COPY', 'COPY src1 \\\n     src2 /dst/\n');
    expect(copy.sources).toEqual([
      { text: 'src1', range: range(2, 6, 2, 10) },
      { text: 'src2', range: range(3, 6, 3, 10) },
    ]);
    expect(copy.destination).toEqual({ text: '/dst/', range: range(3, 11, 3, 16) });
  });

  it('a word glued across a continuation starts on one line and ends on the next', () => {
    expect(only('COPY', 'COPY a\\\nb c\n').sources).toEqual([{ text: 'ab', range: range(2, 6, 3, 2) }]);
  });

  it('with the backtick escape directive', () => {
    const copy = parseDockerfile('# escape=`\nFROM a\nCOPY C:\\a `\n  C:\\b\n').instructions[1]!;
    expect(copy.kind === 'COPY' && [copy.sources, copy.destination]).toEqual([
      [{ text: 'C:\\a', range: range(3, 6, 3, 10) }],
      { text: 'C:\\b', range: range(4, 3, 4, 7) },
    ]);
  });

  it('ENV keys and values, legacy values spanning the rest of the line', () => {
    const env = only('ENV', 'ENV A=1 \\\n  B="x y"\n');
    expect(env.range).toEqual(range(2, 1, 3, 10));
    expect(env.pairs).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: '"x y"' },
    ]);
  });
});
