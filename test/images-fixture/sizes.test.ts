import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulate, saveImageFixture } from '../../src/index.js';
import { dockerSaveLegacy, makeTar, type TarEntry } from '../unit/images/archives.js';

/**
 * Fixture sizes (measured when this was written, for the record):
 * - scenarios/images/node_16-bullseye.tar, 2,161,664 bytes, 303 paths: 15,446 bytes of JSON, 2,764 gzipped.
 * - a synthetic 91 MB image of 30,000 files, 3,000 symlinks, 1,504 directories: 4.6 MB of JSON
 *   (135 bytes a path), 1.35 MB gzipped (39 bytes a path, mostly the hashes, which do not compress).
 */
const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dfsim-fixture-size-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fixture sizes', () => {
  it('node:16-bullseye (the stand-in): under 1% of the archive, and builds the example as the archive does', async () => {
    const archive = join(ROOT, 'scenarios', 'images', 'node_16-bullseye.tar');
    const json = await saveImageFixture({ source: archive, dest: join(dir, 'node.json') });
    const gz = await saveImageFixture({ source: archive, dest: join(dir, 'node.json.gz') });
    expect(json).toMatchObject({ entries: 303, files: 11 });
    expect(json.bytes).toBeLessThan(20_000);
    expect(gz.bytes).toBeLessThan(4_000);
    expect(gz.bytes / statSync(archive).size).toBeLessThan(0.01);
    const example = join(ROOT, 'examples', 'multi-stage');
    const build = (image: string) => emulate({ context: example, target: 'dev', images: { 'node:16-bullseye': image } });
    const [a, f] = await Promise.all([build(archive), build(gz.dest)]);
    expect(f.tree).toEqual(a.tree);
    expect(f.config).toEqual(a.config);
  });

  it('a synthetic image of 3,000 files: under 160 bytes a path, under 60 gzipped', async () => {
    const entries: TarEntry[] = [{ name: 'usr/', type: 'directory' }, { name: 'usr/lib/', type: 'directory' }];
    for (let i = 0; i < 3000; i++) {
      const pkg = `usr/lib/pkg-${Math.floor(i / 40)}/`;
      if (i % 40 === 0) entries.push({ name: pkg, type: 'directory' });
      entries.push({ name: `${pkg}module-${i}.js`, content: randomBytes(100 + (i % 900)) });
      if (i % 10 === 0) entries.push({ name: `${pkg}index-${i}.js`, type: 'symlink', linkname: `module-${i}.js` });
    }
    const archive = join(dir, 'synthetic.tar');
    writeFileSync(archive, await dockerSaveLegacy([{ tags: ['synthetic:1'], layers: [await makeTar(entries)] }]));
    const json = await saveImageFixture({ source: archive, dest: join(dir, 'synthetic.json') });
    const gz = await saveImageFixture({ source: archive, dest: join(dir, 'synthetic.json.gz') });
    expect(json.entries).toBe(entries.length);
    expect(json.bytes / json.entries).toBeLessThan(160);
    expect(gz.bytes / gz.entries).toBeLessThan(60);
  });
});
