// A split Synchronize (NRI v0.7+, when the pod list is too large for one message): every chunk but the
// last is answered more=true, and the plugin gets the pods of all chunks at the last one — none lost.
import { describe, expect, it } from 'vitest';
import { ConfigureRequest, SynchronizeRequest, SynchronizeResponse, type PodSandbox } from '../../../src/gen/nri/api.js';
import { stubHandlers, type StubPlugin } from '../../../src/nri/stub/dispatch.js';

function recording(): { plugin: StubPlugin; synchronized: string[][] } {
  const synchronized: string[][] = [];
  const plugin: StubPlugin = {
    configure: () => undefined,
    synchronize: async (pods) => void synchronized.push(pods.map((p) => p.id ?? '')),
    runPodSandbox: async () => undefined,
  };
  return { plugin, synchronized };
}

const pods = (...ids: string[]): PodSandbox[] => ids.map((id) => ({ id }) as PodSandbox);
const ctx = {} as never;

describe('split Synchronize', () => {
  it('the chunks are gathered: the plugin synchronizes every pod of every chunk, once', async () => {
    const { plugin, synchronized } = recording();
    const h = stubHandlers(plugin);
    await h.Configure!(ConfigureRequest.encode({}).finish(), ctx);
    for (const [ids, more] of [
      [['a', 'b'], true],
      [['c'], true],
    ] as const) {
      const reply = await h.Synchronize!(SynchronizeRequest.encode({ pods: pods(...ids), more }).finish(), ctx);
      expect(SynchronizeResponse.decode(reply as Uint8Array)).toEqual({ update: [], more: true });
      expect(synchronized).toEqual([]);
    }
    const last = await h.Synchronize!(SynchronizeRequest.encode({ pods: pods('d') }).finish(), ctx);
    expect(SynchronizeResponse.decode(last as Uint8Array).more).toBe(false);
    expect(synchronized).toEqual([['a', 'b', 'c', 'd']]);
  });

  it('chunks of a connection that ended before its last one do not reach the next connection', async () => {
    const { plugin, synchronized } = recording();
    const h = stubHandlers(plugin);
    await h.Configure!(ConfigureRequest.encode({}).finish(), ctx);
    await h.Synchronize!(SynchronizeRequest.encode({ pods: pods('gone'), more: true }).finish(), ctx);
    await h.Configure!(ConfigureRequest.encode({}).finish(), ctx); // a new connection starts with Configure
    await h.Synchronize!(SynchronizeRequest.encode({ pods: pods('x') }).finish(), ctx);
    expect(synchronized).toEqual([['x']]);
  });
});
