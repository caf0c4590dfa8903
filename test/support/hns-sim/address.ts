// Simulator addresses, read the same way as the C double reads HCNPROXYCTL_HNS_SIM:
// "HOST:PORT" (numeric port, no '/' or '\' in HOST) is TCP, anything else is a Unix socket path.

export type SimAddress = { kind: 'tcp'; host: string; port: number } | { kind: 'unix'; path: string };

export function parseAddress(addr: string): SimAddress {
  const colon = addr.lastIndexOf(':');
  if (colon > 0) {
    const host = addr.slice(0, colon);
    const port = addr.slice(colon + 1);
    if (/^[0-9]+$/.test(port) && !/[/\\]/.test(host)) {
      const n = Number(port);
      if (n > 65535) throw new RangeError(`port out of range in ${JSON.stringify(addr)}`);
      return { kind: 'tcp', host, port: n };
    }
  }
  if (addr === '') throw new RangeError('empty simulator address');
  return { kind: 'unix', path: addr };
}

export function formatAddress(a: SimAddress): string {
  return a.kind === 'tcp' ? `${a.host}:${a.port}` : a.path;
}
