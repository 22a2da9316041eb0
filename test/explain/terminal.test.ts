/** Colour and progress rules: NO_COLOR, FORCE_COLOR, TTY only, progress only after a second. */
import { describe, expect, it } from 'vitest';
import { palette, wantsColour } from '../../src/explain/colour.js';
import { contextProgress, humanBytes } from '../../src/explain/progress.js';

describe('wantsColour', () => {
  it('colours a terminal, not a pipe', () => {
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    expect(wantsColour({}, {})).toBe(false);
  });
  it('NO_COLOR (non-empty) wins; FORCE_COLOR forces unless 0/false', () => {
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColour({}, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColour({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColour({}, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });
  it('the plain palette changes nothing', () => {
    expect(palette(false).red('x')).toBe('x');
    expect(palette(true).red('x')).toBe('\x1b[31mx\x1b[39m');
  });
});

describe('contextProgress', () => {
  const stream = (isTTY: boolean) => {
    const out: string[] = [];
    return { isTTY, out, write: (s: string) => out.push(s) };
  };

  it('prints nothing before the delay, then throttled lines, and erases the line when done', () => {
    let t = 0;
    const s = stream(true);
    const p = contextProgress(s, { now: () => t });
    p.update({ files: 10, bytes: 100 });
    t = 999;
    p.update({ files: 20, bytes: 200 });
    expect(s.out).toEqual([]);
    t = 1000;
    p.update({ files: 30, bytes: 3 * 1024 * 1024 });
    t = 1050;
    p.update({ files: 31, bytes: 3 * 1024 * 1024 });
    t = 1100;
    p.update({ files: 40, bytes: 4 * 1024 * 1024 });
    p.done();
    expect(s.out).toEqual(['\r\x1b[2Kreading context: 30 files, 3.0 MiB', '\r\x1b[2Kreading context: 40 files, 4.0 MiB', '\r\x1b[2K']);
  });

  it('prints nothing when stderr is not a terminal', () => {
    let t = 0;
    const s = stream(false);
    const p = contextProgress(s, { now: () => t });
    t = 5000;
    p.update({ files: 1, bytes: 1 });
    p.done();
    expect(s.out).toEqual([]);
  });

  it('sizes in binary units', () => {
    expect([humanBytes(0), humanBytes(1023), humanBytes(1536), humanBytes(5 * 1024 ** 3)]).toEqual(['0 B', '1023 B', '1.5 KiB', '5.0 GiB']);
  });
});
