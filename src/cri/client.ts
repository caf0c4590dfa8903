// A promise-based CRI RuntimeService client over @grpc/grpc-js, with a deadline on every call.
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  RuntimeServiceClient,
  type ContainerConfig,
  type ContainerFilter,
  type ContainerStatusResponse,
  type Container,
  type ListContainersResponse,
  type ListPodSandboxResponse,
  type PodSandbox,
  type PodSandboxConfig,
  type PodSandboxFilter,
  type PodSandboxStatusResponse,
  type StatusResponse,
  type VersionResponse,
} from '../gen/runtime/v1/api.js';
import { defaultEndpoint, grpcTarget } from './endpoint.js';
import { criError } from './errors.js';

export interface CriClientOptions {
  /** Per-call deadline; default 10 s. */
  timeoutMs?: number;
}

export interface CriClient {
  readonly endpoint: string;
  version(): Promise<VersionResponse>;
  status(): Promise<StatusResponse>;
  runPodSandbox(config: PodSandboxConfig, runtimeHandler?: string): Promise<string>;
  stopPodSandbox(id: string): Promise<void>;
  removePodSandbox(id: string): Promise<void>;
  podSandboxStatus(id: string, verbose?: boolean): Promise<PodSandboxStatusResponse>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]>;
  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  stopContainer(id: string, timeoutSec?: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  containerStatus(id: string, verbose?: boolean): Promise<ContainerStatusResponse>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;
  close(): void;
}

export function createCriClient(endpoint: string = defaultEndpoint(), opts: CriClientOptions = {}): CriClient {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const target = grpcTarget(endpoint);
  // Name what was dialed too when it differs from what the user wrote (a named pipe's path, say).
  const described = target.replace(/^unix:/, '') === endpoint || target === endpoint ? endpoint : `${endpoint} (${target.replace(/^unix:/, '')})`;
  const client = new RuntimeServiceClient(target, credentials.createInsecure(), {
    // One small request at a time from a CLI or a plugin: no need to keep probing an idle connection.
    'grpc.enable_retries': 0,
  });

  type Unary = (req: unknown, md: Metadata, o: { deadline: Date }, cb: (err: ServiceError | null, res: unknown) => void) => unknown;
  const methods = client as unknown as Record<string, Unary>;

  /** Calls one unary method with a deadline; grpc-js errors become CriErrors. */
  function rpc<Res>(method: string, req: unknown): Promise<Res> {
    const fn = methods[method.charAt(0).toLowerCase() + method.slice(1)]!;
    return new Promise((resolve, reject) => {
      fn.call(client, req, new Metadata(), { deadline: new Date(Date.now() + timeoutMs) }, (err, res) => {
        if (err) reject(criError(method, described, err));
        else resolve(res as Res);
      });
    });
  }

  return {
    endpoint,
    version: () => rpc<VersionResponse>('Version', { version: 'v1' }),
    status: () => rpc<StatusResponse>('Status', { verbose: false }),
    runPodSandbox: async (config, runtimeHandler = '') =>
      (await rpc<{ podSandboxId?: string }>('RunPodSandbox', { config, runtimeHandler })).podSandboxId ?? '',
    stopPodSandbox: async (id) => {
      await rpc('StopPodSandbox', { podSandboxId: id });
    },
    removePodSandbox: async (id) => {
      await rpc('RemovePodSandbox', { podSandboxId: id });
    },
    podSandboxStatus: (id, verbose = false) => rpc<PodSandboxStatusResponse>('PodSandboxStatus', { podSandboxId: id, verbose }),
    listPodSandbox: async (filter) => (await rpc<ListPodSandboxResponse>('ListPodSandbox', filter ? { filter } : {})).items ?? [],
    createContainer: async (podSandboxId, config, sandboxConfig) =>
      (await rpc<{ containerId?: string }>('CreateContainer', { podSandboxId, config, sandboxConfig })).containerId ?? '',
    startContainer: async (id) => {
      await rpc('StartContainer', { containerId: id });
    },
    stopContainer: async (id, timeoutSec = 10) => {
      await rpc('StopContainer', { containerId: id, timeout: String(timeoutSec) });
    },
    removeContainer: async (id) => {
      await rpc('RemoveContainer', { containerId: id });
    },
    containerStatus: (id, verbose = false) => rpc<ContainerStatusResponse>('ContainerStatus', { containerId: id, verbose }),
    listContainers: async (filter) => (await rpc<ListContainersResponse>('ListContainers', filter ? { filter } : {})).containers ?? [],
    close: () => client.close(),
  };
}

/** Runs `use` with a client for `endpoint`, closed afterwards whatever happens: how this project opens CRI. */
export async function withCriClient<T>(endpoint: string, opts: CriClientOptions, use: (client: CriClient) => Promise<T>): Promise<T> {
  const client = createCriClient(endpoint, opts);
  try {
    return await use(client);
  } finally {
    client.close();
  }
}
