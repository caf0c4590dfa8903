/*
 * The e2e app container: a workload with known output (written to the CRI log).
 *
 *   app                                   prints its PID and addresses, then waits
 *   app connect <ip> <port> [<ip> <port> …]
 *                                         the same, then for each target in turn: one TCP connection
 *                                         (3 s budget for connect and for the reply), sends
 *                                         "hello from app\n", reads one reply line
 *
 * Output, one line each, flushed at once:
 *   app: started pid <N>
 *   app: addr <ifname> <ipv4>                    (every IPv4 address, lo included)
 *   app: connect <ip>:<port> -> <reply line>
 *   app: connect <ip>:<port> failed: <errno text>   ("no reply" when the peer closed without a line)
 *   app: idle                                    (all targets done)
 *   app: exit on signal <N>                      (SIGTERM/SIGINT; exit status 0)
 * IPv6 targets are printed as [<ip>]:<port>. Bad arguments: a usage line on stderr, exit 2.
 * Built static: gcc -static -O2 -s -o app app.c
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define TIMEOUT_MS 3000

static volatile sig_atomic_t got_signal;

static void on_stop(int sig) { got_signal = sig; }

static int usage(void) {
  fprintf(stderr, "usage: app [connect <ip> <port> [<ip> <port> ...]]\n");
  return 2;
}

static void print_addrs(void) {
  struct ifaddrs *ifs, *i;
  char buf[INET_ADDRSTRLEN];
  if (getifaddrs(&ifs) != 0) {
    printf("app: getifaddrs failed: %s\n", strerror(errno));
    return;
  }
  for (i = ifs; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, buf, sizeof buf);
    printf("app: addr %s %s\n", i->ifa_name, buf);
  }
  freeifaddrs(ifs);
}

/* Waits for `events` on fd within TIMEOUT_MS; 0 when ready, else an errno value. */
static int wait_fd(int fd, short events) {
  struct pollfd p = {.fd = fd, .events = events};
  int r;
  do r = poll(&p, 1, TIMEOUT_MS);
  while (r < 0 && errno == EINTR && !got_signal);
  if (r < 0) return errno;
  if (r == 0) return ETIMEDOUT;
  return 0;
}

/* One connection: returns 0 and fills reply, or an errno value (-1: closed without a reply). */
static int talk(const char *ip, int port, char *reply, size_t size) {
  struct sockaddr_storage ss;
  socklen_t len;
  int fd, err, flags;
  size_t got = 0;
  const char *msg = "hello from app\n";
  memset(&ss, 0, sizeof ss);
  if (inet_pton(AF_INET, ip, &((struct sockaddr_in *)&ss)->sin_addr) == 1) {
    ((struct sockaddr_in *)&ss)->sin_family = AF_INET;
    ((struct sockaddr_in *)&ss)->sin_port = htons((unsigned short)port);
    len = sizeof(struct sockaddr_in);
  } else if (inet_pton(AF_INET6, ip, &((struct sockaddr_in6 *)&ss)->sin6_addr) == 1) {
    ((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
    ((struct sockaddr_in6 *)&ss)->sin6_port = htons((unsigned short)port);
    len = sizeof(struct sockaddr_in6);
  } else {
    return EINVAL;
  }
  fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  flags = fcntl(fd, F_GETFL);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  if (connect(fd, (struct sockaddr *)&ss, len) != 0) {
    if (errno != EINPROGRESS) goto fail;
    if ((err = wait_fd(fd, POLLOUT)) != 0) goto fail_err;
    len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) goto fail;
    if (err != 0) goto fail_err;
  }
  if (send(fd, msg, strlen(msg), MSG_NOSIGNAL) < 0) goto fail;
  while (got + 1 < size) {
    ssize_t n;
    if ((err = wait_fd(fd, POLLIN)) != 0) goto fail_err;
    n = recv(fd, reply + got, size - 1 - got, 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      goto fail;
    }
    if (n == 0) break;
    got += (size_t)n;
    reply[got] = 0;
    if (strchr(reply, '\n')) break;
  }
  reply[got] = 0;
  reply[strcspn(reply, "\r\n")] = 0;
  close(fd);
  return got == 0 ? -1 : 0;
fail:
  err = errno;
fail_err:
  close(fd);
  return err;
}

int main(int argc, char **argv) {
  struct sigaction sa;
  int i;
  setvbuf(stdout, NULL, _IOLBF, 0);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);

  if (argc > 1 && (strcmp(argv[1], "connect") != 0 || (argc - 2) % 2 != 0)) return usage();
  printf("app: started pid %d\n", (int)getpid());
  print_addrs();
  for (i = 2; i + 1 < argc && !got_signal; i += 2) {
    char reply[512], target[80];
    char *end;
    long port = strtol(argv[i + 1], &end, 10);
    int r;
    snprintf(target, sizeof target, strchr(argv[i], ':') ? "[%s]:%s" : "%s:%s", argv[i], argv[i + 1]);
    if (*end || port < 1 || port > 65535) {
      printf("app: connect %s failed: %s\n", target, strerror(EINVAL));
      continue;
    }
    r = talk(argv[i], (int)port, reply, sizeof reply);
    if (r == 0) printf("app: connect %s -> %s\n", target, reply);
    else printf("app: connect %s failed: %s\n", target, r < 0 ? "no reply" : strerror(r));
  }
  printf("app: idle\n");
  while (!got_signal) pause();
  printf("app: exit on signal %d\n", (int)got_signal);
  return 0;
}
