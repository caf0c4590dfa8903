// Where containerd looks for CNI configurations and plugins by default (its CRI plugin's conf_dir and
// bin_dirs), per platform: the installer's and `check`'s defaults.
const WINDOWS = process.platform === 'win32';

export const DEFAULT_CONF_DIR = WINDOWS ? 'C:\\Program Files\\containerd\\cni\\conf' : '/etc/cni/net.d';
export const DEFAULT_BIN_DIR = WINDOWS ? 'C:\\Program Files\\containerd\\cni\\bin' : '/opt/cni/bin';
