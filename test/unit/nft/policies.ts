// The golden policies of the nftables backend, named after istio's capture test cases
// (tools/istio-nftables/pkg/capture/testdata) where one matches. Shared by the golden test and the
// integration test that loads each rendered table into a real nft.
import type { PolicyInput, RuleShape } from '../../../src/policy/index.js';

const ISTIO: PolicyInput = {
  inboundPort: 15006,
  outboundPort: 15001,
  proxyUid: 1337,
  proxyGid: 1337,
  inboundExcludePorts: '15020,15021,15090',
  outboundExcludePorts: '15020',
};

export const GOLDEN_POLICIES: Readonly<Record<string, PolicyInput>> = {
  'empty-inbound-only': { inboundPort: 15006 },
  'istio-defaults': ISTIO,
  'linkerd-defaults': { inboundPort: 4143, outboundPort: 4140, proxyUid: 2102, inboundExcludePorts: '4190,4191', ipFamilies: 'ipv4' },
  'kuma-defaults': {
    inboundPort: 15006,
    outboundPort: 15001,
    proxyUid: 5678,
    inboundExcludePorts: '9901,9001',
    outboundExcludePorts: '9901',
  },
  'outbound-only': { outboundPort: 15001, proxyUid: 1337 },
  'dns-uid-gid': { ...ISTIO, dnsCapturePort: 15053 },
  'dns-without-outbound': { inboundPort: 15006, dnsCapturePort: 15053, proxyUid: 1337 },
  'inbound-ports-include': { ...ISTIO, inboundIncludePorts: '8080,80,9000-9100' },
  'outbound-ports-include': { ...ISTIO, outboundIncludePorts: '443,8443', outboundExcludeIps: '10.96.0.0/12' },
  'ip-range-exclude': { ...ISTIO, outboundExcludeIps: '10.96.0.0/12,169.254.169.254,fd00:10:96::/112' },
  'ip-range-include': { ...ISTIO, outboundIncludeIps: '172.16.0.0/12,10.0.0.0/8' },
  'ip-range-include-dual': { ...ISTIO, outboundIncludeIps: '10.0.0.0/8,fd00::/8,2001:db8::/32' },
  'ip-range-include-none': { ...ISTIO, outboundIncludeIps: '' },
  'outbound-owner-gid-only': { inboundPort: 15006, outboundPort: 15001, proxyGid: 1337 },
  'port-ranges': {
    ...ISTIO,
    inboundExcludePorts: '15000-15099,9901',
    outboundExcludePorts: '15000-15099,53',
    inboundIncludePorts: '8000-8999,80',
  },
  'ipv6-exclusions': {
    ...ISTIO,
    inboundExcludeIps: 'fd00::/8,2001:db8::1',
    outboundExcludeIps: 'fd00:10:96::/112,::1,10.96.0.0/12',
  },
  'inbound-source-exclude': { inboundPort: 4143, outboundPort: 4140, proxyUid: 2102, inboundExcludeIps: '10.0.0.0/8,192.168.0.0/16' },
  'windows-sid-ignored': { ...ISTIO, proxySid: 'S-1-5-32-556', priority: 7 },
};

/** The rule shape a golden policy is rendered in, where it is not the generic one (a mesh's defaults in its own shape). */
export const GOLDEN_SHAPES: Readonly<Record<string, RuleShape>> = {
  'linkerd-defaults': 'linkerd',
  'istio-defaults': 'istio',
};
