// netprobe: the traffic lab's TCP endpoints (test/support/traffic-lab.ts builds it with gcc on first use
// into .cache/doubles/netprobe). Three modes, each bounded in time, each speaking one line per connection:
//
//   netprobe serve TAG PORT...
//     An application: listens on every PORT on 0.0.0.0 and [::] (IPv6-only socket), answers each
//     connection's first line with `<line>|TAG:<local port>` and closes. Prints `ready` once listening;
//     exits when stdin closes.
//   netprobe proxy --tag T [--uid U] [--gid G] [--listen PORT[/4|/6|/46]]... [--source4 A] [--source6 A]
//                  [--inbound-target orig|localhost] [--inbound-port P]
//     A stand-in mesh sidecar: binds its listeners as root, then runs as G/U (so its own connections
//     carry the proxy's identity), and forwards each connection's first line to the connection's original
//     destination (SO_ORIGINAL_DST) with `>T:<port>` appended, relaying the reply back. Replies itself
//     `<line>>T:<port>:LOOP` (4 hops already), `:direct` (not redirected), `:bind-<ERRNO>` (the inbound
//     source address cannot be bound), `:<ERRNO>` (the onward connect failed) or `:noreply`.
//     Prints `ready` once listening; exits when stdin closes.
//   netprobe matrix
//     Reads `ID UID GID ADDR PORT [SRCADDR]` lines from stdin; for each, a child (16 at most at once)
//     runs as UID/GID, optionally binds SRCADDR, connects (2 s), sends `c`, reads the reply (3 s) and
//     prints `ID <reply>` or `ID ERR:<ERRNO>` or `ID ERR:noreply`. Exits when all are done.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SO_ORIGINAL_DST
#define SO_ORIGINAL_DST 80
#endif
#define IP6T_SO_ORIGINAL_DST 80

#define CONNECT_MS 2000
#define SERVE_READ_MS 2000
#define SERVE_READ_MAX 512
#define RELAY_MS 3000
#define LINE_MAX_LEN 1024
#define MAX_HOPS 4
#define MAX_LISTENERS 64
#define MATRIX_PARALLEL 16

static const char *errname(int e) {
  static char other[16];
  switch (e) {
    case ECONNREFUSED: return "ECONNREFUSED";
    case ETIMEDOUT: return "ETIMEDOUT";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EADDRINUSE: return "EADDRINUSE";
    case ENETUNREACH: return "ENETUNREACH";
    case EHOSTUNREACH: return "EHOSTUNREACH";
    case ECONNRESET: return "ECONNRESET";
    case ECONNABORTED: return "ECONNABORTED";
    case EPIPE: return "EPIPE";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EINVAL: return "EINVAL";
    case ENOENT: return "ENOENT";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case EMFILE: return "EMFILE";
    default: snprintf(other, sizeof other, "E%d", e); return other;
  }
}

static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void write_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    s += w;
    n -= (size_t)w;
  }
}

/* Reads up to the first '\n' (not kept), at most cap-1 bytes, within timeout_ms. Returns the length read
 * (possibly partial, 0 when nothing came), or -1 with errno when the socket failed before any byte. */
static int read_line(int fd, char *buf, size_t cap, int timeout_ms) {
  size_t len = 0;
  long long deadline = now_ms() + timeout_ms;
  buf[0] = '\0';
  while (len + 1 < cap) {
    long long left = deadline - now_ms();
    if (left <= 0) break;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, 1, (int)left);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    ssize_t n = read(fd, buf + len, cap - 1 - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      if (len == 0) return -1;
      break;
    }
    if (n == 0) break;
    char *nl = memchr(buf + len, '\n', (size_t)n);
    if (nl) {
      len = (size_t)(nl - buf);
      break;
    }
    len += (size_t)n;
  }
  buf[len] = '\0';
  return (int)len;
}

static int parse_addr(const char *s, int port, struct sockaddr_storage *ss, socklen_t *sl) {
  memset(ss, 0, sizeof *ss);
  struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
  if (inet_pton(AF_INET, s, &a4->sin_addr) == 1) {
    a4->sin_family = AF_INET;
    a4->sin_port = htons((unsigned short)port);
    *sl = sizeof *a4;
    return 0;
  }
  if (inet_pton(AF_INET6, s, &a6->sin6_addr) == 1) {
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons((unsigned short)port);
    *sl = sizeof *a6;
    return 0;
  }
  return -1;
}

