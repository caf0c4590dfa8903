// The options of the commands that ask the runtime over CRI (lookup, check, explain): one definition of
// --runtime-endpoint and --timeout, one check of the timeout.
import { Command } from 'commander';
import { UsageError } from './usage-error.js';

const DEFAULT_ENDPOINTS = 'default unix:///run/containerd/containerd.sock, npipe:////./pipe/containerd-containerd on Windows';

export interface CriOptions {
  runtimeEndpoint?: string;
  timeout: string;
}

/** Adds --runtime-endpoint (`use`: what it is for, when not every run uses CRI) and --timeout (`deadlines`: which calls it bounds). */
export function addCriOptions(cmd: Command, how: { use?: string; deadlines: string }): Command {
  return cmd
    .option('--runtime-endpoint <endpoint>', `CRI endpoint${how.use ? ` ${how.use}` : ''} (${DEFAULT_ENDPOINTS})`)
    .option('--timeout <ms>', `deadline for each ${how.deadlines} in milliseconds`, '10000');
}

/** --timeout as milliseconds; a usage error when it is not a positive whole number. */
export function timeoutMsOf(o: Pick<CriOptions, 'timeout'>): number {
  const ms = Number(o.timeout);
  if (!Number.isInteger(ms) || ms <= 0) throw new UsageError(`--timeout "${o.timeout}" is not a positive number of milliseconds`);
  return ms;
}
