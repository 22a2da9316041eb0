import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { contentFromBuffer, contentFromHostFile, type Content } from '../fs/content.js';
import { compareNames, type Node, type Origin } from '../fs/tree.js';

export interface Owner {
  readonly uid: number;
  readonly gid: number;
}

/**
 * A declared entry before it is placed: built once when the declarations load, turned into
 * tree nodes (with the origin of the step that places it) every time it is applied.
 */
export type Template =
  | { readonly type: 'file'; readonly mode: number; readonly owner: Owner; readonly content: Content; readonly host?: string }
  | { readonly type: 'dir'; readonly mode: number; readonly owner: Owner; readonly children: ReadonlyMap<string, Template>; readonly host?: string }
  | { readonly type: 'symlink'; readonly owner: Owner; readonly target: string; readonly host?: string };

export function contentTemplate(text: string, mode: number | undefined, owner: Owner): Template {
  return { type: 'file', mode: mode ?? 0o644, owner, content: contentFromBuffer(text) };
}

/**
 * A host file or folder, read now (contents later, when asked for): files keep their modes unless
 * one is declared, directories are 0755, symlinks stay symlinks. Returns a message for what
 * cannot be declared (a missing path, a socket), which the caller words with the field name.
 */
export async function hostTemplate(hostPath: string, mode: number | undefined, owner: Owner): Promise<Template | string> {
  const stats = await lstat(hostPath).catch(() => undefined);
  if (!stats) return `no such file or directory: ${hostPath}`;
  if (stats.isSymbolicLink()) return { type: 'symlink', owner, target: await readlink(hostPath), host: hostPath };
  if (stats.isFile()) {
    return { type: 'file', mode: mode ?? stats.mode & 0o7777, owner, content: contentFromHostFile(hostPath, stats.size), host: hostPath };
  }
  if (!stats.isDirectory()) return `not a file, directory or symlink: ${hostPath}`;
  const children = new Map<string, Template>();
  for (const name of (await readdir(hostPath)).sort(compareNames)) {
    const child = await hostTemplate(join(hostPath, name), mode, owner);
    if (typeof child === 'string') return child;
    children.set(name, child);
  }
  return { type: 'dir', mode: 0o755, owner, children, host: hostPath };
}

/** Tree nodes for a template; `origin` gets the host path of entries read from the host. */
export function instantiate(template: Template, origin: (host: string | undefined) => Origin): Node {
  const meta = { uid: template.owner.uid, gid: template.owner.gid, origin: origin(template.host) };
  switch (template.type) {
    case 'file':
      return { type: 'file', mode: template.mode, ...meta, content: template.content };
    case 'symlink':
      return { type: 'symlink', mode: 0o777, ...meta, target: template.target };
    case 'dir': {
      const children = new Map<string, Node>();
      for (const [name, child] of template.children) children.set(name, instantiate(child, origin));
      return { type: 'dir', mode: template.mode, ...meta, children, owner: undefined };
    }
  }
}