/* A connected socket in *out, or an errno; *stage says whether "bind" or "connect" failed. */
static int connect_bounded(const struct sockaddr_storage *dst, socklen_t dl, const struct sockaddr_storage *src, socklen_t sl, int *out,
                           const char **stage) {
  *stage = "connect";
  int fd = socket(dst->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  if (src) {
    int one = 1;
    /* Envoy's upstream bind: several connections may share the source address. */
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (const struct sockaddr *)src, sl) != 0) {
      int e = errno;
      close(fd);
      *stage = "bind";
      return e;
    }
  }
  int fl = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  if (connect(fd, (const struct sockaddr *)dst, dl) != 0) {
    if (errno != EINPROGRESS) {
      int e = errno;
      close(fd);
      return e;
    }
    long long deadline = now_ms() + CONNECT_MS;
    for (;;) {
      long long left = deadline - now_ms();
      struct pollfd p = {.fd = fd, .events = POLLOUT};
      int r = left > 0 ? poll(&p, 1, (int)left) : 0;
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        close(fd);
        return ETIMEDOUT;
      }
      break;
    }
    int err = 0;
    socklen_t el = sizeof err;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el);
    if (err != 0) {
      close(fd);
      return err;
    }
  }
  fcntl(fd, F_SETFL, fl);
  *out = fd;
  return 0;
}

/* A listening socket on the wildcard address of fam, or -1 with errno. */
static int listen_on(int fam, int port) {
  int fd = socket(fam, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  socklen_t sl;
  if (fam == AF_INET) {
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_ANY);
    a->sin_port = htons((unsigned short)port);
    sl = sizeof *a;
  } else {
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_any;
    a->sin6_port = htons((unsigned short)port);
    sl = sizeof *a;
  }
  if (bind(fd, (struct sockaddr *)&ss, sl) != 0 || listen(fd, 128) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

/* Adds listeners for port on the families in mask (1: IPv4, 2: IPv6); exits on failure. */
static void add_listeners(int port, int mask, int *fds, int *n) {
  static const int fams[] = {AF_INET, AF_INET6};
  for (int i = 0; i < 2; i++) {
    if (!(mask & (1 << i))) continue;
    if (*n >= MAX_LISTENERS) {
      fprintf(stderr, "netprobe: too many listeners\n");
      exit(2);
    }
    int fd = listen_on(fams[i], port);
    if (fd < 0) {
      int e = errno;
      fprintf(stderr, "netprobe: listen %s port %d: %s\n", i == 0 ? "IPv4" : "IPv6", port, strerror(e));
      if (e == EAFNOSUPPORT) continue;
      exit(1);
    }
    fds[(*n)++] = fd;
  }
}

static int local_port(int fd) {
  struct sockaddr_storage ss;
  socklen_t sl = sizeof ss;
  if (getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) return -1;
  return ss.ss_family == AF_INET ? ntohs(((struct sockaddr_in *)&ss)->sin_port) : ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* Polls stdin and the listeners; forks handle(conn, listener index) per connection; returns on stdin EOF. */
static void accept_loop(int *fds, int n, void (*handle)(int conn, int idx)) {
  struct pollfd p[MAX_LISTENERS + 1];
  p[0].fd = 0;
  p[0].events = POLLIN;
  for (int i = 0; i < n; i++) {
    p[i + 1].fd = fds[i];
    p[i + 1].events = POLLIN;
  }
  for (;;) {
    int r = poll(p, (nfds_t)n + 1, -1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) exit(1);
    if (p[0].revents) {
      char b[256];
      ssize_t got = read(0, b, sizeof b);
      if (got <= 0 && !(got < 0 && errno == EINTR)) return;
    }
    for (int i = 0; i < n; i++) {
      if (!(p[i + 1].revents & POLLIN)) continue;
      int c = accept4(fds[i], NULL, NULL, SOCK_CLOEXEC);
      if (c < 0) continue;
      pid_t pid = fork();
      if (pid == 0) {
        for (int j = 0; j < n; j++) close(fds[j]);
        close(0);
        handle(c, i);
        close(c);
        _exit(0);
      }
      close(c);
    }
  }
}

/* ---- serve ---- */

static const char *serve_tag;

static void serve_one(int conn, int idx) {
  (void)idx;
  char line[SERVE_READ_MAX + 1];
  int n = read_line(conn, line, sizeof line, SERVE_READ_MS);
  if (n < 0) return;
  char out[LINE_MAX_LEN + 64];
  int len = snprintf(out, sizeof out, "%s|%s:%d\n", line, serve_tag, local_port(conn));
  write_all(conn, out, (size_t)len < sizeof out ? (size_t)len : sizeof out - 1);
}

static int serve_main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: netprobe serve TAG PORT...\n");
    return 2;
  }
  serve_tag = argv[0];
  int fds[MAX_LISTENERS], n = 0;
  for (int i = 1; i < argc; i++) add_listeners(atoi(argv[i]), 3, fds, &n);
  printf("ready\n");
  fflush(stdout);
  accept_loop(fds, n, serve_one);
  return 0;
}

/* ---- proxy ---- */

static struct {
  const char *tag;
  int inbound_port;
  int inbound_localhost;
  const char *source4, *source6;
} px = {.tag = "proxy", .inbound_port = -1};

static int same_endpoint(const struct sockaddr_storage *a, const struct sockaddr_storage *b) {
  if (a->ss_family != b->ss_family) return 0;
  if (a->ss_family == AF_INET) {
    const struct sockaddr_in *x = (const struct sockaddr_in *)a, *y = (const struct sockaddr_in *)b;
    return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
  }
  const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)a, *y = (const struct sockaddr_in6 *)b;
  return x->sin6_port == y->sin6_port && memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
}

