// The part of client and server that sits on the byte stream: decode what arrives, write whole
// messages, and notice the end once. Any Node Duplex works: a net.Socket or a MuxConn.
import type { Duplex } from 'node:stream';
import { FrameDecoder, type DecodedFrame, type FrameDecoderOptions } from './frame.js';

export interface MessageStream {
  /** Writes one whole message in one write (the mux splits per write); no-op once closed. */
  send(bytes: Uint8Array): void;
  /** Ends the stream (destroys it); onClose runs once. */
  close(): void;
  readonly closed: Promise<void>;
}

export function attachStream(stream: Duplex, opts: FrameDecoderOptions, onFrame: (f: DecodedFrame) => void, onClose: () => void): MessageStream {
  const decoder = new FrameDecoder(opts);
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    stream.destroy();
    onClose();
    resolveClosed();
  };
  stream.on('data', (chunk: Uint8Array) => {
    for (const f of decoder.push(chunk)) if (!ended) onFrame(f);
  });
  stream.on('end', end);
  stream.on('close', end);
  // A read or write error ends the connection; 'close' follows.
  stream.on('error', () => stream.destroy());
  if (stream.destroyed) queueMicrotask(end);
  return {
    send(bytes) {
      if (!ended && !stream.destroyed && stream.writable) stream.write(bytes);
    },
    close: end,
    closed,
  };
}
