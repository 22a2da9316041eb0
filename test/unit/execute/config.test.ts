/** Config rules per instruction and per builder, through emulate() on in-memory contexts. */
import { describe, expect, it } from 'vitest';
import { emulate, type BuildResult, type BuilderMode } from '../../../src/index.js';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

async function build(dockerfile: string, builder: BuilderMode = 'buildkit', buildArgs: Record<string, string> = {}): Promise<BuildResult> {
  return emulate({ dockerfile, context: {}, builder, buildArgs });
}

async function config(dockerfile: string, builder: BuilderMode = 'buildkit', buildArgs: Record<string, string> = {}) {
  const result = await build(dockerfile, builder, buildArgs);
  expect(result.failure).toBeUndefined();
  return result.config!;
}

async function failure(dockerfile: string, builder: BuilderMode = 'buildkit'): Promise<string | undefined> {
  return (await build(dockerfile, builder)).failure?.message;
}

describe('FROM scratch defaults', () => {
  it('BuildKit: PATH and WorkingDir "/", empty fields omitted', async () => {
    expect(await config('FROM scratch\nLABEL a=b\n')).toEqual({ Env: [PATH], WorkingDir: '/', Labels: { a: 'b' } });
  });
  it('classic: PATH, and the fields its config always writes', async () => {
    expect(await config('FROM scratch\nLABEL a=b\n', 'classic')).toEqual({
      User: '', Env: [PATH], Cmd: null, Volumes: null, WorkingDir: '', Entrypoint: null, OnBuild: null, Labels: { a: 'b' },
    });
  });
  it('classic refuses a Dockerfile that is only FROM scratch', async () => {
    expect(await failure('FROM scratch\n', 'classic')).toBe('No image was generated. Is your Dockerfile empty?');
    expect(await failure('FROM scratch\n')).toBeUndefined();
  });
});

describe('ENV', () => {
  it('expands every word against the values from before the instruction', async () => {
    const c = await config('FROM scratch\nENV X=outer\nENV X=inner Y=$X\n');
    expect(c.Env).toEqual([PATH, 'X=inner', 'Y=outer']);
  });
  it('legacy form keeps inner spaces; quotes and escapes are processed', async () => {
    const c = await config("FROM scratch\nENV A  one  two\nENV B='$A' C=\\$A D=\"x y\"\n");
    expect(c.Env).toEqual([PATH, 'A=one  two', 'B=$A', 'C=$A', 'D=x y']);
  });
  it('replaces an existing key in place', async () => {
    expect((await config('FROM scratch\nENV A=1 B=2\nENV A=3\n')).Env).toEqual([PATH, 'A=3', 'B=2']);
  });
});

describe.each<BuilderMode>(['buildkit', 'classic'])('%s: ARG', (builder) => {
  it('a global ARG is visible in a stage only after redeclaring it', async () => {
    const c = await config('ARG V=global\nFROM scratch\nENV BEFORE=${V:-unset}\nARG V\nENV AFTER=$V\n', builder);
    expect(c.Env).toEqual([PATH, 'BEFORE=unset', 'AFTER=global']);
  });
  it('--build-arg beats the default and is taken verbatim', async () => {
    const c = await config('FROM scratch\nARG V=default\nENV V2=$V\n', builder, { V: '$HOME' });
    expect(c.Env).toEqual([PATH, 'V2=$HOME']);
  });
});

describe('ARG after ENV of the same name', () => {
  const df = 'FROM scratch\nENV V=env-value\nARG V\nLABEL seen=$V\n';
  it('BuildKit: the ARG (with a build arg) wins for later expansions', async () => {
    expect((await config(df, 'buildkit', { V: 'from-arg' })).Labels).toEqual({ seen: 'from-arg' });
  });
  it('classic: ENV always wins', async () => {
    expect((await config(df, 'classic', { V: 'from-arg' })).Labels).toEqual({ seen: 'env-value' });
  });
});

