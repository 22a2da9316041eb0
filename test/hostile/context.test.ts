/**
 * Hostile build contexts on disk: symlinks out of the context and in loops, `..` sources, names
 * that are not UTF-8, names differing only in case, FIFOs and sockets, unreadable files, files
 * swapped while the build runs, 100k entries, 10k-deep directories. Every build ends in a result,
 * and nothing from outside the context (the host's /etc/passwd, a marker file) reaches an image.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFromDirectory } from '../../src/context/buildContext.js';
import { DockerfileError, emulate, exportImage, imageFs, inlineImage, type BuilderMode } from '../../src/index.js';
import { deepTree, expectNoBait, isRoot, makeBait, removeTree, removeTreeLater, ROOT, tempDir, type Bait } from './helpers.js';

const BUILDERS: BuilderMode[] = ['buildkit', 'classic'];
let bait: Bait;
let ctx: string;
let socket: Server;

beforeAll(async () => {
  bait = makeBait();
  ctx = tempDir('ctx');
  writeFileSync(join(ctx, 'a.txt'), 'lower\n');
  writeFileSync(join(ctx, 'A.txt'), 'UPPER\n');
  mkdirSync(join(ctx, 'dir'));
  writeFileSync(join(ctx, 'dir', 'b.txt'), 'b\n');
  symlinkSync('/etc/passwd', join(ctx, 'link-abs'));
  symlinkSync(bait.file, join(ctx, 'link-bait'));
  symlinkSync('../../../../../../../../etc/passwd', join(ctx, 'link-up'));
  symlinkSync(bait.dir, join(ctx, 'link-bait-dir'));
  symlinkSync(relative(ctx, bait.file), join(ctx, 'link-rel-bait'));
  symlinkSync('loop', join(ctx, 'loop'));
  symlinkSync('loop-b', join(ctx, 'loop-a'));
  symlinkSync('loop-a', join(ctx, 'loop-b'));
  spawnSync('mkfifo', [join(ctx, 'fifo')]);
  socket = createServer();
  await new Promise<void>((done) => socket.listen(join(ctx, 'sock'), done));
  // Names are bytes: these two differ only in bytes that are not UTF-8.
  const at = (...parts: Array<string | Buffer>): Buffer => Buffer.concat([Buffer.from(ctx), ...parts.map((p) => Buffer.from(p))]);
  writeFileSync(at('/bad', Buffer.of(0xff)), 'ff\n');
  writeFileSync(at('/bad', Buffer.of(0xfe)), 'fe\n');
  mkdirSync(at('/d', Buffer.of(0xe9)));
  writeFileSync(at('/d', Buffer.of(0xe9), '/inside'), 'in a latin-1 dir\n');
  symlinkSync(Buffer.concat([Buffer.from('bad'), Buffer.of(0xff)]), at('/link', Buffer.of(0x80)));
});

afterAll(() => {
  socket?.close();
  removeTree(ctx);
  removeTree(bait.dir);
});

const build = (dockerfile: string, builder: BuilderMode, extra: Parameters<typeof emulate>[0] = {}) =>
  emulate({ context: ctx, dockerfile, builder, ...extra });

describe.each(BUILDERS)('a hostile context with %s', (builder) => {
  it('is sent whole: links stay links (never followed on the host), a FIFO is left out unopened', async () => {
    const started = performance.now();
    const r = await build('FROM scratch\nCOPY . /\n', builder);
    expect(performance.now() - started).toBeLessThan(10_000); // opening the FIFO would block for good
    expect(r.status).toBe('success');
    const byPath = new Map(r.tree.map((e) => [e.path, e]));
    expect(byPath.get('/link-abs')).toMatchObject({ type: 'symlink', linkTarget: '/etc/passwd' });
    expect(byPath.get('/link-bait')).toMatchObject({ type: 'symlink', linkTarget: bait.file });
    expect(byPath.get('/link-up')).toMatchObject({ type: 'symlink', linkTarget: '../../../../../../../../etc/passwd' });
    expect(byPath.get('/link-bait-dir')).toMatchObject({ type: 'symlink', linkTarget: bait.dir });
    expect(byPath.get('/loop')).toMatchObject({ type: 'symlink', linkTarget: 'loop' });
    // Docker sends a FIFO and the image holds one; the tree has no such type, so it is left out.
    expect(byPath.has('/fifo')).toBe(false);
    // Checked against Docker 26.1: BuildKit sends a socket as an empty file, classic leaves it out.
    if (builder === 'buildkit') expect(byPath.get('/sock')).toMatchObject({ type: 'file', size: 0, mode: 0o755 });
    else expect(byPath.has('/sock')).toBe(false);
    // Names that differ only in case are different files.
    expect(imageFs(r).readFileSync('/a.txt', 'utf8')).toBe('lower\n');
    expect(imageFs(r).readFileSync('/A.txt', 'utf8')).toBe('UPPER\n');
    await expectNoBait(r, bait);
  });

  it('keeps names that are not UTF-8 as their bytes, apart', async () => {
    const r = await build('FROM scratch\nCOPY . /\n', builder);
    const paths = r.tree.map((e) => e.path);
    expect(paths).toContain('/bad\uDCFF');
    expect(paths).toContain('/bad\uDCFE');
    expect(paths).toContain('/d\uDCE9/inside');
    expect(r.tree.find((e) => e.path === '/link\uDC80')).toMatchObject({ type: 'symlink', linkTarget: 'bad\uDCFF' });
    expect(imageFs(r).readFileSync('/bad\uDCFE', 'utf8')).toBe('fe\n');
    expect(() => JSON.stringify(r)).not.toThrow();
  });

  it.each([
    ['link-abs', '/etc/passwd'],
    ['link-up', '/etc/passwd'],
    ['link-bait', bait?.file],
    ['link-rel-bait', ''],
    ['link-bait-dir/secret.txt', ''],
  ])('resolves a symlink source %s inside the context only (%s is not there)', async (source) => {
    const r = await build(`FROM scratch\nCOPY ${source} /x\n`, builder);
    expect(r.status).toBe('failure');
    expect(r.failure).toMatchObject({ code: 'source-not-found', range: { start: { line: 2 } } });
    await expectNoBait(r, bait);
  });

  it('cannot name a source outside the context with ..', async () => {
    const r = await build('FROM scratch\nCOPY ../../../../etc/passwd /x\nCOPY ../../.. /all/\n', builder);
    expect(r.status).toBe('failure');
    expect(r.failure?.range?.start.line).toBe(2);
    expect(r.failure?.message).toMatch(builder === 'classic' ? /forbidden path outside the build context/ : /not found/);
  });

  it('fails a source through a symlink loop, located, instead of throwing', async () => {
    for (const source of ['loop/x', 'loop-a/x', 'loop']) {
      const r = await build(`FROM scratch\nCOPY ${source} /x\n`, builder);
      expect(r.status).toBe('failure');
      expect(r.failure?.range?.start.line).toBe(2);
    }
  });

  it('never opens a FIFO named as a source', async () => {
    const r = await build('FROM scratch\nADD fifo /x\nCOPY fifo /y\n', builder);
    expect(r.failure).toMatchObject({ code: 'source-not-found' });
  });

  it('keeps writes through image symlinks that point out of the image root inside the image', async () => {
    const base = inlineImage({
      files: {
        '/escape': { target: `../../../../../../..${bait.dir}` },
        '/abs': { target: bait.dir },
        '/etc/passwd': 'root:x:0:0::/root:/bin/sh\n',
        [`${bait.dir}/keep`]: 'the same path inside the image\n',
      },
    });
    const before = readdirSync(bait.dir);
    const r = await build(
      'FROM base\nCOPY a.txt /escape/\nCOPY a.txt /abs/b.txt\nWORKDIR /escape/w\nCOPY --chown=0:0 dir /abs/dir/\n',
      builder,
      { images: { base } },
    );
    expect(r.status).toBe('success');
    // The links resolve from the image root: the files land at the bait's path inside the image.
    const paths = r.tree.map((e) => e.path);
    expect(paths).toContain(`${bait.dir}/a.txt`);
    expect(paths).toContain(`${bait.dir}/b.txt`);
    expect(paths).toContain(`${bait.dir}/w`);
    expect(readdirSync(bait.dir)).toEqual(before);
    const out = tempDir('out');
    try {
      await exportImage(r, { type: 'local', dest: out });
      expect(readdirSync(bait.dir)).toEqual(before);
    } finally {
      removeTree(out);
    }
  });
});

describe('a context file that changes after the context is read', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('swap');
  });
  afterAll(() => removeTree(dir));

  const fileOf = async (builder: BuilderMode, path: string) => {
    const context = await contextFromDirectory(dir, { builder });
    const node = context.tree.get(path);
    if (node?.type !== 'file') throw new Error(`${path} is not a file`);
    return node.content;
  };

  it('is not read through a symlink swapped in for it', async () => {
    writeFileSync(join(dir, 'f.txt'), 'original\n');
    const content = await fileOf('buildkit', '/f.txt');
    unlinkSync(join(dir, 'f.txt'));
    symlinkSync(bait.file, join(dir, 'f.txt'));
    expect(() => content.bytes()).toThrow(DockerfileError);
    expect(() => content.sha256()).toThrow(/error from sender: open f.txt/);
    unlinkSync(join(dir, 'f.txt'));
  });

  it('is not read from a FIFO swapped in for it, and does not block', async () => {
    writeFileSync(join(dir, 'g.txt'), 'original\n');
    const content = await fileOf('buildkit', '/g.txt');
    unlinkSync(join(dir, 'g.txt'));
    spawnSync('mkfifo', [join(dir, 'g.txt')]);
    const started = performance.now();
    expect(() => content.bytes()).toThrow(/not a regular file/);
    expect(performance.now() - started).toBeLessThan(5000);
    unlinkSync(join(dir, 'g.txt'));
  });

  it('is not read through a parent directory swapped for a symlink out of the context', async () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'secret.txt'), 'original\n');
    const content = await fileOf('classic', '/sub/secret.txt');
    renameSync(join(dir, 'sub'), join(dir, 'sub-old'));
    symlinkSync(bait.dir, join(dir, 'sub'));
    expect(() => content.bytes()).toThrow(/file changed as we read it/);
    unlinkSync(join(dir, 'sub'));
    rmSync(join(dir, 'sub-old'), { recursive: true });
  });

  it('is not read with a different size than the build saw', async () => {
    writeFileSync(join(dir, 'h.txt'), 'short\n');
    const content = await fileOf('buildkit', '/h.txt');
    writeFileSync(join(dir, 'h.txt'), 'now much longer than before\n');
    expect(() => content.bytes()).toThrow(/file changed/);
  });
});

describe('unreadable context files', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('unreadable');
    writeFileSync(join(dir, 'ok.txt'), 'ok\n');
    writeFileSync(join(dir, 'secret.txt'), 'secret\n');
    chmodSync(join(dir, 'secret.txt'), 0o000);
    mkdirSync(join(dir, 'closed'));
    writeFileSync(join(dir, 'closed', 'x'), 'x\n');
  });
  afterAll(() => {
    chmodSync(join(dir, 'closed'), 0o755);
    removeTree(dir);
  });

  it.runIf(isRoot)('as root, a 000 file is read like any other (root bypasses file modes, as the Docker client running as root does)', async () => {
    const r = await emulate({ context: dir, dockerfile: 'FROM scratch\nCOPY secret.txt /\n' });
    expect(r.status).toBe('success');
    expect(r.tree.find((e) => e.path === '/secret.txt')).toMatchObject({ mode: 0o000, size: 7 });
    expect(imageFs(r).readFileSync('/secret.txt', 'utf8')).toBe('secret\n');
  });

  /** The build as an unprivileged user (65534) sees it: in a child process of the built library. */
  // That user must be able to load the library: a checkout inside a private (0700) directory,
  // as `mktemp -d` makes, cannot be tested this way.
  const nobodyCanLoad =
    !isRoot ||
    spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(join(ROOT, 'package.json'))}, 4)`], { uid: 65534, gid: 65534 }).status === 0;
  const asNobody = (dockerfile: string, builder: BuilderMode): unknown => {
    const script = `import(${JSON.stringify(join(ROOT, 'dist', 'index.js'))}).then(async ({ emulate }) => {
      const r = await emulate({ context: ${JSON.stringify(dir)}, dockerfile: ${JSON.stringify(dockerfile)}, builder: ${JSON.stringify(builder)} });
      console.log(JSON.stringify(r.failure ?? r.status));
    })`;
    const r = spawnSync(process.execPath, ['-e', script], { ...(isRoot ? { uid: 65534, gid: 65534 } : {}), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };

  it.runIf(nobodyCanLoad)('as another user, BuildKit fails when a step needs the file, and only then', () => {
    chmodSync(join(dir, 'closed'), 0o755);
    expect(asNobody('FROM scratch\nCOPY ok.txt /\n', 'buildkit')).toBe('success');
    expect(asNobody('FROM scratch\nCOPY secret.txt /\n', 'buildkit')).toMatchObject({
      code: 'context-error',
      message: 'error from sender: open secret.txt: permission denied',
    });
  });

  it.runIf(nobodyCanLoad)('as another user, the classic client refuses the whole context up front', () => {
    chmodSync(join(dir, 'closed'), 0o755);
    expect(asNobody('FROM scratch\nCOPY ok.txt /\n', 'classic')).toMatchObject({
      code: 'context-error',
      message: `error checking context: no permission to read from '${join(dir, 'secret.txt')}'`,
    });
  });

  it.runIf(nobodyCanLoad)('as another user, an unreadable directory fails the build with a context error', () => {
    chmodSync(join(dir, 'closed'), 0o000);
    for (const builder of BUILDERS) {
      expect(asNobody('FROM scratch\nCOPY ok.txt /\n', builder)).toMatchObject({ code: 'context-error' });
    }
  });
});

describe('huge contexts', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('100k');
    // 100 directories of 1,000 entries: hard links to one empty file, 20 times faster to make than files.
    for (let i = 0; i < 100; i++) {
      mkdirSync(join(dir, `d${i}`));
      writeFileSync(join(dir, `d${i}`, 'f0'), '');
      for (let j = 1; j < 1000; j++) linkSync(join(dir, `d${i}`, 'f0'), join(dir, `d${i}`, `f${j}`));
    }
  }, 120_000);
  afterAll(() => removeTreeLater(dir));

  it('sends 100,000 entries', async () => {
    const r = await emulate({ context: dir, dockerfile: 'FROM scratch\nCOPY d7/f7 /\n' });
    expect(r.status).toBe('success');
    expect(r.tree.map((e) => e.path)).toEqual(['/f7']);
  }, 60_000);

  it('stops at the contextEntries limit, naming it', async () => {
    const r = await emulate({ context: dir, dockerfile: 'FROM scratch\nCOPY . /\n', limits: { contextEntries: 5000 } });
    expect(r.failure).toMatchObject({ code: 'limit-exceeded' });
    expect(r.failure?.message).toMatch(/entries in the context directory: 5001, more than 5000 \(limit contextEntries; raise it with emulate\(\{ limits: \{ contextEntries: N \} \}\) or --limit contextEntries=N\)/);
  });

  it('fails a 10,000-deep directory on the pathDepth limit', async () => {
    const deep = tempDir('deep');
    try {
      deepTree(deep, 10_000);
      const r = await emulate({ context: deep, dockerfile: 'FROM scratch\nCOPY . /\n' });
      expect(r.failure).toMatchObject({ code: 'limit-exceeded' });
      expect(r.failure?.message).toMatch(/has 1025 components, more than 1024 \(limit pathDepth/);
    } finally {
      removeTreeLater(deep);
    }
  }, 60_000);

  it('fails a path longer than PATH_MAX as the Docker client does (file name too long)', async () => {
    const deep = tempDir('long');
    try {
      const name = 'n'.repeat(250);
      const script = `const fs=require('fs');for(let i=0;i<20;i++){fs.mkdirSync('${name}');process.chdir('${name}')}fs.writeFileSync('f','')`;
      spawnSync(process.execPath, ['-e', script], { cwd: deep });
      for (const builder of BUILDERS) {
        const r = await emulate({ context: deep, dockerfile: 'FROM scratch\nCOPY . /\n', builder });
        expect(r.failure).toMatchObject({ code: 'context-error' });
        expect(r.failure?.message).toMatch(/file name too long$/);
      }
    } finally {
      removeTree(deep);
    }
  });
});
