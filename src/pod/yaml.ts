// The YAML parser for a pod whose annotations hold YAML (Kuma's transparent-proxy-config): the feature
// bundle is loaded for such a pod only, so no other pod — and no CNI call without one — pays for it.
import { KUMA_TP_CONFIG, type ReadTools } from '../policy/annotations/index.js';

const YAML_ANNOTATIONS = [KUMA_TP_CONFIG];

export async function yamlParserFor(annotations: Readonly<Record<string, string>> | undefined): Promise<ReadTools['parseYaml']> {
  if (!annotations || !YAML_ANNOTATIONS.some((k) => Object.hasOwn(annotations, k))) return undefined;
  return (await import('../yaml/index.js')).parseYaml;
}
