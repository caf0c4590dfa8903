// Consul's semantics, as consul-cni (consul-k8s v1.9.11) and sdk/iptables give them: the injector's
// redirect-traffic-config JSON and dual-stack annotation, every list item read as iptables 1.8.9 reads it,
// the init container's UID never redirected, Consul DNS, IPv4 only unless dual-stack; and the rules we write
// for them (golden files test/golden/nft/consul-*.nft). The connection-by-connection comparison with
// consul-cni's own rules is test/differential/consul.test.ts.
import { describe, expect, it } from 'vitest';
import { renderRuleset } from '../../../src/nft/index.js';
import { consulCidrItem, consulPortItem, consulUidItem } from '../../../src/policy/annotations/consul-config.js';
import { decidePod } from '../../../src/policy/annotations/index.js';
import { expectGolden } from '../../support/golden.js';
import { allowing, CONSUL_CONFIG, consulPod, issuesOf, node, NOT_ALLOWED, redirect } from '../../fixtures/pods.js';

const CFG = 'consul.hashicorp.com/redirect-traffic-config';
const DUAL = 'consul.hashicorp.com/dual-stack';

const pod = (fields: Record<string, unknown> = {}, dual?: string): Record<string, string> => {
  const a = consulPod({ ...CONSUL_CONFIG, ...fields });
  if (dual === undefined) delete a[DUAL];
  else a[DUAL] = dual;
  return a;
};
const v4 = (fields: Record<string, unknown> = {}) => pod(fields, 'false');
const dual = (fields: Record<string, unknown> = {}) => pod(fields, 'true');

describe('consul: the UIDs not redirected (ExcludeUIDs)', () => {
  it("never redirects the init container's UID 5996, which the injector always lists, on any node", () => {
    const d = redirect(decidePod(v4(), node()));
    expect(d.warnings).toEqual([]);
    expect(d.policy.outboundExcludeUsers).toEqual([{ uids: { from: 5996, to: 5996 } }]);
    expect(d.keys.find((k) => k.key === CFG)?.state).toBe('honoured');
  });

  it('takes other UIDs (widening), ids and ranges as iptables reads them', () => {
    const fields = { ExcludeUIDs: ['5996', '1001', '2000-2005', '3000:3001', '0x10', ' 42'] };
    expect(redirect(decidePod(v4(fields), node())).warnings).toEqual([`annotation ${CFG}: 1001, 2000-2005, 3000-3001, 16, 42 not excluded: ${NOT_ALLOWED}`]);
    expect(redirect(decidePod(v4(fields), allowing())).input.outboundExcludeUids).toEqual(['5996', '1001', '2000-2005', '3000-3001', '16', '42']);
  });

  it('replaces the default: a config whose list leaves 5996 out redirects it, as consul-cni does', () => {
    expect(redirect(decidePod(v4({ ExcludeUIDs: null }), node())).policy.outboundExcludeUsers).toEqual([]);
    expect(redirect(decidePod(v4({ ExcludeUIDs: ['1001'] }), allowing())).input.outboundExcludeUids).toEqual(['1001']);
    expect(redirect(decidePod(v4({ ExcludeUIDs: ['5990-6000'] }), allowing())).input.outboundExcludeUids).toEqual(['5996', '5990-6000']);
  });

  it("refuses the items iptables refuses (consul-cni's ADD fails: the pod would not start there either)", () => {
    expect(consulUidItem('abc')).toEqual({
      bad: `"abc" is not a UID or UID range (iptables would look a name up in the node's /etc/passwd: write the numeric UID)`,
    });
    for (const item of ['', '5996 ', '-5', '5996-', '1:2:3', '4294967295']) expect(consulUidItem(item)).toHaveProperty('bad');
    expect(consulUidItem('2000-1000')).toEqual({ bad: '"2000-1000": the kernel refuses a reversed UID range' });
    expect(issuesOf(v4({ ExcludeUIDs: ['5996', 'envoy'] }))).toEqual([
      `${CFG}: annotation ${CFG}: ExcludeUIDs "envoy" is not a UID or UID range (iptables would look a name up in the node's /etc/passwd: write the numeric UID)`,
    ]);
    expect([consulUidItem('+5'), consulUidItem('010'), consulUidItem('0x1770-6000')]).toEqual(['5', '8', '6000']);
  });
});

