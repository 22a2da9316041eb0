import type { ImageConfig } from '../model/image.js';

/**
 * The config as `docker image inspect --format '{{json .Config}}'` prints it: Docker's
 * container-config struct with every field, in its order. The parent image ID (`Image`) that
 * the classic builder records cannot be predicted and is left "".
 */
export function inspectConfig(config: ImageConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {
    Hostname: '',
    Domainname: '',
    User: config.User ?? '',
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
  };
  if (config.ExposedPorts && Object.keys(config.ExposedPorts).length > 0) out.ExposedPorts = config.ExposedPorts;
  Object.assign(out, { Tty: false, OpenStdin: false, StdinOnce: false, Env: config.Env ?? null, Cmd: config.Cmd ?? null });
  if (config.Healthcheck) out.Healthcheck = config.Healthcheck;
  if (config.ArgsEscaped) out.ArgsEscaped = true;
  Object.assign(out, {
    Image: '',
    Volumes: config.Volumes ?? null,
    WorkingDir: config.WorkingDir ?? '',
    Entrypoint: config.Entrypoint ?? null,
    OnBuild: config.OnBuild ?? null,
    Labels: config.Labels ?? null,
  });
  if (config.StopSignal) out.StopSignal = config.StopSignal;
  if (config.Shell && config.Shell.length > 0) out.Shell = config.Shell;
  return out;
}
