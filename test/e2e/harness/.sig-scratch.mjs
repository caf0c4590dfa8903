// test/e2e/harness/containerd.ts
import { spawn } from "node:child_process";
import { createHash as createHash2 } from "node:crypto";
import fs6 from "node:fs";
import path5 from "node:path";

// test/e2e/harness/host.ts
import fs2 from "node:fs";
import path from "node:path";

// test/e2e/harness/proc.ts
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
function describeFailure(cmd, args, r) {
  const out = (r.stderr.trim() || r.stdout.trim()).split("\n").slice(-15).join("\n");
  return `${cmd} ${args.join(" ")} exited with ${r.code}: ${out}`;
}
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 12e4, encoding: "utf8", maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const r = { code: err ? typeof err.code === "number" ? err.code : null : 0, stdout, stderr };
        if (err) reject(new Error(describeFailure(cmd, args, { ...r, stderr: stderr || err.message })));
        else resolve(r);
      }
    );
    if (opts.input !== void 0) child.stdin?.end(opts.input);
  });
}
function runSync(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 3e4, encoding: "utf8", input: opts.input });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? (r.error ? r.error.message : "") };
}
var sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms) {
  Atomics.wait(sleeper, 0, 0, ms);
}
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}
function listPids() {
  return fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n)).map(Number);
}
function cmdline(pid) {
  return readOr(`/proc/${pid}/cmdline`, "").replace(/\0/g, " ").trim();
}
function statFields(pid) {
  const stat = readOr(`/proc/${pid}/stat`, "");
  const close = stat.lastIndexOf(")");
  if (close < 0) return void 0;
  return stat.slice(close + 2).split(" ");
}
function procState(pid) {
  return statFields(pid)?.[0];
}
function startTime(pid) {
  return statFields(pid)?.[19];
}
function isGone(pid) {
  const s = procState(pid);
  return s === void 0 || s === "Z" || s === "X";
}
function procCgroups(pid) {
  return readOr(`/proc/${pid}/cgroup`, "").split("\n").filter(Boolean);
}
function killAndWaitSync(pids, timeoutMs = 3e3) {
  let left = [...new Set(pids)].filter((p) => p > 1 && p !== process.pid && p !== process.ppid);
  for (const p of left) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
    }
  }
  const deadline = Date.now() + timeoutMs;
  while (left.length > 0 && Date.now() < deadline) {
    left = left.filter((p) => !isGone(p));
    if (left.length > 0) sleepSync(20);
  }
  return left;
}

// test/e2e/harness/host.ts
var IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";
var unescape = (s) => s.replace(/\\([0-7]{3})/g, (_, o) => String.fromCharCode(parseInt(o, 8)));
function mountinfo() {
  const out = [];
  for (const line of fs2.readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
    if (!line) continue;
    const [pre, post] = line.split(" - ");
    const f = pre?.split(" ") ?? [];
    const g = post?.split(" ") ?? [];
    if (f.length < 5 || g.length < 3) continue;
    out.push({ root: unescape(f[3]), mountPoint: unescape(f[4]), fstype: g[0], superOptions: g[2].split(",") });
  }
  return out;
}
function mountsUnder(dir) {
  const found = mountinfo().map((m) => m.mountPoint).filter((p) => p === dir || p.startsWith(`${dir}/`));
  return [...new Set(found)].sort((a, b) => b.split("/").length - a.split("/").length || b.length - a.length);
}
function cgroupHierarchies() {
  const out = [];
  for (const m of mountinfo()) {
    if (m.fstype === "cgroup2") out.push({ mountPoint: m.mountPoint, root: m.root, controllers: [], v2: true });
    else if (m.fstype === "cgroup") {
      const known = ["cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc"];
      const controllers = m.superOptions.filter((o) => known.includes(o) || o.startsWith("name="));
      out.push({ mountPoint: m.mountPoint, root: m.root, controllers, v2: false });
    }
  }
  return out;
}
function cgroupDirsUnder(pid, leaf) {
  const hier = cgroupHierarchies();
  const dirs = [];
  for (const line of procCgroups(pid)) {
    const [id, ctrl = "", ...rest] = line.split(":");
    const cgPath = rest.join(":");
    const wanted = ctrl.split(",").filter(Boolean);
    const h = id === "0" && wanted.length === 0 ? hier.find((x) => x.v2) : hier.find((x) => !x.v2 && wanted.length > 0 && wanted.every((c) => x.controllers.includes(c)));
    if (!h) continue;
    const rel = h.root !== "/" && cgPath.startsWith(h.root) ? cgPath.slice(h.root.length) : cgPath;
    dirs.push(path.join(h.mountPoint, rel, leaf));
  }
  return [...new Set(dirs)];
}
function k8sIoCgroupDirs() {
  return [...new Set(cgroupHierarchies().map((h) => path.join(h.mountPoint, "k8s.io")))];
}
function listTree(dir) {
  if (!fs2.existsSync(dir)) return null;
  const out = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = fs2.readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      out.push(r);
      if (e.isDirectory()) walk(r);
    }
  };
  walk("");
  return out;
}
var listDir = (dir) => {
  try {
    return fs2.readdirSync(dir);
  } catch {
    return [];
  }
};
function snapshotHost() {
  return {
    ipForward: fs2.readFileSync(IP_FORWARD, "utf8").trim(),
    runContainerd: fs2.existsSync("/run/containerd"),
    runContainerdS: listDir("/run/containerd/s"),
    runMount: fs2.existsSync("/run/mount"),
    varLibCni: listTree("/var/lib/cni"),
    k8sIo: k8sIoCgroupDirs().filter((d) => fs2.existsSync(d)),
    links: listDir("/sys/class/net"),
    runNetns: listDir("/run/netns"),
    optContainerd: fs2.existsSync("/opt/containerd"),
    optNri: fs2.existsSync("/opt/nri"),
    etcNri: fs2.existsSync("/etc/nri")
  };
}
function runProcesses(scope) {
  const marker = `/e2e-${scope.tag}`;
  const out = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const cmd = cmdline(pid);
    const inRun = cmd.includes(`${scope.run}/`) || cmd.split(" ").includes(scope.run);
    const inCgroup = !inRun && procCgroups(pid).some((l) => l.includes(`${marker}/`) || l.endsWith(marker));
    if ((inRun || inCgroup) && !isGone(pid)) out.push({ pid, cmd: cmd || `[pid ${pid}]` });
  }
  return out;
}
function leftovers(before, scope) {
  const out = [];
  for (const p of runProcesses(scope)) out.push(`process ${p.pid}: ${p.cmd}`);
  for (const m of mountsUnder(scope.run)) out.push(`mount ${m}`);
  if (fs2.existsSync(scope.run)) out.push(`directory ${scope.run}`);
  if (fs2.existsSync(`/sys/class/net/${scope.bridge}`)) out.push(`link ${scope.bridge}`);
  for (const l of listDir("/sys/class/net")) if (l.startsWith("veth") && !before.links.includes(l)) out.push(`link ${l} (new veth)`);
  const fwd = fs2.readFileSync(IP_FORWARD, "utf8").trim();
  if (fwd !== before.ipForward) out.push(`ip_forward is ${fwd}, was ${before.ipForward}`);
  if (!before.runContainerd && fs2.existsSync("/run/containerd")) out.push(`/run/containerd (did not exist): ${listDir("/run/containerd").join(" ")}`);
  for (const s of listDir("/run/containerd/s")) if (!before.runContainerdS.includes(s)) out.push(`/run/containerd/s/${s}`);
  if (!before.runMount && fs2.existsSync("/run/mount")) out.push(`/run/mount (did not exist): ${listDir("/run/mount").join(" ")}`);
  const cni = listTree("/var/lib/cni");
  if (cni && !before.varLibCni) out.push(`/var/lib/cni (did not exist): ${cni.join(" ")}`);
  else if (cni && before.varLibCni) {
    for (const e of cni) if (!before.varLibCni.includes(e)) out.push(`/var/lib/cni/${e}`);
  }
  for (const d of scope.cgroupDirs) if (fs2.existsSync(d)) out.push(`cgroup ${d}`);
  for (const d of k8sIoCgroupDirs()) if (fs2.existsSync(d) && !before.k8sIo.includes(d)) out.push(`cgroup ${d}`);
  for (const n of listDir("/run/netns")) if (n.startsWith("cni-") && !before.runNetns.includes(n)) out.push(`/run/netns/${n}`);
  if (!before.optContainerd && fs2.existsSync("/opt/containerd")) out.push("/opt/containerd");
  if (!before.optNri && fs2.existsSync("/opt/nri")) out.push("/opt/nri");
  if (!before.etcNri && fs2.existsSync("/etc/nri")) out.push("/etc/nri");
  return out;
}

// test/e2e/harness/image.ts
import { createHash } from "node:crypto";
import fs4 from "node:fs";
import os from "node:os";
import path3 from "node:path";

// test/e2e/harness/packages.ts
import fs3 from "node:fs";
import path2 from "node:path";
var CONTAINERD_VERSION = "1.7.24~ds1-6+deb13u1";
var CONTAINERD_SUITE = "trixie";
var SYSTEM_PACKAGES = ["runc", "containernetworking-plugins"];
var REPO_ROOT = path2.resolve("/work/main/test/e2e/harness", "..", "..", "..");
var APT_LISTS = "/var/lib/apt/lists";
function defaultCacheDir() {
  return process.env.HCNPROXYCTL_E2E_CACHE || path2.join(REPO_ROOT, ".cache", "e2e");
}
function layout(root) {
  return {
    root,
    containerd: path2.join(root, "usr/bin/containerd"),
    ctr: path2.join(root, "usr/bin/ctr"),
    shim: path2.join(root, "usr/bin/containerd-shim-runc-v2"),
    runc: path2.join(root, "usr/sbin/runc"),
    cniDir: path2.join(root, "usr/lib/cni")
  };
}
var MARKER = ".hcnproxyctl-e2e.json";
function cachedPackages(cache) {
  const root = path2.join(cache, "root");
  try {
    const versions = JSON.parse(fs3.readFileSync(path2.join(root, MARKER), "utf8"));
    const l = layout(root);
    if (versions.containerd !== CONTAINERD_VERSION) return void 0;
    for (const f of [l.containerd, l.ctr, l.shim, l.runc, path2.join(l.cniDir, "bridge")]) if (!fs3.existsSync(f)) return void 0;
    return { ...l, versions };
  } catch {
    return void 0;
  }
}
function parseDeb822(text) {
  const stanzas = [];
  let cur = {};
  let last;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      if (Object.keys(cur).length > 0) stanzas.push(cur);
      cur = {};
      last = void 0;
    } else if (line.startsWith("#")) {
      continue;
    } else if (/^\s/.test(line) && last) {
      cur[last] = `${cur[last]}
${line.trim()}`;
    } else {
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      last = m[1].toLowerCase();
      cur[last] = m[2].trim();
    }
  }
  if (Object.keys(cur).length > 0) stanzas.push(cur);
  return stanzas;
}
function systemCodename() {
  const m = /^VERSION_CODENAME=("?)([^"\n]*)\1$/m.exec(fs3.readFileSync("/etc/os-release", "utf8"));
  if (!m?.[2]) throw new Error("/etc/os-release names no VERSION_CODENAME");
  return m[2];
}
function derivedSource(suite) {
  const codename = systemCodename();
  const dir = "/etc/apt/sources.list.d";
  const files = fs3.existsSync(dir) ? fs3.readdirSync(dir).filter((f) => f.endsWith(".sources")).sort() : [];
  for (const f of files) {
    for (const s of parseDeb822(fs3.readFileSync(path2.join(dir, f), "utf8"))) {
      const types = (s.types ?? "").split(/\s+/);
      const suites = (s.suites ?? "").split(/\s+/);
      if (!types.includes("deb") || !suites.includes(codename) || !s.uris || s.enabled === "no") continue;
      const lines = ["Types: deb", `URIs: ${s.uris.split(/\s+/)[0]}`, `Suites: ${suite}`, "Components: main"];
      if (s["signed-by"]) lines.push(`Signed-By: ${s["signed-by"].replace(/\n/g, "\n ")}`);
      return { kind: "deb822", text: `${lines.join("\n")}
` };
    }
  }
  const list = "/etc/apt/sources.list";
  if (fs3.existsSync(list)) {
    for (const line of fs3.readFileSync(list, "utf8").split("\n")) {
      const m = /^deb\s+(\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s/.exec(line.trim() + " ");
      if (m && m[3] === codename) return { kind: "list", text: `deb ${m[1] ?? ""}${m[2]} ${suite} main
` };
    }
  }
  throw new Error(`no apt source for "${codename}" found in ${dir}/*.sources or ${list}`);
}
function systemAptEnv() {
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  delete env.APT_CONFIG;
  return env;
}
function writePrivateApt(cache) {
  const apt = path2.join(cache, "apt");
  for (const d of ["etc/sources.list.d", "etc/preferences.d", "state/lists/partial", "cache/archives/partial"]) {
    fs3.mkdirSync(path2.join(apt, d), { recursive: true });
  }
  const src = derivedSource(CONTAINERD_SUITE);
  fs3.writeFileSync(path2.join(apt, "etc/sources.list"), src.kind === "list" ? src.text : "");
  const parts = path2.join(apt, "etc/sources.list.d", `${CONTAINERD_SUITE}.sources`);
  if (src.kind === "deb822") fs3.writeFileSync(parts, src.text);
  else fs3.rmSync(parts, { force: true });
  fs3.writeFileSync(path2.join(apt, "etc/preferences"), "");
  const q = (p) => JSON.stringify(path2.join(apt, p));
  const conf = [
    `Dir::Etc::SourceList ${q("etc/sources.list")};`,
    `Dir::Etc::SourceParts ${q("etc/sources.list.d")};`,
    `Dir::Etc::Preferences ${q("etc/preferences")};`,
    `Dir::Etc::PreferencesParts ${q("etc/preferences.d")};`,
    `Dir::State ${q("state")};`,
    'Dir::State::status "/var/lib/dpkg/status";',
    `Dir::Cache ${q("cache")};`,
    ""
  ].join("\n");
  const file = path2.join(apt, "apt.conf");
  fs3.writeFileSync(file, conf);
  return file;
}
function debsIn(dir, pkg) {
  return fs3.existsSync(dir) ? fs3.readdirSync(dir).filter((f) => f.startsWith(`${pkg}_`) && f.endsWith(".deb")).map((f) => path2.join(dir, f)) : [];
}
async function chownApt(dir) {
  await run("chown", ["_apt:root", dir]).catch(() => {
  });
}
async function downloadTrixieContainerd(cache, debs) {
  if (debsIn(debs, "containerd").some((f) => path2.basename(f).startsWith(`containerd_${CONTAINERD_VERSION.replace(/:/g, "%3a")}_`))) return;
  const aptConfig = writePrivateApt(cache);
  const env = { ...systemAptEnv(), APT_CONFIG: aptConfig };
  await run("apt-get", ["-qq", "update"], { env, timeoutMs: 3e5 });
  await chownApt(debs);
  await run("apt-get", ["-qq", "download", `containerd=${CONTAINERD_VERSION}`], { cwd: debs, env, timeoutMs: 3e5 });
}
function systemListsEmpty() {
  return !fs3.existsSync(APT_LISTS) || !fs3.readdirSync(APT_LISTS).some((f) => f.includes("_Packages"));
}
async function downloadSystemPackages(debs) {
  const missing = SYSTEM_PACKAGES.filter((p) => debsIn(debs, p).length === 0);
  if (missing.length === 0) return;
  const env = systemAptEnv();
  if (systemListsEmpty()) await run("apt-get", ["-qq", "update"], { env, timeoutMs: 3e5 });
  await chownApt(debs);
  await run("apt-get", ["-qq", "download", ...missing], { cwd: debs, env, timeoutMs: 3e5 });
}
function assertNoTrixieLists() {
  const bad = fs3.existsSync(APT_LISTS) ? fs3.readdirSync(APT_LISTS).filter((f) => f.includes(CONTAINERD_SUITE)) : [];
  if (bad.length > 0) throw new Error(`${CONTAINERD_SUITE} package lists landed in ${APT_LISTS}: ${bad.join(", ")}`);
}
async function withCacheLock(cache, fn) {
  const lock = path2.join(cache, ".lock");
  const deadline = Date.now() + 6e5;
  for (; ; ) {
    try {
      fs3.mkdirSync(lock);
      fs3.writeFileSync(path2.join(lock, "pid"), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      const owner = Number(fs3.readFileSync(path2.join(lock, "pid"), { encoding: "utf8", flag: "a+" }) || 0);
      let alive = false;
      if (owner > 0) {
        try {
          process.kill(owner, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      if (!alive && (owner > 0 || Date.now() - fs3.statSync(lock).mtimeMs > 1e4)) fs3.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`e2e cache ${cache} stayed locked by PID ${owner}`);
      else await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    fs3.rmSync(lock, { recursive: true, force: true });
  }
}
async function debVersion(deb) {
  return (await run("dpkg-deb", ["--field", deb, "Version"])).stdout.trim();
}
async function ensurePackages(cache = defaultCacheDir()) {
  const hit = cachedPackages(cache);
  if (hit) return hit;
  fs3.mkdirSync(cache, { recursive: true });
  return withCacheLock(cache, async () => {
    const again = cachedPackages(cache);
    if (again) return again;
    const debs = path2.join(cache, "debs");
    fs3.mkdirSync(debs, { recursive: true });
    await downloadTrixieContainerd(cache, debs);
    await downloadSystemPackages(debs);
    assertNoTrixieLists();
    const root = path2.join(cache, "root");
    const tmp = path2.join(cache, `root.tmp-${process.pid}`);
    fs3.rmSync(tmp, { recursive: true, force: true });
    fs3.mkdirSync(tmp);
    const versions = {};
    for (const pkg of ["containerd", ...SYSTEM_PACKAGES]) {
      const candidates = debsIn(debs, pkg).sort();
      const deb = pkg === "containerd" ? candidates.find((f) => path2.basename(f).includes(CONTAINERD_VERSION)) : candidates.at(-1);
      if (!deb) throw new Error(`no ${pkg} .deb in ${debs}`);
      versions[pkg] = await debVersion(deb);
      await run("dpkg", ["-x", deb, tmp]);
    }
    fs3.writeFileSync(path2.join(tmp, MARKER), `${JSON.stringify(versions, null, 2)}
`);
    fs3.rmSync(root, { recursive: true, force: true });
    fs3.renameSync(tmp, root);
    const done = cachedPackages(cache);
    if (!done) throw new Error(`unpacked packages in ${root} are incomplete`);
    return done;
  });
}

// test/e2e/harness/image.ts
var IMAGE_NAME = "localhost/e2e/pause:1";
var SOURCES = path3.resolve("/work/main/test/e2e/harness", "..", "images");
var FORMAT = "oci-1";
var sha256 = (b) => createHash("sha256").update(b).digest("hex");
var TAR_FLAGS = ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0", "--format=gnu"];
async function cacheKey() {
  const h = createHash("sha256").update(FORMAT).update(IMAGE_NAME);
  for (const f of ["pause.c", "app.c"]) h.update(f).update(fs4.readFileSync(path3.join(SOURCES, f)));
  h.update((await run("gcc", ["--version"])).stdout.split("\n")[0] ?? "");
  return h.digest("hex").slice(0, 16);
}
async function ensureImage(cache = defaultCacheDir()) {
  const key = await cacheKey();
  const dir = path3.join(cache, "image", key);
  const metaFile = path3.join(dir, "image.json");
  if (fs4.existsSync(metaFile)) {
    const meta = JSON.parse(fs4.readFileSync(metaFile, "utf8"));
    if (fs4.existsSync(meta.tar)) return meta;
  }
  const work = fs4.mkdtempSync(path3.join(os.tmpdir(), "ce2e-img-"));
  try {
    const rootfs = path3.join(work, "rootfs");
    fs4.mkdirSync(rootfs, { mode: 493 });
    fs4.chmodSync(rootfs, 493);
    for (const prog of ["pause", "app"]) {
      const out = path3.join(rootfs, prog);
      await run("gcc", ["-static", "-O2", "-s", "-Wall", "-o", out, path3.join(SOURCES, `${prog}.c`)]);
      fs4.chmodSync(out, 493);
    }
    const layerTar = path3.join(work, "layer.tar");
    await run("tar", [...TAR_FLAGS, "-cf", layerTar, "-C", rootfs, "."]);
    const layout2 = path3.join(work, "oci");
    const blobs = path3.join(layout2, "blobs", "sha256");
    fs4.mkdirSync(blobs, { recursive: true });
    const addBlob = (bytes) => {
      const hex = sha256(bytes);
      fs4.writeFileSync(path3.join(blobs, hex), bytes, { mode: 420 });
      return { digest: `sha256:${hex}`, size: bytes.length };
    };
    const layer = addBlob(fs4.readFileSync(layerTar));
    const config = addBlob(Buffer.from(JSON.stringify({
      architecture: "amd64",
      os: "linux",
      config: { Entrypoint: ["/pause"], Env: ["PATH=/"], WorkingDir: "/" },
      // Uncompressed layer: its digest is its diff_id.
      rootfs: { type: "layers", diff_ids: [layer.digest] },
      history: [{ created: "1970-01-01T00:00:00Z", created_by: "hcnproxyctl e2e: /pause and /app, static C (test/e2e/images)" }],
      created: "1970-01-01T00:00:00Z"
    })));
    const manifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    const manifest = addBlob(Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: manifestMediaType,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", ...config },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", ...layer }]
    })));
    const tag = IMAGE_NAME.slice(IMAGE_NAME.lastIndexOf(":") + 1);
    fs4.writeFileSync(path3.join(layout2, "index.json"), JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [{
        mediaType: manifestMediaType,
        ...manifest,
        platform: { architecture: "amd64", os: "linux" },
        // Both: the first is the name ctr gives the image; with only the second it would be "import-<date>:1".
        annotations: { "io.containerd.image.name": IMAGE_NAME, "org.opencontainers.image.ref.name": tag }
      }]
    }), { mode: 420 });
    fs4.writeFileSync(path3.join(layout2, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }), { mode: 420 });
    for (const d of [layout2, path3.join(layout2, "blobs"), blobs]) fs4.chmodSync(d, 493);
    fs4.mkdirSync(dir, { recursive: true });
    const tar = path3.join(dir, "pause.tar");
    await run("tar", [...TAR_FLAGS, "-cf", `${tar}.tmp`, "-C", layout2, "oci-layout", "index.json", "blobs"]);
    fs4.renameSync(`${tar}.tmp`, tar);
    const meta = { tar, name: IMAGE_NAME, manifestDigest: manifest.digest, imageId: config.digest };
    fs4.writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}
