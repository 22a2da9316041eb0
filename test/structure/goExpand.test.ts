import { describe, expect, it } from 'vitest';
import { goExpand } from '../../src/structure/goExpand.js';

describe('goExpand (os.Expand)', () => {
  const env: Record<string, string> = { HOME: '/root', V: '16', '1': 'one' };
  const expand = (s: string) => goExpand(s, (k) => env[k] ?? '');

  it.each([
    ['$HOME/x', '/root/x'],
    ['${HOME}x', '/rootx'],
    ['/opt/node-$V.0', '/opt/node-16.0'],
    ['$UNSET/x', '/x'],
    ['a$', 'a$'],
    ['$/x', '$/x'],
    ['${}x', 'x'],
    ['${HOME', 'HOME'],
    ['$1x', 'onex'],
    ['${1}', 'one'],
    ['$$', ''],
    ['no vars', 'no vars'],
  ])('%j -> %j', (input, output) => {
    expect(expand(input)).toBe(output);
  });
});
