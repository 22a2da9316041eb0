/**
 * Docker image references (distribution/reference grammar): `alpine` normalises to
 * `docker.io/library/alpine:latest`. Used to validate FROM and COPY --from image names and to
 * match them against the image fixtures a user provides.
 */
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
const HEX64 = /^[a-f0-9]{64}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

export interface ImageRef {
  /** `docker.io/library/node` */
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** Fully normalised, with `:latest` added when neither tag nor digest is given. */
  readonly normalized: string;
  /** The short form Docker prints (`node:16`, `nginx:latest`, `example.com/x:1`). */
  readonly familiar: string;
}

export class InvalidReferenceError extends Error {}

function splitDomain(name: string): [string, string] {
  const i = name.indexOf('/');
  if (i === -1) return ['docker.io', `library/${name}`];
  const first = name.slice(0, i);
  const isDomain = /[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first;
  if (!isDomain) return ['docker.io', name];
  const remote = name.slice(i + 1);
  if (first === 'index.docker.io') return ['docker.io', remote.includes('/') ? remote : `library/${remote}`];
  return [first, remote];
}

/** Parses and normalises a reference; throws InvalidReferenceError with Docker's wording. */
export function parseImageRef(ref: string): ImageRef {
  if (HEX64.test(ref)) {
    throw new InvalidReferenceError(`invalid repository name (${ref}), cannot specify 64-byte hexadecimal strings`);
  }
  const nameEnd = ref.search(/[:@][^/]*$/);
  const namePart = nameEnd === -1 ? ref : ref.slice(0, nameEnd);
  const [domain, remote] = splitDomain(namePart);
  if (remote.toLowerCase() !== remote) {
    throw new InvalidReferenceError(`invalid reference format: repository name (${remote}) must be lowercase`);
  }
  const full = `${domain}/${remote}${ref.slice(namePart.length)}`;
  const m = REFERENCE.exec(full);
  if (!m || ref === '') throw new InvalidReferenceError('invalid reference format');
  const name = m[1]!;
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw new InvalidReferenceError(`invalid reference format: repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  }
  const tag = m[2];
  const digest = m[3];
  const normalized = `${name}${tag !== undefined ? `:${tag}` : digest === undefined ? ':latest' : ''}${digest !== undefined ? `@${digest}` : ''}`;
  const short = name.startsWith('docker.io/library/')
    ? name.slice('docker.io/library/'.length)
    : name.startsWith('docker.io/')
      ? name.slice('docker.io/'.length)
      : name;
  const familiar = normalized.replace(name, short);
  return { name, tag, digest, normalized, familiar };
}

/** True when two references name the same image once normalised. */
export function sameImage(a: string, b: string): boolean {
  try {
    return parseImageRef(a).normalized === parseImageRef(b).normalized;
  } catch {
    return false;
  }
}
