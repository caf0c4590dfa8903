// Kuma's transparent-proxy-config annotation (YAML, kumactl's schema) with the real YAML parser: the
// fields with a meaning for us become the pod's policy (tuning honoured, widening only as the node
// allows), iptables mechanics are accepted without effect, the rest warned about and ignored; a bad
// document or value is an error naming the annotation and the field; the legacy keys are then not read.
import { describe, expect, it } from 'vitest';
import { decidePod } from '../../../src/policy/annotations/index.js';
import { parseYaml } from '../../../src/yaml/index.js';
import { allowing, KUMA_POD, node, NOT_ALLOWED, redirect } from '../../fixtures/pods.js';
import { PolicyError } from '../../../src/policy/index.js';

const KEY = 'traffic.kuma.io/transparent-proxy-config';
const pod = (config: string, extra: Record<string, string> = {}) => ({ ...KUMA_POD, ...extra, [KEY]: config });
const decide = (config: string, n = node(), extra: Record<string, string> = {}) => decidePod(pod(config, extra), n, { parseYaml });

/** The ConfigMap form kuma writes (every field, defaults), with a few values changed. */
const FULL = `comments:
  disabled: false
dropInvalidPackets: false
ipFamilyMode: dualstack
kumaDPUser: "5678"
log:
  enabled: false
redirect:
  dns:
    captureAll: true
    enabled: true
    port: 15053
    resolvConfigPath: /etc/resolv.conf
    skipConntrackZoneSplit: false
  inbound:
    enabled: true
    excludePorts: [8443]
    excludePortsForIPs: []
    excludePortsForUIDs: []
    includePorts: []
    insertRedirectInsteadOfAppend: false
    port: 15016
  outbound:
    enabled: true
    excludePorts: []
    excludePortsForIPs: [10.0.0.0/8]
    excludePortsForUIDs: []
    includePorts: []
    insertRedirectInsteadOfAppend: false
    port: 15011
  vnet:
    networks: []
retry:
  maxRetries: 4
  sleepBetweenRetries: 2s
storeFirewalld: false
verbose: false
wait: 5
waitInterval: 0
`;

describe("Kuma's transparent-proxy-config (YAML)", () => {
  it("kuma's full ConfigMap document: ports and DNS honoured, exclusions as the node allows, mechanics silent", () => {
    const strict = redirect(decide(FULL));
    expect(strict.input).toMatchObject({ inboundPort: '15016', outboundPort: '15011', proxyUid: '5678', dnsCapturePort: '15053' });
    expect(strict.input.outboundExcludeIps).toBeUndefined();
    expect(strict.warnings).toContain(`annotation ${KEY}: 8443 not excluded: ${NOT_ALLOWED}`);
    expect(strict.warnings).toContain(`annotation ${KEY}: 10.0.0.0/8 not excluded: ${NOT_ALLOWED}`);
    expect(strict.keys.find((k) => k.key === KEY)).toMatchObject({ state: 'partly' });
    const allowed = redirect(decide(FULL, allowing()));
    expect(allowed.input.inboundExcludePorts).toContain('8443');
    expect(allowed.input.outboundExcludeIps).toEqual(['10.0.0.0/8']);
    expect(allowed.warnings.filter((w) => w.startsWith(`annotation ${KEY}`))).toEqual([]);
    expect(allowed.keys.find((k) => k.key === KEY)).toMatchObject({ state: 'honoured' });
  });

  it('when it is set, the legacy keys are not read (as kuma-cni), and say so', () => {
    const d = redirect(decide('redirect:\n  outbound:\n    port: 15011\n', node(), { 'kuma.io/transparent-proxying-outbound-port': '16001' }));
    expect(d.input.outboundPort).toBe('15011');
    expect(
      d.warnings.some(
        (w) =>
          w.startsWith('kuma.io/transparent-proxying-inbound-port, kuma.io/transparent-proxying-outbound-port') ||
          w.includes('ignored: traffic.kuma.io/transparent-proxy-config is set'),
      ),
    ).toBe(true);
  });

  it('inbound disabled (a gateway) is widening; what we cannot do is warned about and ignored', () => {
    const off = redirect(decide('redirect:\n  inbound:\n    enabled: false\n', allowing()));
    expect(off.input.inboundPort).toBeUndefined();
    const d = redirect(
      decide(
        'kumaDPUser: kuma-dp\nipFamilyMode: ipv4\nebpf:\n  enabled: true\nredirect:\n  vnet:\n    networks: ["docker0:172.17.0.0/16"]\n  inbound:\n    excludePortsForUIDs: ["1001"]\n  outbound:\n    excludePortsForUIDs: ["80:5678"]\nfrobnicate: 1\n',
      ),
    );
    expect(String(d.input.proxyUid)).toBe('5678');
    // The IP family mode is the control plane's (tuning); per-UID outbound exclusions are widening.
    expect(d.policy.families).toEqual([4]);
    expect(d.input.outboundExcludeUids).toBeUndefined();
    for (const w of [
      'kumaDPUser "kuma-dp" is a user name',
      'ebpf.enabled is not honoured',
      'redirect.vnet.networks is not honoured',
      'redirect.inbound.excludePortsForUIDs is not honoured',
      `annotation ${KEY}: 5678:80 not excluded: ${NOT_ALLOWED}`,
      'frobnicate is not a field',
    ])
      expect(d.warnings.join('\n')).toContain(w);
  });

  it('a bad document or value: an error naming the annotation (and the field, the line)', () => {
    const issues = (config: string) => {
      try {
        decide(config);
        return [];
      } catch (e) {
        return (e as PolicyError).issues.map((i) => i.message);
      }
    };
    expect(issues('redirect:\n  inbound:\n    port: 70000\n')).toEqual([`annotation ${KEY}: redirect.inbound.port "70000" is out of range: ports are 1-65535`]);
    expect(issues('redirect: [1, 2\n')[0]).toMatch(new RegExp(`^annotation ${KEY}: not valid YAML \\(line \\d\\)`));
    expect(issues('- a\n- b\n')).toEqual([`annotation ${KEY}: is not a YAML mapping of kuma's transparent-proxy configuration`]);
    // lenient (failOpen): the annotation is dropped, the profile's defaults stay
    expect(redirect(decidePod(pod('redirect:\n  inbound:\n    port: 70000\n'), node(), { parseYaml, lenient: true })).input.inboundPort).toBe('15006');
  });
});
