// osm's own rules. (Placeholder until its shape is written: the generic shape.)
import type { ProxyPolicy } from '../../policy/index.js';
import type { NftChain } from '../table.js';
import { genericChains } from './generic.js';

export function osmChains(p: ProxyPolicy): NftChain[] {
  return genericChains(p);
}
