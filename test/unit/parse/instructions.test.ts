import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/parse/parseDockerfile.js';
import { errorMessage, only, parseError, range } from './helpers.js';

const onLine2 = (message: string): string => `dockerfile parse error on line 2: ${message}`;

describe('FROM', () => {
  it('image, optional AS name (any case), platform flag, with positions', () => {
    const [from] = parseDockerfile('FROM --platform=$BUILDPLATFORM golang:1.22 aS Build\n').instructions;
    expect(from).toEqual({
      kind: 'FROM',
      range: range(1, 1, 1, 52),
      keyword: 'FROM',
      original: 'FROM --platform=$BUILDPLATFORM golang:1.22 aS Build',
      flags: [{ name: 'platform', value: '$BUILDPLATFORM', range: range(1, 6, 1, 31) }],
      image: { text: 'golang:1.22', range: range(1, 32, 1, 43) },
      stageName: { text: 'Build', range: range(1, 47, 1, 52) },
      platform: { name: 'platform', value: '$BUILDPLATFORM', range: range(1, 6, 1, 31) },
    });
  });

  it('needs one or three arguments, the middle one AS', () => {
    for (const text of ['FROM\n', 'FROM a b\n', 'FROM a as\n', 'FROM a AS b c\n', 'FROM a foo b\n']) {
      expect(parseError(text)).toEqual({
        code: 'invalid-argument',
        message: 'dockerfile parse error on line 1: FROM requires either one or three arguments',
        range: expect.anything(),
      });
    }
  });

  it('validates the lower-cased stage name, quoting it as written', () => {
    expect(parseDockerfile('FROM a AS B.c-d_9\n').instructions[0]).toMatchObject({ stageName: { text: 'B.c-d_9' } });
    expect(parseError('FROM a AS 1b\n')).toMatchObject({
      code: 'invalid-stage-name',
      message: 'dockerfile parse error on line 1: invalid name for build stage: "1b", name can\'t start with a number or contain symbols',
    });
    expect(errorMessage('FROM a AS "b"\n')).toBe(
      'dockerfile parse error on line 1: invalid name for build stage: "\\"b\\"", name can\'t start with a number or contain symbols',
    );
  });

  it('splits on ASCII blanks only', () => {
    expect(errorMessage('FROM a\u00a0AS b\n')).toBe('dockerfile parse error on line 1: FROM requires either one or three arguments');
  });
});

describe('RUN, CMD, ENTRYPOINT, SHELL', () => {
  it('shell form keeps the rest of the line, quotes included', () => {
    expect(only('RUN', 'RUN echo "a  b" \'c\'\n').command).toEqual({ form: 'shell', text: 'echo "a  b" \'c\'' });
    expect(only('CMD', 'CMD   run  this  \n').command).toEqual({ form: 'shell', text: 'run  this' });
  });

  it('exec form from a JSON array of strings', () => {
    expect(only('ENTRYPOINT', 'ENTRYPOINT ["/bin/sh", "-c", "echo \\"x\\""]\n').command).toEqual({
      form: 'exec',
      args: ['/bin/sh', '-c', 'echo "x"'],
    });
    expect(only('CMD', 'CMD []\n').command).toEqual({ form: 'exec', args: [] });
  });

  it('no arguments at all is an empty shell command', () => {
    expect(only('CMD', 'CMD\n').command).toEqual({ form: 'shell', text: '' });
    expect(only('ENTRYPOINT', 'ENTRYPOINT\n').command).toEqual({ form: 'shell', text: '' });
    expect(only('RUN', 'RUN\n').command).toEqual({ form: 'shell', text: '' });
  });

  it('SHELL needs a non-empty JSON array', () => {
    expect(only('SHELL', 'SHELL ["powershell", "-command"]\n').shell).toEqual(['powershell', '-command']);
    expect(parseError('FROM a\nSHELL sh -c\n')).toMatchObject({
      code: 'invalid-argument',
      message: onLine2('SHELL requires the arguments to be in JSON form'),
    });
    expect(errorMessage('FROM a\nSHELL []\n')).toBe(onLine2('SHELL requires at least one argument'));
    expect(errorMessage('FROM a\nSHELL\n')).toBe(onLine2('SHELL requires at least one argument'));
  });
});

