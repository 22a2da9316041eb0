import { describe, expect, it } from 'vitest';
import { toMemfs } from '../../../src/report/memfsView.js';
import { makeTree } from './trees.js';

const tree = makeTree([
  { dir: '/home', mode: 0o755 },
  { dir: '/home/app', mode: 0o700, uid: 1000, gid: 1000 },
  { file: '/home/app/secret', content: 'only me', mode: 0o600, uid: 1000, gid: 1000 },
  { file: '/none', content: 'locked', mode: 0 },
  { file: '/bin', content: 'BB', mode: 0o4755 },
  { link: '/sh', to: '/bin' },
  { symlink: '/link', target: 'home/app/secret', uid: 5, gid: 6 },
  { dir: '/tmp', mode: 0o1777 },
  { file: '/unknown', content: 'abcd', unknown: true },
]);

describe('toMemfs', () => {
  const { fs } = toMemfs(tree);

  it('reads contents, whatever the modes, as root would', () => {
    expect(fs.readFileSync('/home/app/secret', 'utf8')).toBe('only me');
    expect(fs.readFileSync('/none', 'utf8')).toBe('locked');
    expect(fs.readFileSync('/link', 'utf8')).toBe('only me');
    expect(fs.readdirSync('/')).toEqual(['bin', 'home', 'link', 'none', 'sh', 'tmp', 'unknown']);
    expect(fs.readdirSync('/home/app')).toEqual(['secret']);
    expect(fs.readlinkSync('/link')).toBe('home/app/secret');
    expect(fs.existsSync('/home/app/secret')).toBe(true);
    expect(fs.realpathSync('/link')).toBe('/home/app/secret');
    expect(() => fs.accessSync('/none', 4)).not.toThrow();
  });

  it('keeps modes, owners, link counts and zero times', () => {
    const stat = (p: string, l = false): string => {
      const s = l ? fs.lstatSync(p) : fs.statSync(p);
      return `${Number(s.mode).toString(8)} ${s.uid}:${s.gid} ${s.nlink} ${s.size} ${Number(s.mtimeMs)}`;
    };
    expect(stat('/')).toMatch(/^40755 0:0 /);
    expect(stat('/home/app')).toMatch(/^40700 1000:1000 /);
    expect(stat('/home/app/secret')).toBe('100600 1000:1000 1 7 0');
    expect(stat('/none')).toBe('100000 0:0 1 6 0');
    expect(stat('/bin')).toBe('104755 0:0 2 2 0');
    expect(stat('/tmp')).toMatch(/^41777 0:0 /);
    expect(stat('/link', true)).toBe('120777 5:6 1 15 0');
    expect(fs.statSync('/sh').ino).toBe(fs.statSync('/bin').ino);
  });

  it('has the size of a file whose content is unknown, and fails to read it', () => {
    expect(fs.statSync('/unknown').size).toBe(4);
    expect(() => fs.readFileSync('/unknown')).toThrow(expect.objectContaining({ code: 'EIO', message: expect.stringContaining('not known') }));
  });

  it('refuses every write with EROFS', async () => {
    const any = fs as unknown as Record<string, (...args: unknown[]) => unknown> & { promises: Record<string, (...args: unknown[]) => unknown> };
    for (const call of [
      () => any.writeFileSync!('/new', 'x'),
      () => any.mkdirSync!('/d'),
      () => any.unlinkSync!('/bin'),
      () => any.chmodSync!('/bin', 0o777),
      () => any.renameSync!('/bin', '/b'),
      () => any.openSync!('/bin', 'w'),
      () => any.openSync!('/bin', 'r+'),
      () => any.openSync!('/bin', 0o1),
    ]) {
      expect(call).toThrow(expect.objectContaining({ code: 'EROFS', errno: -30 }));
    }
    await expect(any.promises.writeFile!('/new', 'x')).rejects.toMatchObject({ code: 'EROFS', syscall: 'fs.promises.writeFile', path: '/new' });
    await expect(any.promises.open!('/bin', 'a')).rejects.toMatchObject({ code: 'EROFS' });
    expect(() => any.writeFileSync!('/new', 'x')).toThrow("EROFS: read-only file system, fs.writeFileSync '/new'");
    expect(fs.existsSync('/new')).toBe(false);
    const fd = any.openSync!('/bin', 'r') as number;
    expect(typeof fd).toBe('number');
    expect(await fs.promises.readFile('/bin', 'utf8')).toBe('BB');
    expect(() => {
      (fs as unknown as Record<string, unknown>).readFileSync = () => 'x';
    }).toThrow(TypeError);
  });
});