describe('CMD and ENTRYPOINT', () => {
  it('shell form is wrapped in /bin/sh -c, exec form kept, invalid JSON falls back to shell form', async () => {
    expect((await config('FROM scratch\nCMD echo hi\n')).Cmd).toEqual(['/bin/sh', '-c', 'echo hi']);
    expect((await config('FROM scratch\nCMD ["a","b"]\n')).Cmd).toEqual(['a', 'b']);
    expect((await config('FROM scratch\nCMD [rails, s, -b, "0.0.0.0"]\n')).Cmd).toEqual(['/bin/sh', '-c', '[rails, s, -b, "0.0.0.0"]']);
  });
  it('ENTRYPOINT drops a CMD inherited from the parent stage, keeps one set earlier in the stage', async () => {
    const inherited = await config('FROM scratch AS a\nCMD ["x"]\nFROM a\nENTRYPOINT ["e"]\n');
    expect([inherited.Entrypoint, inherited.Cmd]).toEqual([['e'], undefined]);
    const own = await config('FROM scratch\nCMD ["x"]\nENTRYPOINT ["e"]\n');
    expect([own.Entrypoint, own.Cmd]).toEqual([['e'], ['x']]);
  });
  it('SHELL changes later shell forms only', async () => {
    const c = await config('FROM scratch\nCMD one\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nENTRYPOINT two\n');
    expect([c.Cmd, c.Entrypoint, c.Shell]).toEqual([
      ['/bin/sh', '-c', 'one'],
      ['/bin/bash', '-o', 'pipefail', '-c', 'two'],
      ['/bin/bash', '-o', 'pipefail', '-c'],
    ]);
  });
  it('BuildKit marks ArgsEscaped on CMD, classic does not', async () => {
    expect((await config('FROM scratch\nCMD ["x"]\n')).ArgsEscaped).toBe(true);
    expect((await config('FROM scratch\nCMD ["x"]\n', 'classic')).ArgsEscaped).toBeUndefined();
  });
});

describe('EXPOSE, VOLUME, STOPSIGNAL, USER, LABEL', () => {
  it('EXPOSE splits words, expands ranges, lower-cases protocols and drops host parts', async () => {
    const c = await config('FROM scratch\nENV PORTS="3000 4000/udp"\nEXPOSE $PORTS 8000-8001 127.0.0.1:80:90/TCP\n');
    expect(Object.keys(c.ExposedPorts!).sort()).toEqual(['3000/tcp', '4000/udp', '8000/tcp', '8001/tcp', '90/tcp']);
  });
  it('EXPOSE with an unknown protocol fails', async () => {
    expect(await failure('FROM scratch\nEXPOSE 80/xyz\n')).toBe('Invalid proto: xyz');
  });
  it('VOLUME in JSON and plain form, each item expanded', async () => {
    const c = await config('FROM scratch\nENV D=/data\nVOLUME ["$D", "/logs"]\nVOLUME /a /b\n');
    expect(Object.keys(c.Volumes!)).toEqual(['/data', '/logs', '/a', '/b']);
  });
  it('STOPSIGNAL is validated and stored as written', async () => {
    expect((await config('FROM scratch\nSTOPSIGNAL SIGQUIT\n')).StopSignal).toBe('SIGQUIT');
    expect(await failure('FROM scratch\nSTOPSIGNAL SIGNOPE\n')).toBe('invalid signal: SIGNOPE');
  });
  it('USER is stored as expanded; an unset variable leaves it empty', async () => {
    expect((await config('FROM scratch\nENV U=app\nUSER $U:staff\n')).User).toBe('app:staff');
    expect((await config('FROM scratch\nUSER $UNSET\n')).User).toBeUndefined();
    expect((await config('FROM scratch\nUSER $UNSET\n', 'classic')).User).toBe('');
  });
  it('LABEL keys and values are expanded and merged with inherited ones', async () => {
    const c = await config('FROM scratch AS a\nLABEL a=1 b=2\nFROM a\nENV K=b\nLABEL $K=3 "c d"="e f"\n');
    expect(c.Labels).toEqual({ a: '1', b: '3', 'c d': 'e f' });
  });
});

