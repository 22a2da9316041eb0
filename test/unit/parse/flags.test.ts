import { describe, expect, it } from 'vitest';
import { errorMessage, only, parseError, range } from './helpers.js';

const prefix = 'dockerfile parse error on line 2: ';

describe('builder flags', () => {
  it('takes leading -- words of any instruction, quote-aware, value after the first =', () => {
    const copy = only('COPY', 'COPY --from="my stage" --chown=a\\ b --chmod=\'7=5\' src dst\n');
    expect(copy.flags).toEqual([
      { name: 'from', value: 'my stage', range: range(2, 6, 2, 23) },
      { name: 'chown', value: 'a b', range: range(2, 24, 2, 36) },
      { name: 'chmod', value: '7=5', range: range(2, 37, 2, 50) },
    ]);
    expect(copy.from?.value).toBe('my stage');
    expect(copy.sources.map((s) => s.text)).toEqual(['src']);
  });

  it('a bare -- ends the flags', () => {
    const copy = only('COPY', 'COPY --link -- --from=x dst\n');
    expect(copy.flags.map((f) => f.name)).toEqual(['link']);
    expect(copy.sources.map((s) => s.text)).toEqual(['--from=x']);
    expect(copy.link).toBe(true);
  });

  it('flags stop at the first word not starting with --', () => {
    expect(only('RUN', 'RUN echo --mount=x\n').command).toEqual({ form: 'shell', text: 'echo --mount=x' });
  });

  it('unknown flag: name without dashes (frontend 1.7), with a close name suggested', () => {
    expect(parseError('FROM a\nCOPY --form=x a b\n')).toEqual({
      code: 'unknown-flag',
      message: `${prefix}unknown flag: form (did you mean from?)`,
      range: range(2, 1, 2, 18),
    });
    expect(errorMessage('FROM a\nRUN --netwrk=none x\n')).toBe(`${prefix}unknown flag: netwrk (did you mean network?)`);
    expect(errorMessage('FROM a\nCOPY --FROM=x a b\n')).toBe(`${prefix}unknown flag: FROM`);
    expect(errorMessage('FROM a\nADD --unpack a b\n')).toBe(`${prefix}unknown flag: unpack`);
    expect(errorMessage('FROM a\nRUN --device=x a\n')).toBe(`${prefix}unknown flag: device`);
  });

  it('instructions without flags reject any, even when it looks like an argument', () => {
    expect(errorMessage('FROM a\nCMD --help\n')).toBe(`${prefix}unknown flag: help`);
    expect(errorMessage('FROM a\nMAINTAINER --boo x\n')).toBe(`${prefix}unknown flag: boo`);
    expect(errorMessage('FROM a\nENV --x a=b\n')).toBe(`${prefix}unknown flag: x`);
    expect(errorMessage('FROM a\nONBUILD --x RUN a\n')).toBe(`${prefix}unknown flag: x`);
    expect(errorMessage('FROM a\nSHELL --x ["a"]\n')).toBe(`${prefix}unknown flag: x`);
  });

  it('ARG, STOPSIGNAL and HEALTHCHECK NONE never look at their flags', () => {
    expect(only('ARG', 'ARG --foo A\n').flags).toEqual([{ name: 'foo', value: undefined, range: range(2, 5, 2, 10) }]);
    expect(only('STOPSIGNAL', 'STOPSIGNAL --foo SIGKILL\n').signal.text).toBe('SIGKILL');
    expect(only('HEALTHCHECK', 'HEALTHCHECK --bogus NONE\n').test).toEqual({ type: 'NONE' });
  });

  it('arity is checked before flags where BuildKit does so', () => {
    expect(errorMessage('FROM a\nWORKDIR --x\n')).toBe(`${prefix}WORKDIR requires exactly one argument`);
    expect(errorMessage('FROM a\nCOPY --bogus a\n')).toBe(
      `${prefix}COPY requires at least two arguments, but only one was provided. Destination could not be determined`,
    );
    expect(errorMessage('FROM --bogus a b\n')).toBe('dockerfile parse error on line 1: FROM requires either one or three arguments');
  });

  it('duplicate flag specified', () => {
    expect(parseError('FROM a\nCOPY --from=a --from=b x y\n')).toMatchObject({
      code: 'invalid-flag',
      message: `${prefix}duplicate flag specified: from`,
    });
    expect(errorMessage('FROM a\nCOPY --link --link x y\n')).toBe(`${prefix}duplicate flag specified: link`);
    expect(errorMessage('FROM a\nRUN --network=none --network=host x\n')).toBe(`${prefix}duplicate flag specified: network`);
  });

  it('--mount repeats', () => {
    expect(only('RUN', 'RUN --mount=type=cache,target=/a --mount=type=tmpfs,target=/b x\n').mounts.map((m) => m.raw)).toEqual([
      'type=cache,target=/a',
      'type=tmpfs,target=/b',
    ]);
  });

  it('missing a value on flag', () => {
    expect(errorMessage('FROM a\nCOPY --from a b\n')).toBe(`${prefix}missing a value on flag: from`);
    expect(errorMessage('FROM a\nCOPY --link= a b\n')).toBe(`${prefix}missing a value on flag: link`);
    expect(errorMessage('FROM a\nRUN --mount x\n')).toBe(`${prefix}missing a value on flag: mount`);
    expect(errorMessage('FROM --platform a\n')).toBe('dockerfile parse error on line 1: missing a value on flag: platform');
  });

  it('boolean flags take true/false in any case', () => {
    expect(only('COPY', 'COPY --link=FALSE a b\n').link).toBe(false);
    expect(only('COPY', 'COPY --link=True a b\n').link).toBe(true);
    expect(only('ADD', 'ADD --keep-git-dir a b\n').keepGitDir).toBe(true);
    expect(errorMessage('FROM a\nCOPY --link=yes a b\n')).toBe(`${prefix}expecting boolean value for flag link, not: yes`);
  });

  it('string flags may be empty', () => {
    expect(only('COPY', 'COPY --chown= a b\n').chown).toMatchObject({ name: 'chown', value: '' });
  });

  it('per-instruction flags of frontend 1.7', () => {
    const copy = only('COPY', 'COPY --from=b --chown=1:2 --chmod=644 --link a b\n');
    expect([copy.from?.value, copy.chown?.value, copy.chmod?.value, copy.link, copy.parents, copy.exclude]).toEqual([
      'b',
      '1:2',
      '644',
      true,
      false,
      [],
    ]);
    const add = only('ADD', 'ADD --chown=1 --chmod=7 --link --checksum=sha256:x --keep-git-dir=false a b\n');
    expect([add.chown?.value, add.chmod?.value, add.link, add.checksum?.value, add.keepGitDir, add.unpack, add.exclude]).toEqual([
      '1',
      '7',
      true,
      'sha256:x',
      false,
      undefined,
      [],
    ]);
    expect(errorMessage('FROM a\nADD --from=x a b\n')).toBe(`${prefix}unknown flag: from`);
    const run = only('RUN', 'RUN --network=none x\n');
    expect(run.network?.value).toBe('none');
    expect(run.security).toBeUndefined();
  });

  it('--parents, --exclude and --security are labs-only in 1.7', () => {
    expect(errorMessage('FROM a\nCOPY --parents a b\n')).toBe(`${prefix}unknown flag: parents`);
    expect(errorMessage('FROM a\nCOPY --exclude=*.md a b\n')).toBe(`${prefix}unknown flag: exclude`);
    expect(errorMessage('FROM a\nADD --exclude=*.md a b\n')).toBe(`${prefix}unknown flag: exclude`);
    expect(errorMessage('FROM a\nRUN --security=insecure x\n')).toBe(`${prefix}unknown flag: security`);
    const labs = { labs: true };
    const copy = only('COPY', 'COPY --parents --exclude=*.md --exclude=*.txt a b\n', labs);
    expect(copy.parents).toBe(true);
    expect(copy.exclude.map((f) => f.value)).toEqual(['*.md', '*.txt']);
    expect(only('COPY', 'COPY --parents=false a b\n', labs).parents).toBe(false);
    expect(only('ADD', 'ADD --exclude=x a b\n', labs).exclude.map((f) => f.value)).toEqual(['x']);
    expect(only('RUN', 'RUN --security=insecure x\n', labs).security?.value).toBe('insecure');
    expect(errorMessage('FROM a\nRUN --security=bad x\n', labs)).toBe(`${prefix}security "bad" is not valid`);
    expect(errorMessage('FROM a\nADD --parents a b\n', labs)).toBe(`${prefix}unknown flag: parents`);
  });

  it('RUN --network takes default, none or host', () => {
    expect(errorMessage('FROM a\nRUN --network=bridge x\n')).toBe(`${prefix}invalid network mode "bridge"`);
  });
});
