/**
 * container-structure-test's config, schema 2.0.0, as its Go types declare it (pkg/types/v2):
 * field names, defaults and the file formats it reads.
 */

/** `{key, value, isRegex}`: an env var or label, matched literally or as a Go regexp. */
export interface EnvVarSpec {
  key: string;
  value?: string;
  isRegex?: boolean;
}

/** Checks a path's existence, mode string, owner and executable bits. */
export interface FileExistenceTestSpec {
  name: string;
  path: string;
  /** Default true in YAML; a JSON spec leaves it false (CST sets the default only when it reads YAML). */
  shouldExist?: boolean;
  /** Go's FileMode string, e.g. `-rw-r--r--`, `drwxr-xr-x`, `Lrwxrwxrwx`. */
  permissions?: string;
  /** -1 (the YAML default) does not check; a JSON spec leaves it 0. */
  uid?: number;
  gid?: number;
  isExecutableBy?: 'owner' | 'group' | 'other' | 'any' | (string & {});
}

/** Go regexps the file's whole content must match (expected) or not (excluded). */
export interface FileContentTestSpec {
  name: string;
  path: string;
  expectedContents?: string[];
  excludedContents?: string[];
}

/** Checks the image config; a field left out is not checked. */
export interface MetadataTestSpec {
  envVars?: EnvVarSpec[];
  unboundEnvVars?: EnvVarSpec[];
  exposedPorts?: string[];
  unexposedPorts?: string[];
  /** Compared only when present (an empty list expects none). */
  entrypoint?: string[] | null;
  cmd?: string[] | null;
  workdir?: string;
  volumes?: string[];
  unmountedVolumes?: string[];
  labels?: EnvVarSpec[];
  user?: string;
}

/** `debian: true` checks every `/usr/share/doc/<pkg>/copyright`; `files` lists more. */
export interface LicenseTestSpec {
  debian?: boolean;
  files?: string[];
}

/** Parsed and kept so that a spec is accepted, but never run: it needs a container. */
export interface CommandTestSpec {
  name: string;
  command: string;
  args?: string[];
  setup?: string[][];
  teardown?: string[][];
  envVars?: EnvVarSpec[];
  exitCode?: number;
  expectedOutput?: string[];
  excludedOutput?: string[];
  expectedError?: string[];
  excludedError?: string[];
}

/** How CST would run containers (for command tests): accepted, not used. */
export interface ContainerRunOptionsSpec {
  user?: string;
  privileged?: boolean;
  allocateTty?: boolean;
  envVars?: string[];
  envFile?: string;
  capabilities?: string[];
  bindMounts?: string[];
}

/** A structure test config (schema 2.0.0), as written in its YAML or JSON file. */
export interface StructureTestSpec {
  schemaVersion: string;
  globalEnvVars?: EnvVarSpec[];
  commandTests?: CommandTestSpec[];
  fileExistenceTests?: FileExistenceTestSpec[];
  fileContentTests?: FileContentTestSpec[];
  metadataTest?: MetadataTestSpec;
  licenseTests?: LicenseTestSpec[];
  containerRunOptions?: ContainerRunOptionsSpec;
}

// --- the Go types, for decoding --------------------------------------------------------------

/** How a field decodes, named after its Go type. */
export type FieldType =
  | 'string'
  | 'bool'
  | 'int'
  | 'strings'
  /** `*[]string`: absent or null stays unset. */
  | 'strings?'
  | 'commands'
  | { readonly struct: StructType }
  | { readonly list: StructType };

/** A Go struct of the schema: its fields and YAML defaults. */
export interface StructType {
  /** The Go type name, as yaml.v2's errors name it. */
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldType>>;
  /** Values a field has when the file does not set it (CST's UnmarshalYAML defaults). */
  readonly yamlDefaults?: Readonly<Record<string, unknown>>;
}

const ENV_VAR: StructType = { name: 'unversioned.EnvVar', fields: { key: 'string', value: 'string', isRegex: 'bool' } };
const LABEL: StructType = { ...ENV_VAR, name: 'unversioned.Label' };

/** Schema 2.0.0's top-level type, as pkg/types/v2 declares it. */
export const STRUCTURE_TEST: StructType = {
  name: 'v2.StructureTest',
  fields: {
    schemaVersion: 'string',
    globalEnvVars: { list: ENV_VAR },
    commandTests: {
      list: {
        name: 'v2.CommandTest',
        fields: {
          name: 'string',
          setup: 'commands',
          teardown: 'commands',
          envVars: { list: ENV_VAR },
          exitCode: 'int',
          command: 'string',
          args: 'strings',
          expectedOutput: 'strings',
          excludedOutput: 'strings',
          expectedError: 'strings',
          excludedError: 'strings',
        },
      },
    },
    fileExistenceTests: {
      list: {
        name: 'v2.FileExistenceTest',
        fields: { name: 'string', path: 'string', shouldExist: 'bool', permissions: 'string', uid: 'int', gid: 'int', isExecutableBy: 'string' },
        yamlDefaults: { shouldExist: true, uid: -1, gid: -1 },
      },
    },
    fileContentTests: {
      list: { name: 'v2.FileContentTest', fields: { name: 'string', path: 'string', expectedContents: 'strings', excludedContents: 'strings' } },
    },
    metadataTest: {
      struct: {
        name: 'v2.MetadataTest',
        fields: {
          envVars: { list: ENV_VAR },
          unboundEnvVars: { list: ENV_VAR },
          exposedPorts: 'strings',
          unexposedPorts: 'strings',
          entrypoint: 'strings?',
          cmd: 'strings?',
          workdir: 'string',
          volumes: 'strings',
          unmountedVolumes: 'strings',
          labels: { list: LABEL },
          user: 'string',
        },
      },
    },
    licenseTests: { list: { name: 'v2.LicenseTest', fields: { debian: 'bool', files: 'strings' } } },
    containerRunOptions: {
      struct: {
        name: 'unversioned.ContainerRunOptions',
        fields: {
          user: 'string',
          privileged: 'bool',
          allocateTty: 'bool',
          envVars: 'strings',
          envFile: 'string',
          capabilities: 'strings',
          bindMounts: 'strings',
        },
      },
    },
  },
};
