import type { BuilderMode } from '../../model/builder.js';
import { DockerfileError } from '../../model/errors.js';

/**
 * The permission bits an expanded `--chmod` value sets, or undefined when it sets none.
 * Frontend 1.7 parses the value as an unsigned 32-bit octal number and silently ignores anything
 * else (symbolic modes such as `u+x` included: validation came in 1.10, symbolic modes in 1.14);
 * only the permission and setuid/setgid/sticky bits of the number are used (`10755` is 0755).
 * The classic builder rejects the flag outright.
 */
export function parseChmod(value: string | undefined, builder: BuilderMode): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (builder === 'classic') {
    throw new DockerfileError(
      'requires-buildkit',
      'the --chmod option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled',
    );
  }
  if (!/^[0-7]+$/.test(value)) return undefined;
  const number = Number.parseInt(value, 8);
  return number <= 0xffffffff ? number & 0o7777 : undefined;
}
