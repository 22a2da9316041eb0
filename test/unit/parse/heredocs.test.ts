import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/parse/parseDockerfile.js';
import { errorMessage, inStage, only, parseError, range } from './helpers.js';

describe('heredocs', () => {
  it('RUN <<EOF: body with its final newline, range through the terminator', () => {
    const run = only('RUN', 'RUN <<EOF\necho hi\necho there\nEOF\n');
    expect(run.command).toEqual({ form: 'shell', text: '<<EOF' });
    expect(run.heredocs).toEqual([{ name: 'EOF', content: 'echo hi\necho there\n', expand: true, fd: undefined }]);
    expect(run.original).toBe('RUN <<EOF');
    expect(run.range).toEqual(range(2, 1, 5, 4));
  });

  it('several heredocs are read in order; the command keeps the rest of the line', () => {
    const run = only('RUN', 'RUN cat <<A - <<B > /out\none\nA\ntwo\nB\nRUN next\n'.replace('RUN next\n', ''));
    expect(run.command).toEqual({ form: 'shell', text: 'cat <<A - <<B > /out' });
    expect(run.heredocs.map((h) => [h.name, h.content])).toEqual([
      ['A', 'one\n'],
      ['B', 'two\n'],
    ]);
  });

  it('<<- strips leading tabs (not spaces) from the body and the terminator', () => {
    const run = only('RUN', 'RUN <<-EOF\n\t\techo a\n  \tb\n\tEOF\n');
    expect(run.heredocs[0]!.content).toBe('echo a\n  \tb\n');
  });

  it('quoted delimiters turn expansion off', () => {
    const copy = only('COPY', 'COPY <<"A" <<\'B\' <<C"D" <<E /d/\n$x\nA\n$y\nB\n$z\nCD\ne\nE\n');
    expect(copy.heredocs).toEqual([
      { name: 'A', content: '$x\n', expand: false, fd: undefined },
      { name: 'B', content: '$y\n', expand: false, fd: undefined },
      { name: 'CD', content: '$z\n', expand: false, fd: undefined },
      { name: 'E', content: 'e\n', expand: true, fd: undefined },
    ]);
    expect(copy.sources).toEqual([]);
  });

  it('file descriptors', () => {
    const run = only('RUN', 'RUN 3<<IN cat /proc/self/fd/3\nx\nIN\n');
    expect(run.heredocs).toEqual([{ name: 'IN', content: 'x\n', expand: true, fd: 3 }]);
  });

  it('COPY: heredoc sources go to heredocs, other sources stay', () => {
    const copy = only('COPY', 'COPY a <<EOF b /dst/\nbody\nEOF\n');
    expect(copy.sources.map((s) => s.text)).toEqual(['a', 'b']);
    expect(copy.heredocs.map((h) => h.name)).toEqual(['EOF']);
    expect(copy.destination.text).toBe('/dst/');
  });

  it('COPY takes bodies by name: the last of a repeated name wins', () => {
    const copy = only('COPY', 'COPY <<EOF <<EOF /d/\nfirst\nEOF\nsecond\nEOF\n');
    expect(copy.heredocs.map((h) => h.content)).toEqual(['second\n', 'second\n']);
  });

  it('CRLF bodies keep their \\r, the terminator matches without it', () => {
    expect(only('RUN', 'RUN <<EOF\r\nline\r\nEOF\r\n').heredocs[0]!.content).toBe('line\r\n');
  });

  it('bodies are not parsed as instructions and may look like anything', () => {
    const parsed = inStage('RUN <<EOF\nFROM x\n# not a comment\n\\\nEOF\nRUN after\n');
    expect(parsed.map((i) => i.original)).toEqual(['RUN <<EOF', 'RUN after']);
    expect(parsed[0]!.kind === 'RUN' && parsed[0].heredocs[0]!.content).toBe('FROM x\n# not a comment\n\\\n');
  });

  it('no heredocs in JSON form, in quotes, glued to a word, or outside RUN/COPY/ADD', () => {
    expect(errorMessage('FROM a\nRUN ["<<EOF"]\nEOF\n')).toBe('dockerfile parse error on line 3: unknown instruction: EOF (did you mean ENV?)');
    expect(only('RUN', 'RUN echo "<<EOF"\n').heredocs).toEqual([]);
    expect(only('RUN', 'RUN cat<<EOF\n').heredocs).toEqual([]);
    expect(errorMessage('FROM a\nCMD <<EOF\nx\nEOF\n')).toBe('dockerfile parse error on line 3: unknown instruction: x');
  });

  it('a line that does not lex opens no heredoc', () => {
    expect(only('RUN', "RUN cat <<EOF 'unterminated\n").heredocs).toEqual([]);
  });

  it('ONBUILD: the trigger keeps the raw body and terminator', () => {
    const onbuild = only('ONBUILD', 'ONBUILD RUN <<-EOF\n\techo hi\n\tEOF\n');
    expect(onbuild.trigger).toBe('RUN <<-EOF\n\techo hi\nEOF');
    expect(onbuild.instruction).toMatchObject({ kind: 'RUN', heredocs: [{ name: 'EOF', content: 'echo hi\n' }] });
    expect(onbuild.range).toEqual(range(2, 1, 4, 5));
  });

  it('unterminated heredoc (no prefix)', () => {
    expect(parseError('FROM a\nRUN <<EOF\necho\n')).toEqual({ code: 'syntax-error', message: 'unterminated heredoc', range: range(2, 1, 3, 5) });
    expect(errorMessage('FROM a\nRUN <<A <<B\nx\nA\n')).toBe('unterminated heredoc');
  });

  it('a heredoc cannot be the destination', () => {
    expect(errorMessage('FROM a\nCOPY a <<EOF\nx\nEOF\n')).toBe('dockerfile parse error on line 2: COPY cannot accept a heredoc as a destination');
    expect(errorMessage('FROM a\nADD <<EOF\nx\nEOF\n')).toBe(
      'dockerfile parse error on line 2: ADD requires at least two arguments, but only one was provided. Destination could not be determined',
    );
  });

  it('a bad delimiter is a parse error', () => {
    expect(errorMessage('FROM a\nRUN cat <<${a:-x y}\n')).toBe('failed to process "${a:-x": syntax error: missing \'}\'');
  });

  it('keeps instruction positions after bodies right', () => {
    const parsed = parseDockerfile('FROM a\nCOPY <<EOF /x\nbody\nEOF\nRUN y\n');
    expect(parsed.instructions[2]!.range).toEqual(range(5, 1, 5, 6));
  });
});
