// The HNS backend is a separate bundle (it loads koffi): only commands that touch HNS load it.
import type { Hns } from '../hns/index.js';

export async function loadHns(env: NodeJS.ProcessEnv = process.env): Promise<Hns> {
  const mod = await import('../hns/index.js');
  return mod.openHns(env);
}