describe('HEALTHCHECK', () => {
  it('CMD in shell and exec form with durations in nanoseconds', async () => {
    expect((await config('FROM scratch\nHEALTHCHECK --interval=30s --retries=3 CMD curl -f x\n')).Healthcheck).toEqual({
      Test: ['CMD-SHELL', 'curl -f x'],
      Interval: 30e9,
      Retries: 3,
    });
    expect((await config('FROM scratch\nHEALTHCHECK CMD ["curl", "x"]\n')).Healthcheck).toEqual({ Test: ['CMD', 'curl', 'x'] });
  });
  const child = 'FROM scratch AS a\nHEALTHCHECK --interval=30s CMD x\nFROM a\nHEALTHCHECK NONE\n';
  it('NONE: BuildKit keeps only the test, classic keeps the inherited timings', async () => {
    expect((await config(child)).Healthcheck).toEqual({ Test: ['NONE'] });
    expect((await config(child, 'classic')).Healthcheck).toEqual({ Test: ['NONE'], Interval: 30e9 });
  });
});

describe.each<BuilderMode>(['buildkit', 'classic'])('%s: ONBUILD', (builder) => {
  it('triggers run first in the child stage and are not inherited further', async () => {
    const c = await config('FROM scratch AS base\nONBUILD ENV TRIGGERED=yes\nFROM base AS child\nENV AFTER=$TRIGGERED\n', builder);
    expect(c.Env).toEqual([PATH, 'TRIGGERED=yes', 'AFTER=yes']);
    expect(c.OnBuild ?? null).toBeNull();
  });
  it('a stage that declares ONBUILD records it', async () => {
    expect((await config('FROM scratch\nONBUILD RUN echo hi\n', builder)).OnBuild).toEqual(['RUN echo hi']);
  });
});

describe('WORKDIR', () => {
  it('resolves relative paths like cd and expands variables', async () => {
    expect((await config('FROM scratch\nWORKDIR /a\nWORKDIR b\nWORKDIR ../c\nENV D=d\nWORKDIR ${D}/./e\n')).WorkingDir).toBe('/a/c/d/e');
  });
  it('BuildKit creates the directory owned by the current USER, classic owned by root', async () => {
    const df = 'FROM scratch\nUSER 1000\nWORKDIR /opt/made\n';
    const owners = (r: BuildResult) => r.tree.map((e) => `${e.path} ${e.uid}:${e.gid}`);
    expect(owners(await build(df))).toEqual(['/opt 1000:1000', '/opt/made 1000:1000']);
    expect(owners(await build(df, 'classic'))).toEqual(['/opt 0:0', '/opt/made 0:0']);
  });
  it('BuildKit commits a layer for every WORKDIR, classic only when it creates the directory', async () => {
    const df = 'FROM scratch\nWORKDIR /w\nWORKDIR /w\n';
    expect((await build(df)).history.map((h) => [h.createdBy, h.emptyLayer])).toEqual([
      ['WORKDIR /w', false],
      ['WORKDIR /w', false],
    ]);
    expect((await build(df, 'classic')).history.map((h) => [h.createdBy, h.emptyLayer])).toEqual([
      ['/bin/sh -c #(nop) WORKDIR /w', false],
      ['/bin/sh -c #(nop) WORKDIR /w', true],
    ]);
  });
});

describe('history', () => {
  it('BuildKit writes instruction texts, classic #(nop) commands in the current shell', async () => {
    const df = 'FROM scratch\nENV A=1\nUSER u\nCMD ["x"]\nEXPOSE 80\n';
    expect((await build(df)).history.map((h) => h.createdBy)).toEqual(['ENV A=1', 'USER u', 'CMD ["x"]', 'EXPOSE map[80/tcp:{}]']);
    expect((await build(df, 'classic')).history.map((h) => h.createdBy)).toEqual([
      '/bin/sh -c #(nop)  ENV A=1',
      '/bin/sh -c #(nop)  USER u',
      '/bin/sh -c #(nop)  CMD ["x"]',
      '/bin/sh -c #(nop)  EXPOSE 80',
    ]);
  });
});
