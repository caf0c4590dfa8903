/*
 * The e2e pause image's entrypoint: the pod sandbox process. Sleeps until SIGTERM or SIGINT and exits 0;
 * reaps every child that exits (it is PID 1 of the pod when the pod shares one PID namespace).
 * Built static: gcc -static -O2 -s -o pause pause.c
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_stop(int sig) {
  (void)sig;
  stop = 1;
}

static void on_child(int sig) {
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sa.sa_handler = on_child;
  sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
  sigaction(SIGCHLD, &sa, NULL);
  while (!stop) pause();
  return 0;
}