`);
    for (const old of fs4.readdirSync(path3.dirname(dir))) {
      if (old !== key) fs4.rmSync(path3.join(path3.dirname(dir), old), { recursive: true, force: true });
    }
    return meta;
  } finally {
    fs4.rmSync(work, { recursive: true, force: true });
  }
}

// test/e2e/harness/teardown.ts
import fs5 from "node:fs";
import path4 from "node:path";
var exists = (p) => fs5.existsSync(p);
var listDir2 = (dir) => {
  try {
    return fs5.readdirSync(dir);
  } catch {
    return [];
  }
};
var readJson = (file) => {
  try {
    return JSON.parse(fs5.readFileSync(file, "utf8"));
  } catch {
    return void 0;
  }
};
function rmdirQuiet(dir) {
  try {
    fs5.rmdirSync(dir);
    return true;
  } catch (e) {
    return e.code === "ENOENT";
  }
}
function runcStates(run2) {
  const out = [];
  const root = path4.join(run2, "runc");
  for (const ns of listDir2(root)) {
    for (const id of listDir2(path4.join(root, ns))) {
      const s = readJson(path4.join(root, ns, id, "state.json"));
      if (s) out.push(s);
    }
  }
  return out;
}
function cgroupTree(parents, extra) {
  const dirs = new Set(extra);
  const walk = (d) => {
    for (const e of listDir2(d)) {
      const p = path4.join(d, e);
      try {
        if (fs5.statSync(p).isDirectory()) {
          dirs.add(p);
          walk(p);
        }
      } catch {
      }
    }
  };
  for (const p of parents) {
    if (!exists(p)) continue;
    walk(p);
    dirs.add(p);
  }
  return [...dirs].sort((a, b) => b.split("/").length - a.split("/").length);
}
function cgroupMembers(dirs) {
  const pids = [];
  for (const d of dirs) {
    try {
      for (const l of fs5.readFileSync(path4.join(d, "cgroup.procs"), "utf8").split("\n")) if (l) pids.push(Number(l));
    } catch {
    }
  }
  return pids;
}
function sandboxIds(run2) {
  return listDir2(path4.join(run2, "root", "io.containerd.grpc.v1.cri", "sandboxes"));
}
function stopContainerdSync(s, timeoutMs = 5e3) {
  const pid = s.pid;
  if (!pid || isGone(pid) || !cmdline(pid).includes(s.config)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (!isGone(pid) && Date.now() < deadline) sleepSync(20);
  if (!isGone(pid)) killAndWaitSync([pid]);
}
function teardownSync(s) {
  const problems = [];
  const { run: run2 } = s;
  stopContainerdSync(s);
  const states = runcStates(run2);
  const runcCgroups = states.flatMap((st) => Object.values(st.cgroup_paths ?? {}));
  for (let round = 0; round < 3; round++) {
    const pids = new Set(runProcesses(s).map((p) => p.pid));
    for (const p of cgroupMembers(cgroupTree(s.cgroupDirs, runcCgroups))) pids.add(p);
    for (const st of states) {
      const pid = st.init_process_pid;
      if (pid && startTime(pid) === String(st.init_process_start)) pids.add(pid);
    }
    for (const p of [...pids]) if (isGone(p)) pids.delete(p);
    if (pids.size === 0) break;
    const survivors = killAndWaitSync(pids);
    if (round === 2 && survivors.length > 0) problems.push(`processes survived SIGKILL: ${survivors.map((p) => `${p} (${procState(p)})`).join(", ")}`);
  }
  const tasks = path4.join(run2, "state", "io.containerd.runtime.v2.task");
  for (const ns of listDir2(tasks)) {
    for (const id of listDir2(path4.join(tasks, ns))) {
      let addr = "";
      try {
        addr = fs5.readFileSync(path4.join(tasks, ns, id, "address"), "utf8").trim();
      } catch {
        continue;
      }
      const sock = addr.replace(/^unix:\/\//, "");
      if (sock.startsWith("/run/containerd/s/")) fs5.rmSync(sock, { force: true });
    }
  }
  const bridgePorts = listDir2(`/sys/class/net/${s.bridge}/brif`);
  let mounts = mountsUnder(run2);
  if (mounts.length > 0) {
    runSync("umount", mounts);
    mounts = mountsUnder(run2);
    if (mounts.length > 0) runSync("umount", ["-l", ...mounts]);
    mounts = mountsUnder(run2);
    if (mounts.length > 0) problems.push(`still mounted: ${mounts.join(", ")}`);
  }
  const deadline = Date.now() + 3e3;
  let veths = bridgePorts.filter((l) => exists(`/sys/class/net/${l}`));
  while (veths.length > 0 && Date.now() < deadline) {
    sleepSync(50);
    veths = veths.filter((l) => exists(`/sys/class/net/${l}`));
  }
  for (const l of [...veths, s.bridge]) {
    if (!exists(`/sys/class/net/${l}`)) continue;
    const r = runSync("ip", ["link", "del", l]);
    if (r.code !== 0 && exists(`/sys/class/net/${l}`)) problems.push(`ip link del ${l}: ${r.stderr.trim()}`);
  }
  try {
    if (fs5.readFileSync(IP_FORWARD, "utf8").trim() !== s.before.ipForward) fs5.writeFileSync(IP_FORWARD, `${s.before.ipForward}
`);
  } catch (e) {
    problems.push(`restoring ip_forward: ${e.message}`);
  }
  const results = "/var/lib/cni/results";
  const ids = sandboxIds(run2);
  for (const f of listDir2(results)) {
    if (f.startsWith(`e2e-${s.tag}-`) || ids.some((id) => f === `cni-loopback-${id}-lo`)) fs5.rmSync(path4.join(results, f), { force: true });
  }
  const cniBefore = s.before.varLibCni;
  for (const rel of ["results", "networks", ""]) {
    const dir = path4.join("/var/lib/cni", rel);
    const existed = cniBefore !== null && (rel === "" || cniBefore.includes(rel));
    if (!existed && exists(dir)) rmdirQuiet(dir);
  }
  const k8sIo = k8sIoCgroupDirs().filter((d) => !s.before.k8sIo.includes(d));
  const cgDeadline = Date.now() + 2500;
  for (; ; ) {
    const left = cgroupTree(s.cgroupDirs, runcCgroups).filter((d) => !rmdirQuiet(d));
    for (const d of k8sIo) if (exists(d)) rmdirQuiet(d);
    if (left.length === 0) break;
    if (Date.now() > cgDeadline) {
      problems.push(`cgroups not removable: ${left.join(", ")}`);
      break;
    }
    sleepSync(50);
  }
  if (!s.before.runContainerd) {
    rmdirQuiet("/run/containerd/s");
    rmdirQuiet("/run/containerd");
  }
  if (!s.before.runMount && exists("/run/mount")) rmdirQuiet("/run/mount");
  if (mountsUnder(run2).length === 0) fs5.rmSync(run2, { recursive: true, force: true });
  else problems.push(`kept ${run2}: mounts remain`);
  return problems;
}
function abandoned(s) {
  if (isGone(s.ownerPid)) return true;
  return s.ownerStart !== void 0 && startTime(s.ownerPid) !== s.ownerStart;
}
function sweepAbandonedRuns(parent = "/tmp") {
  const swept = [];
  for (const name of listDir2(parent)) {
    if (!/^ce2e\.[A-Za-z0-9]{6}$/.test(name)) continue;
    const s = readJson(path4.join(parent, name, "meta.json"));
    if (!s || s.run !== path4.join(parent, name) || !abandoned(s)) continue;
    teardownSync(s);
    swept.push(s.run);
  }
  return swept;
}

// test/e2e/harness/containerd.ts
var MAIN_CJS = path5.join(REPO_ROOT, "dist", "main.cjs");
var REFERENCE_PLUGINS = ["bridge", "host-local", "loopback"];
var POD_ANNOTATIONS = "io.kubernetes.cri.pod-annotations";
var MAX_SOCKET_PATH = 104;
var live = /* @__PURE__ */ new Set();
var SIGNALS = ["SIGINT", "SIGTERM"];
function onSignal(sig) {
  for (const s of [...live]) {
    try {
      teardownSync(s);
    } catch (e) {
      console.error(`e2e teardown of ${s.run} on ${sig}: ${e.message}`);
    }
    live.delete(s);
  }
  unregister();
  process.kill(process.pid, sig);
}
function onExit() {
  for (const s of [...live]) {
    try {
      teardownSync(s);
    } catch {
    }
    live.delete(s);
  }
}
function register(s) {
  if (live.size === 0) {
    for (const sig of SIGNALS) process.on(sig, onSignal);
    process.on("exit", onExit);
  }
  live.add(s);
}
function unregister(s) {
  if (s) live.delete(s);
  if (live.size > 0) return;
  for (const sig of SIGNALS) process.off(sig, onSignal);
  process.off("exit", onExit);
}
var ipToInt = (ip) => ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
function prefixOf(cidr) {
  const [ip, len = "32"] = cidr.split("/");
  const bits = Number(len);
  const size = 2 ** (32 - bits);
  const start = Math.floor(ipToInt(ip) / size) * size;
  return [start, start + size - 1];
}
var overlaps = (a, b) => a[0] <= b[1] && b[0] <= a[1];
async function pickSubnet(tag) {
  const routes = JSON.parse((await run("ip", ["-j", "-4", "route", "show", "table", "all"])).stdout || "[]");
  const addrs = JSON.parse((await run("ip", ["-j", "-4", "addr", "show"])).stdout || "[]");
  const taken = [];
  for (const r of routes) if (r.dst && r.dst !== "default" && /^\d/.test(r.dst)) taken.push(prefixOf(r.dst));
  for (const l of addrs) for (const a of l.addr_info ?? []) taken.push(prefixOf(`${a.local}/${a.prefixlen}`));
  const first = parseInt(tag.slice(0, 2), 16) % 250 + 1;
  for (let i = 0; i < 250; i++) {
    const n = (first - 1 + i) % 250 + 1;
    const subnet = `10.88.${n}.0/24`;
    if (!taken.some((t2) => overlaps(t2, prefixOf(subnet)))) return subnet;
  }
  throw new Error("no free 10.88.N.0/24 subnet");
}
function gatewayOf(subnet) {
  const start = prefixOf(subnet)[0] + 1;
  return [24, 16, 8, 0].map((s) => Math.floor(start / 2 ** s) % 256).join(".");
}
var toml = (s) => JSON.stringify(s);
function configToml(o) {
  const r = (p) => toml(path5.join(o.run, p));
  return `version = 2
root = ${r("root")}
state = ${r("state")}
disabled_plugins = [
  "io.containerd.internal.v1.opt",
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
]

[grpc]
  address = ${r("containerd.sock")}

[ttrpc]
  address = ${r("containerd.sock.ttrpc")}

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = ${toml(o.image)}
  restrict_oom_score_adj = true
  netns_mounts_under_state_dir = true
  enable_selinux = false
  disable_apparmor = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        BinaryName = ${toml(o.runc)}
        Root = ${r("runc")}
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = ${r("cni/bin")}
    conf_dir = ${r("cni/net.d")}
    max_conf_num = 1

[plugins."io.containerd.nri.v1.nri"]
  disable = false
  disable_connections = false
  socket_path = ${r("nri.sock")}
  plugin_path = ${r("nri/plugins")}
  plugin_config_path = ${r("nri/conf.d")}
  plugin_registration_timeout = ${toml(o.registration)}
  plugin_request_timeout = ${toml(o.request)}
