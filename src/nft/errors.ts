// The nftables backend's failures, each with a code the faces map (TIMEOUT is transient: try again).

export type NftErrorCode = 'NFT_NOT_FOUND' | 'NSENTER_NOT_FOUND' | 'LIBNFTABLES_UNAVAILABLE' | 'NETNS_NOT_FOUND' | 'NETNS_FAILED' | 'NFT_FAILED' | 'TIMEOUT';

export class NftError extends Error {
  constructor(
    readonly code: NftErrorCode,
    message: string,
    /** nft's full error text (with its source line and carets), from stderr or libnftables' error buffer. */
    readonly stderr: string = '',
  ) {
    super(message);
    this.name = 'NftError';
  }

  /** The runtime may retry: the call ran out of time. */
  get transient(): boolean {
    return this.code === 'TIMEOUT';
  }
}

/** nft's error lines ("Error: …"), each with the source line it points at, for a one-line message. */
export function nftErrorText(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trimEnd());
  const out: string[] = [];
  lines.forEach((line, i) => {
    const at = line.indexOf('Error:');
    if (at < 0) return;
    const source = lines[i + 1]?.trim();
    const where = source && !/^[\s^~]*$/.test(source) ? ` (in: ${source})` : '';
    out.push(`${line.slice(at)}${where}`);
  });
  if (out.length > 0) return out.join('; ');
  return (
    lines
      .filter((l) => l.trim() !== '')
      .join(' ')
      .trim() || '(no error text)'
  );
}

/** Throws TIMEOUT when the deadline (epoch ms) has passed; returns the milliseconds left. */
export function timeLeft(deadline: number, what: string): number {
  const left = deadline - Date.now();
  if (left <= 0) throw new NftError('TIMEOUT', `no time left for ${what}: the caller's deadline has passed`);
  return left;
}
