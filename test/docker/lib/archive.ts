import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extract } from 'tar-stream';

/** The parts of an image config JSON (as `docker save` stores it) the recorder reads. */
export interface RawImageConfig {
  readonly config?: Record<string, unknown>;
  readonly history?: ReadonlyArray<{ created_by?: string; empty_layer?: boolean; comment?: string }>;
  readonly rootfs?: { diff_ids?: string[] };
}

/** Reads manifest.json and the config blob it names from a `docker save` archive (first image). */
export async function readSavedConfig(tarPath: string): Promise<RawImageConfig> {
  return (await readSaved(tarPath)).config;
}

export async function readSaved(tarPath: string): Promise<{ config: RawImageConfig; repoTags: string[]; id: string }> {
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    const ex = extract();
    ex.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.\//, '');
      // Keep only small JSON files: manifest.json and blobs that may be the config.
      if (header.type === 'file' && (header.size ?? 0) < 1 << 20) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: unknown) => chunks.push(c as Buffer));
        stream.on('end', () => {
          files.set(name, Buffer.concat(chunks));
          next();
        });
      } else {
        stream.on('end', next);
        stream.resume();
      }
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
    createReadStream(tarPath).on('error', reject).pipe(ex);
  });
  const manifest = files.get('manifest.json');
  if (!manifest) throw new Error(`${tarPath}: no manifest.json`);
  const entries = JSON.parse(manifest.toString('utf8')) as Array<{ Config: string; RepoTags?: string[] | null }>;
  const configName = entries[0]?.Config;
  const blob = configName ? files.get(configName) : undefined;
  if (!blob) throw new Error(`${tarPath}: config blob ${configName} missing`);
  // The image id is the digest of the config blob, which OCI layouts name blobs/sha256/<hex>.
  const id = `sha256:${createHash('sha256').update(blob).digest('hex')}`;
  return { config: JSON.parse(blob.toString('utf8')) as RawImageConfig, repoTags: entries[0]?.RepoTags ?? [], id };
}

/** The config keys the expected files keep, in this order. */
export const CONFIG_KEYS = [
  'User',
  'ExposedPorts',
  'Env',
  'Entrypoint',
  'Cmd',
  'Volumes',
  'WorkingDir',
  'Labels',
  'OnBuild',
  'StopSignal',
  'Shell',
  'Healthcheck',
  'ArgsEscaped',
] as const;

export function configSubset(raw: RawImageConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const c = raw.config ?? {};
  for (const k of CONFIG_KEYS) {
    if (Object.hasOwn(c, k)) out[k] = c[k];
  }
  return out;
}

export function historyOf(raw: RawImageConfig): Array<{ createdBy: string; emptyLayer: boolean }> {
  return (raw.history ?? []).map((h) => ({ createdBy: h.created_by ?? '', emptyLayer: h.empty_layer === true }));
}
