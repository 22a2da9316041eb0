import type { BuilderMode } from '../model/builder.js';
import type { ImageConfig } from '../model/image.js';

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** Fields the classic builder's container config always writes, as "" or null when unset. */
const CLASSIC_ALWAYS: Partial<Record<keyof ImageConfig, '' | null>> = {
  User: '',
  Env: null,
  Cmd: null,
  Volumes: null,
  WorkingDir: '',
  Entrypoint: null,
  OnBuild: null,
  Labels: null,
};

/** The config as the builder stores it in the image: BuildKit drops empty fields, classic keeps some. */
export function serializeConfig(config: ImageConfig, builder: BuilderMode): ImageConfig {
  const out: Record<string, unknown> = {};
  const keys: (keyof ImageConfig)[] = [
    'User', 'ExposedPorts', 'Env', 'Entrypoint', 'Cmd', 'Volumes', 'WorkingDir', 'Labels', 'OnBuild', 'StopSignal', 'Shell', 'Healthcheck', 'ArgsEscaped',
  ];
  for (const key of keys) {
    const value = config[key];
    if (builder === 'classic' && key in CLASSIC_ALWAYS) {
      out[key] = value === undefined || (value === null) ? CLASSIC_ALWAYS[key] : value;
      if (key === 'Cmd' || key === 'Entrypoint' || key === 'OnBuild') {
        if (Array.isArray(value) && value.length === 0 && key !== 'Cmd') out[key] = null;
      }
    } else if (!isEmpty(value)) out[key] = value;
  }
  return out as ImageConfig;
}