describe('consul: ports (ExcludeInboundPorts, ExcludeOutboundPorts) as iptables --dport reads them', () => {
  it('resolves service names with /etc/services (Debian netbase): exact case, the first entry naming it', () => {
    expect(['http-alt', 'www', 'ssh', 'postgres', 'dicom', 'webcache'].map(consulPortItem)).toEqual(['8080', '80', '22', '5432', '104', '8080']);
    expect(consulPortItem('HTTP-ALT')).toEqual({ bad: '"HTTP-ALT": iptables finds no port or TCP service "HTTP-ALT" (invalid port/service)' });
    // UDP-only names do not resolve for -p tcp.
    expect(consulPortItem('bootps')).toHaveProperty('bad');
  });

  it('takes A:B ranges, open ends, base-0 numbers and leading spaces; drops port 0', () => {
    expect(['9000:9100', ':53', '8600:', ':', '+80', ' 9090', '010', '0x1F90', '80:80', 'www:http-alt'].map(consulPortItem)).toEqual([
      '9000-9100',
      '1-53',
      '8600-65535',
      '1-65535',
      '80',
      '9090',
      '8',
      '8080',
      '80',
      '80-8080',
    ]);
    expect(consulPortItem('0')).toBeNull();
  });

  it('refuses what iptables refuses', () => {
    for (const item of ['', '9090 ', '70000', '-80', '80:90:100', '0x']) expect(consulPortItem(item)).toHaveProperty('bad');
    expect(consulPortItem('5:3')).toEqual({ bad: '"5:3": iptables refuses the range (min > max)' });
  });

  it('a service name no longer refuses the pod: it is the port iptables would match', () => {
    const d = redirect(decidePod(v4({ ExcludeOutboundPorts: ['http-alt', '9000:9100'] }), allowing()));
    expect(d.warnings).toEqual([]);
    expect(d.policy.outboundExceptions.ports).toEqual([
      { from: 8080, to: 8080 },
      { from: 9000, to: 9100 },
    ]);
  });

  it("keeps the sidecar's own inbound listeners tuning, an app port widening", () => {
    const d = redirect(decidePod(v4({ ExcludeInboundPorts: ['20200', '21000', '20300', '8080'] }), node()));
    expect(d.warnings).toEqual([`annotation ${CFG}: 8080 not excluded: ${NOT_ALLOWED}`]);
    expect(d.input.inboundExcludePorts).toEqual(['20200', '21000', '20300']);
  });
});

