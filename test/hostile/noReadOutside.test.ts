/**
 * The proof that nothing outside the context directory is read: every path the library hands to
 * `node:fs` during a build is recorded (the module is wrapped), and each must be the context
 * directory or inside it, whatever the context's symlinks, archives and `..` sources try.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { emulate, inlineImage, type BuilderMode } from '../../src/index.js';
import { tar } from '../fuzz/tar.js';
import { expectNoBait, makeBait, removeTree, tempDir, type Bait } from './helpers.js';

/** Paths given to the fs calls that look at or read a file (by path; fd calls follow an open). */
const { seen, recording } = vi.hoisted(() => {
  const seen: Buffer[] = [];
  const PATH_CALLS = [
    'openSync', 'readFileSync', 'readdirSync', 'lstatSync', 'statSync', 'readlinkSync', 'accessSync', 'existsSync',
    'realpathSync', 'createReadStream', 'opendirSync',
    'open', 'readFile', 'readdir', 'lstat', 'stat', 'readlink', 'access', 'opendir', 'realpath',
  ];
  const recording = <T extends Record<string, unknown>>(module: T): T => {
    const wrapped: Record<string, unknown> = { ...module };
    for (const name of PATH_CALLS) {
      const original = module[name];
      if (typeof original !== 'function') continue;
      wrapped[name] = (...args: unknown[]) => {
        const path = args[0];
        if (typeof path === 'string' || Buffer.isBuffer(path)) seen.push(Buffer.from(path as string));
        return (original as (...a: unknown[]) => unknown)(...args);
      };
    }
    return wrapped as T;
  };
  return { seen, recording };
});

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<Record<string, unknown>>();
  const wrapped = recording(fs);
  return { ...wrapped, default: wrapped, promises: recording(fs.promises as Record<string, unknown>) };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<Record<string, unknown>>();
  const wrapped = recording(fs);
  return { ...wrapped, default: wrapped };
});

let bait: Bait;
let ctx: string;

beforeAll(() => {
  bait = makeBait();
  ctx = tempDir('noread');
  writeFileSync(join(ctx, 'a.txt'), 'a\n');
  mkdirSync(join(ctx, 'dir'));
  writeFileSync(join(ctx, 'dir', 'b.txt'), 'b\n');
  writeFileSync(join(ctx, '.dockerignore'), 'ignored\n');
  writeFileSync(join(ctx, 'ignored'), 'x\n');
  symlinkSync('/etc/passwd', join(ctx, 'link-abs'));
  symlinkSync(bait.file, join(ctx, 'link-bait'));
  symlinkSync(relative(ctx, bait.file), join(ctx, 'link-rel'));
  symlinkSync(bait.dir, join(ctx, 'link-dir'));
  symlinkSync('../../../../../../../../etc', join(ctx, 'link-etc'));
  writeFileSync(
    join(ctx, 'evil.tar'),
    tar([
      { name: '../../../../etc/passwd-from-tar', data: 'x\n' },
      { name: 'etc', type: '2', linkname: '/etc' },
      { name: 'etc/passwd', data: 'written through a link\n' },
      { name: 'hard', type: '1', linkname: '../../../../../etc/passwd' },
    ]),
  );
  writeFileSync(join(ctx, 'ok.tar'), tar([{ name: 'etc', type: '2', linkname: '/etc' }, { name: 'z', data: 'z\n' }]));
});

afterAll(() => {
  removeTree(ctx);
  removeTree(bait.dir);
});

const inside = (path: Buffer): boolean => {
  const root = Buffer.from(ctx);
  return path.equals(root) || (path.subarray(0, root.length + 1).equals(Buffer.concat([root, Buffer.from('/')])) && !path.includes('/../'));
};

const DOCKERFILES = [
  'FROM scratch\nCOPY . /\n',
  'FROM scratch\nCOPY link-abs link-bait link-rel /x/\n',
  'FROM scratch\nCOPY link-dir/secret.txt /x\n',
  'FROM scratch\nCOPY link-etc/passwd /x\n',
  'FROM scratch\nCOPY ../../../../etc/passwd /x\n',
  'FROM scratch\nCOPY /etc/passwd /x\n',
  'FROM scratch\nADD evil.tar /\n',
  'FROM scratch\nADD ok.tar /\nCOPY a.txt /etc/passwd\n',
  'FROM base\nCOPY a.txt /escape/\nADD ok.tar /escape/\n',
  'FROM scratch AS s\nCOPY . /s/\nFROM s\nCOPY --from=s /s/link-bait /s/link-etc/ /y/\n',
];

describe.each<BuilderMode>(['buildkit', 'classic'])('with %s, every fs path the build reads is inside the context', (builder) => {
  it.each(DOCKERFILES)('%j', async (dockerfile) => {
    const base = inlineImage({ files: { '/escape': { target: '../../../..' + bait.dir }, [`${bait.dir}/`]: { type: 'dir' } } });
    seen.length = 0;
    const r = await emulate({ context: ctx, dockerfile, builder, images: { base } });
    expect(['success', 'failure']).toContain(r.status);
    JSON.stringify(r); // lazy parts of the result (classic history hashes) read files too
    await expectNoBait(r, bait); // exporting reads every file's content
    expect(seen.length).toBeGreaterThan(0);
    const outside = seen.filter((p) => !inside(p)).map((p) => p.toString());
    expect(outside).toEqual([]);
  });
});

it('the recorder itself sees a read outside the context (so an empty list above means something)', () => {
  seen.length = 0;
  readFileSync(bait.file);
  expect(seen.map((p) => p.toString())).toEqual([bait.file]);
  expect(inside(seen[0]!)).toBe(false);
});
