// ttrpc (containerd/ttrpc wire format) for unary calls, over any duplex stream (NRI runs it over its mux: src/nri/stub).
export { Client, type CallOptions, type ClientOptions } from './client.js';
export {
  encodeFrame,
  FrameDecoder,
  HEADER_LENGTH,
  MESSAGE_LENGTH_MAX,
  MessageType,
  type DecodedFrame,
  type Frame,
  type FrameDecoderOptions,
  type FrameHeader,
} from './frame.js';
export { Server, type CallContext, type Handler, type ServerConnection, type ServerOptions, type Services } from './server.js';
export { closedError, Code, codeName, oversizeError, TtrpcError } from './status.js';
export { Request, Response, KeyValue } from '../gen/ttrpc/request.js';
