export * from './model.js';
export * from './errors.js';
export * from './input.js';
export { buildPolicy } from './build.js';
export { parseIpNet, formatIpNet } from './addresses.js';
export { parsePort, parsePortRange, formatPortRange } from './ports.js';
export { parseSid } from './sid.js';
export { parseFamilies, formatFamilies, parseUserException, formatUserException, parseDnsServer, formatDnsServer } from './linux-options.js';
