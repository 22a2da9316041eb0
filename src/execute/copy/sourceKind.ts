import type { BuilderMode } from '../../model/builder.js';

export type SourceKind = 'local' | 'url' | 'git';

const SUPPORTED_GIT_SCHEMES = new Set(['http', 'https', 'ssh', 'git']);
const SCP_STYLE = /^[a-zA-Z0-9-_]+@[a-zA-Z0-9-.]+:.*?(?:#.*)?$/;

/**
 * What a COPY/ADD source names. Both builders take `http://` and `https://` as URLs; BuildKit
 * first tries a git reference the way its `ParseGitRef` does, so `git@host:repo`, `ssh://…`,
 * `git://…` and any path whose URL form ends in `.git` (`https://x/y.git`, even `dir/y.git`)
 * are git, while `./…`, `../…` and `github.com/…` stay local.
 */
export function sourceKind(source: string, builder: BuilderMode): SourceKind {
  if (builder === 'buildkit' && isGitRef(source)) return 'git';
  return source.startsWith('http://') || source.startsWith('https://') ? 'url' : 'local';
}

function isGitRef(source: string): boolean {
  if (source.startsWith('./') || source.startsWith('../') || source.startsWith('github.com/')) return false;
  const scheme = /^([a-zA-Z0-9]+):\/\//.exec(source)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (!SUPPORTED_GIT_SCHEMES.has(scheme)) return false;
    if (scheme === 'ssh' || scheme === 'git') return true;
    return urlPathEndsInGit(source);
  }
  if (SCP_STYLE.test(source)) return true;
  return urlPathEndsInGit(`https://${source}`);
}

function urlPathEndsInGit(url: string): boolean {
  try {
    return new URL(url).pathname.endsWith('.git');
  } catch {
    return false;
  }
}