`;
}
var shQuote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
function installPlugins(run2, tag, subnet, pk, o) {
  const bin = path5.join(run2, "cni", "bin");
  for (const p of REFERENCE_PLUGINS) fs6.symlinkSync(path5.join(pk.cniDir, p), path5.join(bin, p));
  const plugins = [
    {
      type: "bridge",
      bridge: `e2e-${tag}`,
      isGateway: true,
      ipMasq: false,
      hairpinMode: true,
      ipam: { type: "host-local", ranges: [[{ subnet }]], routes: [], dataDir: path5.join(run2, "cni", "ipam") }
    },
    { type: "loopback" }
  ];
  if ((o.chain ?? "ours") === "ours") {
    const target = path5.join(bin, "hcnproxyctl");
    if (o.pluginExecutable) {
      fs6.copyFileSync(o.pluginExecutable, target);
      fs6.chmodSync(target, 493);
    } else {
      if (!fs6.existsSync(MAIN_CJS)) throw new Error(`${MAIN_CJS} is missing: run \`npm run build\` first`);
      fs6.writeFileSync(target, `#!/bin/sh
exec ${shQuote(process.execPath)} ${shQuote(MAIN_CJS)} "$@"
`, { mode: 493 });
    }
    plugins.push({ type: "hcnproxyctl", capabilities: { [POD_ANNOTATIONS]: true }, ...o.pluginConfig });
  }
  for (const x of o.extraPlugins ?? []) {
    const target = path5.join(bin, x.type);
    fs6.copyFileSync(x.executable, target);
    fs6.chmodSync(target, 493);
    plugins.push({ type: x.type, ...x.config });
  }
  const conflist = { cniVersion: "1.0.0", name: `e2e-${tag}`, plugins };
  fs6.writeFileSync(path5.join(run2, "cni", "net.d", `10-e2e-${tag}.conflist`), `${JSON.stringify(conflist, null, 2)}
`);
  return conflist;
}
async function startContainerd(o = {}) {
  const cache = o.cache ?? defaultCacheDir();
  const [pk, image] = [await ensurePackages(cache), await ensureImage(cache)];
  sweepAbandonedRuns();
  const before = snapshotHost();
  const run2 = fs6.mkdtempSync("/tmp/ce2e.");
  const tag = createHash2("sha256").update(run2).digest("hex").slice(0, 8);
  const socket = path5.join(run2, "containerd.sock");
  const state = {
    run: run2,
    tag,
    bridge: `e2e-${tag}`,
    cgroupDirs: [],
    config: path5.join(run2, "config.toml"),
    ownerPid: process.pid,
    ownerStart: startTime(process.pid),
    before
  };
  const saveMeta = () => fs6.writeFileSync(path5.join(run2, "meta.json"), `${JSON.stringify(state, null, 2)}
`);
  register(state);
  saveMeta();
  const logFile = path5.join(run2, "containerd.log");
  const logTail = (lines = 40) => {
    try {
      return fs6.readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  };
  let child;
  const env = {
    // Our own runc, shim and ctr first: nothing of the host's is picked up.
    PATH: [path5.join(pk.root, "usr/bin"), path5.join(pk.root, "usr/sbin"), "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"].join(":"),
    ...o.env
  };
  const launch = () => {
    const fd = fs6.openSync(logFile, "a");
    try {
      child = spawn(pk.containerd, ["--config", state.config, "--log-level", o.logLevel ?? "info"], {
        detached: true,
        stdio: ["ignore", fd, fd],
        env,
        cwd: run2
      });
    } finally {
      fs6.closeSync(fd);
    }
    child.on("error", () => {
    });
    child.unref();
    if (!child.pid) throw new Error(`could not start ${pk.containerd}`);
    state.pid = child.pid;
    saveMeta();
    return child.pid;
  };
  const ctr = async (args) => (await run(pk.ctr, ["--address", socket, ...args], { timeoutMs: 6e4 })).stdout;
  const waitReady = async () => {
    const deadline = Date.now() + (o.readyTimeoutMs ?? 3e4);
    let last = "";
    for (; ; ) {
      if (state.pid && isGone(state.pid)) throw new Error(`containerd exited during start:
${logTail()}`);
      if (fs6.existsSync(socket)) {
        const r = runSync(pk.ctr, ["--address", socket, "version"], { timeoutMs: 5e3 });
        if (r.code === 0) return;
        last = r.stderr.trim();
      }
      if (Date.now() > deadline) throw new Error(`containerd not ready after ${o.readyTimeoutMs ?? 3e4} ms (${last}):
${logTail()}`);
      await sleep(50);
    }
  };
  let stopped = false;
  try {
    if (`${run2}/containerd.sock.ttrpc`.length > MAX_SOCKET_PATH) throw new Error(`${run2}: socket paths would exceed ${MAX_SOCKET_PATH} bytes`);
    for (const d of ["root", "state", "runc", "cni/bin", "cni/net.d", "cni/ipam", "nri/plugins", "nri/conf.d", "logs"]) {
      fs6.mkdirSync(path5.join(run2, d), { recursive: true });
    }
    const subnet = o.subnet ?? await pickSubnet(tag);
    const gateway = gatewayOf(subnet);
    const conflist = installPlugins(run2, tag, subnet, pk, o);
    fs6.writeFileSync(state.config, configToml({
      run: run2,
      image: image.name,
      runc: pk.runc,
      registration: o.nriRegistrationTimeout ?? "5s",
      request: o.nriRequestTimeout ?? "2s"
    }));
    const pid = launch();
    state.cgroupDirs = cgroupDirsUnder(pid, `e2e-${tag}`);
    saveMeta();
    await waitReady();
    await ctr(["-n", "k8s.io", "images", "import", "--snapshotter", "overlayfs", image.tar]);
    const handle = {
      run: run2,
      tag,
      socket,
      endpoint: `unix://${socket}`,
      nriSocket: path5.join(run2, "nri.sock"),
      bridge: state.bridge,
      gateway,
      subnet,
      cgroupParent: `e2e-${tag}`,
      cgroupDirs: state.cgroupDirs,
      image,
      packages: pk,
      conflist,
      configPath: state.config,
      logFile,
      snapshotBefore: before,
      get pid() {
        return state.pid ?? 0;
      },
      podLogDir: (namespace, name, uid) => path5.join(run2, "logs", `${namespace}_${name}_${uid}`),
      ctr,
      logTail,
      async restart() {
        if (stopped) throw new Error("restart() after stop()");
        stopContainerdSync(state);
        launch();
        await waitReady();
      },
      async stop() {
        stopped = true;
        const problems = teardownSync(state);
        unregister(state);
        if (problems.length > 0) throw new Error(`e2e teardown of ${run2} incomplete:
${problems.join("\n")}`);
      },
      leftovers: () => leftovers(before, state)
    };
    return handle;
  } catch (e) {
    const problems = teardownSync(state);
    unregister(state);
    if (problems.length > 0) e.message += `
(teardown: ${problems.join("; ")})`;
    throw e;
  }
}

// test/e2e/harness/pods.ts
import fs7 from "node:fs";
import path6 from "node:path";

// src/cri/client.ts
import { credentials, Metadata } from "@grpc/grpc-js";

// src/gen/runtime/v1/api.ts
import { BinaryReader, BinaryWriter } from "@bufbuild/protobuf/wire";
import {
  makeGenericClientConstructor
} from "@grpc/grpc-js";
function protocolFromJSON(object) {
  switch (object) {
    case 0:
    case "TCP":
      return 0 /* TCP */;
    case 1:
    case "UDP":
      return 1 /* UDP */;
    case 2:
    case "SCTP":
      return 2 /* SCTP */;
    case -1:
    case "UNRECOGNIZED":
    default:
      return -1 /* UNRECOGNIZED */;
  }
}
function protocolToJSON(object) {
  switch (object) {
    case 0 /* TCP */:
      return "TCP";
    case 1 /* UDP */:
      return "UDP";
    case 2 /* SCTP */:
      return "SCTP";
    case -1 /* UNRECOGNIZED */:
    default:
      return "UNRECOGNIZED";
  }
}
function namespaceModeFromJSON(object) {
  switch (object) {
    case 0:
    case "POD":
      return 0 /* POD */;
    case 1:
    case "CONTAINER":
      return 1 /* CONTAINER */;
    case 2:
    case "NODE":
      return 2 /* NODE */;
    case 3:
    case "TARGET":
      return 3 /* TARGET */;
    case -1:
    case "UNRECOGNIZED":
    default:
      return -1 /* UNRECOGNIZED */;
  }
}
function namespaceModeToJSON(object) {
  switch (object) {
    case 0 /* POD */:
      return "POD";
    case 1 /* CONTAINER */:
      return "CONTAINER";
    case 2 /* NODE */:
      return "NODE";
    case 3 /* TARGET */:
      return "TARGET";
    case -1 /* UNRECOGNIZED */:
    default:
      return "UNRECOGNIZED";
  }
}
function podSandboxStateFromJSON(object) {
  switch (object) {
    case 0:
    case "SANDBOX_READY":
      return 0 /* SANDBOX_READY */;
    case 1:
    case "SANDBOX_NOTREADY":
      return 1 /* SANDBOX_NOTREADY */;
    case -1:
    case "UNRECOGNIZED":
    default:
      return -1 /* UNRECOGNIZED */;
  }
}
function podSandboxStateToJSON(object) {
  switch (object) {
    case 0 /* SANDBOX_READY */:
      return "SANDBOX_READY";
    case 1 /* SANDBOX_NOTREADY */:
      return "SANDBOX_NOTREADY";
    case -1 /* UNRECOGNIZED */:
    default:
      return "UNRECOGNIZED";
  }
}
function containerStateFromJSON(object) {
  switch (object) {
    case 0:
    case "CONTAINER_CREATED":
      return 0 /* CONTAINER_CREATED */;
    case 1:
    case "CONTAINER_RUNNING":
      return 1 /* CONTAINER_RUNNING */;
    case 2:
    case "CONTAINER_EXITED":
      return 2 /* CONTAINER_EXITED */;
    case 3:
    case "CONTAINER_UNKNOWN":
      return 3 /* CONTAINER_UNKNOWN */;
    case -1:
    case "UNRECOGNIZED":
    default:
      return -1 /* UNRECOGNIZED */;
  }
}
function containerStateToJSON(object) {
  switch (object) {
    case 0 /* CONTAINER_CREATED */:
      return "CONTAINER_CREATED";
    case 1 /* CONTAINER_RUNNING */:
      return "CONTAINER_RUNNING";
    case 2 /* CONTAINER_EXITED */:
      return "CONTAINER_EXITED";
    case 3 /* CONTAINER_UNKNOWN */:
      return "CONTAINER_UNKNOWN";
    case -1 /* UNRECOGNIZED */:
    default:
      return "UNRECOGNIZED";
  }
}
function createBaseVersionRequest() {
  return { version: "" };
}
var VersionRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.version !== void 0 && message.version !== "") {
      writer.uint32(10).string(message.version);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseVersionRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.version = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { version: isSet(object.version) ? globalThis.String(object.version) : "" };
  },
  toJSON(message) {
    const obj = {};
    if (message.version !== void 0 && message.version !== "") {
      obj.version = message.version;
    }
    return obj;
  },
  create(base) {
    return VersionRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseVersionRequest();
    message.version = object.version ?? "";
    return message;
  }
};
function createBaseVersionResponse() {
  return { version: "", runtimeName: "", runtimeVersion: "", runtimeApiVersion: "" };
}
var VersionResponse = {
  encode(message, writer = new BinaryWriter()) {
    if (message.version !== void 0 && message.version !== "") {
      writer.uint32(10).string(message.version);
    }
    if (message.runtimeName !== void 0 && message.runtimeName !== "") {
      writer.uint32(18).string(message.runtimeName);
    }
    if (message.runtimeVersion !== void 0 && message.runtimeVersion !== "") {
      writer.uint32(26).string(message.runtimeVersion);
    }
    if (message.runtimeApiVersion !== void 0 && message.runtimeApiVersion !== "") {
      writer.uint32(34).string(message.runtimeApiVersion);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseVersionResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.version = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.runtimeName = reader.string();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.runtimeVersion = reader.string();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.runtimeApiVersion = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      version: isSet(object.version) ? globalThis.String(object.version) : "",
      runtimeName: isSet(object.runtimeName) ? globalThis.String(object.runtimeName) : isSet(object.runtime_name) ? globalThis.String(object.runtime_name) : "",
      runtimeVersion: isSet(object.runtimeVersion) ? globalThis.String(object.runtimeVersion) : isSet(object.runtime_version) ? globalThis.String(object.runtime_version) : "",
      runtimeApiVersion: isSet(object.runtimeApiVersion) ? globalThis.String(object.runtimeApiVersion) : isSet(object.runtime_api_version) ? globalThis.String(object.runtime_api_version) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.version !== void 0 && message.version !== "") {
      obj.version = message.version;
    }
    if (message.runtimeName !== void 0 && message.runtimeName !== "") {
      obj.runtimeName = message.runtimeName;
    }
    if (message.runtimeVersion !== void 0 && message.runtimeVersion !== "") {
      obj.runtimeVersion = message.runtimeVersion;
    }
    if (message.runtimeApiVersion !== void 0 && message.runtimeApiVersion !== "") {
      obj.runtimeApiVersion = message.runtimeApiVersion;
    }
    return obj;
  },
  create(base) {
    return VersionResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseVersionResponse();
    message.version = object.version ?? "";
    message.runtimeName = object.runtimeName ?? "";
    message.runtimeVersion = object.runtimeVersion ?? "";
    message.runtimeApiVersion = object.runtimeApiVersion ?? "";
    return message;
  }
};
function createBaseDNSConfig() {
  return { servers: [], searches: [], options: [] };
}
var DNSConfig = {
  encode(message, writer = new BinaryWriter()) {
    if (message.servers !== void 0 && message.servers.length !== 0) {
      for (const v of message.servers) {
        writer.uint32(10).string(v);
      }
    }
    if (message.searches !== void 0 && message.searches.length !== 0) {
      for (const v of message.searches) {
        writer.uint32(18).string(v);
      }
    }
    if (message.options !== void 0 && message.options.length !== 0) {
      for (const v of message.options) {
        writer.uint32(26).string(v);
      }
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseDNSConfig();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            const el = reader.string();
            if (el !== void 0) {
              message.servers.push(el);
            }
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            const el = reader.string();
            if (el !== void 0) {
              message.searches.push(el);
            }
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            const el = reader.string();
            if (el !== void 0) {
              message.options.push(el);
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      servers: globalThis.Array.isArray(object?.servers) ? object.servers.map((e) => globalThis.String(e)) : [],
      searches: globalThis.Array.isArray(object?.searches) ? object.searches.map((e) => globalThis.String(e)) : [],
      options: globalThis.Array.isArray(object?.options) ? object.options.map((e) => globalThis.String(e)) : []
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.servers?.length) {
      obj.servers = message.servers;
    }
    if (message.searches?.length) {
      obj.searches = message.searches;
    }
    if (message.options?.length) {
      obj.options = message.options;
    }
    return obj;
  },
  create(base) {
    return DNSConfig.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseDNSConfig();
    message.servers = object.servers?.map((e) => e) || [];
    message.searches = object.searches?.map((e) => e) || [];
    message.options = object.options?.map((e) => e) || [];
    return message;
  }
};
function createBasePortMapping() {
  return { protocol: 0, containerPort: 0, hostPort: 0, hostIp: "" };
}
var PortMapping = {
  encode(message, writer = new BinaryWriter()) {
    if (message.protocol !== void 0 && message.protocol !== 0) {
      writer.uint32(8).int32(message.protocol);
    }
    if (message.containerPort !== void 0 && message.containerPort !== 0) {
      writer.uint32(16).int32(message.containerPort);
    }
    if (message.hostPort !== void 0 && message.hostPort !== 0) {
      writer.uint32(24).int32(message.hostPort);
    }
    if (message.hostIp !== void 0 && message.hostIp !== "") {
      writer.uint32(34).string(message.hostIp);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePortMapping();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.protocol = reader.int32();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.containerPort = reader.int32();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.hostPort = reader.int32();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.hostIp = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      protocol: isSet(object.protocol) ? protocolFromJSON(object.protocol) : 0,
      containerPort: isSet(object.containerPort) ? globalThis.Number(object.containerPort) : isSet(object.container_port) ? globalThis.Number(object.container_port) : 0,
      hostPort: isSet(object.hostPort) ? globalThis.Number(object.hostPort) : isSet(object.host_port) ? globalThis.Number(object.host_port) : 0,
      hostIp: isSet(object.hostIp) ? globalThis.String(object.hostIp) : isSet(object.host_ip) ? globalThis.String(object.host_ip) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.protocol !== void 0 && message.protocol !== 0) {
      obj.protocol = protocolToJSON(message.protocol);
    }
    if (message.containerPort !== void 0 && message.containerPort !== 0) {
      obj.containerPort = Math.round(message.containerPort);
    }
    if (message.hostPort !== void 0 && message.hostPort !== 0) {
      obj.hostPort = Math.round(message.hostPort);
    }
    if (message.hostIp !== void 0 && message.hostIp !== "") {
      obj.hostIp = message.hostIp;
    }
    return obj;
  },
  create(base) {
    return PortMapping.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePortMapping();
    message.protocol = object.protocol ?? 0;
    message.containerPort = object.containerPort ?? 0;
    message.hostPort = object.hostPort ?? 0;
    message.hostIp = object.hostIp ?? "";
    return message;
  }
};
function createBaseNamespaceOption() {
  return { network: 0, pid: 0, ipc: 0, targetId: "" };
}
var NamespaceOption = {
  encode(message, writer = new BinaryWriter()) {
    if (message.network !== void 0 && message.network !== 0) {
      writer.uint32(8).int32(message.network);
    }
    if (message.pid !== void 0 && message.pid !== 0) {
      writer.uint32(16).int32(message.pid);
    }
    if (message.ipc !== void 0 && message.ipc !== 0) {
      writer.uint32(24).int32(message.ipc);
    }
    if (message.targetId !== void 0 && message.targetId !== "") {
      writer.uint32(34).string(message.targetId);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseNamespaceOption();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.network = reader.int32();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.pid = reader.int32();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.ipc = reader.int32();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.targetId = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      network: isSet(object.network) ? namespaceModeFromJSON(object.network) : 0,
      pid: isSet(object.pid) ? namespaceModeFromJSON(object.pid) : 0,
      ipc: isSet(object.ipc) ? namespaceModeFromJSON(object.ipc) : 0,
      targetId: isSet(object.targetId) ? globalThis.String(object.targetId) : isSet(object.target_id) ? globalThis.String(object.target_id) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.network !== void 0 && message.network !== 0) {
      obj.network = namespaceModeToJSON(message.network);
    }
    if (message.pid !== void 0 && message.pid !== 0) {
      obj.pid = namespaceModeToJSON(message.pid);
    }
    if (message.ipc !== void 0 && message.ipc !== 0) {
      obj.ipc = namespaceModeToJSON(message.ipc);
    }
    if (message.targetId !== void 0 && message.targetId !== "") {
      obj.targetId = message.targetId;
    }
    return obj;
  },
  create(base) {
    return NamespaceOption.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseNamespaceOption();
    message.network = object.network ?? 0;
    message.pid = object.pid ?? 0;
    message.ipc = object.ipc ?? 0;
    message.targetId = object.targetId ?? "";
    return message;
  }
};
function createBaseInt64Value() {
  return { value: 0 };
}
var Int64Value = {
  encode(message, writer = new BinaryWriter()) {
    if (message.value !== void 0 && message.value !== 0) {
      writer.uint32(8).int64(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseInt64Value();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.value = longToNumber(reader.int64());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { value: isSet(object.value) ? globalThis.Number(object.value) : 0 };
  },
  toJSON(message) {
    const obj = {};
    if (message.value !== void 0 && message.value !== 0) {
      obj.value = Math.round(message.value);
    }
    return obj;
  },
  create(base) {
    return Int64Value.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseInt64Value();
    message.value = object.value ?? 0;
    return message;
  }
};
function createBaseLinuxSandboxSecurityContext() {
  return {
    namespaceOptions: void 0,
    runAsUser: void 0,
    readonlyRootfs: false,
    privileged: false,
    runAsGroup: void 0
  };
}
var LinuxSandboxSecurityContext = {
  encode(message, writer = new BinaryWriter()) {
    if (message.namespaceOptions !== void 0) {
      NamespaceOption.encode(message.namespaceOptions, writer.uint32(10).fork()).join();
    }
    if (message.runAsUser !== void 0) {
      Int64Value.encode(message.runAsUser, writer.uint32(26).fork()).join();
    }
    if (message.readonlyRootfs !== void 0 && message.readonlyRootfs !== false) {
      writer.uint32(32).bool(message.readonlyRootfs);
    }
    if (message.privileged !== void 0 && message.privileged !== false) {
      writer.uint32(48).bool(message.privileged);
    }
    if (message.runAsGroup !== void 0) {
      Int64Value.encode(message.runAsGroup, writer.uint32(66).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseLinuxSandboxSecurityContext();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.namespaceOptions = NamespaceOption.decode(reader, reader.uint32());
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.runAsUser = Int64Value.decode(reader, reader.uint32());
            continue;
          }
          case 4: {
            if (tag !== 32) {
              break;
            }
            message.readonlyRootfs = reader.bool();
            continue;
          }
          case 6: {
            if (tag !== 48) {
              break;
            }
            message.privileged = reader.bool();
            continue;
          }
          case 8: {
            if (tag !== 66) {
              break;
            }
            message.runAsGroup = Int64Value.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      namespaceOptions: isSet(object.namespaceOptions) ? NamespaceOption.fromJSON(object.namespaceOptions) : isSet(object.namespace_options) ? NamespaceOption.fromJSON(object.namespace_options) : void 0,
      runAsUser: isSet(object.runAsUser) ? Int64Value.fromJSON(object.runAsUser) : isSet(object.run_as_user) ? Int64Value.fromJSON(object.run_as_user) : void 0,
      readonlyRootfs: isSet(object.readonlyRootfs) ? globalThis.Boolean(object.readonlyRootfs) : isSet(object.readonly_rootfs) ? globalThis.Boolean(object.readonly_rootfs) : false,
      privileged: isSet(object.privileged) ? globalThis.Boolean(object.privileged) : false,
      runAsGroup: isSet(object.runAsGroup) ? Int64Value.fromJSON(object.runAsGroup) : isSet(object.run_as_group) ? Int64Value.fromJSON(object.run_as_group) : void 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.namespaceOptions !== void 0) {
      obj.namespaceOptions = NamespaceOption.toJSON(message.namespaceOptions);
    }
    if (message.runAsUser !== void 0) {
      obj.runAsUser = Int64Value.toJSON(message.runAsUser);
    }
    if (message.readonlyRootfs !== void 0 && message.readonlyRootfs !== false) {
      obj.readonlyRootfs = message.readonlyRootfs;
    }
    if (message.privileged !== void 0 && message.privileged !== false) {
      obj.privileged = message.privileged;
    }
    if (message.runAsGroup !== void 0) {
      obj.runAsGroup = Int64Value.toJSON(message.runAsGroup);
    }
    return obj;
  },
  create(base) {
    return LinuxSandboxSecurityContext.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseLinuxSandboxSecurityContext();
    message.namespaceOptions = object.namespaceOptions !== void 0 && object.namespaceOptions !== null ? NamespaceOption.fromPartial(object.namespaceOptions) : void 0;
    message.runAsUser = object.runAsUser !== void 0 && object.runAsUser !== null ? Int64Value.fromPartial(object.runAsUser) : void 0;
    message.readonlyRootfs = object.readonlyRootfs ?? false;
    message.privileged = object.privileged ?? false;
    message.runAsGroup = object.runAsGroup !== void 0 && object.runAsGroup !== null ? Int64Value.fromPartial(object.runAsGroup) : void 0;
    return message;
  }
};
function createBaseLinuxPodSandboxConfig() {
  return { cgroupParent: "", securityContext: void 0, sysctls: {} };
}
var LinuxPodSandboxConfig = {
  encode(message, writer = new BinaryWriter()) {
    if (message.cgroupParent !== void 0 && message.cgroupParent !== "") {
      writer.uint32(10).string(message.cgroupParent);
    }
    if (message.securityContext !== void 0) {
      LinuxSandboxSecurityContext.encode(message.securityContext, writer.uint32(18).fork()).join();
    }
    globalThis.Object.entries(message.sysctls || {}).forEach(([key, value]) => {
      LinuxPodSandboxConfig_SysctlsEntry.encode({ key, value }, writer.uint32(26).fork()).join();
    });
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseLinuxPodSandboxConfig();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.cgroupParent = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.securityContext = LinuxSandboxSecurityContext.decode(reader, reader.uint32());
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            const entry3 = LinuxPodSandboxConfig_SysctlsEntry.decode(reader, reader.uint32());
            if (entry3.value !== void 0) {
              message.sysctls[entry3.key] = entry3.value;
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      cgroupParent: isSet(object.cgroupParent) ? globalThis.String(object.cgroupParent) : isSet(object.cgroup_parent) ? globalThis.String(object.cgroup_parent) : "",
      securityContext: isSet(object.securityContext) ? LinuxSandboxSecurityContext.fromJSON(object.securityContext) : isSet(object.security_context) ? LinuxSandboxSecurityContext.fromJSON(object.security_context) : void 0,
      sysctls: isObject(object.sysctls) ? globalThis.Object.entries(object.sysctls).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {}
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.cgroupParent !== void 0 && message.cgroupParent !== "") {
      obj.cgroupParent = message.cgroupParent;
    }
    if (message.securityContext !== void 0) {
      obj.securityContext = LinuxSandboxSecurityContext.toJSON(message.securityContext);
    }
    if (message.sysctls) {
      const entries = globalThis.Object.entries(message.sysctls);
      if (entries.length > 0) {
        obj.sysctls = {};
        entries.forEach(([k, v]) => {
          obj.sysctls[k] = v;
        });
      }
    }
    return obj;
  },
  create(base) {
    return LinuxPodSandboxConfig.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseLinuxPodSandboxConfig();
    message.cgroupParent = object.cgroupParent ?? "";
    message.securityContext = object.securityContext !== void 0 && object.securityContext !== null ? LinuxSandboxSecurityContext.fromPartial(object.securityContext) : void 0;
    message.sysctls = globalThis.Object.entries(object.sysctls ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    return message;
  }
};
function createBaseLinuxPodSandboxConfig_SysctlsEntry() {
  return { key: "", value: "" };
}
var LinuxPodSandboxConfig_SysctlsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseLinuxPodSandboxConfig_SysctlsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return LinuxPodSandboxConfig_SysctlsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseLinuxPodSandboxConfig_SysctlsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseWindowsNamespaceOption() {
  return { network: 0 };
}
var WindowsNamespaceOption = {
  encode(message, writer = new BinaryWriter()) {
    if (message.network !== void 0 && message.network !== 0) {
      writer.uint32(8).int32(message.network);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseWindowsNamespaceOption();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.network = reader.int32();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { network: isSet(object.network) ? namespaceModeFromJSON(object.network) : 0 };
  },
  toJSON(message) {
    const obj = {};
    if (message.network !== void 0 && message.network !== 0) {
      obj.network = namespaceModeToJSON(message.network);
    }
    return obj;
  },
  create(base) {
    return WindowsNamespaceOption.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseWindowsNamespaceOption();
    message.network = object.network ?? 0;
    return message;
  }
};
function createBaseWindowsSandboxSecurityContext() {
  return { runAsUsername: "", credentialSpec: "", hostProcess: false, namespaceOptions: void 0 };
}
var WindowsSandboxSecurityContext = {
  encode(message, writer = new BinaryWriter()) {
    if (message.runAsUsername !== void 0 && message.runAsUsername !== "") {
      writer.uint32(10).string(message.runAsUsername);
    }
    if (message.credentialSpec !== void 0 && message.credentialSpec !== "") {
      writer.uint32(18).string(message.credentialSpec);
    }
    if (message.hostProcess !== void 0 && message.hostProcess !== false) {
      writer.uint32(24).bool(message.hostProcess);
    }
    if (message.namespaceOptions !== void 0) {
      WindowsNamespaceOption.encode(message.namespaceOptions, writer.uint32(34).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseWindowsSandboxSecurityContext();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.runAsUsername = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.credentialSpec = reader.string();
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.hostProcess = reader.bool();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.namespaceOptions = WindowsNamespaceOption.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      runAsUsername: isSet(object.runAsUsername) ? globalThis.String(object.runAsUsername) : isSet(object.run_as_username) ? globalThis.String(object.run_as_username) : "",
      credentialSpec: isSet(object.credentialSpec) ? globalThis.String(object.credentialSpec) : isSet(object.credential_spec) ? globalThis.String(object.credential_spec) : "",
      hostProcess: isSet(object.hostProcess) ? globalThis.Boolean(object.hostProcess) : isSet(object.host_process) ? globalThis.Boolean(object.host_process) : false,
      namespaceOptions: isSet(object.namespaceOptions) ? WindowsNamespaceOption.fromJSON(object.namespaceOptions) : isSet(object.namespace_options) ? WindowsNamespaceOption.fromJSON(object.namespace_options) : void 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.runAsUsername !== void 0 && message.runAsUsername !== "") {
      obj.runAsUsername = message.runAsUsername;
    }
    if (message.credentialSpec !== void 0 && message.credentialSpec !== "") {
      obj.credentialSpec = message.credentialSpec;
    }
    if (message.hostProcess !== void 0 && message.hostProcess !== false) {
      obj.hostProcess = message.hostProcess;
    }
    if (message.namespaceOptions !== void 0) {
      obj.namespaceOptions = WindowsNamespaceOption.toJSON(message.namespaceOptions);
    }
    return obj;
  },
  create(base) {
    return WindowsSandboxSecurityContext.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseWindowsSandboxSecurityContext();
    message.runAsUsername = object.runAsUsername ?? "";
    message.credentialSpec = object.credentialSpec ?? "";
    message.hostProcess = object.hostProcess ?? false;
    message.namespaceOptions = object.namespaceOptions !== void 0 && object.namespaceOptions !== null ? WindowsNamespaceOption.fromPartial(object.namespaceOptions) : void 0;
    return message;
  }
};
function createBaseWindowsPodSandboxConfig() {
  return { securityContext: void 0 };
}
var WindowsPodSandboxConfig = {
  encode(message, writer = new BinaryWriter()) {
    if (message.securityContext !== void 0) {
      WindowsSandboxSecurityContext.encode(message.securityContext, writer.uint32(10).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseWindowsPodSandboxConfig();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.securityContext = WindowsSandboxSecurityContext.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      securityContext: isSet(object.securityContext) ? WindowsSandboxSecurityContext.fromJSON(object.securityContext) : isSet(object.security_context) ? WindowsSandboxSecurityContext.fromJSON(object.security_context) : void 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.securityContext !== void 0) {
      obj.securityContext = WindowsSandboxSecurityContext.toJSON(message.securityContext);
    }
    return obj;
  },
  create(base) {
    return WindowsPodSandboxConfig.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseWindowsPodSandboxConfig();
    message.securityContext = object.securityContext !== void 0 && object.securityContext !== null ? WindowsSandboxSecurityContext.fromPartial(object.securityContext) : void 0;
    return message;
  }
};
function createBasePodSandboxMetadata() {
  return { name: "", uid: "", namespace: "", attempt: 0 };
}
var PodSandboxMetadata = {
  encode(message, writer = new BinaryWriter()) {
    if (message.name !== void 0 && message.name !== "") {
      writer.uint32(10).string(message.name);
    }
    if (message.uid !== void 0 && message.uid !== "") {
      writer.uint32(18).string(message.uid);
    }
    if (message.namespace !== void 0 && message.namespace !== "") {
      writer.uint32(26).string(message.namespace);
    }
    if (message.attempt !== void 0 && message.attempt !== 0) {
      writer.uint32(32).uint32(message.attempt);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxMetadata();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.name = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.uid = reader.string();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.namespace = reader.string();
            continue;
          }
          case 4: {
            if (tag !== 32) {
              break;
            }
            message.attempt = reader.uint32();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      name: isSet(object.name) ? globalThis.String(object.name) : "",
      uid: isSet(object.uid) ? globalThis.String(object.uid) : "",
      namespace: isSet(object.namespace) ? globalThis.String(object.namespace) : "",
      attempt: isSet(object.attempt) ? globalThis.Number(object.attempt) : 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.name !== void 0 && message.name !== "") {
      obj.name = message.name;
    }
    if (message.uid !== void 0 && message.uid !== "") {
      obj.uid = message.uid;
    }
    if (message.namespace !== void 0 && message.namespace !== "") {
      obj.namespace = message.namespace;
    }
    if (message.attempt !== void 0 && message.attempt !== 0) {
      obj.attempt = Math.round(message.attempt);
    }
    return obj;
  },
  create(base) {
    return PodSandboxMetadata.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxMetadata();
    message.name = object.name ?? "";
    message.uid = object.uid ?? "";
    message.namespace = object.namespace ?? "";
    message.attempt = object.attempt ?? 0;
    return message;
  }
};
function createBasePodSandboxConfig() {
  return {
    metadata: void 0,
    hostname: "",
    logDirectory: "",
    dnsConfig: void 0,
    portMappings: [],
    labels: {},
    annotations: {},
    linux: void 0,
    windows: void 0
  };
}
var PodSandboxConfig = {
  encode(message, writer = new BinaryWriter()) {
    if (message.metadata !== void 0) {
      PodSandboxMetadata.encode(message.metadata, writer.uint32(10).fork()).join();
    }
    if (message.hostname !== void 0 && message.hostname !== "") {
      writer.uint32(18).string(message.hostname);
    }
    if (message.logDirectory !== void 0 && message.logDirectory !== "") {
      writer.uint32(26).string(message.logDirectory);
    }
    if (message.dnsConfig !== void 0) {
      DNSConfig.encode(message.dnsConfig, writer.uint32(34).fork()).join();
    }
    if (message.portMappings !== void 0 && message.portMappings.length !== 0) {
      for (const v of message.portMappings) {
        PortMapping.encode(v, writer.uint32(42).fork()).join();
      }
    }
    globalThis.Object.entries(message.labels || {}).forEach(([key, value]) => {
      PodSandboxConfig_LabelsEntry.encode({ key, value }, writer.uint32(50).fork()).join();
    });
    globalThis.Object.entries(message.annotations || {}).forEach(([key, value]) => {
      PodSandboxConfig_AnnotationsEntry.encode({ key, value }, writer.uint32(58).fork()).join();
    });
    if (message.linux !== void 0) {
      LinuxPodSandboxConfig.encode(message.linux, writer.uint32(66).fork()).join();
    }
    if (message.windows !== void 0) {
      WindowsPodSandboxConfig.encode(message.windows, writer.uint32(74).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxConfig();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.metadata = PodSandboxMetadata.decode(reader, reader.uint32());
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.hostname = reader.string();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.logDirectory = reader.string();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.dnsConfig = DNSConfig.decode(reader, reader.uint32());
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            const el = PortMapping.decode(reader, reader.uint32());
            if (el !== void 0) {
              message.portMappings.push(el);
            }
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            const entry6 = PodSandboxConfig_LabelsEntry.decode(reader, reader.uint32());
            if (entry6.value !== void 0) {
              message.labels[entry6.key] = entry6.value;
            }
            continue;
          }
          case 7: {
            if (tag !== 58) {
              break;
            }
            const entry7 = PodSandboxConfig_AnnotationsEntry.decode(reader, reader.uint32());
            if (entry7.value !== void 0) {
              message.annotations[entry7.key] = entry7.value;
            }
            continue;
          }
          case 8: {
            if (tag !== 66) {
              break;
            }
            message.linux = LinuxPodSandboxConfig.decode(reader, reader.uint32());
            continue;
          }
          case 9: {
            if (tag !== 74) {
              break;
            }
            message.windows = WindowsPodSandboxConfig.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      metadata: isSet(object.metadata) ? PodSandboxMetadata.fromJSON(object.metadata) : void 0,
      hostname: isSet(object.hostname) ? globalThis.String(object.hostname) : "",
      logDirectory: isSet(object.logDirectory) ? globalThis.String(object.logDirectory) : isSet(object.log_directory) ? globalThis.String(object.log_directory) : "",
      dnsConfig: isSet(object.dnsConfig) ? DNSConfig.fromJSON(object.dnsConfig) : isSet(object.dns_config) ? DNSConfig.fromJSON(object.dns_config) : void 0,
      portMappings: globalThis.Array.isArray(object?.portMappings) ? object.portMappings.map((e) => PortMapping.fromJSON(e)) : globalThis.Array.isArray(object?.port_mappings) ? object.port_mappings.map((e) => PortMapping.fromJSON(e)) : [],
      labels: isObject(object.labels) ? globalThis.Object.entries(object.labels).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      annotations: isObject(object.annotations) ? globalThis.Object.entries(object.annotations).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      linux: isSet(object.linux) ? LinuxPodSandboxConfig.fromJSON(object.linux) : void 0,
      windows: isSet(object.windows) ? WindowsPodSandboxConfig.fromJSON(object.windows) : void 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.metadata !== void 0) {
      obj.metadata = PodSandboxMetadata.toJSON(message.metadata);
    }
    if (message.hostname !== void 0 && message.hostname !== "") {
      obj.hostname = message.hostname;
    }
    if (message.logDirectory !== void 0 && message.logDirectory !== "") {
      obj.logDirectory = message.logDirectory;
    }
    if (message.dnsConfig !== void 0) {
      obj.dnsConfig = DNSConfig.toJSON(message.dnsConfig);
    }
    if (message.portMappings?.length) {
      obj.portMappings = message.portMappings.map((e) => PortMapping.toJSON(e));
    }
    if (message.labels) {
      const entries = globalThis.Object.entries(message.labels);
      if (entries.length > 0) {
        obj.labels = {};
        entries.forEach(([k, v]) => {
          obj.labels[k] = v;
        });
      }
    }
    if (message.annotations) {
      const entries = globalThis.Object.entries(message.annotations);
      if (entries.length > 0) {
        obj.annotations = {};
        entries.forEach(([k, v]) => {
          obj.annotations[k] = v;
        });
      }
    }
    if (message.linux !== void 0) {
      obj.linux = LinuxPodSandboxConfig.toJSON(message.linux);
    }
    if (message.windows !== void 0) {
      obj.windows = WindowsPodSandboxConfig.toJSON(message.windows);
    }
    return obj;
  },
  create(base) {
    return PodSandboxConfig.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxConfig();
    message.metadata = object.metadata !== void 0 && object.metadata !== null ? PodSandboxMetadata.fromPartial(object.metadata) : void 0;
    message.hostname = object.hostname ?? "";
    message.logDirectory = object.logDirectory ?? "";
    message.dnsConfig = object.dnsConfig !== void 0 && object.dnsConfig !== null ? DNSConfig.fromPartial(object.dnsConfig) : void 0;
    message.portMappings = object.portMappings?.map((e) => PortMapping.fromPartial(e)) || [];
    message.labels = globalThis.Object.entries(object.labels ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.annotations = globalThis.Object.entries(object.annotations ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.linux = object.linux !== void 0 && object.linux !== null ? LinuxPodSandboxConfig.fromPartial(object.linux) : void 0;
    message.windows = object.windows !== void 0 && object.windows !== null ? WindowsPodSandboxConfig.fromPartial(object.windows) : void 0;
    return message;
  }
};
function createBasePodSandboxConfig_LabelsEntry() {
  return { key: "", value: "" };
}
var PodSandboxConfig_LabelsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxConfig_LabelsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return PodSandboxConfig_LabelsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxConfig_LabelsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBasePodSandboxConfig_AnnotationsEntry() {
  return { key: "", value: "" };
}
var PodSandboxConfig_AnnotationsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxConfig_AnnotationsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return PodSandboxConfig_AnnotationsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxConfig_AnnotationsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseRunPodSandboxRequest() {
  return { config: void 0, runtimeHandler: "" };
}
var RunPodSandboxRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.config !== void 0) {
      PodSandboxConfig.encode(message.config, writer.uint32(10).fork()).join();
    }
    if (message.runtimeHandler !== void 0 && message.runtimeHandler !== "") {
      writer.uint32(18).string(message.runtimeHandler);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRunPodSandboxRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.config = PodSandboxConfig.decode(reader, reader.uint32());
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.runtimeHandler = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      config: isSet(object.config) ? PodSandboxConfig.fromJSON(object.config) : void 0,
      runtimeHandler: isSet(object.runtimeHandler) ? globalThis.String(object.runtimeHandler) : isSet(object.runtime_handler) ? globalThis.String(object.runtime_handler) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.config !== void 0) {
      obj.config = PodSandboxConfig.toJSON(message.config);
    }
    if (message.runtimeHandler !== void 0 && message.runtimeHandler !== "") {
      obj.runtimeHandler = message.runtimeHandler;
    }
    return obj;
  },
  create(base) {
    return RunPodSandboxRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseRunPodSandboxRequest();
    message.config = object.config !== void 0 && object.config !== null ? PodSandboxConfig.fromPartial(object.config) : void 0;
    message.runtimeHandler = object.runtimeHandler ?? "";
    return message;
  }
};
function createBaseRunPodSandboxResponse() {
  return { podSandboxId: "" };
}
var RunPodSandboxResponse = {
  encode(message, writer = new BinaryWriter()) {
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      writer.uint32(10).string(message.podSandboxId);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRunPodSandboxResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.podSandboxId = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      podSandboxId: isSet(object.podSandboxId) ? globalThis.String(object.podSandboxId) : isSet(object.pod_sandbox_id) ? globalThis.String(object.pod_sandbox_id) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      obj.podSandboxId = message.podSandboxId;
    }
    return obj;
  },
  create(base) {
    return RunPodSandboxResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseRunPodSandboxResponse();
    message.podSandboxId = object.podSandboxId ?? "";
    return message;
  }
};
function createBaseStopPodSandboxRequest() {
  return { podSandboxId: "" };
}
var StopPodSandboxRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      writer.uint32(10).string(message.podSandboxId);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStopPodSandboxRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.podSandboxId = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      podSandboxId: isSet(object.podSandboxId) ? globalThis.String(object.podSandboxId) : isSet(object.pod_sandbox_id) ? globalThis.String(object.pod_sandbox_id) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      obj.podSandboxId = message.podSandboxId;
    }
    return obj;
  },
  create(base) {
    return StopPodSandboxRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseStopPodSandboxRequest();
    message.podSandboxId = object.podSandboxId ?? "";
    return message;
  }
};
function createBaseStopPodSandboxResponse() {
  return {};
}
var StopPodSandboxResponse = {
  encode(_, writer = new BinaryWriter()) {
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStopPodSandboxResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(_) {
    return {};
  },
  toJSON(_) {
    const obj = {};
    return obj;
  },
  create(base) {
    return StopPodSandboxResponse.fromPartial(base ?? {});
  },
  fromPartial(_) {
    const message = createBaseStopPodSandboxResponse();
    return message;
  }
};
function createBaseRemovePodSandboxRequest() {
  return { podSandboxId: "" };
}
var RemovePodSandboxRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      writer.uint32(10).string(message.podSandboxId);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRemovePodSandboxRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.podSandboxId = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      podSandboxId: isSet(object.podSandboxId) ? globalThis.String(object.podSandboxId) : isSet(object.pod_sandbox_id) ? globalThis.String(object.pod_sandbox_id) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      obj.podSandboxId = message.podSandboxId;
    }
    return obj;
  },
  create(base) {
    return RemovePodSandboxRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseRemovePodSandboxRequest();
    message.podSandboxId = object.podSandboxId ?? "";
    return message;
  }
};
function createBaseRemovePodSandboxResponse() {
  return {};
}
var RemovePodSandboxResponse = {
  encode(_, writer = new BinaryWriter()) {
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRemovePodSandboxResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(_) {
    return {};
  },
  toJSON(_) {
    const obj = {};
    return obj;
  },
  create(base) {
    return RemovePodSandboxResponse.fromPartial(base ?? {});
  },
  fromPartial(_) {
    const message = createBaseRemovePodSandboxResponse();
    return message;
  }
};
function createBasePodSandboxStatusRequest() {
  return { podSandboxId: "", verbose: false };
}
var PodSandboxStatusRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      writer.uint32(10).string(message.podSandboxId);
    }
    if (message.verbose !== void 0 && message.verbose !== false) {
      writer.uint32(16).bool(message.verbose);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxStatusRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.podSandboxId = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.verbose = reader.bool();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      podSandboxId: isSet(object.podSandboxId) ? globalThis.String(object.podSandboxId) : isSet(object.pod_sandbox_id) ? globalThis.String(object.pod_sandbox_id) : "",
      verbose: isSet(object.verbose) ? globalThis.Boolean(object.verbose) : false
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      obj.podSandboxId = message.podSandboxId;
    }
    if (message.verbose !== void 0 && message.verbose !== false) {
      obj.verbose = message.verbose;
    }
    return obj;
  },
  create(base) {
    return PodSandboxStatusRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxStatusRequest();
    message.podSandboxId = object.podSandboxId ?? "";
    message.verbose = object.verbose ?? false;
    return message;
  }
};
function createBasePodIP() {
  return { ip: "" };
}
var PodIP = {
  encode(message, writer = new BinaryWriter()) {
    if (message.ip !== void 0 && message.ip !== "") {
      writer.uint32(10).string(message.ip);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodIP();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.ip = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { ip: isSet(object.ip) ? globalThis.String(object.ip) : "" };
  },
  toJSON(message) {
    const obj = {};
    if (message.ip !== void 0 && message.ip !== "") {
      obj.ip = message.ip;
    }
    return obj;
  },
  create(base) {
    return PodIP.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodIP();
    message.ip = object.ip ?? "";
    return message;
  }
};
function createBasePodSandboxNetworkStatus() {
  return { ip: "", additionalIps: [] };
}
var PodSandboxNetworkStatus = {
  encode(message, writer = new BinaryWriter()) {
    if (message.ip !== void 0 && message.ip !== "") {
      writer.uint32(10).string(message.ip);
    }
    if (message.additionalIps !== void 0 && message.additionalIps.length !== 0) {
      for (const v of message.additionalIps) {
        PodIP.encode(v, writer.uint32(18).fork()).join();
      }
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxNetworkStatus();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.ip = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            const el = PodIP.decode(reader, reader.uint32());
            if (el !== void 0) {
              message.additionalIps.push(el);
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      ip: isSet(object.ip) ? globalThis.String(object.ip) : "",
      additionalIps: globalThis.Array.isArray(object?.additionalIps) ? object.additionalIps.map((e) => PodIP.fromJSON(e)) : globalThis.Array.isArray(object?.additional_ips) ? object.additional_ips.map((e) => PodIP.fromJSON(e)) : []
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.ip !== void 0 && message.ip !== "") {
      obj.ip = message.ip;
    }
    if (message.additionalIps?.length) {
      obj.additionalIps = message.additionalIps.map((e) => PodIP.toJSON(e));
    }
    return obj;
  },
  create(base) {
    return PodSandboxNetworkStatus.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxNetworkStatus();
    message.ip = object.ip ?? "";
    message.additionalIps = object.additionalIps?.map((e) => PodIP.fromPartial(e)) || [];
    return message;
  }
};
function createBaseNamespace() {
  return { options: void 0 };
}
var Namespace = {
  encode(message, writer = new BinaryWriter()) {
    if (message.options !== void 0) {
      NamespaceOption.encode(message.options, writer.uint32(18).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseNamespace();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.options = NamespaceOption.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { options: isSet(object.options) ? NamespaceOption.fromJSON(object.options) : void 0 };
  },
  toJSON(message) {
    const obj = {};
    if (message.options !== void 0) {
      obj.options = NamespaceOption.toJSON(message.options);
    }
    return obj;
  },
  create(base) {
    return Namespace.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseNamespace();
    message.options = object.options !== void 0 && object.options !== null ? NamespaceOption.fromPartial(object.options) : void 0;
    return message;
  }
};
function createBaseLinuxPodSandboxStatus() {
  return { namespaces: void 0 };
}
var LinuxPodSandboxStatus = {
  encode(message, writer = new BinaryWriter()) {
    if (message.namespaces !== void 0) {
      Namespace.encode(message.namespaces, writer.uint32(10).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseLinuxPodSandboxStatus();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.namespaces = Namespace.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { namespaces: isSet(object.namespaces) ? Namespace.fromJSON(object.namespaces) : void 0 };
  },
  toJSON(message) {
    const obj = {};
    if (message.namespaces !== void 0) {
      obj.namespaces = Namespace.toJSON(message.namespaces);
    }
    return obj;
  },
  create(base) {
    return LinuxPodSandboxStatus.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseLinuxPodSandboxStatus();
    message.namespaces = object.namespaces !== void 0 && object.namespaces !== null ? Namespace.fromPartial(object.namespaces) : void 0;
    return message;
  }
};
function createBasePodSandboxStatus() {
  return {
    id: "",
    metadata: void 0,
    state: 0,
    createdAt: 0,
    network: void 0,
    linux: void 0,
    labels: {},
    annotations: {},
    runtimeHandler: ""
  };
}
var PodSandboxStatus = {
  encode(message, writer = new BinaryWriter()) {
    if (message.id !== void 0 && message.id !== "") {
      writer.uint32(10).string(message.id);
    }
    if (message.metadata !== void 0) {
      PodSandboxMetadata.encode(message.metadata, writer.uint32(18).fork()).join();
    }
    if (message.state !== void 0 && message.state !== 0) {
      writer.uint32(24).int32(message.state);
    }
    if (message.createdAt !== void 0 && message.createdAt !== 0) {
      writer.uint32(32).int64(message.createdAt);
    }
    if (message.network !== void 0) {
      PodSandboxNetworkStatus.encode(message.network, writer.uint32(42).fork()).join();
    }
    if (message.linux !== void 0) {
      LinuxPodSandboxStatus.encode(message.linux, writer.uint32(50).fork()).join();
    }
    globalThis.Object.entries(message.labels || {}).forEach(([key, value]) => {
      PodSandboxStatus_LabelsEntry.encode({ key, value }, writer.uint32(58).fork()).join();
    });
    globalThis.Object.entries(message.annotations || {}).forEach(([key, value]) => {
      PodSandboxStatus_AnnotationsEntry.encode({ key, value }, writer.uint32(66).fork()).join();
    });
    if (message.runtimeHandler !== void 0 && message.runtimeHandler !== "") {
      writer.uint32(74).string(message.runtimeHandler);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxStatus();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.id = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.metadata = PodSandboxMetadata.decode(reader, reader.uint32());
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.state = reader.int32();
            continue;
          }
          case 4: {
            if (tag !== 32) {
              break;
            }
            message.createdAt = longToNumber(reader.int64());
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.network = PodSandboxNetworkStatus.decode(reader, reader.uint32());
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            message.linux = LinuxPodSandboxStatus.decode(reader, reader.uint32());
            continue;
          }
          case 7: {
            if (tag !== 58) {
              break;
            }
            const entry7 = PodSandboxStatus_LabelsEntry.decode(reader, reader.uint32());
            if (entry7.value !== void 0) {
              message.labels[entry7.key] = entry7.value;
            }
            continue;
          }
          case 8: {
            if (tag !== 66) {
              break;
            }
            const entry8 = PodSandboxStatus_AnnotationsEntry.decode(reader, reader.uint32());
            if (entry8.value !== void 0) {
              message.annotations[entry8.key] = entry8.value;
            }
            continue;
          }
          case 9: {
            if (tag !== 74) {
              break;
            }
            message.runtimeHandler = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      id: isSet(object.id) ? globalThis.String(object.id) : "",
      metadata: isSet(object.metadata) ? PodSandboxMetadata.fromJSON(object.metadata) : void 0,
      state: isSet(object.state) ? podSandboxStateFromJSON(object.state) : 0,
      createdAt: isSet(object.createdAt) ? globalThis.Number(object.createdAt) : isSet(object.created_at) ? globalThis.Number(object.created_at) : 0,
      network: isSet(object.network) ? PodSandboxNetworkStatus.fromJSON(object.network) : void 0,
      linux: isSet(object.linux) ? LinuxPodSandboxStatus.fromJSON(object.linux) : void 0,
      labels: isObject(object.labels) ? globalThis.Object.entries(object.labels).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      annotations: isObject(object.annotations) ? globalThis.Object.entries(object.annotations).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      runtimeHandler: isSet(object.runtimeHandler) ? globalThis.String(object.runtimeHandler) : isSet(object.runtime_handler) ? globalThis.String(object.runtime_handler) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.id !== void 0 && message.id !== "") {
      obj.id = message.id;
    }
    if (message.metadata !== void 0) {
      obj.metadata = PodSandboxMetadata.toJSON(message.metadata);
    }
    if (message.state !== void 0 && message.state !== 0) {
      obj.state = podSandboxStateToJSON(message.state);
    }
    if (message.createdAt !== void 0 && message.createdAt !== 0) {
      obj.createdAt = Math.round(message.createdAt);
    }
    if (message.network !== void 0) {
      obj.network = PodSandboxNetworkStatus.toJSON(message.network);
    }
    if (message.linux !== void 0) {
      obj.linux = LinuxPodSandboxStatus.toJSON(message.linux);
    }
    if (message.labels) {
      const entries = globalThis.Object.entries(message.labels);
      if (entries.length > 0) {
        obj.labels = {};
        entries.forEach(([k, v]) => {
          obj.labels[k] = v;
        });
      }
    }
    if (message.annotations) {
      const entries = globalThis.Object.entries(message.annotations);
      if (entries.length > 0) {
        obj.annotations = {};
        entries.forEach(([k, v]) => {
          obj.annotations[k] = v;
        });
      }
    }
    if (message.runtimeHandler !== void 0 && message.runtimeHandler !== "") {
      obj.runtimeHandler = message.runtimeHandler;
    }
    return obj;
  },
  create(base) {
    return PodSandboxStatus.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxStatus();
    message.id = object.id ?? "";
    message.metadata = object.metadata !== void 0 && object.metadata !== null ? PodSandboxMetadata.fromPartial(object.metadata) : void 0;
    message.state = object.state ?? 0;
    message.createdAt = object.createdAt ?? 0;
    message.network = object.network !== void 0 && object.network !== null ? PodSandboxNetworkStatus.fromPartial(object.network) : void 0;
    message.linux = object.linux !== void 0 && object.linux !== null ? LinuxPodSandboxStatus.fromPartial(object.linux) : void 0;
    message.labels = globalThis.Object.entries(object.labels ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.annotations = globalThis.Object.entries(object.annotations ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.runtimeHandler = object.runtimeHandler ?? "";
    return message;
  }
};
function createBasePodSandboxStatus_LabelsEntry() {
  return { key: "", value: "" };
}
var PodSandboxStatus_LabelsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxStatus_LabelsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return PodSandboxStatus_LabelsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxStatus_LabelsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBasePodSandboxStatus_AnnotationsEntry() {
  return { key: "", value: "" };
}
var PodSandboxStatus_AnnotationsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxStatus_AnnotationsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return PodSandboxStatus_AnnotationsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxStatus_AnnotationsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBasePodSandboxStatusResponse() {
  return { status: void 0, info: {} };
}
var PodSandboxStatusResponse = {
  encode(message, writer = new BinaryWriter()) {
    if (message.status !== void 0) {
      PodSandboxStatus.encode(message.status, writer.uint32(10).fork()).join();
    }
    globalThis.Object.entries(message.info || {}).forEach(([key, value]) => {
      PodSandboxStatusResponse_InfoEntry.encode({ key, value }, writer.uint32(18).fork()).join();
    });
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxStatusResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.status = PodSandboxStatus.decode(reader, reader.uint32());
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            const entry2 = PodSandboxStatusResponse_InfoEntry.decode(reader, reader.uint32());
            if (entry2.value !== void 0) {
              message.info[entry2.key] = entry2.value;
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      status: isSet(object.status) ? PodSandboxStatus.fromJSON(object.status) : void 0,
      info: isObject(object.info) ? globalThis.Object.entries(object.info).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {}
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.status !== void 0) {
      obj.status = PodSandboxStatus.toJSON(message.status);
    }
    if (message.info) {
      const entries = globalThis.Object.entries(message.info);
      if (entries.length > 0) {
        obj.info = {};
        entries.forEach(([k, v]) => {
          obj.info[k] = v;
        });
      }
    }
    return obj;
  },
  create(base) {
    return PodSandboxStatusResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxStatusResponse();
    message.status = object.status !== void 0 && object.status !== null ? PodSandboxStatus.fromPartial(object.status) : void 0;
    message.info = globalThis.Object.entries(object.info ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    return message;
  }
};
function createBasePodSandboxStatusResponse_InfoEntry() {
  return { key: "", value: "" };
}
var PodSandboxStatusResponse_InfoEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxStatusResponse_InfoEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return PodSandboxStatusResponse_InfoEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxStatusResponse_InfoEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBasePodSandboxStateValue() {
  return { state: 0 };
}
var PodSandboxStateValue = {
  encode(message, writer = new BinaryWriter()) {
    if (message.state !== void 0 && message.state !== 0) {
      writer.uint32(8).int32(message.state);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxStateValue();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.state = reader.int32();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { state: isSet(object.state) ? podSandboxStateFromJSON(object.state) : 0 };
  },
  toJSON(message) {
    const obj = {};
    if (message.state !== void 0 && message.state !== 0) {
      obj.state = podSandboxStateToJSON(message.state);
    }
    return obj;
  },
  create(base) {
    return PodSandboxStateValue.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxStateValue();
    message.state = object.state ?? 0;
    return message;
  }
};
function createBasePodSandboxFilter() {
  return { id: "", state: void 0, labelSelector: {} };
}
var PodSandboxFilter = {
  encode(message, writer = new BinaryWriter()) {
    if (message.id !== void 0 && message.id !== "") {
      writer.uint32(10).string(message.id);
    }
    if (message.state !== void 0) {
      PodSandboxStateValue.encode(message.state, writer.uint32(18).fork()).join();
    }
    globalThis.Object.entries(message.labelSelector || {}).forEach(([key, value]) => {
      PodSandboxFilter_LabelSelectorEntry.encode({ key, value }, writer.uint32(26).fork()).join();
    });
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxFilter();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.id = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.state = PodSandboxStateValue.decode(reader, reader.uint32());
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            const entry3 = PodSandboxFilter_LabelSelectorEntry.decode(reader, reader.uint32());
            if (entry3.value !== void 0) {
              message.labelSelector[entry3.key] = entry3.value;
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      id: isSet(object.id) ? globalThis.String(object.id) : "",
      state: isSet(object.state) ? PodSandboxStateValue.fromJSON(object.state) : void 0,
      labelSelector: isObject(object.labelSelector) ? globalThis.Object.entries(object.labelSelector).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : isObject(object.label_selector) ? globalThis.Object.entries(object.label_selector).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {}
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.id !== void 0 && message.id !== "") {
      obj.id = message.id;
    }
    if (message.state !== void 0) {
      obj.state = PodSandboxStateValue.toJSON(message.state);
    }
    if (message.labelSelector) {
      const entries = globalThis.Object.entries(message.labelSelector);
      if (entries.length > 0) {
        obj.labelSelector = {};
        entries.forEach(([k, v]) => {
          obj.labelSelector[k] = v;
        });
      }
    }
    return obj;
  },
  create(base) {
    return PodSandboxFilter.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxFilter();
    message.id = object.id ?? "";
    message.state = object.state !== void 0 && object.state !== null ? PodSandboxStateValue.fromPartial(object.state) : void 0;
    message.labelSelector = globalThis.Object.entries(object.labelSelector ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    return message;
  }
};
function createBasePodSandboxFilter_LabelSelectorEntry() {
  return { key: "", value: "" };
}
var PodSandboxFilter_LabelSelectorEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandboxFilter_LabelSelectorEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return PodSandboxFilter_LabelSelectorEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandboxFilter_LabelSelectorEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseListPodSandboxRequest() {
  return { filter: void 0 };
}
var ListPodSandboxRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.filter !== void 0) {
      PodSandboxFilter.encode(message.filter, writer.uint32(10).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseListPodSandboxRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.filter = PodSandboxFilter.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { filter: isSet(object.filter) ? PodSandboxFilter.fromJSON(object.filter) : void 0 };
  },
  toJSON(message) {
    const obj = {};
    if (message.filter !== void 0) {
      obj.filter = PodSandboxFilter.toJSON(message.filter);
    }
    return obj;
  },
  create(base) {
    return ListPodSandboxRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseListPodSandboxRequest();
    message.filter = object.filter !== void 0 && object.filter !== null ? PodSandboxFilter.fromPartial(object.filter) : void 0;
    return message;
  }
};
function createBasePodSandbox() {
  return { id: "", metadata: void 0, state: 0, createdAt: 0, labels: {}, annotations: {}, runtimeHandler: "" };
}
var PodSandbox = {
  encode(message, writer = new BinaryWriter()) {
    if (message.id !== void 0 && message.id !== "") {
      writer.uint32(10).string(message.id);
    }
    if (message.metadata !== void 0) {
      PodSandboxMetadata.encode(message.metadata, writer.uint32(18).fork()).join();
    }
    if (message.state !== void 0 && message.state !== 0) {
      writer.uint32(24).int32(message.state);
    }
    if (message.createdAt !== void 0 && message.createdAt !== 0) {
      writer.uint32(32).int64(message.createdAt);
    }
    globalThis.Object.entries(message.labels || {}).forEach(([key, value]) => {
      PodSandbox_LabelsEntry.encode({ key, value }, writer.uint32(42).fork()).join();
    });
    globalThis.Object.entries(message.annotations || {}).forEach(([key, value]) => {
      PodSandbox_AnnotationsEntry.encode({ key, value }, writer.uint32(50).fork()).join();
    });
    if (message.runtimeHandler !== void 0 && message.runtimeHandler !== "") {
      writer.uint32(58).string(message.runtimeHandler);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandbox();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.id = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.metadata = PodSandboxMetadata.decode(reader, reader.uint32());
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.state = reader.int32();
            continue;
          }
          case 4: {
            if (tag !== 32) {
              break;
            }
            message.createdAt = longToNumber(reader.int64());
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            const entry5 = PodSandbox_LabelsEntry.decode(reader, reader.uint32());
            if (entry5.value !== void 0) {
              message.labels[entry5.key] = entry5.value;
            }
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            const entry6 = PodSandbox_AnnotationsEntry.decode(reader, reader.uint32());
            if (entry6.value !== void 0) {
              message.annotations[entry6.key] = entry6.value;
            }
            continue;
          }
          case 7: {
            if (tag !== 58) {
              break;
            }
            message.runtimeHandler = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      id: isSet(object.id) ? globalThis.String(object.id) : "",
      metadata: isSet(object.metadata) ? PodSandboxMetadata.fromJSON(object.metadata) : void 0,
      state: isSet(object.state) ? podSandboxStateFromJSON(object.state) : 0,
      createdAt: isSet(object.createdAt) ? globalThis.Number(object.createdAt) : isSet(object.created_at) ? globalThis.Number(object.created_at) : 0,
      labels: isObject(object.labels) ? globalThis.Object.entries(object.labels).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      annotations: isObject(object.annotations) ? globalThis.Object.entries(object.annotations).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      runtimeHandler: isSet(object.runtimeHandler) ? globalThis.String(object.runtimeHandler) : isSet(object.runtime_handler) ? globalThis.String(object.runtime_handler) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.id !== void 0 && message.id !== "") {
      obj.id = message.id;
    }
    if (message.metadata !== void 0) {
      obj.metadata = PodSandboxMetadata.toJSON(message.metadata);
    }
    if (message.state !== void 0 && message.state !== 0) {
      obj.state = podSandboxStateToJSON(message.state);
    }
    if (message.createdAt !== void 0 && message.createdAt !== 0) {
      obj.createdAt = Math.round(message.createdAt);
    }
    if (message.labels) {
      const entries = globalThis.Object.entries(message.labels);
      if (entries.length > 0) {
        obj.labels = {};
        entries.forEach(([k, v]) => {
          obj.labels[k] = v;
        });
      }
    }
    if (message.annotations) {
      const entries = globalThis.Object.entries(message.annotations);
      if (entries.length > 0) {
        obj.annotations = {};
        entries.forEach(([k, v]) => {
          obj.annotations[k] = v;
        });
      }
    }
    if (message.runtimeHandler !== void 0 && message.runtimeHandler !== "") {
      obj.runtimeHandler = message.runtimeHandler;
    }
    return obj;
  },
  create(base) {
    return PodSandbox.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandbox();
    message.id = object.id ?? "";
    message.metadata = object.metadata !== void 0 && object.metadata !== null ? PodSandboxMetadata.fromPartial(object.metadata) : void 0;
    message.state = object.state ?? 0;
    message.createdAt = object.createdAt ?? 0;
    message.labels = globalThis.Object.entries(object.labels ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.annotations = globalThis.Object.entries(object.annotations ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.runtimeHandler = object.runtimeHandler ?? "";
    return message;
  }
};
function createBasePodSandbox_LabelsEntry() {
  return { key: "", value: "" };
}
var PodSandbox_LabelsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandbox_LabelsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return PodSandbox_LabelsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandbox_LabelsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBasePodSandbox_AnnotationsEntry() {
  return { key: "", value: "" };
}
var PodSandbox_AnnotationsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBasePodSandbox_AnnotationsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return PodSandbox_AnnotationsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBasePodSandbox_AnnotationsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseListPodSandboxResponse() {
  return { items: [] };
}
var ListPodSandboxResponse = {
  encode(message, writer = new BinaryWriter()) {
    if (message.items !== void 0 && message.items.length !== 0) {
      for (const v of message.items) {
        PodSandbox.encode(v, writer.uint32(10).fork()).join();
      }
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseListPodSandboxResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            const el = PodSandbox.decode(reader, reader.uint32());
            if (el !== void 0) {
              message.items.push(el);
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      items: globalThis.Array.isArray(object?.items) ? object.items.map((e) => PodSandbox.fromJSON(e)) : []
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.items?.length) {
      obj.items = message.items.map((e) => PodSandbox.toJSON(e));
    }
    return obj;
  },
  create(base) {
    return ListPodSandboxResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseListPodSandboxResponse();
    message.items = object.items?.map((e) => PodSandbox.fromPartial(e)) || [];
    return message;
  }
};
function createBaseImageSpec() {
  return { image: "", annotations: {} };
}
var ImageSpec = {
  encode(message, writer = new BinaryWriter()) {
    if (message.image !== void 0 && message.image !== "") {
      writer.uint32(10).string(message.image);
    }
    globalThis.Object.entries(message.annotations || {}).forEach(([key, value]) => {
      ImageSpec_AnnotationsEntry.encode({ key, value }, writer.uint32(18).fork()).join();
    });
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseImageSpec();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.image = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            const entry2 = ImageSpec_AnnotationsEntry.decode(reader, reader.uint32());
            if (entry2.value !== void 0) {
              message.annotations[entry2.key] = entry2.value;
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      image: isSet(object.image) ? globalThis.String(object.image) : "",
      annotations: isObject(object.annotations) ? globalThis.Object.entries(object.annotations).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {}
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.image !== void 0 && message.image !== "") {
      obj.image = message.image;
    }
    if (message.annotations) {
      const entries = globalThis.Object.entries(message.annotations);
      if (entries.length > 0) {
        obj.annotations = {};
        entries.forEach(([k, v]) => {
          obj.annotations[k] = v;
        });
      }
    }
    return obj;
  },
  create(base) {
    return ImageSpec.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseImageSpec();
    message.image = object.image ?? "";
    message.annotations = globalThis.Object.entries(object.annotations ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    return message;
  }
};
function createBaseImageSpec_AnnotationsEntry() {
  return { key: "", value: "" };
}
var ImageSpec_AnnotationsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseImageSpec_AnnotationsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return ImageSpec_AnnotationsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseImageSpec_AnnotationsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseKeyValue() {
  return { key: "", value: "" };
}
var KeyValue = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== void 0 && message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== void 0 && message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseKeyValue();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== void 0 && message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== void 0 && message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return KeyValue.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseKeyValue();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseLinuxContainerSecurityContext() {
  return {
    privileged: false,
    namespaceOptions: void 0,
    runAsUser: void 0,
    runAsUsername: "",
    readonlyRootfs: false,
    runAsGroup: void 0
  };
}
var LinuxContainerSecurityContext = {
  encode(message, writer = new BinaryWriter()) {
    if (message.privileged !== void 0 && message.privileged !== false) {
      writer.uint32(16).bool(message.privileged);
    }
    if (message.namespaceOptions !== void 0) {
      NamespaceOption.encode(message.namespaceOptions, writer.uint32(26).fork()).join();
    }
    if (message.runAsUser !== void 0) {
      Int64Value.encode(message.runAsUser, writer.uint32(42).fork()).join();
    }
    if (message.runAsUsername !== void 0 && message.runAsUsername !== "") {
      writer.uint32(50).string(message.runAsUsername);
    }
    if (message.readonlyRootfs !== void 0 && message.readonlyRootfs !== false) {
      writer.uint32(56).bool(message.readonlyRootfs);
    }
    if (message.runAsGroup !== void 0) {
      Int64Value.encode(message.runAsGroup, writer.uint32(98).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseLinuxContainerSecurityContext();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.privileged = reader.bool();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.namespaceOptions = NamespaceOption.decode(reader, reader.uint32());
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.runAsUser = Int64Value.decode(reader, reader.uint32());
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            message.runAsUsername = reader.string();
            continue;
          }
          case 7: {
            if (tag !== 56) {
              break;
            }
            message.readonlyRootfs = reader.bool();
            continue;
          }
          case 12: {
            if (tag !== 98) {
              break;
            }
            message.runAsGroup = Int64Value.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      privileged: isSet(object.privileged) ? globalThis.Boolean(object.privileged) : false,
      namespaceOptions: isSet(object.namespaceOptions) ? NamespaceOption.fromJSON(object.namespaceOptions) : isSet(object.namespace_options) ? NamespaceOption.fromJSON(object.namespace_options) : void 0,
      runAsUser: isSet(object.runAsUser) ? Int64Value.fromJSON(object.runAsUser) : isSet(object.run_as_user) ? Int64Value.fromJSON(object.run_as_user) : void 0,
      runAsUsername: isSet(object.runAsUsername) ? globalThis.String(object.runAsUsername) : isSet(object.run_as_username) ? globalThis.String(object.run_as_username) : "",
      readonlyRootfs: isSet(object.readonlyRootfs) ? globalThis.Boolean(object.readonlyRootfs) : isSet(object.readonly_rootfs) ? globalThis.Boolean(object.readonly_rootfs) : false,
      runAsGroup: isSet(object.runAsGroup) ? Int64Value.fromJSON(object.runAsGroup) : isSet(object.run_as_group) ? Int64Value.fromJSON(object.run_as_group) : void 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.privileged !== void 0 && message.privileged !== false) {
      obj.privileged = message.privileged;
    }
    if (message.namespaceOptions !== void 0) {
      obj.namespaceOptions = NamespaceOption.toJSON(message.namespaceOptions);
    }
    if (message.runAsUser !== void 0) {
      obj.runAsUser = Int64Value.toJSON(message.runAsUser);
    }
    if (message.runAsUsername !== void 0 && message.runAsUsername !== "") {
      obj.runAsUsername = message.runAsUsername;
    }
    if (message.readonlyRootfs !== void 0 && message.readonlyRootfs !== false) {
      obj.readonlyRootfs = message.readonlyRootfs;
    }
    if (message.runAsGroup !== void 0) {
      obj.runAsGroup = Int64Value.toJSON(message.runAsGroup);
    }
    return obj;
  },
  create(base) {
    return LinuxContainerSecurityContext.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseLinuxContainerSecurityContext();
    message.privileged = object.privileged ?? false;
    message.namespaceOptions = object.namespaceOptions !== void 0 && object.namespaceOptions !== null ? NamespaceOption.fromPartial(object.namespaceOptions) : void 0;
    message.runAsUser = object.runAsUser !== void 0 && object.runAsUser !== null ? Int64Value.fromPartial(object.runAsUser) : void 0;
    message.runAsUsername = object.runAsUsername ?? "";
    message.readonlyRootfs = object.readonlyRootfs ?? false;
    message.runAsGroup = object.runAsGroup !== void 0 && object.runAsGroup !== null ? Int64Value.fromPartial(object.runAsGroup) : void 0;
    return message;
  }
};
function createBaseLinuxContainerConfig() {
  return { securityContext: void 0 };
}
var LinuxContainerConfig = {
  encode(message, writer = new BinaryWriter()) {
    if (message.securityContext !== void 0) {
      LinuxContainerSecurityContext.encode(message.securityContext, writer.uint32(18).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseLinuxContainerConfig();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.securityContext = LinuxContainerSecurityContext.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      securityContext: isSet(object.securityContext) ? LinuxContainerSecurityContext.fromJSON(object.securityContext) : isSet(object.security_context) ? LinuxContainerSecurityContext.fromJSON(object.security_context) : void 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.securityContext !== void 0) {
      obj.securityContext = LinuxContainerSecurityContext.toJSON(message.securityContext);
    }
    return obj;
  },
  create(base) {
    return LinuxContainerConfig.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseLinuxContainerConfig();
    message.securityContext = object.securityContext !== void 0 && object.securityContext !== null ? LinuxContainerSecurityContext.fromPartial(object.securityContext) : void 0;
    return message;
  }
};
function createBaseContainerMetadata() {
  return { name: "", attempt: 0 };
}
var ContainerMetadata = {
  encode(message, writer = new BinaryWriter()) {
    if (message.name !== void 0 && message.name !== "") {
      writer.uint32(10).string(message.name);
    }
    if (message.attempt !== void 0 && message.attempt !== 0) {
      writer.uint32(16).uint32(message.attempt);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerMetadata();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.name = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.attempt = reader.uint32();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      name: isSet(object.name) ? globalThis.String(object.name) : "",
      attempt: isSet(object.attempt) ? globalThis.Number(object.attempt) : 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.name !== void 0 && message.name !== "") {
      obj.name = message.name;
    }
    if (message.attempt !== void 0 && message.attempt !== 0) {
      obj.attempt = Math.round(message.attempt);
    }
    return obj;
  },
  create(base) {
    return ContainerMetadata.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerMetadata();
    message.name = object.name ?? "";
    message.attempt = object.attempt ?? 0;
    return message;
  }
};
function createBaseContainerConfig() {
  return {
    metadata: void 0,
    image: void 0,
    command: [],
    args: [],
    workingDir: "",
    envs: [],
    labels: {},
    annotations: {},
    logPath: "",
    linux: void 0
  };
}
var ContainerConfig = {
  encode(message, writer = new BinaryWriter()) {
    if (message.metadata !== void 0) {
      ContainerMetadata.encode(message.metadata, writer.uint32(10).fork()).join();
    }
    if (message.image !== void 0) {
      ImageSpec.encode(message.image, writer.uint32(18).fork()).join();
    }
    if (message.command !== void 0 && message.command.length !== 0) {
      for (const v of message.command) {
        writer.uint32(26).string(v);
      }
    }
    if (message.args !== void 0 && message.args.length !== 0) {
      for (const v of message.args) {
        writer.uint32(34).string(v);
      }
    }
    if (message.workingDir !== void 0 && message.workingDir !== "") {
      writer.uint32(42).string(message.workingDir);
    }
    if (message.envs !== void 0 && message.envs.length !== 0) {
      for (const v of message.envs) {
        KeyValue.encode(v, writer.uint32(50).fork()).join();
      }
    }
    globalThis.Object.entries(message.labels || {}).forEach(([key, value]) => {
      ContainerConfig_LabelsEntry.encode({ key, value }, writer.uint32(74).fork()).join();
    });
    globalThis.Object.entries(message.annotations || {}).forEach(([key, value]) => {
      ContainerConfig_AnnotationsEntry.encode({ key, value }, writer.uint32(82).fork()).join();
    });
    if (message.logPath !== void 0 && message.logPath !== "") {
      writer.uint32(90).string(message.logPath);
    }
    if (message.linux !== void 0) {
      LinuxContainerConfig.encode(message.linux, writer.uint32(122).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerConfig();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.metadata = ContainerMetadata.decode(reader, reader.uint32());
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.image = ImageSpec.decode(reader, reader.uint32());
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            const el = reader.string();
            if (el !== void 0) {
              message.command.push(el);
            }
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            const el = reader.string();
            if (el !== void 0) {
              message.args.push(el);
            }
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.workingDir = reader.string();
            continue;
          }
          case 6: {
            if (tag !== 50) {
              break;
            }
            const el = KeyValue.decode(reader, reader.uint32());
            if (el !== void 0) {
              message.envs.push(el);
            }
            continue;
          }
          case 9: {
            if (tag !== 74) {
              break;
            }
            const entry9 = ContainerConfig_LabelsEntry.decode(reader, reader.uint32());
            if (entry9.value !== void 0) {
              message.labels[entry9.key] = entry9.value;
            }
            continue;
          }
          case 10: {
            if (tag !== 82) {
              break;
            }
            const entry10 = ContainerConfig_AnnotationsEntry.decode(reader, reader.uint32());
            if (entry10.value !== void 0) {
              message.annotations[entry10.key] = entry10.value;
            }
            continue;
          }
          case 11: {
            if (tag !== 90) {
              break;
            }
            message.logPath = reader.string();
            continue;
          }
          case 15: {
            if (tag !== 122) {
              break;
            }
            message.linux = LinuxContainerConfig.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      metadata: isSet(object.metadata) ? ContainerMetadata.fromJSON(object.metadata) : void 0,
      image: isSet(object.image) ? ImageSpec.fromJSON(object.image) : void 0,
      command: globalThis.Array.isArray(object?.command) ? object.command.map((e) => globalThis.String(e)) : [],
      args: globalThis.Array.isArray(object?.args) ? object.args.map((e) => globalThis.String(e)) : [],
      workingDir: isSet(object.workingDir) ? globalThis.String(object.workingDir) : isSet(object.working_dir) ? globalThis.String(object.working_dir) : "",
      envs: globalThis.Array.isArray(object?.envs) ? object.envs.map((e) => KeyValue.fromJSON(e)) : [],
      labels: isObject(object.labels) ? globalThis.Object.entries(object.labels).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      annotations: isObject(object.annotations) ? globalThis.Object.entries(object.annotations).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      logPath: isSet(object.logPath) ? globalThis.String(object.logPath) : isSet(object.log_path) ? globalThis.String(object.log_path) : "",
      linux: isSet(object.linux) ? LinuxContainerConfig.fromJSON(object.linux) : void 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.metadata !== void 0) {
      obj.metadata = ContainerMetadata.toJSON(message.metadata);
    }
    if (message.image !== void 0) {
      obj.image = ImageSpec.toJSON(message.image);
    }
    if (message.command?.length) {
      obj.command = message.command;
    }
    if (message.args?.length) {
      obj.args = message.args;
    }
    if (message.workingDir !== void 0 && message.workingDir !== "") {
      obj.workingDir = message.workingDir;
    }
    if (message.envs?.length) {
      obj.envs = message.envs.map((e) => KeyValue.toJSON(e));
    }
    if (message.labels) {
      const entries = globalThis.Object.entries(message.labels);
      if (entries.length > 0) {
        obj.labels = {};
        entries.forEach(([k, v]) => {
          obj.labels[k] = v;
        });
      }
    }
    if (message.annotations) {
      const entries = globalThis.Object.entries(message.annotations);
      if (entries.length > 0) {
        obj.annotations = {};
        entries.forEach(([k, v]) => {
          obj.annotations[k] = v;
        });
      }
    }
    if (message.logPath !== void 0 && message.logPath !== "") {
      obj.logPath = message.logPath;
    }
    if (message.linux !== void 0) {
      obj.linux = LinuxContainerConfig.toJSON(message.linux);
    }
    return obj;
  },
  create(base) {
    return ContainerConfig.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerConfig();
    message.metadata = object.metadata !== void 0 && object.metadata !== null ? ContainerMetadata.fromPartial(object.metadata) : void 0;
    message.image = object.image !== void 0 && object.image !== null ? ImageSpec.fromPartial(object.image) : void 0;
    message.command = object.command?.map((e) => e) || [];
    message.args = object.args?.map((e) => e) || [];
    message.workingDir = object.workingDir ?? "";
    message.envs = object.envs?.map((e) => KeyValue.fromPartial(e)) || [];
    message.labels = globalThis.Object.entries(object.labels ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.annotations = globalThis.Object.entries(object.annotations ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.logPath = object.logPath ?? "";
    message.linux = object.linux !== void 0 && object.linux !== null ? LinuxContainerConfig.fromPartial(object.linux) : void 0;
    return message;
  }
};
function createBaseContainerConfig_LabelsEntry() {
  return { key: "", value: "" };
}
var ContainerConfig_LabelsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerConfig_LabelsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return ContainerConfig_LabelsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerConfig_LabelsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseContainerConfig_AnnotationsEntry() {
  return { key: "", value: "" };
}
var ContainerConfig_AnnotationsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerConfig_AnnotationsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return ContainerConfig_AnnotationsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerConfig_AnnotationsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseCreateContainerRequest() {
  return { podSandboxId: "", config: void 0, sandboxConfig: void 0 };
}
var CreateContainerRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      writer.uint32(10).string(message.podSandboxId);
    }
    if (message.config !== void 0) {
      ContainerConfig.encode(message.config, writer.uint32(18).fork()).join();
    }
    if (message.sandboxConfig !== void 0) {
      PodSandboxConfig.encode(message.sandboxConfig, writer.uint32(26).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseCreateContainerRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.podSandboxId = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.config = ContainerConfig.decode(reader, reader.uint32());
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.sandboxConfig = PodSandboxConfig.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      podSandboxId: isSet(object.podSandboxId) ? globalThis.String(object.podSandboxId) : isSet(object.pod_sandbox_id) ? globalThis.String(object.pod_sandbox_id) : "",
      config: isSet(object.config) ? ContainerConfig.fromJSON(object.config) : void 0,
      sandboxConfig: isSet(object.sandboxConfig) ? PodSandboxConfig.fromJSON(object.sandboxConfig) : isSet(object.sandbox_config) ? PodSandboxConfig.fromJSON(object.sandbox_config) : void 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      obj.podSandboxId = message.podSandboxId;
    }
    if (message.config !== void 0) {
      obj.config = ContainerConfig.toJSON(message.config);
    }
    if (message.sandboxConfig !== void 0) {
      obj.sandboxConfig = PodSandboxConfig.toJSON(message.sandboxConfig);
    }
    return obj;
  },
  create(base) {
    return CreateContainerRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseCreateContainerRequest();
    message.podSandboxId = object.podSandboxId ?? "";
    message.config = object.config !== void 0 && object.config !== null ? ContainerConfig.fromPartial(object.config) : void 0;
    message.sandboxConfig = object.sandboxConfig !== void 0 && object.sandboxConfig !== null ? PodSandboxConfig.fromPartial(object.sandboxConfig) : void 0;
    return message;
  }
};
function createBaseCreateContainerResponse() {
  return { containerId: "" };
}
var CreateContainerResponse = {
  encode(message, writer = new BinaryWriter()) {
    if (message.containerId !== void 0 && message.containerId !== "") {
      writer.uint32(10).string(message.containerId);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseCreateContainerResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.containerId = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      containerId: isSet(object.containerId) ? globalThis.String(object.containerId) : isSet(object.container_id) ? globalThis.String(object.container_id) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.containerId !== void 0 && message.containerId !== "") {
      obj.containerId = message.containerId;
    }
    return obj;
  },
  create(base) {
    return CreateContainerResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseCreateContainerResponse();
    message.containerId = object.containerId ?? "";
    return message;
  }
};
function createBaseStartContainerRequest() {
  return { containerId: "" };
}
var StartContainerRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.containerId !== void 0 && message.containerId !== "") {
      writer.uint32(10).string(message.containerId);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStartContainerRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.containerId = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      containerId: isSet(object.containerId) ? globalThis.String(object.containerId) : isSet(object.container_id) ? globalThis.String(object.container_id) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.containerId !== void 0 && message.containerId !== "") {
      obj.containerId = message.containerId;
    }
    return obj;
  },
  create(base) {
    return StartContainerRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseStartContainerRequest();
    message.containerId = object.containerId ?? "";
    return message;
  }
};
function createBaseStartContainerResponse() {
  return {};
}
var StartContainerResponse = {
  encode(_, writer = new BinaryWriter()) {
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStartContainerResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(_) {
    return {};
  },
  toJSON(_) {
    const obj = {};
    return obj;
  },
  create(base) {
    return StartContainerResponse.fromPartial(base ?? {});
  },
  fromPartial(_) {
    const message = createBaseStartContainerResponse();
    return message;
  }
};
function createBaseStopContainerRequest() {
  return { containerId: "", timeout: 0 };
}
var StopContainerRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.containerId !== void 0 && message.containerId !== "") {
      writer.uint32(10).string(message.containerId);
    }
    if (message.timeout !== void 0 && message.timeout !== 0) {
      writer.uint32(16).int64(message.timeout);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStopContainerRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.containerId = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.timeout = longToNumber(reader.int64());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      containerId: isSet(object.containerId) ? globalThis.String(object.containerId) : isSet(object.container_id) ? globalThis.String(object.container_id) : "",
      timeout: isSet(object.timeout) ? globalThis.Number(object.timeout) : 0
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.containerId !== void 0 && message.containerId !== "") {
      obj.containerId = message.containerId;
    }
    if (message.timeout !== void 0 && message.timeout !== 0) {
      obj.timeout = Math.round(message.timeout);
    }
    return obj;
  },
  create(base) {
    return StopContainerRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseStopContainerRequest();
    message.containerId = object.containerId ?? "";
    message.timeout = object.timeout ?? 0;
    return message;
  }
};
function createBaseStopContainerResponse() {
  return {};
}
var StopContainerResponse = {
  encode(_, writer = new BinaryWriter()) {
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStopContainerResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(_) {
    return {};
  },
  toJSON(_) {
    const obj = {};
    return obj;
  },
  create(base) {
    return StopContainerResponse.fromPartial(base ?? {});
  },
  fromPartial(_) {
    const message = createBaseStopContainerResponse();
    return message;
  }
};
function createBaseRemoveContainerRequest() {
  return { containerId: "" };
}
var RemoveContainerRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.containerId !== void 0 && message.containerId !== "") {
      writer.uint32(10).string(message.containerId);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRemoveContainerRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.containerId = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      containerId: isSet(object.containerId) ? globalThis.String(object.containerId) : isSet(object.container_id) ? globalThis.String(object.container_id) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.containerId !== void 0 && message.containerId !== "") {
      obj.containerId = message.containerId;
    }
    return obj;
  },
  create(base) {
    return RemoveContainerRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseRemoveContainerRequest();
    message.containerId = object.containerId ?? "";
    return message;
  }
};
function createBaseRemoveContainerResponse() {
  return {};
}
var RemoveContainerResponse = {
  encode(_, writer = new BinaryWriter()) {
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRemoveContainerResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(_) {
    return {};
  },
  toJSON(_) {
    const obj = {};
    return obj;
  },
  create(base) {
    return RemoveContainerResponse.fromPartial(base ?? {});
  },
  fromPartial(_) {
    const message = createBaseRemoveContainerResponse();
    return message;
  }
};
function createBaseContainerStateValue() {
  return { state: 0 };
}
var ContainerStateValue = {
  encode(message, writer = new BinaryWriter()) {
    if (message.state !== void 0 && message.state !== 0) {
      writer.uint32(8).int32(message.state);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerStateValue();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.state = reader.int32();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { state: isSet(object.state) ? containerStateFromJSON(object.state) : 0 };
  },
  toJSON(message) {
    const obj = {};
    if (message.state !== void 0 && message.state !== 0) {
      obj.state = containerStateToJSON(message.state);
    }
    return obj;
  },
  create(base) {
    return ContainerStateValue.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerStateValue();
    message.state = object.state ?? 0;
    return message;
  }
};
function createBaseContainerFilter() {
  return { id: "", state: void 0, podSandboxId: "", labelSelector: {} };
}
var ContainerFilter = {
  encode(message, writer = new BinaryWriter()) {
    if (message.id !== void 0 && message.id !== "") {
      writer.uint32(10).string(message.id);
    }
    if (message.state !== void 0) {
      ContainerStateValue.encode(message.state, writer.uint32(18).fork()).join();
    }
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      writer.uint32(26).string(message.podSandboxId);
    }
    globalThis.Object.entries(message.labelSelector || {}).forEach(([key, value]) => {
      ContainerFilter_LabelSelectorEntry.encode({ key, value }, writer.uint32(34).fork()).join();
    });
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerFilter();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.id = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.state = ContainerStateValue.decode(reader, reader.uint32());
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.podSandboxId = reader.string();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            const entry4 = ContainerFilter_LabelSelectorEntry.decode(reader, reader.uint32());
            if (entry4.value !== void 0) {
              message.labelSelector[entry4.key] = entry4.value;
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      id: isSet(object.id) ? globalThis.String(object.id) : "",
      state: isSet(object.state) ? ContainerStateValue.fromJSON(object.state) : void 0,
      podSandboxId: isSet(object.podSandboxId) ? globalThis.String(object.podSandboxId) : isSet(object.pod_sandbox_id) ? globalThis.String(object.pod_sandbox_id) : "",
      labelSelector: isObject(object.labelSelector) ? globalThis.Object.entries(object.labelSelector).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : isObject(object.label_selector) ? globalThis.Object.entries(object.label_selector).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {}
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.id !== void 0 && message.id !== "") {
      obj.id = message.id;
    }
    if (message.state !== void 0) {
      obj.state = ContainerStateValue.toJSON(message.state);
    }
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      obj.podSandboxId = message.podSandboxId;
    }
    if (message.labelSelector) {
      const entries = globalThis.Object.entries(message.labelSelector);
      if (entries.length > 0) {
        obj.labelSelector = {};
        entries.forEach(([k, v]) => {
          obj.labelSelector[k] = v;
        });
      }
    }
    return obj;
  },
  create(base) {
    return ContainerFilter.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerFilter();
    message.id = object.id ?? "";
    message.state = object.state !== void 0 && object.state !== null ? ContainerStateValue.fromPartial(object.state) : void 0;
    message.podSandboxId = object.podSandboxId ?? "";
    message.labelSelector = globalThis.Object.entries(object.labelSelector ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    return message;
  }
};
function createBaseContainerFilter_LabelSelectorEntry() {
  return { key: "", value: "" };
}
var ContainerFilter_LabelSelectorEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerFilter_LabelSelectorEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return ContainerFilter_LabelSelectorEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerFilter_LabelSelectorEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseListContainersRequest() {
  return { filter: void 0 };
}
var ListContainersRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.filter !== void 0) {
      ContainerFilter.encode(message.filter, writer.uint32(10).fork()).join();
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseListContainersRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.filter = ContainerFilter.decode(reader, reader.uint32());
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { filter: isSet(object.filter) ? ContainerFilter.fromJSON(object.filter) : void 0 };
  },
  toJSON(message) {
    const obj = {};
    if (message.filter !== void 0) {
      obj.filter = ContainerFilter.toJSON(message.filter);
    }
    return obj;
  },
  create(base) {
    return ListContainersRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseListContainersRequest();
    message.filter = object.filter !== void 0 && object.filter !== null ? ContainerFilter.fromPartial(object.filter) : void 0;
    return message;
  }
};
function createBaseContainer() {
  return {
    id: "",
    podSandboxId: "",
    metadata: void 0,
    image: void 0,
    imageRef: "",
    state: 0,
    createdAt: 0,
    labels: {},
    annotations: {}
  };
}
var Container = {
  encode(message, writer = new BinaryWriter()) {
    if (message.id !== void 0 && message.id !== "") {
      writer.uint32(10).string(message.id);
    }
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      writer.uint32(18).string(message.podSandboxId);
    }
    if (message.metadata !== void 0) {
      ContainerMetadata.encode(message.metadata, writer.uint32(26).fork()).join();
    }
    if (message.image !== void 0) {
      ImageSpec.encode(message.image, writer.uint32(34).fork()).join();
    }
    if (message.imageRef !== void 0 && message.imageRef !== "") {
      writer.uint32(42).string(message.imageRef);
    }
    if (message.state !== void 0 && message.state !== 0) {
      writer.uint32(48).int32(message.state);
    }
    if (message.createdAt !== void 0 && message.createdAt !== 0) {
      writer.uint32(56).int64(message.createdAt);
    }
    globalThis.Object.entries(message.labels || {}).forEach(([key, value]) => {
      Container_LabelsEntry.encode({ key, value }, writer.uint32(66).fork()).join();
    });
    globalThis.Object.entries(message.annotations || {}).forEach(([key, value]) => {
      Container_AnnotationsEntry.encode({ key, value }, writer.uint32(74).fork()).join();
    });
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainer();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.id = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.podSandboxId = reader.string();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.metadata = ContainerMetadata.decode(reader, reader.uint32());
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.image = ImageSpec.decode(reader, reader.uint32());
            continue;
          }
          case 5: {
            if (tag !== 42) {
              break;
            }
            message.imageRef = reader.string();
            continue;
          }
          case 6: {
            if (tag !== 48) {
              break;
            }
            message.state = reader.int32();
            continue;
          }
          case 7: {
            if (tag !== 56) {
              break;
            }
            message.createdAt = longToNumber(reader.int64());
            continue;
          }
          case 8: {
            if (tag !== 66) {
              break;
            }
            const entry8 = Container_LabelsEntry.decode(reader, reader.uint32());
            if (entry8.value !== void 0) {
              message.labels[entry8.key] = entry8.value;
            }
            continue;
          }
          case 9: {
            if (tag !== 74) {
              break;
            }
            const entry9 = Container_AnnotationsEntry.decode(reader, reader.uint32());
            if (entry9.value !== void 0) {
              message.annotations[entry9.key] = entry9.value;
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      id: isSet(object.id) ? globalThis.String(object.id) : "",
      podSandboxId: isSet(object.podSandboxId) ? globalThis.String(object.podSandboxId) : isSet(object.pod_sandbox_id) ? globalThis.String(object.pod_sandbox_id) : "",
      metadata: isSet(object.metadata) ? ContainerMetadata.fromJSON(object.metadata) : void 0,
      image: isSet(object.image) ? ImageSpec.fromJSON(object.image) : void 0,
      imageRef: isSet(object.imageRef) ? globalThis.String(object.imageRef) : isSet(object.image_ref) ? globalThis.String(object.image_ref) : "",
      state: isSet(object.state) ? containerStateFromJSON(object.state) : 0,
      createdAt: isSet(object.createdAt) ? globalThis.Number(object.createdAt) : isSet(object.created_at) ? globalThis.Number(object.created_at) : 0,
      labels: isObject(object.labels) ? globalThis.Object.entries(object.labels).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      annotations: isObject(object.annotations) ? globalThis.Object.entries(object.annotations).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {}
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.id !== void 0 && message.id !== "") {
      obj.id = message.id;
    }
    if (message.podSandboxId !== void 0 && message.podSandboxId !== "") {
      obj.podSandboxId = message.podSandboxId;
    }
    if (message.metadata !== void 0) {
      obj.metadata = ContainerMetadata.toJSON(message.metadata);
    }
    if (message.image !== void 0) {
      obj.image = ImageSpec.toJSON(message.image);
    }
    if (message.imageRef !== void 0 && message.imageRef !== "") {
      obj.imageRef = message.imageRef;
    }
    if (message.state !== void 0 && message.state !== 0) {
      obj.state = containerStateToJSON(message.state);
    }
    if (message.createdAt !== void 0 && message.createdAt !== 0) {
      obj.createdAt = Math.round(message.createdAt);
    }
    if (message.labels) {
      const entries = globalThis.Object.entries(message.labels);
      if (entries.length > 0) {
        obj.labels = {};
        entries.forEach(([k, v]) => {
          obj.labels[k] = v;
        });
      }
    }
    if (message.annotations) {
      const entries = globalThis.Object.entries(message.annotations);
      if (entries.length > 0) {
        obj.annotations = {};
        entries.forEach(([k, v]) => {
          obj.annotations[k] = v;
        });
      }
    }
    return obj;
  },
  create(base) {
    return Container.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainer();
    message.id = object.id ?? "";
    message.podSandboxId = object.podSandboxId ?? "";
    message.metadata = object.metadata !== void 0 && object.metadata !== null ? ContainerMetadata.fromPartial(object.metadata) : void 0;
    message.image = object.image !== void 0 && object.image !== null ? ImageSpec.fromPartial(object.image) : void 0;
    message.imageRef = object.imageRef ?? "";
    message.state = object.state ?? 0;
    message.createdAt = object.createdAt ?? 0;
    message.labels = globalThis.Object.entries(object.labels ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.annotations = globalThis.Object.entries(object.annotations ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    return message;
  }
};
function createBaseContainer_LabelsEntry() {
  return { key: "", value: "" };
}
var Container_LabelsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainer_LabelsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return Container_LabelsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainer_LabelsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseContainer_AnnotationsEntry() {
  return { key: "", value: "" };
}
var Container_AnnotationsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainer_AnnotationsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return Container_AnnotationsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainer_AnnotationsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseListContainersResponse() {
  return { containers: [] };
}
var ListContainersResponse = {
  encode(message, writer = new BinaryWriter()) {
    if (message.containers !== void 0 && message.containers.length !== 0) {
      for (const v of message.containers) {
        Container.encode(v, writer.uint32(10).fork()).join();
      }
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseListContainersResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            const el = Container.decode(reader, reader.uint32());
            if (el !== void 0) {
              message.containers.push(el);
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      containers: globalThis.Array.isArray(object?.containers) ? object.containers.map((e) => Container.fromJSON(e)) : []
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.containers?.length) {
      obj.containers = message.containers.map((e) => Container.toJSON(e));
    }
    return obj;
  },
  create(base) {
    return ListContainersResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseListContainersResponse();
    message.containers = object.containers?.map((e) => Container.fromPartial(e)) || [];
    return message;
  }
};
function createBaseContainerStatusRequest() {
  return { containerId: "", verbose: false };
}
var ContainerStatusRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.containerId !== void 0 && message.containerId !== "") {
      writer.uint32(10).string(message.containerId);
    }
    if (message.verbose !== void 0 && message.verbose !== false) {
      writer.uint32(16).bool(message.verbose);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerStatusRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.containerId = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.verbose = reader.bool();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      containerId: isSet(object.containerId) ? globalThis.String(object.containerId) : isSet(object.container_id) ? globalThis.String(object.container_id) : "",
      verbose: isSet(object.verbose) ? globalThis.Boolean(object.verbose) : false
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.containerId !== void 0 && message.containerId !== "") {
      obj.containerId = message.containerId;
    }
    if (message.verbose !== void 0 && message.verbose !== false) {
      obj.verbose = message.verbose;
    }
    return obj;
  },
  create(base) {
    return ContainerStatusRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerStatusRequest();
    message.containerId = object.containerId ?? "";
    message.verbose = object.verbose ?? false;
    return message;
  }
};
function createBaseContainerStatus() {
  return {
    id: "",
    metadata: void 0,
    state: 0,
    createdAt: 0,
    startedAt: 0,
    finishedAt: 0,
    exitCode: 0,
    image: void 0,
    imageRef: "",
    reason: "",
    message: "",
    labels: {},
    annotations: {},
    logPath: ""
  };
}
var ContainerStatus = {
  encode(message, writer = new BinaryWriter()) {
    if (message.id !== void 0 && message.id !== "") {
      writer.uint32(10).string(message.id);
    }
    if (message.metadata !== void 0) {
      ContainerMetadata.encode(message.metadata, writer.uint32(18).fork()).join();
    }
    if (message.state !== void 0 && message.state !== 0) {
      writer.uint32(24).int32(message.state);
    }
    if (message.createdAt !== void 0 && message.createdAt !== 0) {
      writer.uint32(32).int64(message.createdAt);
    }
    if (message.startedAt !== void 0 && message.startedAt !== 0) {
      writer.uint32(40).int64(message.startedAt);
    }
    if (message.finishedAt !== void 0 && message.finishedAt !== 0) {
      writer.uint32(48).int64(message.finishedAt);
    }
    if (message.exitCode !== void 0 && message.exitCode !== 0) {
      writer.uint32(56).int32(message.exitCode);
    }
    if (message.image !== void 0) {
      ImageSpec.encode(message.image, writer.uint32(66).fork()).join();
    }
    if (message.imageRef !== void 0 && message.imageRef !== "") {
      writer.uint32(74).string(message.imageRef);
    }
    if (message.reason !== void 0 && message.reason !== "") {
      writer.uint32(82).string(message.reason);
    }
    if (message.message !== void 0 && message.message !== "") {
      writer.uint32(90).string(message.message);
    }
    globalThis.Object.entries(message.labels || {}).forEach(([key, value]) => {
      ContainerStatus_LabelsEntry.encode({ key, value }, writer.uint32(98).fork()).join();
    });
    globalThis.Object.entries(message.annotations || {}).forEach(([key, value]) => {
      ContainerStatus_AnnotationsEntry.encode({ key, value }, writer.uint32(106).fork()).join();
    });
    if (message.logPath !== void 0 && message.logPath !== "") {
      writer.uint32(122).string(message.logPath);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerStatus();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.id = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.metadata = ContainerMetadata.decode(reader, reader.uint32());
            continue;
          }
          case 3: {
            if (tag !== 24) {
              break;
            }
            message.state = reader.int32();
            continue;
          }
          case 4: {
            if (tag !== 32) {
              break;
            }
            message.createdAt = longToNumber(reader.int64());
            continue;
          }
          case 5: {
            if (tag !== 40) {
              break;
            }
            message.startedAt = longToNumber(reader.int64());
            continue;
          }
          case 6: {
            if (tag !== 48) {
              break;
            }
            message.finishedAt = longToNumber(reader.int64());
            continue;
          }
          case 7: {
            if (tag !== 56) {
              break;
            }
            message.exitCode = reader.int32();
            continue;
          }
          case 8: {
            if (tag !== 66) {
              break;
            }
            message.image = ImageSpec.decode(reader, reader.uint32());
            continue;
          }
          case 9: {
            if (tag !== 74) {
              break;
            }
            message.imageRef = reader.string();
            continue;
          }
          case 10: {
            if (tag !== 82) {
              break;
            }
            message.reason = reader.string();
            continue;
          }
          case 11: {
            if (tag !== 90) {
              break;
            }
            message.message = reader.string();
            continue;
          }
          case 12: {
            if (tag !== 98) {
              break;
            }
            const entry12 = ContainerStatus_LabelsEntry.decode(reader, reader.uint32());
            if (entry12.value !== void 0) {
              message.labels[entry12.key] = entry12.value;
            }
            continue;
          }
          case 13: {
            if (tag !== 106) {
              break;
            }
            const entry13 = ContainerStatus_AnnotationsEntry.decode(reader, reader.uint32());
            if (entry13.value !== void 0) {
              message.annotations[entry13.key] = entry13.value;
            }
            continue;
          }
          case 15: {
            if (tag !== 122) {
              break;
            }
            message.logPath = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      id: isSet(object.id) ? globalThis.String(object.id) : "",
      metadata: isSet(object.metadata) ? ContainerMetadata.fromJSON(object.metadata) : void 0,
      state: isSet(object.state) ? containerStateFromJSON(object.state) : 0,
      createdAt: isSet(object.createdAt) ? globalThis.Number(object.createdAt) : isSet(object.created_at) ? globalThis.Number(object.created_at) : 0,
      startedAt: isSet(object.startedAt) ? globalThis.Number(object.startedAt) : isSet(object.started_at) ? globalThis.Number(object.started_at) : 0,
      finishedAt: isSet(object.finishedAt) ? globalThis.Number(object.finishedAt) : isSet(object.finished_at) ? globalThis.Number(object.finished_at) : 0,
      exitCode: isSet(object.exitCode) ? globalThis.Number(object.exitCode) : isSet(object.exit_code) ? globalThis.Number(object.exit_code) : 0,
      image: isSet(object.image) ? ImageSpec.fromJSON(object.image) : void 0,
      imageRef: isSet(object.imageRef) ? globalThis.String(object.imageRef) : isSet(object.image_ref) ? globalThis.String(object.image_ref) : "",
      reason: isSet(object.reason) ? globalThis.String(object.reason) : "",
      message: isSet(object.message) ? globalThis.String(object.message) : "",
      labels: isObject(object.labels) ? globalThis.Object.entries(object.labels).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      annotations: isObject(object.annotations) ? globalThis.Object.entries(object.annotations).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {},
      logPath: isSet(object.logPath) ? globalThis.String(object.logPath) : isSet(object.log_path) ? globalThis.String(object.log_path) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.id !== void 0 && message.id !== "") {
      obj.id = message.id;
    }
    if (message.metadata !== void 0) {
      obj.metadata = ContainerMetadata.toJSON(message.metadata);
    }
    if (message.state !== void 0 && message.state !== 0) {
      obj.state = containerStateToJSON(message.state);
    }
    if (message.createdAt !== void 0 && message.createdAt !== 0) {
      obj.createdAt = Math.round(message.createdAt);
    }
    if (message.startedAt !== void 0 && message.startedAt !== 0) {
      obj.startedAt = Math.round(message.startedAt);
    }
    if (message.finishedAt !== void 0 && message.finishedAt !== 0) {
      obj.finishedAt = Math.round(message.finishedAt);
    }
    if (message.exitCode !== void 0 && message.exitCode !== 0) {
      obj.exitCode = Math.round(message.exitCode);
    }
    if (message.image !== void 0) {
      obj.image = ImageSpec.toJSON(message.image);
    }
    if (message.imageRef !== void 0 && message.imageRef !== "") {
      obj.imageRef = message.imageRef;
    }
    if (message.reason !== void 0 && message.reason !== "") {
      obj.reason = message.reason;
    }
    if (message.message !== void 0 && message.message !== "") {
      obj.message = message.message;
    }
    if (message.labels) {
      const entries = globalThis.Object.entries(message.labels);
      if (entries.length > 0) {
        obj.labels = {};
        entries.forEach(([k, v]) => {
          obj.labels[k] = v;
        });
      }
    }
    if (message.annotations) {
      const entries = globalThis.Object.entries(message.annotations);
      if (entries.length > 0) {
        obj.annotations = {};
        entries.forEach(([k, v]) => {
          obj.annotations[k] = v;
        });
      }
    }
    if (message.logPath !== void 0 && message.logPath !== "") {
      obj.logPath = message.logPath;
    }
    return obj;
  },
  create(base) {
    return ContainerStatus.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerStatus();
    message.id = object.id ?? "";
    message.metadata = object.metadata !== void 0 && object.metadata !== null ? ContainerMetadata.fromPartial(object.metadata) : void 0;
    message.state = object.state ?? 0;
    message.createdAt = object.createdAt ?? 0;
    message.startedAt = object.startedAt ?? 0;
    message.finishedAt = object.finishedAt ?? 0;
    message.exitCode = object.exitCode ?? 0;
    message.image = object.image !== void 0 && object.image !== null ? ImageSpec.fromPartial(object.image) : void 0;
    message.imageRef = object.imageRef ?? "";
    message.reason = object.reason ?? "";
    message.message = object.message ?? "";
    message.labels = globalThis.Object.entries(object.labels ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.annotations = globalThis.Object.entries(object.annotations ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    message.logPath = object.logPath ?? "";
    return message;
  }
};
function createBaseContainerStatus_LabelsEntry() {
  return { key: "", value: "" };
}
var ContainerStatus_LabelsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerStatus_LabelsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return ContainerStatus_LabelsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerStatus_LabelsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseContainerStatus_AnnotationsEntry() {
  return { key: "", value: "" };
}
var ContainerStatus_AnnotationsEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerStatus_AnnotationsEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return ContainerStatus_AnnotationsEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerStatus_AnnotationsEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseContainerStatusResponse() {
  return { status: void 0, info: {} };
}
var ContainerStatusResponse = {
  encode(message, writer = new BinaryWriter()) {
    if (message.status !== void 0) {
      ContainerStatus.encode(message.status, writer.uint32(10).fork()).join();
    }
    globalThis.Object.entries(message.info || {}).forEach(([key, value]) => {
      ContainerStatusResponse_InfoEntry.encode({ key, value }, writer.uint32(18).fork()).join();
    });
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerStatusResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.status = ContainerStatus.decode(reader, reader.uint32());
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            const entry2 = ContainerStatusResponse_InfoEntry.decode(reader, reader.uint32());
            if (entry2.value !== void 0) {
              message.info[entry2.key] = entry2.value;
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      status: isSet(object.status) ? ContainerStatus.fromJSON(object.status) : void 0,
      info: isObject(object.info) ? globalThis.Object.entries(object.info).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {}
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.status !== void 0) {
      obj.status = ContainerStatus.toJSON(message.status);
    }
    if (message.info) {
      const entries = globalThis.Object.entries(message.info);
      if (entries.length > 0) {
        obj.info = {};
        entries.forEach(([k, v]) => {
          obj.info[k] = v;
        });
      }
    }
    return obj;
  },
  create(base) {
    return ContainerStatusResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerStatusResponse();
    message.status = object.status !== void 0 && object.status !== null ? ContainerStatus.fromPartial(object.status) : void 0;
    message.info = globalThis.Object.entries(object.info ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    return message;
  }
};
function createBaseContainerStatusResponse_InfoEntry() {
  return { key: "", value: "" };
}
var ContainerStatusResponse_InfoEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseContainerStatusResponse_InfoEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return ContainerStatusResponse_InfoEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseContainerStatusResponse_InfoEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
function createBaseStatusRequest() {
  return { verbose: false };
}
var StatusRequest = {
  encode(message, writer = new BinaryWriter()) {
    if (message.verbose !== void 0 && message.verbose !== false) {
      writer.uint32(8).bool(message.verbose);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStatusRequest();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 8) {
              break;
            }
            message.verbose = reader.bool();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return { verbose: isSet(object.verbose) ? globalThis.Boolean(object.verbose) : false };
  },
  toJSON(message) {
    const obj = {};
    if (message.verbose !== void 0 && message.verbose !== false) {
      obj.verbose = message.verbose;
    }
    return obj;
  },
  create(base) {
    return StatusRequest.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseStatusRequest();
    message.verbose = object.verbose ?? false;
    return message;
  }
};
function createBaseRuntimeCondition() {
  return { type: "", status: false, reason: "", message: "" };
}
var RuntimeCondition = {
  encode(message, writer = new BinaryWriter()) {
    if (message.type !== void 0 && message.type !== "") {
      writer.uint32(10).string(message.type);
    }
    if (message.status !== void 0 && message.status !== false) {
      writer.uint32(16).bool(message.status);
    }
    if (message.reason !== void 0 && message.reason !== "") {
      writer.uint32(26).string(message.reason);
    }
    if (message.message !== void 0 && message.message !== "") {
      writer.uint32(34).string(message.message);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRuntimeCondition();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.type = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 16) {
              break;
            }
            message.status = reader.bool();
            continue;
          }
          case 3: {
            if (tag !== 26) {
              break;
            }
            message.reason = reader.string();
            continue;
          }
          case 4: {
            if (tag !== 34) {
              break;
            }
            message.message = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      type: isSet(object.type) ? globalThis.String(object.type) : "",
      status: isSet(object.status) ? globalThis.Boolean(object.status) : false,
      reason: isSet(object.reason) ? globalThis.String(object.reason) : "",
      message: isSet(object.message) ? globalThis.String(object.message) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.type !== void 0 && message.type !== "") {
      obj.type = message.type;
    }
    if (message.status !== void 0 && message.status !== false) {
      obj.status = message.status;
    }
    if (message.reason !== void 0 && message.reason !== "") {
      obj.reason = message.reason;
    }
    if (message.message !== void 0 && message.message !== "") {
      obj.message = message.message;
    }
    return obj;
  },
  create(base) {
    return RuntimeCondition.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseRuntimeCondition();
    message.type = object.type ?? "";
    message.status = object.status ?? false;
    message.reason = object.reason ?? "";
    message.message = object.message ?? "";
    return message;
  }
};
function createBaseRuntimeStatus() {
  return { conditions: [] };
}
var RuntimeStatus = {
  encode(message, writer = new BinaryWriter()) {
    if (message.conditions !== void 0 && message.conditions.length !== 0) {
      for (const v of message.conditions) {
        RuntimeCondition.encode(v, writer.uint32(10).fork()).join();
      }
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseRuntimeStatus();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            const el = RuntimeCondition.decode(reader, reader.uint32());
            if (el !== void 0) {
              message.conditions.push(el);
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      conditions: globalThis.Array.isArray(object?.conditions) ? object.conditions.map((e) => RuntimeCondition.fromJSON(e)) : []
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.conditions?.length) {
      obj.conditions = message.conditions.map((e) => RuntimeCondition.toJSON(e));
    }
    return obj;
  },
  create(base) {
    return RuntimeStatus.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseRuntimeStatus();
    message.conditions = object.conditions?.map((e) => RuntimeCondition.fromPartial(e)) || [];
    return message;
  }
};
function createBaseStatusResponse() {
  return { status: void 0, info: {} };
}
var StatusResponse = {
  encode(message, writer = new BinaryWriter()) {
    if (message.status !== void 0) {
      RuntimeStatus.encode(message.status, writer.uint32(10).fork()).join();
    }
    globalThis.Object.entries(message.info || {}).forEach(([key, value]) => {
      StatusResponse_InfoEntry.encode({ key, value }, writer.uint32(18).fork()).join();
    });
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStatusResponse();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.status = RuntimeStatus.decode(reader, reader.uint32());
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            const entry2 = StatusResponse_InfoEntry.decode(reader, reader.uint32());
            if (entry2.value !== void 0) {
              message.info[entry2.key] = entry2.value;
            }
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      status: isSet(object.status) ? RuntimeStatus.fromJSON(object.status) : void 0,
      info: isObject(object.info) ? globalThis.Object.entries(object.info).reduce(
        (acc, [key, value]) => {
          globalThis.Object.defineProperty(acc, key, {
            value: globalThis.String(value),
            enumerable: true,
            configurable: true,
            writable: true
          });
          return acc;
        },
        {}
      ) : {}
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.status !== void 0) {
      obj.status = RuntimeStatus.toJSON(message.status);
    }
    if (message.info) {
      const entries = globalThis.Object.entries(message.info);
      if (entries.length > 0) {
        obj.info = {};
        entries.forEach(([k, v]) => {
          obj.info[k] = v;
        });
      }
    }
    return obj;
  },
  create(base) {
    return StatusResponse.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseStatusResponse();
    message.status = object.status !== void 0 && object.status !== null ? RuntimeStatus.fromPartial(object.status) : void 0;
    message.info = globalThis.Object.entries(object.info ?? {}).reduce(
      (acc, [key, value]) => {
        if (value !== void 0) {
          acc[key] = globalThis.String(value);
        }
        return acc;
      },
      {}
    );
    return message;
  }
};
function createBaseStatusResponse_InfoEntry() {
  return { key: "", value: "" };
}
var StatusResponse_InfoEntry = {
  encode(message, writer = new BinaryWriter()) {
    if (message.key !== "") {
      writer.uint32(10).string(message.key);
    }
    if (message.value !== "") {
      writer.uint32(18).string(message.value);
    }
    return writer;
  },
  decode(input, length) {
    const reader = input instanceof BinaryReader ? input : new BinaryReader(input);
    const previousRecursionDepth = reader.__tsProtoDecodeDepth ?? 0;
    if (previousRecursionDepth >= 100) {
      throw new globalThis.Error("protobuf decode recursion limit exceeded");
    }
    reader.__tsProtoDecodeDepth = previousRecursionDepth + 1;
    try {
      const end = length === void 0 ? reader.len : reader.pos + length;
      const message = createBaseStatusResponse_InfoEntry();
      while (reader.pos < end) {
        const tag = reader.uint32();
        switch (tag >>> 3) {
          case 1: {
            if (tag !== 10) {
              break;
            }
            message.key = reader.string();
            continue;
          }
          case 2: {
            if (tag !== 18) {
              break;
            }
            message.value = reader.string();
            continue;
          }
        }
        if ((tag & 7) === 4 || tag === 0) {
          break;
        }
        reader.skip(tag & 7);
      }
      return message;
    } finally {
      reader.__tsProtoDecodeDepth = previousRecursionDepth;
    }
  },
  fromJSON(object) {
    return {
      key: isSet(object.key) ? globalThis.String(object.key) : "",
      value: isSet(object.value) ? globalThis.String(object.value) : ""
    };
  },
  toJSON(message) {
    const obj = {};
    if (message.key !== "") {
      obj.key = message.key;
    }
    if (message.value !== "") {
      obj.value = message.value;
    }
    return obj;
  },
  create(base) {
    return StatusResponse_InfoEntry.fromPartial(base ?? {});
  },
  fromPartial(object) {
    const message = createBaseStatusResponse_InfoEntry();
    message.key = object.key ?? "";
    message.value = object.value ?? "";
    return message;
  }
};
var RuntimeServiceService = {
  version: {
    path: "/runtime.v1.RuntimeService/Version",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(VersionRequest.encode(value).finish()),
    requestDeserialize: (value) => VersionRequest.decode(value),
    responseSerialize: (value) => Buffer.from(VersionResponse.encode(value).finish()),
    responseDeserialize: (value) => VersionResponse.decode(value)
  },
  runPodSandbox: {
    path: "/runtime.v1.RuntimeService/RunPodSandbox",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(RunPodSandboxRequest.encode(value).finish()),
    requestDeserialize: (value) => RunPodSandboxRequest.decode(value),
    responseSerialize: (value) => Buffer.from(RunPodSandboxResponse.encode(value).finish()),
    responseDeserialize: (value) => RunPodSandboxResponse.decode(value)
  },
  stopPodSandbox: {
    path: "/runtime.v1.RuntimeService/StopPodSandbox",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(StopPodSandboxRequest.encode(value).finish()),
    requestDeserialize: (value) => StopPodSandboxRequest.decode(value),
    responseSerialize: (value) => Buffer.from(StopPodSandboxResponse.encode(value).finish()),
    responseDeserialize: (value) => StopPodSandboxResponse.decode(value)
  },
  removePodSandbox: {
    path: "/runtime.v1.RuntimeService/RemovePodSandbox",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(RemovePodSandboxRequest.encode(value).finish()),
    requestDeserialize: (value) => RemovePodSandboxRequest.decode(value),
    responseSerialize: (value) => Buffer.from(RemovePodSandboxResponse.encode(value).finish()),
    responseDeserialize: (value) => RemovePodSandboxResponse.decode(value)
  },
  podSandboxStatus: {
    path: "/runtime.v1.RuntimeService/PodSandboxStatus",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(PodSandboxStatusRequest.encode(value).finish()),
    requestDeserialize: (value) => PodSandboxStatusRequest.decode(value),
    responseSerialize: (value) => Buffer.from(PodSandboxStatusResponse.encode(value).finish()),
    responseDeserialize: (value) => PodSandboxStatusResponse.decode(value)
  },
  listPodSandbox: {
    path: "/runtime.v1.RuntimeService/ListPodSandbox",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(ListPodSandboxRequest.encode(value).finish()),
    requestDeserialize: (value) => ListPodSandboxRequest.decode(value),
    responseSerialize: (value) => Buffer.from(ListPodSandboxResponse.encode(value).finish()),
    responseDeserialize: (value) => ListPodSandboxResponse.decode(value)
  },
  createContainer: {
    path: "/runtime.v1.RuntimeService/CreateContainer",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(CreateContainerRequest.encode(value).finish()),
    requestDeserialize: (value) => CreateContainerRequest.decode(value),
    responseSerialize: (value) => Buffer.from(CreateContainerResponse.encode(value).finish()),
    responseDeserialize: (value) => CreateContainerResponse.decode(value)
  },
  startContainer: {
    path: "/runtime.v1.RuntimeService/StartContainer",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(StartContainerRequest.encode(value).finish()),
    requestDeserialize: (value) => StartContainerRequest.decode(value),
    responseSerialize: (value) => Buffer.from(StartContainerResponse.encode(value).finish()),
    responseDeserialize: (value) => StartContainerResponse.decode(value)
  },
  stopContainer: {
    path: "/runtime.v1.RuntimeService/StopContainer",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(StopContainerRequest.encode(value).finish()),
    requestDeserialize: (value) => StopContainerRequest.decode(value),
    responseSerialize: (value) => Buffer.from(StopContainerResponse.encode(value).finish()),
    responseDeserialize: (value) => StopContainerResponse.decode(value)
  },
  removeContainer: {
    path: "/runtime.v1.RuntimeService/RemoveContainer",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(RemoveContainerRequest.encode(value).finish()),
    requestDeserialize: (value) => RemoveContainerRequest.decode(value),
    responseSerialize: (value) => Buffer.from(RemoveContainerResponse.encode(value).finish()),
    responseDeserialize: (value) => RemoveContainerResponse.decode(value)
  },
  listContainers: {
    path: "/runtime.v1.RuntimeService/ListContainers",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(ListContainersRequest.encode(value).finish()),
    requestDeserialize: (value) => ListContainersRequest.decode(value),
    responseSerialize: (value) => Buffer.from(ListContainersResponse.encode(value).finish()),
    responseDeserialize: (value) => ListContainersResponse.decode(value)
  },
  containerStatus: {
    path: "/runtime.v1.RuntimeService/ContainerStatus",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(ContainerStatusRequest.encode(value).finish()),
    requestDeserialize: (value) => ContainerStatusRequest.decode(value),
    responseSerialize: (value) => Buffer.from(ContainerStatusResponse.encode(value).finish()),
    responseDeserialize: (value) => ContainerStatusResponse.decode(value)
  },
  status: {
    path: "/runtime.v1.RuntimeService/Status",
    requestStream: false,
    responseStream: false,
    requestSerialize: (value) => Buffer.from(StatusRequest.encode(value).finish()),
    requestDeserialize: (value) => StatusRequest.decode(value),
    responseSerialize: (value) => Buffer.from(StatusResponse.encode(value).finish()),
    responseDeserialize: (value) => StatusResponse.decode(value)
  }
};
var RuntimeServiceClient = makeGenericClientConstructor(
  RuntimeServiceService,
  "runtime.v1.RuntimeService"
);
function longToNumber(int64) {
  const num = globalThis.Number(int64.toString());
  if (num > globalThis.Number.MAX_SAFE_INTEGER) {
    throw new globalThis.Error("Value is larger than Number.MAX_SAFE_INTEGER");
  }
  if (num < globalThis.Number.MIN_SAFE_INTEGER) {
    throw new globalThis.Error("Value is smaller than Number.MIN_SAFE_INTEGER");
  }
  return num;
}
function isObject(value) {
  return typeof value === "object" && value !== null;
}
function isSet(value) {
  return value !== null && value !== void 0;
}

// src/cri/endpoint.ts
var DEFAULT_ENDPOINT_LINUX = "unix:///run/containerd/containerd.sock";
var DEFAULT_ENDPOINT_WINDOWS = "npipe:////./pipe/containerd-containerd";
function defaultEndpoint(platform = process.platform) {
  return platform === "win32" ? DEFAULT_ENDPOINT_WINDOWS : DEFAULT_ENDPOINT_LINUX;
}
function grpcTarget(endpoint) {
  const e = endpoint.trim();
  if (e.startsWith("unix://")) return `unix:${e.slice("unix://".length)}`;
  if (e.startsWith("unix:")) return e;
  if (e.startsWith("/")) return `unix:${e}`;
  if (e.startsWith("npipe://")) {
    const pipe = e.slice("npipe://".length).replace(/\//g, "\\");
    return `unix:${pipe}`;
  }
  if (e.startsWith("tcp://")) return e.slice("tcp://".length);
  throw new Error(`unsupported runtime endpoint "${endpoint}" (expected unix:///path, npipe:////./pipe/name or tcp://host:port)`);
}

// src/cri/errors.ts
var CriError = class extends Error {
  constructor(code, message, grpcCode) {
    super(message);
    this.code = code;
    this.grpcCode = grpcCode;
    this.name = "CriError";
  }
  code;
  grpcCode;
};
var GRPC = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, INVALID_ARGUMENT: 3, UNAVAILABLE: 14 };
function criError(method, endpoint, e) {
  const err = e;
  const detail = err.details || err.message || String(e);
  switch (err.code) {
    case GRPC.UNAVAILABLE:
      return new CriError("UNAVAILABLE", `cannot reach the container runtime at ${endpoint}: ${detail} (is containerd running? --runtime-endpoint selects another)`, err.code);
    case GRPC.DEADLINE_EXCEEDED:
      return new CriError("TIMEOUT", `the container runtime at ${endpoint} did not answer ${method} in time`, err.code);
    case GRPC.NOT_FOUND:
      return new CriError("NOT_FOUND", `${method}: ${detail}`, err.code);
    case GRPC.INVALID_ARGUMENT:
      return new CriError("INVALID_ARGUMENT", `${method}: ${detail}`, err.code);
    default:
      return new CriError("FAILED", `${method} failed: ${detail}`, err.code);
  }
}

// src/cri/client.ts
function createCriClient(endpoint = defaultEndpoint(), opts = {}) {
  const timeoutMs = opts.timeoutMs ?? 1e4;
  const client = new RuntimeServiceClient(grpcTarget(endpoint), credentials.createInsecure(), {
    // One small request at a time from a CLI or a plugin: no need to keep probing an idle connection.
    "grpc.enable_retries": 0
  });
  const methods = client;
  function rpc(method, req) {
    const fn = methods[method.charAt(0).toLowerCase() + method.slice(1)];
    return new Promise((resolve, reject) => {
      fn.call(client, req, new Metadata(), { deadline: new Date(Date.now() + timeoutMs) }, (err, res) => {
        if (err) reject(criError(method, endpoint, err));
        else resolve(res);
      });
    });
  }
  return {
    endpoint,
    version: () => rpc("Version", { version: "v1" }),
    status: () => rpc("Status", { verbose: false }),
    runPodSandbox: async (config, runtimeHandler = "") => (await rpc("RunPodSandbox", { config, runtimeHandler })).podSandboxId ?? "",
    stopPodSandbox: async (id) => {
      await rpc("StopPodSandbox", { podSandboxId: id });
    },
    removePodSandbox: async (id) => {
      await rpc("RemovePodSandbox", { podSandboxId: id });
    },
    podSandboxStatus: (id, verbose = false) => rpc("PodSandboxStatus", { podSandboxId: id, verbose }),
    listPodSandbox: async (filter) => (await rpc("ListPodSandbox", filter ? { filter } : {})).items ?? [],
    createContainer: async (podSandboxId, config, sandboxConfig) => (await rpc("CreateContainer", { podSandboxId, config, sandboxConfig })).containerId ?? "",
    startContainer: async (id) => {
      await rpc("StartContainer", { containerId: id });
    },
    stopContainer: async (id, timeoutSec = 10) => {
      await rpc("StopContainer", { containerId: id, timeout: timeoutSec });
    },
    removeContainer: async (id) => {
      await rpc("RemoveContainer", { containerId: id });
    },
    containerStatus: (id, verbose = false) => rpc("ContainerStatus", { containerId: id, verbose }),
    listContainers: async (filter) => (await rpc("ListContainers", filter ? { filter } : {})).containers ?? [],
    close: () => client.close()
  };
}

// test/e2e/harness/pods.ts
var seq = 0;
async function criFor(cd2, timeoutMs = 1e4) {
  const cri2 = createCriClient(cd2.endpoint, { timeoutMs: 3e4 });
  const deadline = Date.now() + timeoutMs;
  for (; ; ) {
    try {
      await cri2.version();
      return cri2;
    } catch (e) {
      if (Date.now() > deadline) {
        cri2.close();
        throw e;
      }
      await sleep(50);
    }
  }
}
function parseInfo(info) {
  try {
    return JSON.parse(info?.info ?? "{}");
  } catch {
    return {};
  }
}
async function runPod(cd2, cri2, o = {}) {
  const name = o.name ?? `pod-${process.pid}-${++seq}`;
  const namespace = "e2e";
  const uid = `${cd2.tag}-${name}`;
  const config = {
    metadata: { name, uid, namespace, attempt: 0 },
    hostname: name,
    logDirectory: cd2.podLogDir(namespace, name, uid),
    labels: o.labels ?? {},
    annotations: o.annotations ?? {},
    linux: {
      cgroupParent: cd2.cgroupParent,
      securityContext: { namespaceOptions: { network: 0 /* POD */, pid: 1 /* CONTAINER */, ipc: 0 /* POD */ } }
    }
  };
  const id = await cri2.runPodSandbox(config);
  return { id, name, config, ...await sandboxFacts(cd2, cri2, id) };
}
async function sandboxFacts(cd2, cri2, id) {
  try {
    const st = await cri2.podSandboxStatus(id, true);
    const info = parseInfo(st.info);
    const spec2 = info.runtimeSpec ?? {};
    return { ip: st.status?.network?.ip ?? "", netnsPath: netnsOf(spec2), pid: Number(info.pid ?? 0) };
  } catch (e) {
    if (!/MAX_SAFE_INTEGER/.test(String(e))) throw e;
  }
  const spec = JSON.parse(await cd2.ctr(["-n", "k8s.io", "containers", "info", id])).Spec ?? {};
  const netnsPath = netnsOf(spec);
  const task = (await cd2.ctr(["-n", "k8s.io", "tasks", "ls"])).split("\n").map((l) => l.trim().split(/\s+/)).find((f) => f[0] === id);
  const addrs = JSON.parse((await run("nsenter", [`--net=${netnsPath}`, "ip", "-4", "-j", "addr", "show", "dev", "eth0"])).stdout || "[]");
  return { ip: addrs[0]?.addr_info?.[0]?.local ?? "", netnsPath, pid: Number(task?.[1] ?? 0) };
}
var netnsOf = (spec) => spec.linux?.namespaces?.find((n) => n.type === "network")?.path ?? "";
async function runApp(cri2, pod2, args = [], name = `app-${++seq}`) {
  const id = await cri2.createContainer(pod2.id, {
    metadata: { name, attempt: 0 },
    image: { image: IMAGE_NAME },
    command: ["/app"],
    args: [...args],
    logPath: `${name}.log`,
    labels: {},
    annotations: {},
    linux: { securityContext: { namespaceOptions: { network: 0 /* POD */, pid: 1 /* CONTAINER */, ipc: 0 /* POD */ } } }
  }, pod2.config);
  await cri2.startContainer(id);
  return { id, pod: pod2, logPath: path6.join(pod2.config.logDirectory, `${name}.log`) };
}
function appLog(app) {
  let text = "";
  try {
    text = fs7.readFileSync(app.logPath, "utf8");
  } catch {
    return [];
  }
  return text.split("\n").filter(Boolean).map((l) => l.split(" ").slice(3).join(" "));
}
async function waitForLog(app, match, timeoutMs = 1e4) {
  const deadline = Date.now() + timeoutMs;
  for (; ; ) {
    const line = appLog(app).find((l) => match.test(l));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no log line matching ${match} in ${app.logPath}:
${appLog(app).join("\n")}`);
    await sleep(50);
  }
}

// ../../tmp/h/sig.ts
var mode = process.argv[2];
var t = performance.now();
var cd = await startContainerd({ chain: "ours", pluginConfig: { allowPodOverrides: true } });
var tStart = performance.now() - t;
var cri = await criFor(cd);
t = performance.now();
var pod = await runPod(cd, cri, { annotations: { "hcnproxyctl.io/enabled": "true", "hcnproxyctl.io/inbound-port": "15006", "hcnproxyctl.io/outbound-port": "15001", "hcnproxyctl.io/proxy-uid": "1337" } });
var tPod = performance.now() - t;
await waitForLog(await runApp(cri, pod), /idle/);
cri.close();
console.log(JSON.stringify({ run: cd.run, pid: cd.pid, start: Math.round(tStart), pod: Math.round(tPod), ip: pod.ip }));
if (mode === "stop") {
  t = performance.now();
  await cd.stop();
  console.log(JSON.stringify({ stop: Math.round(performance.now() - t), leftovers: cd.leftovers() }));
} else {
  console.log("waiting");
  setInterval(() => {
  }, 1e3);
}
