// Types of build/oci-layout.mjs for the TypeScript e2e harness.
export declare const TAR_FLAGS: readonly string[];
export declare function sha256(bytes: Buffer | string): string;
export interface Descriptor {
  digest: string;
  size: number;
}
export declare function writeOciArchive(o: {
  work: string;
  out: string;
  layer: { bytes: Buffer; mediaType: string; diffId: string };
  config: Record<string, unknown>;
  name: string;
  tag: string;
}): { manifest: Descriptor; config: Descriptor; layer: Descriptor };
