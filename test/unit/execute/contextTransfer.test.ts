/**
 * BuildKit sends only the context paths the needed stages name; a wildcard source's cache key
 * follows the symlinks inside its matches, so a link to a path nobody named is "not found".
 * Every expectation here was seen in real Docker Engine 26.1 builds (scenarios/copy/*inner-link*).
 */
import { describe, expect, it } from 'vitest';
import { emulate, type ContextFiles } from '../../../src/index.js';

const CONTEXT: ContextFiles = {
  'sub/a.txt': 'a\n',
  'sub/link': { symlink: '../x.txt' },
  'x.txt': 'x\n',
  'deep/f.txt': 'f\n',
  'deep/g.txt': 'g\n',
};

async function outcome(dockerfile: string, context: ContextFiles = CONTEXT): Promise<string> {
  const result = await emulate({ dockerfile, context, builder: 'buildkit' });
  return result.failure ? `line ${result.failure.range?.start.line}: ${result.failure.message}` : 'success';
}

const notFound = (line: number, path: string): string =>
  `line ${line}: failed to compute cache key: failed to calculate checksum of ref <ref>: "${path}": not found`;

describe('the context BuildKit sends', () => {
  it('lacks a path no needed instruction names, which a link inside a wildcard match then misses', async () => {
    expect(await outcome('FROM scratch\nCOPY s* /dst/\n')).toBe(notFound(2, '/x.txt'));
  });

  it('holds a path another COPY of a needed stage names, even a later one', async () => {
    expect(await outcome('FROM scratch\nCOPY s* /dst/\nCOPY x.txt /x.txt\n')).toBe('success');
  });

  it('is the whole context when any source is the context root', async () => {
    expect(await outcome('FROM scratch AS other\nCOPY . /all/\nFROM scratch\nCOPY --from=other /all/x.txt /x\nCOPY s* /dst/\n')).toBe('success');
  });

  it('ignores what a stage BuildKit skips would name', async () => {
    expect(await outcome('FROM scratch AS unused\nCOPY x.txt /x.txt\nFROM scratch\nCOPY s* /dst/\n')).toBe(notFound(4, '/x.txt'));
  });

  it('holds the directories on the way to a named path, so a link to one of them resolves', async () => {
    const context = { ...CONTEXT, 'sub/link': { symlink: '../deep' } };
    expect(await outcome('FROM scratch\nCOPY deep/f.txt /f.txt\nCOPY s* /dst/\n', context)).toBe('success');
  });

  it('follows the symlinks along a named path, so their targets are sent too', async () => {
    const context = { ...CONTEXT, 'l1': { symlink: 'x.txt' } };
    expect(await outcome('FROM scratch\nCOPY l1 /l1\nCOPY s* /dst/\n', context)).toBe('success');
  });

  it('needs every link of a chain sent: the first one missing is reported', async () => {
    const context = { ...CONTEXT, 'sub/link': { symlink: '../hop' }, hop: { symlink: 'x.txt' } };
    expect(await outcome('FROM scratch\nCOPY s* /dst/\nCOPY x.txt /\n', context)).toBe(notFound(2, '/hop'));
  });

  it('does not matter to a directory named without wildcards: its links are copied, not followed', async () => {
    const result = await emulate({ dockerfile: 'FROM scratch\nCOPY sub /dst/\n', context: CONTEXT, builder: 'buildkit' });
    expect(result.failure).toBeUndefined();
    expect(result.tree.find((e) => e.path === '/dst/link')).toMatchObject({ type: 'symlink', linkTarget: '../x.txt' });
  });

  it('is the classic builder’s whole context', async () => {
    const result = await emulate({ dockerfile: 'FROM scratch\nCOPY s* /dst/\n', context: CONTEXT, builder: 'classic' });
    expect(result.failure).toBeUndefined();
  });
});

describe('a wildcard source’s cache key in a stage', () => {
  it('fails on a dangling link inside a matched directory, reported by the path the link leads to', async () => {
    const context = { 'sub/gone': { symlink: 'missing.txt' } };
    expect(await outcome('FROM scratch\nCOPY sub s* /dst/\n', context)).toBe(notFound(2, '/sub/missing.txt'));
  });

  it('follows a matched symlink itself in the cache-key pass, before a named source is found missing as it is copied', async () => {
    const context = { link: { symlink: 'missing.txt' } };
    expect(await outcome('FROM scratch\nCOPY . link l* /dst/\n', context)).toBe(notFound(2, '/missing.txt'));
  });
});
