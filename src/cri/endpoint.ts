// CRI runtime endpoints as users write them (crictl's and containerd's spellings) → a gRPC target.
export const DEFAULT_ENDPOINT_LINUX = 'unix:///run/containerd/containerd.sock';
export const DEFAULT_ENDPOINT_WINDOWS = 'npipe:////./pipe/containerd-containerd';

export function defaultEndpoint(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? DEFAULT_ENDPOINT_WINDOWS : DEFAULT_ENDPOINT_LINUX;
}

/**
 * The Windows named pipe an npipe endpoint names, parsed as kubelet parses it (pkg/kubelet/util,
 * parseEndpoint): backslashes read as slashes, then `npipe:////./pipe/x` (path already //./pipe/…),
 * `npipe://./pipe/x` and `npipe:\\.\pipe\x` (host `.`, path /pipe/x), `npipe:///pipe/x` (no host:
 * `.`), `npipe://server/pipe/x` (a remote pipe) → `\\<host>\pipe\<name>`.
 */
export function npipePath(endpoint: string): string {
  const rest = endpoint.replace(/\\/g, '/').slice('npipe:'.length);
  let host = '';
  let path = rest;
  if (rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    host = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    path = slash < 0 ? '' : rest.slice(slash);
  }
  const full = path.startsWith('//') ? path : `//${host || '.'}${path}`;
  if (!/^\/\/[^/]+\/pipe\/[^/]+/.test(full)) {
    throw new Error(`unsupported runtime endpoint "${endpoint}": a named pipe is npipe://./pipe/<name> (or npipe:////./pipe/<name>)`);
  }
  return full.replace(/\//g, '\\');
}

/**
 * unix:///path, unix:/path or /path → a Unix socket; npipe:… → a Windows named pipe (grpc-js dials
 * its `unix:` targets with net.connect, which takes a pipe path on Windows); tcp://host:port (the
 * original tool's default form) → host:port.
 */
export function grpcTarget(endpoint: string): string {
  const e = endpoint.trim();
  if (e.startsWith('unix://')) return `unix:${e.slice('unix://'.length)}`;
  if (e.startsWith('unix:')) return e;
  if (e.startsWith('/')) return `unix:${e}`;
  if (e.toLowerCase().startsWith('npipe:')) return `unix:${npipePath(e)}`;
  if (e.startsWith('tcp://')) return e.slice('tcp://'.length);
  throw new Error(`unsupported runtime endpoint "${endpoint}" (expected unix:///path, npipe://./pipe/name or tcp://host:port)`);
}
