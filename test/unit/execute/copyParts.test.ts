import { describe, expect, it } from 'vitest';
import { probeArchive } from '../../../src/execute/copy/archive.js';
import { parseChmod } from '../../../src/execute/copy/chmod.js';
import { hasWildcards, matchSegment } from '../../../src/execute/copy/glob.js';
import { sourceKind } from '../../../src/execute/copy/sourceKind.js';
import { contentFromBuffer } from '../../../src/fs/content.js';

describe('matchSegment (Go filepath.Match)', () => {
  it.each([
    ['*', 'abc', true],
    ['*', '', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abd', false],
    ['?', 'é', true],
    ['??', 'é', false],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[^a-c]x', 'dx', true],
    ['[\\]]', ']', true],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['[', '[', false],
    ['[]', 'x', false],
    ['a[', 'a', false],
    ['x\\', 'x', false],
    ['[a-]', 'a', false],
  ])('%s against %s → %s', (pattern, name, expected) => {
    expect(matchSegment(pattern, name)).toBe(expected);
  });

  it('knows which segments have wildcards', () => {
    expect(['a*', 'a?', '[ab]', 'a\\*', 'plain'].map(hasWildcards)).toEqual([true, true, true, false, false]);
  });
});

describe('sourceKind', () => {
  it.each([
    ['a.txt', 'local', 'local'],
    ['https://example.com/a.tgz', 'url', 'url'],
    ['http://example.com/r.git', 'git', 'url'],
    ['git@github.com:a/b', 'git', 'local'],
    ['ssh://host/repo', 'git', 'local'],
    ['git://host/repo', 'git', 'local'],
    ['dir/x.git', 'git', 'local'],
    ['./dir/x.git', 'local', 'local'],
    ['github.com/a/b.git', 'local', 'local'],
    ['ftp://host/x.git', 'local', 'local'],
  ] as const)('%s is %s to BuildKit, %s to classic', (source, buildkit, classic) => {
    expect(sourceKind(source, 'buildkit')).toBe(buildkit);
    expect(sourceKind(source, 'classic')).toBe(classic);
  });
});

describe('parseChmod (frontend 1.7)', () => {
  it.each([
    ['644', 0o644],
    ['04755', 0o4755],
    ['10755', 0o755],
    ['0', 0],
    ['u+x', undefined],
    ['64a', undefined],
    ['-1', undefined],
    ['0o755', undefined],
    ['', undefined],
  ])('%s → %s', (value, expected) => {
    expect(parseChmod(value, 'buildkit')).toBe(expected);
  });
});

describe('probeArchive', () => {
  const file = (bytes: Buffer) => ({ type: 'file' as const, mode: 0o644, uid: 0, gid: 0, content: contentFromBuffer(bytes) });

  it('needs a first header with a valid checksum', () => {
    const header = Buffer.alloc(1024);
    header.write('x', 0);
    header.write('0000644\0', 100);
    header.write('00000000000\0', 124);
    header.write('0', 156);
    expect(probeArchive(file(header)).kind).toBe('plain');
    let sum = 0;
    header.write('        ', 148);
    for (const b of header.subarray(0, 512)) sum += b;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    expect(probeArchive(file(header)).kind).toBe('tar');
    expect(probeArchive(file(Buffer.alloc(1024))).kind).toBe('plain');
  });
});
