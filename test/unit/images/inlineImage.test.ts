import { describe, expect, it } from 'vitest';
import { inlineImage } from '../../../src/images/inlineImage.js';
import { DockerfileError } from '../../../src/model/errors.js';
import { formatTreeLine } from '../../../src/report/formatTree.js';
import { treeEntries } from '../../../src/report/treeEntries.js';

describe('inlineImage', () => {
  it('makes files, dirs and symlinks with defaults and implied parents', () => {
    const config = { Env: ['PATH=/bin'], Cmd: ['sh'] };
    const image = inlineImage({
      files: {
        '/app/a.txt': 'hello',
        'app/bin/tool': { content: Buffer.from('#!/bin/sh\n'), mode: 0o4755, uid: 1000, gid: 1000 },
        '/bin/sh': { target: 'busybox' },
        '/bin/busybox': Buffer.from('BB'),
        '/tmp': { type: 'dir', mode: 0o1777 },
        '/srv/': { type: 'dir' },
        '/etc/link': { type: 'symlink', target: '/etc/real', uid: 5, gid: 6 },
        '/app': { type: 'dir', mode: 0o700, uid: 1000, gid: 1000 },
      },
      config,
    });
    expect(treeEntries(image.tree).map((e) => formatTreeLine(e))).toEqual([
      'drwx------ 1000:1000 /app/',
      '-rw-r--r-- 0:0 5 /app/a.txt',
      'drwxr-xr-x 0:0 /app/bin/',
      '-rwsr-xr-x 1000:1000 10 /app/bin/tool',
      'drwxr-xr-x 0:0 /bin/',
      '-rw-r--r-- 0:0 2 /bin/busybox',
      'lrwxrwxrwx 0:0 /bin/sh -> busybox',
      'drwxr-xr-x 0:0 /etc/',
      'lrwxrwxrwx 5:6 /etc/link -> /etc/real',
      'drwxr-xr-x 0:0 /srv/',
      'drwxrwxrwt 0:0 /tmp/',
    ]);
    expect(image).toMatchObject({ ref: 'inline', config, history: [], layerCount: 1 });
    expect(image.config).not.toBe(config);
  });

  it('sets the root directory and takes a reference', () => {
    const image = inlineImage({ ref: 'base:1', files: { '/': { type: 'dir', mode: 0o700 } } });
    expect(image.tree.rootNode()).toMatchObject({ mode: 0o700, uid: 0, gid: 0 });
    expect(image.ref).toBe('base:1');
    expect(inlineImage({ files: {} })).toMatchObject({ config: {}, layerCount: 0 });
  });

  it('rejects entries that cannot be', () => {
    const bad = (files: Parameters<typeof inlineImage>[0]['files'], message: string): void => {
      const run = (): unknown => inlineImage({ files });
      expect(run).toThrow(DockerfileError);
      expect(run).toThrow(message);
    };
    bad({ '/f': 'x', '/f/g': 'y' }, 'inline image entry "/f/g": its parent /f is not a directory');
    bad({ '/d/x': 'x', '/d': 'file' }, 'inline image entry "/d": it has entries below it, so it must be a directory');
    bad({ '/l': { type: 'symlink' } }, 'inline image entry "/l": a symlink needs a target');
    bad({ '/m': { mode: 0o100644 } }, 'inline image entry "/m": mode 100644 has more than permission bits');
    bad({ '/': 'x' }, 'inline image entry "/": the root can only be a directory');
  });
});
