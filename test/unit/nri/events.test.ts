// The subscription mask follows from the event methods the plugin implements: every event method
// subscribes its event, nothing else does, and the result is the mask containerd 1.7 and 2.x accept.
import { describe, expect, it } from 'vitest';
import { Event } from '../../../src/gen/nri/api.js';
import { pluginHandlers } from '../../../src/nri/plugin.js';
import { PodHandler } from '../../../src/nri/pod-handler.js';
import { eventOfMethod, eventsMaskOf } from '../../../src/nri/stub/services.js';
import { parseHookSettings } from '../../../src/pod/settings.js';

const quiet = { log: () => undefined };
const backend = { name: 'nft', status: async () => ({ ok: true }) } as never;
const handlers = pluginHandlers({
  handler: new PodHandler(parseHookSettings({}), quiet, () => backend),
  log: quiet,
  baseDocs: { file: {}, flags: {} },
  onConfigured: () => undefined,
});

describe('the NRI event mask', () => {
  it('each method named after an event maps to it; the protocol methods map to none', () => {
    expect(eventOfMethod('RunPodSandbox')).toBe(Event.RUN_POD_SANDBOX);
    expect(eventOfMethod('StopPodSandbox')).toBe(Event.STOP_POD_SANDBOX);
    expect(eventOfMethod('RemovePodSandbox')).toBe(Event.REMOVE_POD_SANDBOX);
    expect(eventOfMethod('CreateContainer')).toBe(Event.CREATE_CONTAINER);
    expect(eventOfMethod('PostUpdatePodSandbox')).toBe(Event.POST_UPDATE_POD_SANDBOX);
    for (const m of ['Configure', 'Synchronize', 'Shutdown', 'StateChange', 'Unknown', 'Unrecognized']) expect(eventOfMethod(m), m).toBeUndefined();
  });

  it('the plugin’s handlers give 0xF: pod start, stop, removal and container creation — within 1.7’s ValidEvents 0x7FF', () => {
    const events = Object.keys(handlers)
      .map(eventOfMethod)
      .filter((e) => e !== undefined);
    expect(events.sort()).toEqual([Event.RUN_POD_SANDBOX, Event.STOP_POD_SANDBOX, Event.REMOVE_POD_SANDBOX, Event.CREATE_CONTAINER]);
    expect(eventsMaskOf(Object.keys(handlers))).toBe(0xf);
    expect(eventsMaskOf(Object.keys(handlers)) & ~0x7ff).toBe(0);
  });

  it('Configure answers with that mask', async () => {
    const { ConfigureRequest, ConfigureResponse } = await import('../../../src/gen/nri/api.js');
    const reply = await handlers.Configure!(ConfigureRequest.encode({ config: '', runtimeName: 'containerd', runtimeVersion: '2.1.9' }).finish(), {} as never);
    expect(ConfigureResponse.decode(reply as Uint8Array).events).toBe(0xf);
  });

  it('no event method: refused (a mask of 0 would subscribe to every event)', () => {
    expect(() => eventsMaskOf(['Configure', 'Synchronize'])).toThrow('at least one event');
  });
});