describe('consul: destinations (ExcludeOutboundCIDRs) as iptables -d reads them', () => {
  it('clears host bits and takes dotted masks, as iptables does', () => {
    expect(consulCidrItem('10.0.0.1/24')).toEqual({ family: 4, address: '10.0.0.0', prefix: 24 });
    expect(consulCidrItem(' 10.1.2.3/255.255.0.0')).toEqual({ family: 4, address: '10.1.0.0', prefix: 16 });
    expect(consulCidrItem('1.2.3.4')).toEqual({ family: 4, address: '1.2.3.4', prefix: 32 });
    expect(consulCidrItem('fd00:1::5/32')).toEqual({ family: 6, address: 'fd00:1::', prefix: 32 });
  });

  it('refuses host names, bad masks and non-contiguous masks', () => {
    expect(consulCidrItem('localhost')).toEqual({ bad: '"localhost" is not an IPv4/IPv6 address or CIDR (host names are not resolved)' });
    expect(consulCidrItem('10.0.0.0/33')).toEqual({ bad: '"10.0.0.0/33" has an invalid mask (iptables: invalid mask)' });
    expect(consulCidrItem('10.0.0.0/255.0.255.0')).toEqual({ bad: '"10.0.0.0/255.0.255.0": a non-contiguous mask is not supported' });
  });

  it('ignores an IPv6 CIDR with a warning when the pod is not dual-stack (IPv6 is not redirected), honours it when it is', () => {
    const fields = { ExcludeOutboundCIDRs: ['10.96.0.0/12', 'fd00::/8'] };
    const d4 = redirect(decidePod(v4(fields), allowing()));
    expect(d4.warnings).toEqual([`annotation ${CFG}: ExcludeOutboundCIDRs fd00::/8 is IPv6 and the pod is not dual-stack: no effect (IPv6 is not redirected)`]);
    expect(d4.input.outboundExcludeIps).toEqual(['10.96.0.0/12']);
    expect(redirect(decidePod(dual(fields), allowing())).input.outboundExcludeIps).toEqual(['10.96.0.0/12', 'fd00::/8']);
  });
});

describe('consul: Consul DNS (ConsulDNSIP, ConsulDNSPort)', () => {
  it('sends DNS to 127.0.0.1:53 to Consul DNS on 8600, on any node (a loopback DNAT lets nothing escape)', () => {
    const d = redirect(decidePod(v4({ ConsulDNSIP: '127.0.0.1', ConsulDNSPort: 8600 }), node()));
    expect(d.warnings).toEqual([]);
    expect(d.policy.dnsServer).toEqual({ family: 4, address: '127.0.0.1', port: 8600 });
    // ConsulDNSPort alone: 127.0.0.1, as sdk/iptables defaults it.
    expect(redirect(decidePod(v4({ ConsulDNSPort: 8600 }), node())).policy.dnsServer).toEqual({ family: 4, address: '127.0.0.1', port: 8600 });
  });

  it('dual-stack: ::1 only (the IPv4 pass writes no DNS rule)', () => {
    const d = redirect(decidePod(dual({ ConsulDNSIP: '::1', ConsulDNSPort: 8600 }), node()));
    expect(d.policy.dnsServer).toEqual({ family: 6, address: '::1', port: 8600 });
    expect(redirect(decidePod(dual({ ConsulDNSPort: 8600 }), node())).policy.dnsServer).toEqual({ family: 6, address: '::1', port: 8600 });
  });

  it('refuses an address of the wrong family, as Setup does (verifyDualStackConfig)', () => {
    expect(issuesOf(v4({ ConsulDNSIP: '::1', ConsulDNSPort: 8600 }))).toEqual([
      `${CFG}: annotation ${CFG}: ConsulDNSIP ::1 is IPv6 and the pod is not dual-stack (consul-cni fails such a pod)`,
    ]);
    expect(issuesOf(dual({ ConsulDNSIP: '127.0.0.1', ConsulDNSPort: 8600 }))).toEqual([
      `${CFG}: annotation ${CFG}: ConsulDNSIP 127.0.0.1 is IPv4 and the pod is dual-stack (consul-cni fails such a pod)`,
    ]);
    expect(issuesOf(v4({ ConsulDNSIP: 'consul-dns', ConsulDNSPort: 8600 }))).toEqual([
      `${CFG}: annotation ${CFG}: ConsulDNSIP "consul-dns" is not an IP address (consul-cni: unable to parse consulDNSIP)`,
    ]);
  });

  it('a DNS address off the pod is widening: TCP to its port 53 would bypass the proxy', () => {
    const fields = { ConsulDNSIP: '10.0.0.10', ConsulDNSPort: 8600 };
    expect(redirect(decidePod(v4(fields), node())).warnings).toEqual([`annotation ${CFG}: DNS server 10.0.0.10:8600 not applied (keeps none): ${NOT_ALLOWED}`]);
    expect(redirect(decidePod(v4(fields), allowing())).policy.dnsServer).toEqual({ family: 4, address: '10.0.0.10', port: 8600 });
  });
});

