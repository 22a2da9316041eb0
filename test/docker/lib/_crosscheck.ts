import { loadImageArchive } from '../../../src/images/loadImageArchive.js';
import { treeEntries } from '../../../src/report/treeEntries.js';
const img = await loadImageArchive(process.argv[2]!);
for (const e of treeEntries(img.tree)) {
  const t = e.type === 'dir' ? 'd' : e.type === 'symlink' ? 'l' : e.type === 'hardlink' ? 'h' : 'f';
  console.log([e.path, t, (e.mode & 0o7777).toString(8), e.uid, e.gid, e.type === 'file' ? e.size : '', e.sha256 ?? '', e.type === 'symlink' ? e.linkTarget : ''].join('\t'));
}
