// Pinned inputs of the build: versions and the integrity of npm tarballs fetched with `npm pack`.
export const NODE_PIN = {
  version: '22.23.3',
  major: 22,
  minMinor: 12,
  linuxIntegrity: 'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==',
  winIntegrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==',
};
