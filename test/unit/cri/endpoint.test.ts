import { describe, expect, it } from 'vitest';
import { defaultEndpoint, grpcTarget } from '../../../src/cri/endpoint.js';

describe('CRI endpoints', () => {
  it('defaults per platform', () => {
    expect(defaultEndpoint('linux')).toBe('unix:///run/containerd/containerd.sock');
    expect(defaultEndpoint('win32')).toBe('npipe:////./pipe/containerd-containerd');
  });
  it.each([
    ['unix:///run/containerd/containerd.sock', 'unix:/run/containerd/containerd.sock'],
    ['unix:/tmp/x.sock', 'unix:/tmp/x.sock'],
    ['/tmp/x.sock', 'unix:/tmp/x.sock'],
    // Every form kubelet's endpoint parser accepts (pkg/kubelet/util/util_windows.go parseEndpoint).
    ['npipe:////./pipe/containerd-containerd', 'unix:\\\\.\\pipe\\containerd-containerd'],
    ['npipe://./pipe/containerd-containerd', 'unix:\\\\.\\pipe\\containerd-containerd'],
    ['npipe:\\\\.\\pipe\\containerd-containerd', 'unix:\\\\.\\pipe\\containerd-containerd'],
    ['npipe:///pipe/containerd-containerd', 'unix:\\\\.\\pipe\\containerd-containerd'],
    ['npipe://./pipe/dockershim', 'unix:\\\\.\\pipe\\dockershim'],
    ['npipe://host1/pipe/x', 'unix:\\\\host1\\pipe\\x'],
    ['tcp://127.0.0.1:2376', '127.0.0.1:2376'],
  ])('%s → %s', (endpoint, target) => {
    expect(grpcTarget(endpoint)).toBe(target);
  });
  it('refuses what it cannot dial', () => {
    expect(() => grpcTarget('http://example')).toThrow('unsupported runtime endpoint "http://example"');
    expect(() => grpcTarget('npipe://./containerd')).toThrow('a named pipe is npipe://./pipe/<name>');
    expect(() => grpcTarget('npipe:')).toThrow('unsupported runtime endpoint "npipe:"');
  });
});
