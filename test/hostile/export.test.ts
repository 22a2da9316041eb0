/**
 * Exports write nothing outside their destination (a local directory holding symlinks and hard
 * links that lead out of it, a tar file), and the same input always gives byte-identical JSON,
 * text and tar output, in process and through the built CLI.
 */
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulate, exportImage, formatResult, type BuildResult, type EmulateOptions } from '../../src/index.js';
import { fixtureImages, HOSTILE_CONTEXT, scenarios } from '../fuzz/arbitraries.js';
import { cli, removeTree, tarOf, tempDir } from './helpers.js';

let outside: string;
beforeAll(() => {
  outside = tempDir('outside');
  mkdirSync(join(outside, 'dir'));
  writeFileSync(join(outside, 'dir', 'keep.txt'), 'keep\n');
  writeFileSync(join(outside, 'file.txt'), 'outside\n');
});
afterAll(() => removeTree(outside));

/** Every path under a directory with its type and content, to compare before and after. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = join(rel, name);
      const st = lstatSync(join(dir, path));
      out.push(`${path} ${st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : readFileSync(join(dir, path), 'utf8')}`);
      if (st.isDirectory()) walk(path);
    }
  };
  walk('');
  return out;
}

describe('exports write only inside their destination', () => {
  const image = (): Promise<BuildResult> =>
    emulate({
      dockerfile: 'FROM scratch\nCOPY a /app/x.txt\nCOPY a /file.txt\nCOPY a /sub/g.txt\nCOPY a /hard.txt\nCOPY dir/ /dir/\n',
      context: { a: 'from the image\n', 'dir/keep.txt': 'image\n' },
    });

  it('replaces symlinks and hard links already in a local destination, never writing through them', async () => {
    const dest = tempDir('local');
    try {
      symlinkSync(join(outside, 'dir'), join(dest, 'app')); // a directory the image has
      symlinkSync(join(outside, 'file.txt'), join(dest, 'file.txt')); // a file the image has
      mkdirSync(join(dest, 'sub'));
      symlinkSync(join(outside, 'file.txt'), join(dest, 'sub', 'g.txt'));
      linkSync(join(outside, 'file.txt'), join(dest, 'hard.txt')); // the same inode as the outside file
      symlinkSync(outside, join(dest, 'dir'));
      const before = snapshot(outside);
      await exportImage(await image(), { type: 'local', dest });
      expect(snapshot(outside)).toEqual(before);
      expect(lstatSync(join(dest, 'app')).isDirectory()).toBe(true);
      expect(readFileSync(join(dest, 'app', 'x.txt'), 'utf8')).toBe('from the image\n');
      expect(readFileSync(join(dest, 'file.txt'), 'utf8')).toBe('from the image\n');
      expect(readFileSync(join(dest, 'hard.txt'), 'utf8')).toBe('from the image\n');
      expect(readFileSync(join(dest, 'dir', 'keep.txt'), 'utf8')).toBe('image\n');
    } finally {
      removeTree(dest);
    }
  });

  it('writes image symlinks that point out as symlinks, and nothing through them', async () => {
    const dest = tempDir('links');
    try {
      const r = await emulate({
        dockerfile: 'FROM scratch\nCOPY . /\n',
        context: { out: { symlink: outside }, up: { symlink: '../../../../..' + outside }, 'z.txt': 'z\n' },
      });
      const before = snapshot(outside);
      await exportImage(r, { type: 'local', dest });
      expect(snapshot(outside)).toEqual(before);
      expect(lstatSync(join(dest, 'out')).isSymbolicLink()).toBe(true);
    } finally {
      removeTree(dest);
    }
  });

  it('writes a tar export to its destination file only', async () => {
    const dir = tempDir('tar');
    try {
      writeFileSync(join(dir, 'neighbour'), 'stays\n');
      await exportImage(await image(), { type: 'tar', dest: join(dir, 'image.tar') });
      expect(readdirSync(dir).sort()).toEqual(['image.tar', 'neighbour']);
      expect(readFileSync(join(dir, 'neighbour'), 'utf8')).toBe('stays\n');
    } finally {
      removeTree(dir);
    }
  });

  it('writes names that are not UTF-8 with their own bytes', async () => {
    const ctx = tempDir('bytes');
    const dest = tempDir('bytes-out');
    try {
      writeFileSync(Buffer.concat([Buffer.from(`${ctx}/n`), Buffer.of(0xff)]), 'x\n');
      const r = await emulate({ context: ctx, dockerfile: 'FROM scratch\nCOPY . /\n' });
      await exportImage(r, { type: 'local', dest });
      expect(readdirSync(dest, { encoding: 'buffer' })).toEqual([Buffer.of(0x6e, 0xff)]);
    } finally {
      removeTree(ctx);
      removeTree(dest);
    }
  });
});

describe('the same input gives byte-identical output', () => {
  const twice = async (options: EmulateOptions, tar = true): Promise<void> => {
    const [a, b] = [await emulate(options), await emulate(options)];
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(formatResult(b, 'Dockerfile')).toBe(formatResult(a, 'Dockerfile'));
    if (tar && a.status === 'success') expect((await tarOf(b)).equals(await tarOf(a))).toBe(true);
  };

  it('for every recorded scenario, with both builders (JSON and text; the tar of one in ten)', async () => {
    const images = await fixtureImages();
    for (const [i, s] of scenarios().entries()) {
      for (const builder of ['buildkit', 'classic'] as const) {
        const options = { dockerfile: s.dockerfile, context: s.context, builder, images, target: s.target, buildArgs: s.buildArgs };
        await twice(options, i % 10 === 0);
      }
    }
  }, 60_000);

  it('for the hostile context', async () => {
    await twice({ dockerfile: 'FROM scratch\nCOPY . /\nADD evil.tar a.tar.gz /x/\n', context: HOSTILE_CONTEXT });
    await twice({ dockerfile: 'FROM scratch\nCOPY . /\nADD evil.tar a.tar.gz /x/\n', context: HOSTILE_CONTEXT, builder: 'classic' });
  });

  it('through the built CLI: --format json, text, -o type=tar and --metadata-file', () => {
    const dir = tempDir('cli-determinism');
    try {
      mkdirSync(join(dir, 'ctx'));
      writeFileSync(join(dir, 'ctx', 'Dockerfile'), 'FROM scratch AS b\nCOPY . /src/\nFROM scratch\nCOPY --from=b /src /app\nENV A=1\nCMD ["x"]\n');
      writeFileSync(join(dir, 'ctx', 'a.txt'), 'a\n');
      symlinkSync('a.txt', join(dir, 'ctx', 'link'));
      const run = (n: number) => {
        const json = cli(['build', 'ctx', '--format', 'json'], dir);
        const text = cli(['build', 'ctx'], dir);
        const tar = cli(['build', 'ctx', '-o', `type=tar,dest=out${n}.tar`, '--metadata-file', `meta${n}.json`], dir);
        expect([json.code, text.code, tar.code]).toEqual([0, 0, 0]);
        return { json: json.stdout, text: text.stdout, tar: readFileSync(join(dir, `out${n}.tar`)), meta: readFileSync(join(dir, `meta${n}.json`)) };
      };
      const [a, b] = [run(1), run(2)];
      expect(b.json.equals(a.json)).toBe(true);
      expect(b.text.equals(a.text)).toBe(true);
      expect(b.tar.equals(a.tar)).toBe(true);
      expect(b.meta.equals(a.meta)).toBe(true);
      // No clock in the tar: every header's mtime is 0.
      for (let off = 0; off + 512 <= a.tar.length; off += 512) {
        const header = a.tar.subarray(off, off + 512);
        if (header.subarray(257, 262).toString() === 'ustar') expect(header.subarray(136, 147).toString()).toBe('00000000000');
      }
    } finally {
      removeTree(dir);
    }
  });
});