describe('consul: IP families (consul.hashicorp.com/dual-stack)', () => {
  it('"true" redirects IPv6 too, on any node (it captures more)', () => {
    const d = redirect(decidePod(dual(), node()));
    expect(d.policy.families).toEqual([4, 6]);
    expect(d.keys.find((k) => k.key === DUAL)?.state).toBe('honoured');
  });

  it('anything else is IPv4 only, as consul-cni compares it with "true"', () => {
    for (const value of ['false', 'True', 'yes', '']) expect(redirect(decidePod(pod({}, value), node())).policy.families).toEqual([4]);
    expect(redirect(decidePod(v4(), node())).keys.find((k) => k.key === DUAL)?.state).toBe('read');
  });

  it('missing: IPv4 only, with a warning (consul-k8s before 1.9 wrote none; consul-cni 1.9 fails such a pod)', () => {
    const d = redirect(decidePod(pod(), node()));
    expect(d.policy.families).toEqual([4]);
    expect(d.warnings).toEqual([`annotation ${DUAL} is missing: IPv4 only, as consul-k8s before 1.9 (consul-cni 1.9 fails such a pod)`]);
  });
});

describe('consul: the JSON as encoding/json reads it', () => {
  it('matches field names case-insensitively; of two spellings the later wins', () => {
    const a = { ...v4(), [CFG]: '{"ProxyInboundPort":20001,"proxyinboundport":20002,"excludeuids":["5996"]}' };
    const d = redirect(decidePod(a, node()));
    expect(d.policy.inboundPort).toBe(20002);
    expect(d.policy.outboundExcludeUsers).toEqual([{ uids: { from: 5996, to: 5996 } }]);
  });
});

describe("consul: the rules (consul-cni's order and special cases)", () => {
  const rules = (a: Record<string, string>) => renderRuleset(redirect(decidePod(a, allowing())).policy);

  it('lets all of the proxy’s traffic through and exempts only 127.0.0.1, not all of lo', () => {
    const text = rules(v4());
    expect(text).toContain('\t\tmeta skuid 5995 return comment "the proxy itself"\n\t\tip daddr 127.0.0.1 return');
    expect(text).not.toContain('oifname "lo"');
    expect(text).not.toContain('127.0.0.6');
    expect(text).not.toContain('redirect to :20000 comment');
  });

  it('keeps IPv6 out of the chains unless dual-stack', () => {
    expect(rules(v4())).toContain('meta nfproto ipv4 meta l4proto tcp jump outbound');
    expect(rules(dual())).not.toContain('meta nfproto');
  });

  const goldens: Record<string, Record<string, string>> = {
    'consul-defaults': v4(),
    'consul-dns': v4({ ConsulDNSIP: '127.0.0.1', ConsulDNSPort: 8600 }),
    'consul-exclusions': v4({
      ExcludeInboundPorts: ['20200', '21000', '20300', '8080'],
      ExcludeOutboundPorts: ['9090', 'http-alt', '9000:9100'],
      ExcludeOutboundCIDRs: ['10.96.0.0/12', '169.254.169.254'],
      ExcludeUIDs: ['5996', '1001'],
    }),
    'consul-dual-stack-dns': dual({ ConsulDNSIP: '::1', ConsulDNSPort: 8600 }),
    'consul-dual-stack-exclusions': dual({
      ExcludeOutboundPorts: ['9090'],
      ExcludeOutboundCIDRs: ['10.96.0.0/12', 'fd00:10:96::/112'],
      ExcludeUIDs: ['5996', '1001-1005'],
    }),
  };
  for (const [name, a] of Object.entries(goldens)) {
    it(`golden ${name}`, () => expectGolden(`nft/${name}.nft`, rules(a)));
  }
});
