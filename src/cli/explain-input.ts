// What `explain` explains: a pod's annotations (a JSON object, or a Kubernetes manifest in JSON or
// YAML — a Pod, or a workload whose pod template carries them) and the node's settings (the
// hcnproxyctl entry of a conflist, an NRI settings file, the flags).
import { readFileSync } from 'node:fs';
import { readFdToEnd } from '../runtime/fd-io.js';
import { mergeSettingsDocuments, parsePodSettings, parseSettingsDocument, SettingsError, type PodSettings } from '../pod/index.js';
import { UsageError } from './usage-error.js';
import { isObject, type Json } from '../runtime/json.js';

const MAX_INPUT = 4 << 20;

export interface PodInput {
  annotations: Record<string, string>;
  namespace?: string;
  name?: string;
  /** Where they came from, for the output ("pod.yaml (Pod default/web)"). */
  source: string;
}

function readText(file: string, flag: string): string {
  try {
    return file === '-' ? readFdToEnd(0, MAX_INPUT) : readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${flag} ${file}: ${(e as Error).message}`);
  }
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
  const doc = await parseDocument(readText(file, '--annotations'), where);
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

export interface NodeInput {
  settings: PodSettings;
  source: string;
}

/** The hcnproxyctl entry of a conflist (or a single .conf of ours). */
function conflistEntry(text: string, file: string): Json {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--conflist ${file}: not JSON: ${(e as Error).message}`);
  }
  if (!isObject(doc)) throw new UsageError(`--conflist ${file}: not a CNI network configuration`);
  const plugins = Array.isArray(doc.plugins) ? doc.plugins.filter(isObject) : [doc];
  const ours = plugins.find((p) => p.type === 'hcnproxyctl');
  if (!ours) throw new UsageError(`--conflist ${file}: no hcnproxyctl entry (plugin types: ${plugins.map((p) => String(p.type)).join(', ') || 'none'})`);
  return ours;
}

/** Reads --conflist or --config, with the settings flags on top (the flags win key by key). */
export function readNodeInput(o: { conflist?: string; config?: string }, flags: Json): NodeInput {
  if (o.conflist && o.config) throw new UsageError('give --conflist (a CNI node) or --config (an NRI node), not both');
  let base: Json = {};
  let source = 'defaults';
  if (o.conflist) {
    base = conflistEntry(readText(o.conflist, '--conflist'), o.conflist);
    source = `${o.conflist} (hcnproxyctl entry)`;
  } else if (o.config) {
    try {
      base = parseSettingsDocument(readText(o.config, '--config'), o.config);
    } catch (e) {
      if (e instanceof SettingsError) throw new UsageError(e.message);
      throw e;
    }
    source = `${o.config} (NRI settings)`;
  }
  if (Object.keys(flags).length > 0) source += ' and flags';
  try {
    return { settings: parsePodSettings(mergeSettingsDocuments([base, flags])), source };
  } catch (e) {
    if (e instanceof SettingsError) throw new UsageError(e.message);
    throw e;
  }
}
