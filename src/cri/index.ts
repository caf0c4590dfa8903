// The CRI transport (a feature bundle: @grpc/grpc-js loads only for commands that talk to the runtime).
export { createCriClient, withCriClient, type CriClient, type CriClientOptions } from './client.js';
export { CriError, type CriErrorCode } from './errors.js';
export { defaultEndpoint, grpcTarget, DEFAULT_ENDPOINT_LINUX, DEFAULT_ENDPOINT_WINDOWS } from './endpoint.js';
export { podNetwork, forEachReadyPod, type PodNetwork } from './pod-network.js';
export * from '../gen/runtime/v1/api.js';
