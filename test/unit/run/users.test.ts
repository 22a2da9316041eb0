import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readLines } from '../../../src/run/accounts.js';
import type { FsTree } from '../../../src/fs/tree.js';
import { busyboxTree, dir, dump, file, link, sh } from './fixture.js';

// The dfsim/busybox image (Debian's busybox-static) has no adduser, addgroup or install applets.
// These expectations come from vanilla busybox 1.35.0 (defconfig, static) run in a chroot over
// the same account files, with applet links for them as Alpine has.

const DAY = 20_000;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(DAY * 86_400_000 + 3_600_000);
});
afterEach(() => {
  vi.useRealTimers();
});

const added = (tree: FsTree, file: 'passwd' | 'group' | 'shadow' | 'gshadow'): string[] =>
  (readLines(tree, file) ?? []).filter((line) => !/^(root|daemon|nobody|app|staff|nogroup):/.test(line) || /:(carol|sys|bob)$/.test(line));

const withApplets = (extra = {}) =>
  busyboxTree({ '/bin/adduser': link('busybox'), '/bin/addgroup': link('busybox'), '/bin/install': link('busybox'), ...extra });

describe('busybox adduser / addgroup', () => {
  it('allocates ids, writes passwd/group/shadow lines and backups, makes 02755 homes', () => {
    const r = sh(
      'adduser -D bob; adduser -D -S sys; adduser -D -H -u 1500 -G staff -s /bin/false -g "Bob X" carol; addgroup grp; addgroup -S sgrp; addgroup bob grp; addgroup bob grp; adduser -D bob; echo $?; adduser -D 1bad',
      withApplets(),
    );
    expect(r).toMatchObject({ kind: 'exit', code: 0, stdout: '1\n', stderr: "adduser: user 'bob' in use\n" });
    expect(added(r.tree, 'passwd')).toEqual([
      'bob:x:1001:1001:Linux User,,,:/home/bob:/bin/sh',
      'sys:x:100:65534:Linux User,,,:/home/sys:/bin/false',
      'carol:x:1500:50:Bob X:/home/carol:/bin/false',
      '1bad:x:1003:1003:Linux User,,,:/home/1bad:/bin/sh',
    ]);
    expect(readLines(r.tree, 'group')).toEqual([
      'root:x:0:', 'daemon:x:1:', 'staff:x:50:carol', 'nogroup:x:65534:sys', 'app:x:1000:', 'bob:x:1001:', 'grp:x:1002:bob', 'sgrp:x:100:', '1bad:x:1003:',
    ]);
    expect(added(r.tree, 'shadow')).toEqual([`bob:!:${DAY}:0:99999:7:::`, `sys:!:${DAY}:0:99999:7:::`, `carol:!:${DAY}:0:99999:7:::`, `1bad:!:${DAY}:0:99999:7:::`]);
    expect(dump(r.tree, '/home')).toEqual([
      'drwxr-xr-x 0:0 /home',
      'drwxr-sr-x 1003:1003 /home/1bad',
      'drwxr-xr-x 1000:1000 /home/app',
      'drwxr-sr-x 1001:1001 /home/bob',
      'drwxr-sr-x 100:65534 /home/sys',
    ]);
    // update_passwd(): the previous file stays as name- (mode and owner kept on both).
    expect(dump(r.tree, '/etc').filter((l) => /shadow/.test(l)).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual([
      '-rw-r----- 0:0 /etc/shadow',
      '-rw-r----- 0:0 /etc/shadow-',
    ]);
  });

  it('fills a new home from /etc/skel, takes over an existing home, adds members to gshadow too', () => {
    const tree = withApplets({
      '/etc/skel': dir(0o755),
      '/etc/skel/.profile': file('hi\n', 0o600),
      '/etc/skel/lnk': link('.profile'),
      '/etc/gshadow': file('root:*::\nstaff:*::\nnogroup:*::\napp:!::\n'),
      '/home/pre': dir(0o755, 5, 5),
    });
    const r = sh('adduser -D pre; adduser -D bob; addgroup bob staff', tree);
    expect(readLines(r.tree, 'gshadow')).toEqual(['root:*::', 'staff:*::bob', 'nogroup:*::', 'app:!::', 'pre:!::', 'bob:!::']);
    expect(dump(r.tree, '/home').slice(2)).toEqual([
      'drwxr-sr-x 1002:1002 /home/bob',
      '-rw------- 1002:1002 /home/bob/.profile = "hi\\n"',
      'lrwxrwxrwx 1002:1002 /home/bob/lnk -> .profile',
      'drwxr-sr-x 1001:1001 /home/pre',
    ]);
  });

  it('is not run for another program of that name (Debian\'s adduser script)', () => {
    const tree = busyboxTree({ '/usr/sbin': dir(0o755), '/usr/sbin/adduser': file('#!/usr/bin/perl\n', 0o755) });
    expect(sh('adduser --disabled-password bob', tree).kind).toBe('unsupported');
  });
});

describe('busybox install', () => {
  it('copies then always chmods (0755 unless -m), chowns only with -o/-g, makes directories with -d/-D', () => {
    const r = sh('echo hi > f; chmod 600 f; install f g; install -m 640 -o app -g staff f h; install -d -m 700 a/b/c; install -D f x/y/z; install -g staff f k', withApplets());
    expect(dump(r.tree)).toEqual([
      'drwxr-xr-x 0:0 /w',
      'drwxr-xr-x 0:0 /w/a',
      'drwxr-xr-x 0:0 /w/a/b',
      'drwx------ 0:0 /w/a/b/c',
      '-rw------- 0:0 /w/f = "hi\\n"',
      '-rwxr-xr-x 0:0 /w/g = "hi\\n"',
      '-rw-r----- 1000:50 /w/h = "hi\\n"',
      '-rwxr-xr-x 0:50 /w/k = "hi\\n"',
      'drwxr-xr-x 0:0 /w/x',
      'drwxr-xr-x 0:0 /w/x/y',
      '-rwxr-xr-x 0:0 /w/x/y/z = "hi\\n"',
    ]);
  });
});

describe('shadow-utils useradd / groupadd (modelled on Debian 12 defaults; not checked against a real build here)', () => {
  const debian = () =>
    busyboxTree({
      '/usr/sbin': dir(0o755),
      '/usr/sbin/useradd': file('ELF', 0o755),
      '/usr/sbin/groupadd': file('ELF', 0o755),
      '/etc/gshadow': file('root:*::\napp:!::\n', 0o640, 0, 42),
      '/etc/skel': dir(0o755),
      '/etc/skel/.bashrc': file('# rc\n', 0o644),
      '/var/log': dir(0o755),
      '/var/log/lastlog': file('', 0o664, 0, 43),
    });

  it('useradd -m: next uid after the highest, a user group, home from skel, lastlog record, lock file', () => {
    const r = sh('useradd -m -s /bin/bash bob; groupadd -r svc; useradd -r -g svc -G app svc', debian());
    expect(r).toMatchObject({ kind: 'exit', code: 0 });
    expect(added(r.tree, 'passwd')).toEqual(['bob:x:1001:1001::/home/bob:/bin/bash', 'svc:x:999:999::/home/svc:/bin/sh']);
    expect(readLines(r.tree, 'group')!.slice(-2)).toEqual(['bob:x:1001:', 'svc:x:999:']);
    expect(readLines(r.tree, 'group')).toContain('app:x:1000:svc');
    expect(added(r.tree, 'shadow')).toEqual([`bob:!:${DAY}:0:99999:7:::`, `svc:!:${DAY}:0:99999:7:::`]);
    expect(dump(r.tree, '/home/bob')).toEqual(['drwxr-xr-x 1001:1001 /home/bob', '-rw-r--r-- 1001:1001 /home/bob/.bashrc = "# rc\\n"']);
    const lastlog = r.tree.get('/var/log/lastlog');
    expect(lastlog?.type === 'file' && lastlog.content.size).toBe(1002 * 292);
    expect(r.tree.get('/etc/.pwd.lock')).toMatchObject({ type: 'file', mode: 0o600 });
  });

  it('fails as shadow-utils does for an existing user or group and an unknown group', () => {
    const r = sh('useradd app; echo $?; groupadd app; echo $?; groupadd -f app; echo $?; useradd -g nogrp x; echo $?', debian());
    expect(r.stdout).toBe('9\n9\n0\n6\n');
    expect(r.stderr).toBe("useradd: user 'app' already exists\ngroupadd: group 'app' already exists\nuseradd: group 'nogrp' does not exist\n");
  });
});
