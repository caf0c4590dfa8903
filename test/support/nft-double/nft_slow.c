// A libnftables that can be made slow: it forwards every function the in-process runner uses to the
// real libnftables.so.1, but nft_run_cmd_from_filename/_from_buffer first sleep for as many
// milliseconds as the file named by $HCNPROXYCTL_TEST_NFT_SLOW_FILE says (when that file exists).
// Loaded through HCNPROXYCTL_LIBNFTABLES, like a node's own libnftables in another place.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))

static void *real(const char *name) {
  static void *lib;
  if (!lib) lib = dlopen("libnftables.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "nft_slow: %s\n", dlerror());
    abort();
  }
  void *f = dlsym(lib, name);
  if (!f) abort();
  return f;
}

static void maybe_sleep(void) {
  const char *path = getenv("HCNPROXYCTL_TEST_NFT_SLOW_FILE");
  if (!path) return;
  FILE *f = fopen(path, "r");
  if (!f) return;
  long ms = 0;
  if (fscanf(f, "%ld", &ms) != 1) ms = 0;
  fclose(f);
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

EXPORT void *nft_ctx_new(uint32_t flags) { return ((void *(*)(uint32_t))real("nft_ctx_new"))(flags); }
EXPORT void nft_ctx_free(void *ctx) { ((void (*)(void *))real("nft_ctx_free"))(ctx); }
EXPORT int nft_ctx_buffer_output(void *ctx) { return ((int (*)(void *))real("nft_ctx_buffer_output"))(ctx); }
EXPORT int nft_ctx_buffer_error(void *ctx) { return ((int (*)(void *))real("nft_ctx_buffer_error"))(ctx); }
EXPORT const char *nft_ctx_get_output_buffer(void *ctx) { return ((const char *(*)(void *))real("nft_ctx_get_output_buffer"))(ctx); }
EXPORT const char *nft_ctx_get_error_buffer(void *ctx) { return ((const char *(*)(void *))real("nft_ctx_get_error_buffer"))(ctx); }
EXPORT void nft_ctx_output_set_flags(void *ctx, unsigned int flags) { ((void (*)(void *, unsigned int))real("nft_ctx_output_set_flags"))(ctx, flags); }

EXPORT int nft_run_cmd_from_buffer(void *ctx, const char *buf) {
  maybe_sleep();
  return ((int (*)(void *, const char *))real("nft_run_cmd_from_buffer"))(ctx, buf);
}

EXPORT int nft_run_cmd_from_filename(void *ctx, const char *filename) {
  maybe_sleep();
  return ((int (*)(void *, const char *))real("nft_run_cmd_from_filename"))(ctx, filename);
}
