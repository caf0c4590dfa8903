// The vocabulary shared by the annotation profiles, the merge (resolve.ts) and the decision (decide.ts).
import type { PolicyIssue } from '../errors.js';
import type { PolicyInput } from '../input.js';

export type ProfileName = 'hcnproxyctl' | 'istio' | 'linkerd' | 'kuma' | 'consul' | 'osm';

/** In precedence order: when several match a pod, the first one wins. */
export const ALL_PROFILES: readonly ProfileName[] = ['hcnproxyctl', 'istio', 'linkerd', 'kuma', 'consul', 'osm'];

export type Annotations = Readonly<Record<string, string>>;

/** true: the pod is this profile's; 'disabled': it explicitly opted out; false: not this profile's. */
export type Detection = boolean | 'disabled';

/** The PolicyInput fields an annotation can set. */
export type ScalarField = 'inboundPort' | 'outboundPort' | 'dnsCapturePort' | 'proxyUid' | 'proxyGid' | 'proxySid' | 'ipFamilies' | 'dnsServer';
export type ExcludeField = 'inboundExcludePorts' | 'outboundExcludePorts' | 'inboundExcludeIps' | 'outboundExcludeIps' | 'outboundExcludeUids';
export type IncludeField = 'inboundIncludePorts' | 'outboundIncludePorts' | 'outboundIncludeIps';

/**
 * 'tuning' is always honoured (proxy ports, DNS port, capturing more). 'widening' may let traffic escape
 * the proxy and is honoured only with allowPodOverrides — unless, compared with the effective defaults,
 * it turns out not to widen anything (resolve.ts decides that).
 */
export type Kind = 'tuning' | 'widening';

interface SettingBase {
  /** The annotation that supplied the value. */
  readonly key: string;
  readonly kind: Kind;
}

/** What one annotation asks for, in PolicyInput terms. Values are validated, canonical text. */
export type Setting =
  | (SettingBase & { readonly op: 'set'; readonly field: ScalarField; readonly value: string })
  /** No redirection in this direction: the proxy port is dropped. */
  | (SettingBase & { readonly op: 'off'; readonly direction: 'inbound' | 'outbound' })
  /** Added to an exclusion list (a union with the node's and the profile's defaults). */
  | (SettingBase & { readonly op: 'exclude'; readonly field: ExcludeField; readonly items: readonly string[] })
  /** Removed from the profile's default exclusions (kuma's probe proxy port "0"). */
  | (SettingBase & { readonly op: 'unexclude'; readonly field: ExcludeField; readonly items: readonly string[] })
  /** Replaces an include list; '*' = everything. */
  | (SettingBase & { readonly op: 'include'; readonly field: IncludeField; readonly items: readonly string[] | '*' });

export interface ReadResult {
  readonly settings: readonly Setting[];
  /** Malformed values; `field` is the annotation key, the message quotes key and value. */
  readonly issues: readonly PolicyIssue[];
  /** Understood but not supported (ignored). */
  readonly warnings: readonly string[];
}

export interface AnnotationKeyDoc {
  readonly key: string;
  readonly meaning: string;
}

export interface Profile {
  readonly name: ProfileName;
  /** The opt-in mark, for the skip reason ("sidecar.istio.io/status"). */
  readonly marker: string;
  /** Applied over the node's defaults (scalars) or unioned with them (exclusions). */
  readonly defaults: Readonly<PolicyInput>;
  /**
   * Inbound ports of the mesh's own sidecar listeners that its injector lists among the exclusions
   * (consul: health, metrics, exposed probe paths). Excluding them is tuning, not widening; they are
   * excluded only when an annotation lists them.
   */
  readonly reservedInboundPorts?: string;
  readonly keys: readonly AnnotationKeyDoc[];
  detect(a: Annotations): Detection;
  /** A malformed opt-in value (detect() then treats it as absent). */
  detectIssue?(a: Annotations): PolicyIssue | undefined;
  /** Why detect() said 'disabled', for the skip reason. */
  disabledReason?(a: Annotations): string;
  read(a: Annotations, tools?: ReadTools): ReadResult;
}

/** What a profile may need beyond the annotations: a YAML parser, loaded by the pod path only for a pod whose annotations need it. */
export interface ReadTools {
  parseYaml?: (text: string, where: string) => unknown;
}