describe('ENV and LABEL', () => {
  it('name=value pairs, quotes and escapes kept for expansion', () => {
    const env = only('ENV', 'ENV A=1 B="two words" C=a\\ b D=\n');
    expect(env.pairs).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: '"two words"' },
      { key: 'C', value: 'a\\ b' },
      { key: 'D', value: '' },
    ]);
    expect(env.legacy).toBe(false);
  });

  it('legacy form: the first word is the key, the whole rest the value', () => {
    expect(only('ENV', 'ENV ONE TWO= THREE=world\n')).toMatchObject({ pairs: [{ key: 'ONE', value: 'TWO= THREE=world' }], legacy: true });
    expect(only('LABEL', 'LABEL maintainer  a   b\n')).toMatchObject({ pairs: [{ key: 'maintainer', value: 'a   b' }], legacy: true });
  });

  it('errors: line-parser ones carry no prefix, instruction ones do', () => {
    expect(parseError('FROM a\nENV A\n')).toEqual({ code: 'syntax-error', message: 'ENV must have two arguments', range: range(2, 1, 2, 6) });
    expect(errorMessage('FROM a\nLABEL a\n')).toBe('LABEL must have two arguments');
    expect(errorMessage('FROM a\nENV a=b c\n')).toBe('Syntax error - can\'t find = in "c". Must be of the form: name=value');
    expect(errorMessage('FROM a\nENV\n')).toBe(onLine2('ENV requires at least one argument'));
    expect(errorMessage('FROM a\nLABEL\n')).toBe(onLine2('LABEL requires at least one argument'));
    expect(errorMessage('FROM a\nENV =x\n')).toBe(onLine2('ENV names can not be blank'));
    expect(errorMessage('FROM a\nLABEL =x\n')).toBe(onLine2('LABEL names can not be blank'));
  });
});

describe('ARG', () => {
  it('names with optional defaults; before FROM it is a global ARG', () => {
    const [arg] = parseDockerfile('ARG A B=1 C= D="x y"\nFROM a\n').instructions;
    expect(arg).toMatchObject({
      kind: 'ARG',
      args: [
        { name: 'A', defaultValue: undefined },
        { name: 'B', defaultValue: '1' },
        { name: 'C', defaultValue: '' },
        { name: 'D', defaultValue: '"x y"' },
      ],
    });
  });

  it('errors', () => {
    expect(errorMessage('ARG\nFROM a\n')).toBe('dockerfile parse error on line 1: ARG requires at least one argument');
    expect(errorMessage('ARG =x\nFROM a\n')).toBe('dockerfile parse error on line 1: ARG names can not be blank');
  });
});

describe('single-argument instructions', () => {
  it('the whole rest of the line is the argument', () => {
    expect(only('WORKDIR', 'WORKDIR /a b\n').path).toEqual({ text: '/a b', range: range(2, 9, 2, 13) });
    expect(only('USER', 'USER app:app extra\n').user.text).toBe('app:app extra');
    expect(only('STOPSIGNAL', 'STOPSIGNAL SIGKILL\n').signal.text).toBe('SIGKILL');
    expect(only('MAINTAINER', 'MAINTAINER Jane <j@x.org>\n').maintainer).toBe('Jane <j@x.org>');
  });

  it('requires exactly one argument', () => {
    for (const name of ['WORKDIR', 'USER', 'STOPSIGNAL', 'MAINTAINER']) {
      expect(parseError(`FROM a\n${name}\n`)).toMatchObject({ code: 'invalid-argument', message: onLine2(`${name} requires exactly one argument`) });
    }
  });
});

describe('EXPOSE and VOLUME', () => {
  it('EXPOSE keeps the words, sorted as BuildKit sorts them', () => {
    const expose = only('EXPOSE', 'EXPOSE 80 443/udp 1\n');
    expect(expose.ports).toEqual([
      { text: '1', range: range(2, 19, 2, 20) },
      { text: '443/udp', range: range(2, 11, 2, 18) },
      { text: '80', range: range(2, 8, 2, 10) },
    ]);
    expect(errorMessage('FROM a\nEXPOSE\n')).toBe(onLine2('EXPOSE requires at least one argument'));
  });

  it('VOLUME: JSON or blank-separated, items trimmed, none empty', () => {
    expect(only('VOLUME', 'VOLUME /a  /b\n').volumes.map((v) => v.text)).toEqual(['/a', '/b']);
    expect(only('VOLUME', 'VOLUME [" /a b ", "/c"]\n').volumes).toEqual([
      { text: '/a b', range: range(2, 9, 2, 17) },
      { text: '/c', range: range(2, 19, 2, 23) },
    ]);
    expect(errorMessage('FROM a\nVOLUME [""]\n')).toBe(onLine2('VOLUME specified can not be an empty string'));
    expect(errorMessage('FROM a\nVOLUME []\n')).toBe(onLine2('VOLUME requires at least one argument'));
  });
});

