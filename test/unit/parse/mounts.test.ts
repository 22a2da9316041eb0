import { describe, expect, it } from 'vitest';
import { DockerfileError } from '../../../src/model/errors.js';
import { resolveMount } from '../../../src/parse/mounts.js';
import { errorMessage, only } from './helpers.js';

const onLine2 = (message: string): string => `dockerfile parse error on line 2: ${message}`;

function mount(value: string) {
  return only('RUN', `RUN --mount=${value} x\n`).mounts[0]!;
}

function resolveError(value: string, expand = (w: string) => w): string {
  try {
    resolveMount(mount(value), expand);
  } catch (e) {
    if (e instanceof DockerfileError) return e.message;
    throw e;
  }
  throw new Error('expected an error');
}

describe('RUN --mount at parse time', () => {
  it('splits the value like one CSV record; keys lower-cased, values kept', () => {
    const m = mount('\'Type=cache,"target=/a,b",ro,id=$ID\'');
    expect(m.raw).toBe('Type=cache,"target=/a,b",ro,id=$ID');
    expect([...m.options]).toEqual([
      ['type', 'cache'],
      ['target', '/a,b'],
      ['ro', ''],
      ['id', '$ID'],
    ]);
  });

  it('leaves every value but from to dispatch, so a bad type parses', () => {
    expect(mount('type=bogus').options.get('type')).toBe('bogus');
  });

  it("'from' cannot hold a variable", () => {
    expect(errorMessage('FROM a\nRUN --mount=type=bind,from=$STAGE x\n')).toBe(
      onLine2("'from' doesn't support variable expansion, define alias stage instead"),
    );
    expect(mount('from=a$').options.get('from')).toBe('a$');
  });

  it('CSV errors, worded like Go', () => {
    expect(errorMessage('FROM a\nRUN --mount= x\n')).toBe(onLine2('failed to parse csv mounts: EOF'));
    expect(errorMessage("FROM a\nRUN --mount='type=a\"b' x\n")).toBe(
      onLine2('failed to parse csv mounts: parse error on line 1, column 7: bare " in non-quoted-field'),
    );
    expect(errorMessage('FROM a\nRUN --mount=\'"type=bind\' x\n')).toBe(
      onLine2('failed to parse csv mounts: parse error on line 1, column 11: extraneous or missing " in quoted-field'),
    );
    expect(errorMessage('FROM a\nRUN --mount=\'"a"b\' x\n')).toBe(
      onLine2('failed to parse csv mounts: parse error on line 1, column 3: extraneous or missing " in quoted-field'),
    );
  });
});

describe('resolveMount (when the RUN is dispatched)', () => {
  it('defaults to a read-only bind mount', () => {
    expect(resolveMount(mount('target=/src'), (w) => w)).toEqual({
      type: 'bind',
      from: '',
      source: '',
      target: '/src',
      readOnly: true,
      sizeLimit: 0,
      cacheId: '',
      sharing: undefined,
      required: false,
      mode: undefined,
      uid: undefined,
      gid: undefined,
    });
  });

  it('expands every key=value value and types the options', () => {
    const m = resolveMount(mount('type=$T,target=/c,id=x,sharing=LOCKED,mode=0755,uid=1,gid=2'), (w) => (w === '$T' ? 'Cache' : w));
    expect(m).toMatchObject({ type: 'cache', target: '/c', cacheId: 'x', sharing: 'locked', mode: 0o755, uid: 1, gid: 2, readOnly: false });
    expect(resolveMount(mount('type=tmpfs,size=1.5k,dst=/t'), (w) => w)).toMatchObject({ sizeLimit: 1536, readOnly: false });
    expect(resolveMount(mount('type=secret,id=s,required'), (w) => w)).toMatchObject({ required: true, readOnly: true });
    expect(resolveMount(mount('ro=false'), (w) => w).readOnly).toBe(false);
    expect(resolveMount(mount('type=cache,rw=false'), (w) => w).readOnly).toBe(true);
  });

  it('errors, worded like frontend 1.7', () => {
    expect(resolveError('type=bogus')).toBe('unsupported mount type "bogus"');
    expect(resolveError('type=bnd')).toBe('unsupported mount type "bnd" (did you mean bind?)');
    expect(resolveError('type=cache,sharing=all')).toBe('unsupported sharing value "all"');
    expect(resolveError('typo=bind')).toBe("unexpected key 'typo' in 'typo=bind' (did you mean type?)");
    expect(resolveError('nonsense')).toBe("invalid field 'nonsense' must be a key=value pair");
    expect(resolveError('required')).toBe("unexpected key 'required' for mount type 'bind'");
    expect(resolveError('size=1g')).toBe("unexpected key 'size' for mount type 'bind'");
    expect(resolveError('type=tmpfs,size=1q')).toBe('invalid value for size: 1q');
    expect(resolveError('ro=maybe')).toBe('invalid value for ro: maybe');
    expect(resolveError('type=cache,mode=9')).toBe('invalid value 9 for mode');
    expect(resolveError('type=cache,uid=-1')).toBe('invalid value -1 for uid');
    expect(resolveError('mode=0755')).toBe('mode not allowed for "bind" type mounts');
    expect(resolveError('type=secret,from=x')).toBe('secret mount should not have a from');
    expect(resolveError('type=secret')).toBe('invalid secret mount. one of source, target required');
    expect(resolveError('type=secret,id=a,src=b')).toBe("both source and id can't be set");
    expect(resolveError('type=tmpfs,sharing=shared')).toBe('invalid cache sharing set for tmpfs mount');
  });
});
