// Each rule shape's chain builder: the one table of which mesh writes which rules.
import type { ProxyPolicy, RuleShape } from '../../policy/index.js';
import type { NftChain } from '../table.js';
import { consulChains } from './consul.js';
import { genericChains } from './generic.js';
import { istioChains, istioLoopbackAddresses } from './istio.js';
import { kumaChains, kumaLoopbackAddresses } from './kuma.js';
import { linkerdChains } from './linkerd.js';
import { osmChains } from './osm.js';

export const SHAPES: Readonly<Record<RuleShape, (p: ProxyPolicy) => NftChain[]>> = {
  generic: genericChains,
  istio: istioChains,
  linkerd: linkerdChains,
  kuma: kumaChains,
  consul: consulChains,
  osm: osmChains,
};

/** Addresses a shape's proxy needs on the pod's lo (::6, Envoy's IPv6 inbound passthrough source, which istio-cni and kuma-cni add), in CIDR form. */
const LOOPBACK: Partial<Readonly<Record<RuleShape, (p: ProxyPolicy) => string[]>>> = { istio: istioLoopbackAddresses, kuma: kumaLoopbackAddresses };

export function loopbackAddresses(p: ProxyPolicy): string[] {
  return LOOPBACK[p.shape]?.(p) ?? [];
}