describe('COPY and ADD', () => {
  it('sources and destination, with positions', () => {
    const copy = only('COPY', 'COPY a.txt b/ /dst/\n');
    expect(copy.sources).toEqual([
      { text: 'a.txt', range: range(2, 6, 2, 11) },
      { text: 'b/', range: range(2, 12, 2, 14) },
    ]);
    expect(copy.destination).toEqual({ text: '/dst/', range: range(2, 15, 2, 20) });
    expect(copy.heredocs).toEqual([]);
  });

  it('JSON form allows spaces; quotes are not special in the plain form', () => {
    expect(only('COPY', 'COPY ["a b", "c d"]\n')).toMatchObject({ sources: [{ text: 'a b' }], destination: { text: 'c d' } });
    expect(only('ADD', 'ADD "a b" c\n')).toMatchObject({ sources: [{ text: '"a' }, { text: 'b"' }], destination: { text: 'c' } });
  });

  it('need at least two arguments', () => {
    expect(parseError('FROM a\nCOPY a\n')).toMatchObject({
      code: 'invalid-argument',
      message: onLine2('COPY requires at least two arguments, but only one was provided. Destination could not be determined'),
    });
    expect(errorMessage('FROM a\nADD\n')).toBe(
      onLine2('ADD requires at least two arguments, but only one was provided. Destination could not be determined'),
    );
  });
});

describe('HEALTHCHECK', () => {
  it('CMD in shell or exec form with its flags', () => {
    const check = only('HEALTHCHECK', 'HEALTHCHECK --interval=30s --timeout=5s --start-period=1m --start-interval=2s --retries=3 CMD curl -f x\n');
    expect(check.test).toEqual({ type: 'CMD', command: { form: 'shell', text: 'curl -f x' } });
    expect([check.interval, check.timeout, check.startPeriod, check.startInterval, check.retries]).toEqual([30e9, 5e9, 60e9, 2e9, 3]);
    expect(only('HEALTHCHECK', 'healthcheck cmd ["a", "b"]\n').test).toEqual({ type: 'CMD', command: { form: 'exec', args: ['a', 'b'] } });
  });

  it('NONE', () => {
    expect(only('HEALTHCHECK', 'HEALTHCHECK none\n')).toMatchObject({ test: { type: 'NONE' }, interval: 0, retries: 0 });
    expect(errorMessage('FROM a\nHEALTHCHECK NONE x\n')).toBe(onLine2('HEALTHCHECK NONE takes no arguments'));
  });

  it('errors in BuildKit order: arity, flags, type, command, durations, retries', () => {
    expect(errorMessage('FROM a\nHEALTHCHECK\n')).toBe(onLine2('HEALTHCHECK requires at least one argument'));
    expect(errorMessage('FROM a\nHEALTHCHECK --bogus FOO\n')).toBe(onLine2('unknown flag: bogus'));
    expect(errorMessage('FROM a\nHEALTHCHECK foo x\n')).toBe(onLine2('Unknown type "FOO" in HEALTHCHECK (try CMD)'));
    expect(errorMessage('FROM a\nHEALTHCHECK CMD\n')).toBe(onLine2('Missing command after HEALTHCHECK CMD'));
    expect(errorMessage('FROM a\nHEALTHCHECK CMD []\n')).toBe(onLine2('Missing command after HEALTHCHECK CMD'));
    expect(errorMessage('FROM a\nHEALTHCHECK --interval=0.5ms CMD x\n')).toBe(onLine2('Interval "interval" cannot be less than 1ms'));
    expect(errorMessage('FROM a\nHEALTHCHECK --timeout=-1s CMD x\n')).toBe(onLine2('Interval "timeout" cannot be less than 1ms'));
    expect(errorMessage('FROM a\nHEALTHCHECK --start-period=5 CMD x\n')).toBe(onLine2('time: missing unit in duration "5"'));
    expect(errorMessage('FROM a\nHEALTHCHECK --start-interval=abc CMD x\n')).toBe(onLine2('time: invalid duration "abc"'));
    expect(errorMessage('FROM a\nHEALTHCHECK --interval=5x CMD x\n')).toBe(onLine2('time: unknown unit "x" in duration "5x"'));
    expect(errorMessage('FROM a\nHEALTHCHECK --retries=x CMD x\n')).toBe(onLine2('strconv.ParseInt: parsing "x": invalid syntax'));
    expect(errorMessage('FROM a\nHEALTHCHECK --retries=3000000000 CMD x\n')).toBe(
      onLine2('strconv.ParseInt: parsing "3000000000": value out of range'),
    );
    expect(errorMessage('FROM a\nHEALTHCHECK --retries=-1 CMD x\n')).toBe(onLine2('--retries cannot be negative (-1)'));
  });

  it('0 and empty durations mean unset', () => {
    const check = only('HEALTHCHECK', 'HEALTHCHECK --interval=0 --timeout= --retries= CMD x\n');
    expect([check.interval, check.timeout, check.retries]).toEqual([0, 0, 0]);
  });
});

