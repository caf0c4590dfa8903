// Pod annotations → ProxyPolicy: the profiles (ours and the meshes'), the node's settings, the merge.
export { ALL_PROFILES, type ProfileName } from './types.js';
export { parseNodeSettings, type NodeSettings } from './node-settings.js';
export { decidePod, type PodDecision, type SkipCode } from './decide.js';
export { type KeyReport, type KeyState } from './key-report.js';
export { ANNOTATION_KEYS } from './profiles.js';
/** Annotations whose value is YAML: the pod path loads the parser (a feature bundle) only when one is there. */
export { KUMA_TP_CONFIG } from './kuma.js';
export type { ReadTools } from './types.js';
