// A pod's annotations for `explain --annotations`: a JSON object, or a Kubernetes manifest in JSON or
// YAML — a Pod, or a workload whose pod template carries them.
import { readInputFile } from './input-file.js';
import { UsageError } from './usage-error.js';
import { isObject, type Json } from '../runtime/json.js';

export interface PodInput {
  annotations: Record<string, string>;
  namespace?: string;
  name?: string;
  /** Where they came from, for the output ("pod.yaml (Pod default/web)"). */
  source: string;
}

/** JSON, else YAML (the parser is loaded only then). */
async function parseDocument(text: string, where: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    const { parseYaml, YamlError } = await import('../yaml/index.js');
    try {
      return parseYaml(text, where);
    } catch (e) {
      if (e instanceof YamlError) throw new UsageError(`${e.message} (nor JSON)`);
      throw e;
    }
  }
}

/** The metadata that carries the pod's annotations: a Pod's, or a workload's pod template's. */
function podMetadata(doc: Json): { meta: Json; kind: string } | undefined {
  const kind = typeof doc.kind === 'string' ? doc.kind : '';
  const spec = isObject(doc.spec) ? doc.spec : {};
  const template = isObject(spec.jobTemplate) && isObject(spec.jobTemplate.spec) ? spec.jobTemplate.spec.template : spec.template;
  if (kind !== 'Pod' && isObject(template) && isObject(template.metadata)) return { meta: template.metadata, kind };
  if (isObject(doc.metadata) && (kind === 'Pod' || kind === '' || !isObject(template))) return { meta: doc.metadata, kind: kind || 'Pod' };
  return undefined;
}

function stringMap(v: unknown, where: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new UsageError(`${where}: annotations must be a map of strings`);
  for (const [k, val] of Object.entries(v)) {
    if (typeof val !== 'string')
      throw new UsageError(`${where}: annotation ${k} is ${JSON.stringify(val)}, not a string (quote it: Kubernetes takes only strings)`);
  }
  return v as Record<string, string>;
}

/** Reads `--annotations FILE|-`. */
export async function readPodInput(file: string, namespace?: string): Promise<PodInput> {
  const where = file === '-' ? 'standard input' : file;
  const doc = await parseDocument(readInputFile(file, '--annotations'), where);
  if (!isObject(doc)) throw new UsageError(`${where}: expected a JSON object of annotations or a Kubernetes manifest`);
  const found = podMetadata(doc);
  if (!found) {
    return { annotations: stringMap(doc, where), ...(namespace ? { namespace } : {}), source: `${where} (annotations)` };
  }
  const { meta, kind } = found;
  const ns =
    namespace ??
    (typeof meta.namespace === 'string'
      ? meta.namespace
      : typeof (doc.metadata as Json | undefined)?.namespace === 'string'
        ? String((doc.metadata as Json).namespace)
        : undefined);
  const name = typeof meta.name === 'string' ? meta.name : isObject(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : undefined;
  return {
    annotations: stringMap(meta.annotations, where),
    ...(ns ? { namespace: ns } : {}),
    ...(name ? { name } : {}),
    source: `${where} (${kind}${name ? ` ${ns ? `${ns}/` : ''}${name}` : ''})`,
  };
}