static void proxy_one(int conn, int idx) {
  (void)idx;
  char line[LINE_MAX_LEN];
  char out[LINE_MAX_LEN + 128];
  if (read_line(conn, line, sizeof line - 64, SERVE_READ_MS) < 0) return;
  struct sockaddr_storage local, orig;
  socklen_t ll = sizeof local;
  getsockname(conn, (struct sockaddr *)&local, &ll);
  int port = local_port(conn);
  int hops = 0;
  for (const char *c = line; *c; c++) hops += *c == '>';
  char mark[96];
  snprintf(mark, sizeof mark, ">%s:%d", px.tag, port);
  const char *verdict = NULL;
  char why[64];
  memset(&orig, 0, sizeof orig);
  socklen_t ol;
  if (hops >= MAX_HOPS) {
    verdict = "LOOP";
  } else if (local.ss_family == AF_INET) {
    ol = sizeof(struct sockaddr_in);
    if (getsockopt(conn, SOL_IP, SO_ORIGINAL_DST, &orig, &ol) != 0) verdict = "direct";
    orig.ss_family = AF_INET;
  } else {
    ol = sizeof(struct sockaddr_in6);
    if (getsockopt(conn, SOL_IPV6, IP6T_SO_ORIGINAL_DST, &orig, &ol) != 0) verdict = "direct";
    orig.ss_family = AF_INET6;
  }
  if (!verdict && same_endpoint(&orig, &local)) verdict = "direct";
  if (!verdict) {
    int inbound = port == px.inbound_port;
    struct sockaddr_storage dst = orig;
    socklen_t dl = orig.ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
    if (inbound && px.inbound_localhost) {
      if (dst.ss_family == AF_INET)
        ((struct sockaddr_in *)&dst)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      else
        ((struct sockaddr_in6 *)&dst)->sin6_addr = in6addr_loopback;
    }
    struct sockaddr_storage src;
    socklen_t sl = 0;
    const char *srcText = !inbound ? NULL : dst.ss_family == AF_INET ? px.source4 : px.source6;
    if (srcText && parse_addr(srcText, 0, &src, &sl) != 0) srcText = NULL;
    int up = -1;
    const char *stage;
    int e = connect_bounded(&dst, dl, srcText ? &src : NULL, sl, &up, &stage);
    if (e != 0) {
      snprintf(why, sizeof why, "%s%s", strcmp(stage, "bind") == 0 ? "bind-" : "", errname(e));
      verdict = why;
    } else {
      int len = snprintf(out, sizeof out, "%s%s\n", line, mark);
      write_all(up, out, (size_t)len);
      char reply[LINE_MAX_LEN];
      int n = read_line(up, reply, sizeof reply, RELAY_MS);
      close(up);
      if (n > 0) {
        len = snprintf(out, sizeof out, "%s\n", reply);
        write_all(conn, out, (size_t)len < sizeof out ? (size_t)len : sizeof out - 1);
        return;
      }
      verdict = n < 0 ? errname(errno) : "noreply";
    }
  }
  int len = snprintf(out, sizeof out, "%s%s:%s\n", line, mark, verdict);
  write_all(conn, out, (size_t)len < sizeof out ? (size_t)len : sizeof out - 1);
}

