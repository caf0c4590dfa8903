// The pod id of a CreateContainerRequest read straight off the wire, the rest left undecoded: the
// gate's fast path (almost every container belongs to a pod the plugin already redirected or left
// alone). Field numbers from the NRI api.proto: CreateContainerRequest.pod = 1, PodSandbox.id = 1.
// Protobuf merges a message field that occurs twice and keeps the last scalar, so every occurrence is
// read and the last id wins — what the full decode gives.
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';

const POD_FIELD = 1;
const ID_FIELD = 1;

/** The id of the request's pod, or undefined when it has none or the bytes do not parse. */
export function peekPodId(payload: Uint8Array): string | undefined {
  try {
    let id: string | undefined;
    const request = new BinaryReader(payload);
    while (request.pos < request.len) {
      const [field, wire] = request.tag();
      if (field !== POD_FIELD || wire !== WireType.LengthDelimited) {
        request.skip(wire, field);
        continue;
      }
      const pod = new BinaryReader(request.bytes());
      while (pod.pos < pod.len) {
        const [f, w] = pod.tag();
        if (f === ID_FIELD && w === WireType.LengthDelimited) id = pod.string();
        else pod.skip(w, f);
      }
    }
    return id;
  } catch {
    return undefined;
  }
}
