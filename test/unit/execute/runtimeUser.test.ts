/** USER as the runtime resolves it for RUN; every message was seen in Docker Engine 26.1 builds (scenarios/run/user-*). */
import { describe, expect, it } from 'vitest';
import { runtimeUser } from '../../../src/execute/runtimeUser.js';
import { makeTree, type Spec } from '../report/trees.js';

const PASSWD: Spec = { file: '/etc/passwd', content: 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n' };
const GROUP: Spec = { file: '/etc/group', content: 'root:x:0:\napp:x:1000:\nstaff:x:50:app\n' };
const both = makeTree([{ dir: '/etc' }, PASSWD, GROUP]);
const noGroup = makeTree([{ dir: '/etc' }, PASSWD]);
const noPasswd = makeTree([{ dir: '/etc' }, GROUP]);

describe('runtimeUser', () => {
  it('resolves names and numbers from the stage’s files; an unknown uid gets gid 0', () => {
    for (const builder of ['buildkit', 'classic'] as const) {
      expect(runtimeUser('app', both, builder)).toEqual({ uid: 1000, gid: 1000 });
      expect(runtimeUser('app:staff', both, builder)).toEqual({ uid: 1000, gid: 50 });
      expect(runtimeUser('4242', both, builder)).toEqual({ uid: 4242, gid: 0 });
      expect(runtimeUser('4242:7', both, builder)).toEqual({ uid: 4242, gid: 7 });
      expect(runtimeUser('nosuch', both, builder)).toEqual({ error: 'unable to find user nosuch: no matching entries in passwd file' });
      expect(runtimeUser('app:nosuch', both, builder)).toEqual({ error: 'unable to find group nosuch: no matching entries in group file' });
    }
  });

  it('BuildKit: a missing /etc/passwd cannot be read, even for a numeric user; uid:gid skips the files', () => {
    expect(runtimeUser('app', noPasswd, 'buildkit')).toEqual({ error: 'unable to find user app: invalid argument' });
    expect(runtimeUser('1000', noPasswd, 'buildkit')).toEqual({ error: 'unable to find user 1000: invalid argument' });
    expect(runtimeUser('1000:1000', makeTree([]), 'buildkit')).toEqual({ uid: 1000, gid: 1000 });
  });

  it('BuildKit: a matched name reads /etc/group for its supplementary groups, so a missing one fails', () => {
    expect(runtimeUser('app', noGroup, 'buildkit')).toEqual({ error: 'unable to find groups for spec app: invalid argument' });
    expect(runtimeUser('1000:grp', noGroup, 'buildkit')).toEqual({ error: 'unable to find groups for spec app: invalid argument' });
  });

  it('classic: a missing file reads as empty', () => {
    expect(runtimeUser('1000', noPasswd, 'classic')).toEqual({ uid: 1000, gid: 0 });
    expect(runtimeUser('app', noPasswd, 'classic')).toEqual({ error: 'unable to find user app: no matching entries in passwd file' });
    expect(runtimeUser('app', noGroup, 'classic')).toEqual({ uid: 1000, gid: 1000 });
    expect(runtimeUser('1000:grp', noGroup, 'classic')).toEqual({ error: 'unable to find group grp: no matching entries in group file' });
  });
});
