import { goExpand } from './goExpand.js';
import type { CstConfig, ImageView } from './imageView.js';
import { invalid, matches, notRun, outcome, Undecided } from './outcome.js';
import type { StructureTestResult } from './report.js';
import type { EnvVarSpec, FileContentTestSpec, FileExistenceTestSpec, LicenseTestSpec } from './spec.js';

/** CST leaves these packages' copyright alone, and fails a license naming one of these words. */
const LICENSE_WHITELIST = ['libgnutls30'];
const LICENSE_BLACKLIST = ['AGPL', 'WTFPL'];
const DEBIAN_DOC_ROOT = '/usr/share/doc';

/** CST's file content test: expected and excluded Go regexps over the whole file. */
export function fileContentTest(view: ImageView, test: FileContentTestSpec): StructureTestResult {
  const validation = [...(test.name ? [] : ['Please provide a valid name for every test']), ...(test.path ? [] : [`Please provide a valid file path for test ${test.name}`])];
  if (validation.length > 0) return invalid('file-content', test.name, validation);
  const name = `File Content Test: ${test.name}`;
  const read = view.read(test.path);
  if (!read.ok && read.unknown) return notRun('file-content', name, read.error);
  if (!read.ok) return outcome('file-content', name, [`Failed to open ${test.path}. Error: ${read.error}`]);
  const contents = read.bytes.toString('utf8');
  const errors: string[] = [];
  try {
    for (const s of test.expectedContents ?? []) {
      if (!matches(s, contents, true)) errors.push(`Expected string '${s}' not found in file content string '${contents}'`);
    }
    for (const s of test.excludedContents ?? []) {
      if (!matches(s, contents, false)) errors.push(`Excluded string '${s}' found in file content string '${contents}'`);
    }
  } catch (err) {
    if (err instanceof Undecided) return notRun('file-content', name, err.message);
    throw err;
  }
  return outcome('file-content', name, errors);
}

/** globalEnvVars are committed into the image the Docker driver stats, values expanded against its env. */
export function withGlobalEnv(config: CstConfig, globals: readonly EnvVarSpec[]): ReadonlyMap<string, string> {
  if (globals.length === 0) return config.env;
  const env = new Map(config.env);
  for (const v of globals) env.set(v.key, goExpand(v.value ?? '', (k) => config.env.get(k) ?? ''));
  return env;
}

/** CST's file existence test, stat-ing as Docker's archive API does. */
export function fileExistenceTest(view: ImageView, env: ReadonlyMap<string, string>, test: FileExistenceTestSpec): StructureTestResult {
  const validation = [...(test.name ? [] : ['Please provide a valid name for every test']), ...(test.path ? [] : [`Please provide a valid file path for test ${test.name}`])];
  if (validation.length > 0) return invalid('file-existence', test.name, validation);
  const name = `File Existence Test: ${test.name}`;
  const shouldExist = test.shouldExist ?? true;
  const uid = test.uid ?? -1;
  const gid = test.gid ?? -1;
  const info = view.stat(goExpand(test.path, (k) => env.get(k) ?? ''));
  if (!info.ok && shouldExist) return outcome('file-existence', name, [`Error examining file in container: ${info.error}`]);
  if (info.ok && !shouldExist) return outcome('file-existence', name, [`File ${test.path} should not exist but does`]);
  if (!info.ok) return outcome('file-existence', name, []);
  const errors: string[] = [];
  if (test.permissions && info.mode !== test.permissions) {
    errors.push(`${test.path} has incorrect permissions. Expected: ${test.permissions}, Actual: ${info.mode}`);
  }
  if (test.isExecutableBy) {
    const bits: Readonly<Record<string, number>> = { any: 0o111, owner: 0o100, group: 0o010, other: 0o001 };
    const mask = bits[test.isExecutableBy];
    if (mask === undefined) errors.push(`${test.isExecutableBy} not recognised as a valid option`);
    else if ((info.perm & mask) === 0) {
      errors.push(`${test.path} has incorrect executable bit. Expected to be executable by ${test.isExecutableBy}, Actual: ${info.mode}`);
    }
  }
  if (uid !== -1 && info.uid !== uid) errors.push(`${test.path} has incorrect user ownership. Expected: ${uid}, Actual: ${info.uid}`);
  if (gid !== -1 && info.gid !== gid) errors.push(`${test.path} has incorrect group ownership. Expected: ${gid}, Actual: ${info.gid}`);
  return outcome('file-existence', name, errors);
}

/** CST's license test: Debian copyright files and listed files must not name AGPL or WTFPL. */
export function licenseTest(view: ImageView, test: LicenseTestSpec): StructureTestResult {
  const name = 'License Test';
  const errors: string[] = [];
  const unknown: string[] = [];
  const check = (file: string): void => {
    const read = view.read(file);
    if (!read.ok && read.unknown) unknown.push(file);
    else if (!read.ok) errors.push(`Error reading license file for ${file}: ${read.error}`);
    else {
      const text = read.bytes.toString('utf8').toUpperCase();
      const word = LICENSE_BLACKLIST.find((w) => text.includes(w));
      if (word) errors.push(`Invalid license for ${file}, license contains ${word}`);
    }
  };
  if (test.debian) {
    const packages = view.subdirectories(DEBIAN_DOC_ROOT);
    if (!packages.ok) return outcome('license', name, [`Error reading directory: ${packages.error}`]);
    for (const pkg of packages.names) {
      if (LICENSE_WHITELIST.includes(pkg)) continue;
      const file = `${DEBIAN_DOC_ROOT}/${pkg}/copyright`;
      const info = view.stat(file);
      if (!info.ok) errors.push(`Error reading license file for ${pkg}: ${info.error}`);
      check(file);
    }
  }
  for (const file of test.files ?? []) check(file);
  // A failure found is certain; a pass is not while some copyright file could not be read.
  if (errors.length === 0 && unknown.length > 0) {
    const listed = `${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', …' : ''}`;
    return notRun('license', name, `the content of ${unknown.length} license file(s) is not known (${listed})`);
  }
  return outcome('license', name, errors);
}