describe('ONBUILD', () => {
  it('stores the trigger text and the trigger parsed, positioned on the ONBUILD line', () => {
    const onbuild = only('ONBUILD', 'onbuild   COPY --chown=1 . /app\n');
    expect(onbuild.trigger).toBe('COPY --chown=1 . /app');
    expect(onbuild.instruction).toMatchObject({
      kind: 'COPY',
      keyword: 'COPY',
      original: 'COPY --chown=1 . /app',
      range: range(2, 11, 2, 32),
      sources: [{ text: '.', range: range(2, 26, 2, 27) }],
      destination: { text: '/app' },
      chown: { value: '1' },
    });
  });

  it('accepts a trigger that does not decode; it fails only where it runs', () => {
    expect(only('ONBUILD', 'ONBUILD FOO bar\n')).toMatchObject({ trigger: 'FOO bar', instruction: undefined });
    expect(only('ONBUILD', 'ONBUILD COPY a\n')).toMatchObject({ trigger: 'COPY a', instruction: undefined });
  });

  it('but line-parser errors of the trigger are immediate', () => {
    expect(errorMessage('FROM a\nONBUILD ENV a\n')).toBe('ENV must have two arguments');
  });

  it('errors', () => {
    expect(errorMessage('FROM a\nONBUILD\n')).toBe(onLine2('ONBUILD requires at least one argument'));
    expect(errorMessage('FROM a\nONBUILD onbuild RUN x\n')).toBe(onLine2('Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed'));
    expect(errorMessage('FROM a\nONBUILD from x\n')).toBe(onLine2("FROM isn't allowed as an ONBUILD trigger"));
    expect(errorMessage('FROM a\nONBUILD Maintainer x\n')).toBe(onLine2("MAINTAINER isn't allowed as an ONBUILD trigger"));
  });
});

describe('unknown instructions', () => {
  it('named as written, with a suggestion in the case written when close', () => {
    expect(parseError('FROM a\nRUNN x\n')).toEqual({
      code: 'unknown-instruction',
      message: onLine2('unknown instruction: RUNN (did you mean RUN?)'),
      range: range(2, 1, 2, 7),
    });
    expect(errorMessage('FROM a\ncopyy a b\n')).toBe(onLine2('unknown instruction: copyy (did you mean copy?)'));
    expect(errorMessage('FROM a\nWorkDri /x\n')).toBe(onLine2('unknown instruction: WorkDri (did you mean workdir?)'));
    expect(errorMessage('FROM a\nSOMETHING x\n')).toBe(onLine2('unknown instruction: SOMETHING'));
  });

  it('the line number is where the instruction starts', () => {
    expect(errorMessage('FROM a\n\\\n\nBOGUS \\\n x\n')).toBe('dockerfile parse error on line 2: unknown instruction: BOGUS');
  });
});
