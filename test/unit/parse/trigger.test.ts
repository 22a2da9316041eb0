import { describe, expect, it } from 'vitest';
import { DockerfileError } from '../../../src/model/errors.js';
import { parseTrigger } from '../../../src/parse/parseDockerfile.js';
import { range } from './helpers.js';

function triggerError(text: string): string {
  try {
    parseTrigger(text);
  } catch (e) {
    if (e instanceof DockerfileError) return e.message;
    throw e;
  }
  throw new Error('expected an error');
}

describe('parseTrigger (ONBUILD triggers of a base image)', () => {
  it('parses one instruction, needing no stage, positions relative to the trigger', () => {
    expect(parseTrigger('COPY . /app')).toMatchObject({ kind: 'COPY', destination: { text: '/app', range: range(1, 8, 1, 12) } });
  });

  it('reads heredocs as stored by ONBUILD', () => {
    expect(parseTrigger('RUN <<EOF\necho hi\nEOF')).toMatchObject({ kind: 'RUN', heredocs: [{ name: 'EOF', content: 'echo hi\n' }] });
  });

  it('errors carry no line prefix', () => {
    expect(triggerError('COPY a')).toBe('COPY requires at least two arguments, but only one was provided. Destination could not be determined');
    expect(triggerError('FOO bar')).toBe('unknown instruction: FOO (did you mean FROM?)');
    expect(triggerError('RUN a\nRUN b')).toBe('onbuild trigger should be a single expression');
    expect(triggerError('FROM x')).toBe('*instructions.Stage is not a command type');
    expect(triggerError('')).toBe('file with no instructions');
  });

  it('honours the labs option', () => {
    expect(triggerError('COPY --parents a b')).toBe('unknown flag: parents');
    expect(parseTrigger('COPY --parents a b', { labs: true })).toMatchObject({ parents: true });
  });
});
