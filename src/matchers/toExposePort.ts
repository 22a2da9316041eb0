import { configOf } from './config.js';
import { conclude, noImage, type MatcherResult } from './messages.js';
import { argumentError, asBuildResult } from './received.js';

const NAME = 'toExposePort';

/** Passes when the final config exposes the port: `8080` and `'8080'` mean `8080/tcp`, as for EXPOSE. */
export function toExposePort(this: unknown, received: unknown, port: number | string): MatcherResult {
  const result = asBuildResult(received, NAME);
  const key = portKey(port);
  const call = { matcher: NAME, args: [port] };
  const wanted = `exposed port ${key}`;
  const failed = noImage(result, wanted);
  if (failed) return conclude(this, call, result, failed);

  const ports = Object.keys(configOf(result).ExposedPorts ?? {});
  const shown = ports.length > 0 ? `exposed ports ${ports.join(', ')}` : 'no exposed ports';
  return conclude(this, call, result, { holds: ports.includes(key), expected: wanted, received: shown });
}

/** `8080/tcp`, the key Docker stores; misuse throws. */
function portKey(port: unknown): string {
  const match = typeof port === 'number' ? [String(port), String(port), undefined] : typeof port === 'string' ? /^(\d+)(?:\/(tcp|udp|sctp))?$/.exec(port) : null;
  const number = match ? Number(match[1]) : NaN;
  if (!match || !Number.isInteger(number) || number < 1 || number > 65535) {
    throw argumentError(NAME, `the port must be a number from 1 to 65535 or a string such as "8080/tcp", received ${JSON.stringify(port)}`);
  }
  return `${number}/${match[2] ?? 'tcp'}`;
}
