// The gate's fast path reads the pod id off the wire: it must give what the full decode gives, for
// every shape of request (no pod, no id, the pod field twice, fields it skips, bytes that do not parse).
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { describe, expect, it } from 'vitest';
import { CreateContainerRequest, PodSandbox } from '../../../src/gen/nri/api.js';
import { peekPodId } from '../../../src/nri/stub/peek.js';

const ID = 'f'.repeat(64);
const POD = {
  id: ID,
  name: 'web-7d9f8c6b5-xk2lp',
  namespace: 'default',
  labels: { app: 'web' },
  annotations: { 'sidecar.istio.io/status': '{"containers":["istio-proxy"]}' },
  linux: { namespaces: [{ type: 'network', path: '/var/run/netns/cni-1' }] },
};
const encode = (r: CreateContainerRequest) => CreateContainerRequest.encode(r).finish();
const decoded = (bytes: Uint8Array) => CreateContainerRequest.decode(bytes).pod?.id;

describe('peekPodId', () => {
  it('a request as containerd sends it: the pod id, as the full decode reads it', () => {
    const bytes = encode({ pod: POD, container: { id: 'c'.repeat(64), podSandboxId: ID, name: 'app', annotations: { a: 'b' } } });
    expect(peekPodId(bytes)).toBe(ID);
    expect(decoded(bytes)).toBe(ID);
  });

  it('the container before the pod, and fields of every wire type it skips', () => {
    const w = new BinaryWriter();
    w.uint32(16).uint64(7); // field 2 as a varint (not ours: skipped)
    w.uint32(29).fixed32(1); // field 3, fixed32
    w.uint32(33).fixed64(1); // field 4, fixed64
    w.uint32(18).bytes(new BinaryWriter().uint32(10).string('ctr').finish()); // field 2: a container
    w.uint32(10).bytes(PodSandbox.encode({ ...POD, id: undefined }).finish()); // the pod without its id...
    w.uint32(10).bytes(PodSandbox.encode({ id: ID }).finish()); // ...which comes in a second occurrence: merged
    const bytes = w.finish();
    expect(peekPodId(bytes)).toBe(ID);
    expect(decoded(bytes)).toBe(ID);
  });

  it('the pod field twice with two ids: the last, as protobuf merges', () => {
    const w = new BinaryWriter();
    w.uint32(10).bytes(PodSandbox.encode({ id: 'first' }).finish());
    w.uint32(10).bytes(PodSandbox.encode({ id: 'second', name: 'x' }).finish());
    const bytes = w.finish();
    expect(peekPodId(bytes)).toBe('second');
    expect(decoded(bytes)).toBe('second');
  });

  it('no pod, or a pod without an id: undefined (the full path decides)', () => {
    expect(peekPodId(encode({}))).toBeUndefined();
    expect(peekPodId(encode({ container: { id: 'c' } }))).toBeUndefined();
    expect(peekPodId(encode({ pod: { ...POD, id: undefined } }))).toBeUndefined();
  });

  it('bytes that do not parse: undefined, never a throw', () => {
    const bytes = encode({ pod: POD });
    for (const cut of [1, 2, 5, 40, bytes.length - 1]) expect(peekPodId(bytes.subarray(0, cut))).toBeUndefined();
    expect(peekPodId(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]))).toBeUndefined();
    expect(peekPodId(Uint8Array.from([0x0f]))).toBeUndefined(); // wire type 7: invalid
  });
});
