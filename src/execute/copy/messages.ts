import { DockerfileError } from '../../model/errors.js';
import { goQuote } from '../goFormat.js';

/**
 * Where the builders' messages name a path on the daemon's disk or a random id, a fixed
 * stand-in: `<rootfs>` for the step's root filesystem, `<ref>` for a cache ref, `<id>` otherwise.
 */
export const ROOTFS = '<rootfs>';
const BUILDKIT_MOUNT = '<daemon-path>/buildkit-mount<id>';

export type CopyCommand = 'COPY' | 'ADD';

/** BuildKit, at cache-key time: a named source is missing (symlinks resolved in `path`). */
export function buildkitNotFound(path: string): DockerfileError {
  return new DockerfileError(
    'source-not-found',
    `failed to compute cache key: failed to calculate checksum of ref <ref>: ${goQuote(path)}: not found`,
  );
}

/** BuildKit: the fixed part of a wildcard source, or what a matched link points to, is missing. */
export function buildkitLstat(path: string): DockerfileError {
  return new DockerfileError('source-not-found', `lstat ${BUILDKIT_MOUNT}${path}: no such file or directory`);
}

/** Classic: `path` is the source as written less a leading `/` or `./`. */
export function classicNotFound(command: CopyCommand, path: string, fromContext: boolean): DockerfileError {
  const where = fromContext ? 'file not found in build context or excluded by .dockerignore: ' : '';
  return new DockerfileError('source-not-found', `${command} failed: ${where}stat ${path}: file does not exist`);
}

export function classicNoSources(command: CopyCommand): DockerfileError {
  return new DockerfileError('no-source-files', `${command} failed: no source files were specified`);
}

export function classicNeedsSlash(command: CopyCommand): DockerfileError {
  return new DockerfileError(
    'invalid-destination',
    `When using ${command} with more than one source file, the destination must be a directory and end with a /`,
  );
}

/** mkdir through an existing non-directory (`path` is that entry). */
export function notADirectory(path: string, classicContext?: 'file' | 'dir'): DockerfileError {
  const prefix =
    classicContext === 'file'
      ? 'failed to copy files: failed to create new directory: '
      : classicContext === 'dir'
        ? 'failed to copy files: failed to copy directory: '
        : '';
  return new DockerfileError('file-conflict', `${prefix}mkdir ${ROOTFS}${path}: not a directory`);
}

/** BuildKit: a directory would be copied onto an existing non-directory. */
export function cannotCopyToNonDirectory(path: string): DockerfileError {
  return new DockerfileError('file-conflict', `cannot copy to non-directory: ${ROOTFS}${path}`);
}

/** BuildKit: a file would replace an existing directory. */
export function cannotReplaceDirectory(path: string): DockerfileError {
  return new DockerfileError('file-conflict', `cannot replace to directory ${ROOTFS}${path} with file`);
}

/** Classic: ADD of an archive onto an existing non-directory fails setting up its chroot. */
export function classicPivotFailed(path: string): DockerfileError {
  return new DockerfileError(
    'file-conflict',
    `failed to copy files: Error setting up pivot dir: mkdir ${ROOTFS}${path}/.pivot_root<id>: not a directory`,
  );
}