static int proxy_main(int argc, char **argv) {
  int fds[MAX_LISTENERS], n = 0;
  long uid = -1, gid = -1;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) {
      fprintf(stderr, "netprobe proxy: %s needs a value\n", a);
      return 2;
    }
    i++;
    if (strcmp(a, "--tag") == 0) px.tag = v;
    else if (strcmp(a, "--uid") == 0) uid = atol(v);
    else if (strcmp(a, "--gid") == 0) gid = atol(v);
    else if (strcmp(a, "--source4") == 0) px.source4 = v;
    else if (strcmp(a, "--source6") == 0) px.source6 = v;
    else if (strcmp(a, "--inbound-port") == 0) px.inbound_port = atoi(v);
    else if (strcmp(a, "--inbound-target") == 0) {
      if (strcmp(v, "localhost") == 0) px.inbound_localhost = 1;
      else if (strcmp(v, "orig") == 0) px.inbound_localhost = 0;
      else {
        fprintf(stderr, "netprobe proxy: --inbound-target orig|localhost\n");
        return 2;
      }
    } else if (strcmp(a, "--listen") == 0) {
      const char *slash = strchr(v, '/');
      int mask = 3;
      if (slash) {
        if (strcmp(slash, "/4") == 0) mask = 1;
        else if (strcmp(slash, "/6") == 0) mask = 2;
        else if (strcmp(slash, "/46") == 0) mask = 3;
        else {
          fprintf(stderr, "netprobe proxy: --listen PORT[/4|/6|/46]\n");
          return 2;
        }
      }
      add_listeners(atoi(v), mask, fds, &n);
    } else {
      fprintf(stderr, "netprobe proxy: unknown option %s\n", a);
      return 2;
    }
  }
  if (uid >= 0 || gid >= 0) {
    if (setgroups(0, NULL) != 0 || (gid >= 0 && setgid((gid_t)gid) != 0) || (uid >= 0 && setuid((uid_t)uid) != 0)) {
      fprintf(stderr, "netprobe proxy: dropping to uid %ld gid %ld: %s\n", uid, gid, strerror(errno));
      return 1;
    }
  }
  printf("ready\n");
  fflush(stdout);
  accept_loop(fds, n, proxy_one);
  return 0;
}

/* ---- matrix ---- */

static void matrix_cell(const char *id, long uid, long gid, const char *addr, int port, const char *srcaddr) {
  char out[LINE_MAX_LEN + 128];
  char reply[LINE_MAX_LEN];
  const char *fate = reply;
  char err[64];
  struct sockaddr_storage dst, src;
  socklen_t dl, sl = 0;
  int fd = -1;
  const char *stage;
  if (setgroups(0, NULL) != 0 || setgid((gid_t)gid) != 0 || setuid((uid_t)uid) != 0) {
    snprintf(err, sizeof err, "ERR:setuid-%s", errname(errno));
    fate = err;
  } else if (parse_addr(addr, port, &dst, &dl) != 0 || (srcaddr && parse_addr(srcaddr, 0, &src, &sl) != 0)) {
    fate = "ERR:badaddr";
  } else {
    int e = connect_bounded(&dst, dl, srcaddr ? &src : NULL, sl, &fd, &stage);
    if (e != 0) {
      snprintf(err, sizeof err, "ERR:%s", errname(e));
      fate = err;
    } else {
      write_all(fd, "c\n", 2);
      int n = read_line(fd, reply, sizeof reply, RELAY_MS);
      if (n < 0) {
        snprintf(err, sizeof err, "ERR:%s", errname(errno));
        fate = err;
      } else if (n == 0) {
        fate = "ERR:noreply";
      }
      close(fd);
    }
  }
  int len = snprintf(out, sizeof out, "%s %s\n", id, fate);
  /* One write of a short line: lines of concurrent children do not interleave. */
  write_all(1, out, (size_t)len < sizeof out ? (size_t)len : sizeof out - 1);
}

static int matrix_main(void) {
  char buf[512];
  int running = 0;
  while (fgets(buf, sizeof buf, stdin)) {
    char id[64], addr[64], src[64];
    long uid, gid;
    int port;
    int k = sscanf(buf, "%63s %ld %ld %63s %d %63s", id, &uid, &gid, addr, &port, src);
    if (k == EOF || (k <= 0 && buf[0] == '\n')) continue;
    if (k < 5) {
      fprintf(stderr, "netprobe matrix: bad line: %s", buf);
      return 2;
    }
    while (running >= MATRIX_PARALLEL) {
      if (wait(NULL) > 0) running--;
      else if (errno != EINTR) break;
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      matrix_cell(id, uid, gid, addr, port, k >= 6 ? src : NULL);
      _exit(0);
    }
    if (pid > 0) running++;
    else {
      printf("%s ERR:fork-%s\n", id, errname(errno));
      fflush(stdout);
    }
  }
  while (running > 0) {
    if (wait(NULL) > 0) running--;
    else if (errno != EINTR) break;
  }
  return 0;
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  if (argc >= 2 && strcmp(argv[1], "serve") == 0) {
    signal(SIGCHLD, SIG_IGN); /* children are reaped by the kernel */
    return serve_main(argc - 2, argv + 2);
  }
  if (argc >= 2 && strcmp(argv[1], "proxy") == 0) {
    signal(SIGCHLD, SIG_IGN);
    return proxy_main(argc - 2, argv + 2);
  }
  if (argc == 2 && strcmp(argv[1], "matrix") == 0) return matrix_main();
  fprintf(stderr, "usage: netprobe serve TAG PORT... | netprobe proxy --tag T [options] | netprobe matrix\n");
  return 2;
}
