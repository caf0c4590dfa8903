// The profiles by name, and the documentation table the README renders.
import { consul } from './consul.js';
import { hcnproxyctl } from './hcnproxyctl.js';
import { istio } from './istio.js';
import { kuma } from './kuma.js';
import { linkerd } from './linkerd.js';
import { osm } from './osm.js';
import { ALL_PROFILES, type Profile, type ProfileName } from './types.js';

export const PROFILES: Readonly<Record<ProfileName, Profile>> = { hcnproxyctl, istio, linkerd, kuma, consul, osm };

export const ANNOTATION_KEYS: readonly { key: string; profile: ProfileName; meaning: string }[] = ALL_PROFILES.flatMap((name) =>
  PROFILES[name].keys.map((d) => ({ key: d.key, profile: name, meaning: d.meaning })),
);
