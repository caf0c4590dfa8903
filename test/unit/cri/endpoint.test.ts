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
    ['npipe:////./pipe/containerd-containerd', 'unix:\\\\.\\pipe\\containerd-containerd'],
    ['tcp://127.0.0.1:2376', '127.0.0.1:2376'],
  ])('%s → %s', (endpoint, target) => {
    expect(grpcTarget(endpoint)).toBe(target);
  });
  it('refuses what it cannot dial', () => {
    expect(() => grpcTarget('http://example')).toThrow('unsupported runtime endpoint "http://example"');
  });
});
