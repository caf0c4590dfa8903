// An in-process CRI RuntimeService on a Unix socket, for tests of the client and of `lookup` where no
// real runtime can run (Windows pods). It serves what the test puts in `state`; the real-containerd
// suites (test/e2e) cover the genuine article.
import { Server, ServerCredentials, status, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  RuntimeServiceService,
  type Container,
  type ContainerStatusResponse,
  type PodSandbox,
  type PodSandboxStatusResponse,
} from '../../../src/gen/runtime/v1/api.js';

export interface FakeCriState {
  containers: { list: Container; status: ContainerStatusResponse }[];
  pods: { list: PodSandbox; status: PodSandboxStatusResponse }[];
  /** Resolve ID prefixes in ContainerStatus/PodSandboxStatus, as containerd does. */
  prefixes: boolean;
  calls: string[];
}

type Handler = (call: ServerUnaryCall<Record<string, unknown>, unknown>, cb: sendUnaryData<unknown>) => void;

const notFound = (what: string) => ({ code: status.NOT_FOUND, details: `an error occurred when try to find ${what}: not found` });

export async function startFakeCri(): Promise<{ endpoint: string; state: FakeCriState; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hcnproxyctl-fakecri-'));
  const socket = path.join(dir, 'cri.sock');
  const state: FakeCriState = { containers: [], pods: [], prefixes: true, calls: [] };
  const find = <T extends { list: { id?: string } }>(items: T[], id: string) =>
    items.find((i) => i.list.id === id) ??
    (state.prefixes
      ? (() => {
          const m = items.filter((i) => i.list.id?.startsWith(id));
          return m.length === 1 ? m[0] : undefined;
        })()
      : undefined);
  const handlers: Record<string, Handler> = {
    version: (_c, cb) => cb(null, { version: '0.1.0', runtimeName: 'fake', runtimeVersion: '0', runtimeApiVersion: 'v1' }),
    containerStatus: (c, cb) => {
      const found = find(state.containers, String(c.request.containerId));
      if (found) cb(null, found.status);
      else cb(notFound(`container "${String(c.request.containerId)}"`));
    },
    podSandboxStatus: (c, cb) => {
      const found = find(state.pods, String(c.request.podSandboxId));
      if (found) cb(null, found.status);
      else cb(notFound(`sandbox "${String(c.request.podSandboxId)}"`));
    },
    listContainers: (_c, cb) => cb(null, { containers: state.containers.map((x) => x.list) }),
    listPodSandbox: (_c, cb) => cb(null, { items: state.pods.map((x) => x.list) }),
  };
  const impl: Record<string, Handler> = {};
  for (const name of Object.keys(RuntimeServiceService)) {
    impl[name] = (call, cb) => {
      state.calls.push(name);
      const h = handlers[name];
      if (h) h(call, cb);
      else cb({ code: status.UNIMPLEMENTED, details: `${name} is not served by the fake` });
    };
  }
  const server = new Server();
  server.addService(RuntimeServiceService, impl);
  await new Promise<void>((resolve, reject) => server.bindAsync(`unix:${socket}`, ServerCredentials.createInsecure(), (e) => (e ? reject(e) : resolve())));
  return {
    endpoint: `unix://${socket}`,
    state,
    stop: () =>
      new Promise<void>((resolve) =>
        server.tryShutdown(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
}
