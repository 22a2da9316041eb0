/**
 * What `docker build` says before it starts when its inputs are not there: the context directory
 * and the Dockerfile (Docker Engine 26.1's client for BuildKit, and the classic builder's).
 */
import { lstatSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import type { BuilderMode } from '../model/builder.js';
import { DockerfileError } from '../model/errors.js';

const inputError = (message: string): DockerfileError => new DockerfileError('context-error', message);

/** Fails as Docker does when the context directory is missing or is not a directory. */
export function checkContextDir(context: string, builder: BuilderMode): void {
  let isDir: boolean;
  try {
    isDir = statSync(context).isDirectory();
  } catch {
    throw inputError(`unable to prepare context: path "${context}" not found`);
  }
  if (isDir) return;
  throw inputError(
    builder === 'buildkit' ? `unable to prepare context: path "${context}" not found` : `unable to prepare context: context must be a directory: ${resolve(context)}`,
  );
}

/**
 * Fails as Docker does when the Dockerfile is missing: `given` says whether it was named (`-f`)
 * or is the context's default one. Both clients name the first path component that is missing.
 */
export function checkDockerfile(path: string, given: boolean, builder: BuilderMode): void {
  const missing = firstMissing(path);
  if (missing === undefined) return;
  if (builder === 'buildkit') {
    throw inputError(given ? `resolve : lstat ${missing}: no such file or directory` : 'failed to read dockerfile: open Dockerfile: no such file or directory');
  }
  const absolute = isAbsolute(missing) ? missing : resolve(missing);
  throw inputError(`unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${absolute}: no such file or directory`);
}

/** The shortest leading part of `path` (as written) that does not exist, if any. */
function firstMissing(path: string): string | undefined {
  const parts = path.split(sep);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join(sep);
    if (prefix === '' || prefix === '.') continue;
    try {
      lstatSync(prefix);
    } catch {
      return prefix;
    }
  }
  return undefined;
}
