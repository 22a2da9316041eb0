import { describe, expect, it } from 'vitest';
import { formatMode, formatTreeLine } from '../../../src/report/formatTree.js';

describe('formatMode', () => {
  it.each([
    [0o755, 'dir', 'drwxr-xr-x'],
    [0o644, 'file', '-rw-r--r--'],
    [0o777, 'symlink', 'lrwxrwxrwx'],
    [0o600, 'hardlink', 'hrw-------'],
    [0, 'file', '----------'],
    [0o4755, 'file', '-rwsr-xr-x'],
    [0o4644, 'file', '-rwSr--r--'],
    [0o2755, 'dir', 'drwxr-sr-x'],
    [0o2745, 'file', '-rwxr-Sr-x'],
    [0o1777, 'dir', 'drwxrwxrwt'],
    [0o1776, 'dir', 'drwxrwxrwT'],
    [0o7777, 'file', '-rwsrwsrwt'],
    [0o7000, 'file', '---S--S--T'],
  ] as const)('%o %s → %s', (mode, type, expected) => {
    expect(formatMode(mode, type)).toBe(expected);
  });
});

describe('formatTreeLine', () => {
  it('writes each type ls-like', () => {
    const base = { uid: 0, gid: 0, size: 0 };
    expect(formatTreeLine({ ...base, path: '/app', type: 'dir', mode: 0o755 })).toBe('drwxr-xr-x 0:0 /app/');
    expect(formatTreeLine({ ...base, path: '/app/a.txt', type: 'file', mode: 0o644, uid: 1000, gid: 1000, size: 12 })).toBe('-rw-r--r-- 1000:1000 12 /app/a.txt');
    expect(formatTreeLine({ ...base, path: '/bin/sh', type: 'symlink', mode: 0o777, linkTarget: 'busybox' })).toBe('lrwxrwxrwx 0:0 /bin/sh -> busybox');
    expect(formatTreeLine({ ...base, path: '/b', type: 'hardlink', mode: 0o4755, linkTarget: '/a' })).toBe('hrwsr-xr-x 0:0 /b => /a');
  });
});
