// CRI runtime endpoints as users write them (crictl's and containerd's spellings) → a gRPC target.
export const DEFAULT_ENDPOINT_LINUX = 'unix:///run/containerd/containerd.sock';
export const DEFAULT_ENDPOINT_WINDOWS = 'npipe:////./pipe/containerd-containerd';

export function defaultEndpoint(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? DEFAULT_ENDPOINT_WINDOWS : DEFAULT_ENDPOINT_LINUX;
}

/**
 * unix:///path, unix:/path or /path → a Unix socket; npipe:////./pipe/name → a Windows named pipe
 * (grpc-js dials its `unix:` targets with net.connect, which takes a pipe path on Windows);
 * tcp://host:port (the original tool's default form) → host:port.
 */
export function grpcTarget(endpoint: string): string {
  const e = endpoint.trim();
  if (e.startsWith('unix://')) return `unix:${e.slice('unix://'.length)}`;
  if (e.startsWith('unix:')) return e;
  if (e.startsWith('/')) return `unix:${e}`;
  if (e.startsWith('npipe://')) {
    const pipe = e.slice('npipe://'.length).replace(/\//g, '\\');
    return `unix:${pipe}`;
  }
  if (e.startsWith('tcp://')) return e.slice('tcp://'.length);
  throw new Error(`unsupported runtime endpoint "${endpoint}" (expected unix:///path, npipe:////./pipe/name or tcp://host:port)`);
}
