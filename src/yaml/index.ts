// YAML, for the few inputs that come as YAML (a Kubernetes Pod manifest given to `explain`, Kuma's
// transparent-proxy-config annotation): a feature bundle (dist/yaml.cjs) loaded only when such an input
// is there, so no CNI call pays for the parser. The `yaml` package (eemeli/yaml) does the work.
import { parse, YAMLParseError } from 'yaml';

export class YamlError extends Error {
  override name = 'YamlError';
}

/** One YAML document as plain data; throws YamlError naming `where` and the line. */
export function parseYaml(text: string, where: string): unknown {
  try {
    // Core schema (YAML 1.2): "on"/"yes" stay strings, as Kubernetes reads manifests.
    return parse(text, { schema: 'core', prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 });
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const line = e.linePos?.[0]?.line;
      throw new YamlError(`${where}: not valid YAML${line ? ` (line ${line})` : ''}: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`);
    }
    throw new YamlError(`${where}: not valid YAML: ${(e as Error).message}`);
  }
}
