// Build facts, stamped by the bundler (build/bundle.mjs); fallbacks when run from source.
declare const __HCNPROXYCTL_VERSION__: string | undefined;
declare const __HCNPROXYCTL_COMMIT__: string | undefined;

export const VERSION = typeof __HCNPROXYCTL_VERSION__ === 'string' ? __HCNPROXYCTL_VERSION__ : '0.0.0-dev';
export const COMMIT = typeof __HCNPROXYCTL_COMMIT__ === 'string' ? __HCNPROXYCTL_COMMIT__ : 'unknown';

/**
 * The executable's name: the CNI plugin type (a runtime finds a CNI plugin's binary by its type), the
 * installed file, the CLI program, the NRI plugin's default name, and what `check` looks for in /proc.
 */
export const EXECUTABLE_NAME = 'hcnproxyctl';

export interface VersionInfo {
  name: typeof EXECUTABLE_NAME;
  version: string;
  commit: string;
  node: string;
  platform: string;
}

export function versionInfo(): VersionInfo {
  return { name: EXECUTABLE_NAME, version: VERSION, commit: COMMIT, node: process.version, platform: `${process.platform}-${process.arch}` };
}

/** The `version` line: name, version, git commit, Node version, platform. */
export function versionText(): string {
  const v = versionInfo();
  return `${v.name} ${v.version} (commit ${v.commit}, node ${v.node}, ${v.platform})\n`;
}
