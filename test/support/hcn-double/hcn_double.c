/*
 * hcn_double.c: a test double of the Windows HCN C API (computenetwork.dll, plus vmcompute.dll's HNSCall).
 * Every entry point marshals its arguments to the HNS simulator (test/support/hns-sim, a separate process) and
 * unmarshals the answer. No HNS logic and no JSON parsing live here: C only moves bytes.
 *
 * Builds (one file, two targets):
 *   gcc -std=c11 -O2 -Wall -Wextra -fPIC -shared -fvisibility=hidden -o libhcn_double.so hcn_double.c
 *   x86_64-w64-mingw32-gcc -std=c11 -O2 -Wall -shared -o computenetwork.dll hcn_double.c -lole32 -lws2_32 -Wl,--kill-at
 *
 * Simulator address: env HCNPROXYCTL_HNS_SIM, read at every call. "HOST:PORT" (numeric port, no '/' or '\' in
 * HOST) is TCP; anything else is a Unix socket path (Linux build only: Wine has no Unix sockets).
 *
 * Wire protocol (also in test/support/hns-sim/wire.ts). One connection per call: connect, send one request, read one
 * response, close. Every message is framed as  u32 LE length N, then N bytes.
 *   request byte 0 = kind
 *   kind 1, HCN call:  u8 nameLen, name (ASCII), u8 argc, argc x arg
 *       arg = u8 tag + payload: 0 NULL | 1 wide string: u32 LE byteLength + UTF-16LE (no terminator)
 *                               | 2 GUID: 16 raw bytes as they lie in memory | 3 handle: u64 LE
 *     response:        i32 LE HRESULT, u8 outc, outc x out (tags 0, 1, 3 as above), one per out-parameter in order
 *   kind 2, control:   UTF-8 JSON {"op": ...}; response: UTF-8 JSON {"ok": true, ...} | {"ok": false, "error": "..."}
 *
 * Out-strings are allocated with CoTaskMemAlloc on Windows (callers free with ole32's CoTaskMemFree, as with the
 * real DLL). The Linux build allocates with malloc and exports its own CoTaskMemFree plus a counter of
 * allocations not yet freed (HcnDoubleOutstandingAllocations) for leak checks.
 */
#if !defined(_WIN32)
#define _POSIX_C_SOURCE 200809L
#endif

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#include <objbase.h>
#define HCN_EXPORT __declspec(dllexport)
#define HCN_CALL __stdcall
typedef SOCKET sock_t;
#define BAD_SOCK INVALID_SOCKET
#define close_sock closesocket
#else
#include <errno.h>
#include <netdb.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <unistd.h>
typedef int32_t HRESULT;
typedef struct { uint32_t Data1; uint16_t Data2; uint16_t Data3; uint8_t Data4[8]; } GUID;
#define HCN_EXPORT __attribute__((visibility("default")))
#define HCN_CALL
typedef int sock_t;
#define BAD_SOCK (-1)
#define close_sock close
#endif

typedef void *HCN_ENDPOINT;
typedef void *HCN_NAMESPACE;

#define HR(x) ((HRESULT)(int32_t)(x##u))
#define HR_RPC_SERVER_UNAVAILABLE HR(0x800706BA)
#define HR_RPC_CALL_FAILED HR(0x800706BE)
#define HR_INVALID_DATA HR(0x8007000D)
#define HR_OUTOFMEMORY HR(0x8007000E)

#define ENV_NAME "HCNPROXYCTL_HNS_SIM"
#define MAX_ADDR 1024
#define MAX_RESPONSE (64u * 1024u * 1024u)
#define IO_TIMEOUT_SECONDS 60

enum { TAG_NULL = 0, TAG_WSTR = 1, TAG_GUID = 2, TAG_HANDLE = 3 };
enum { KIND_HCN_CALL = 1 };

/* ---- out-string allocation ---- */

#if defined(_WIN32)
static void *out_alloc(size_t n) { return CoTaskMemAlloc(n); }
static void out_free(void *p) { CoTaskMemFree(p); }
#else
static atomic_llong outstanding;

static void *out_alloc(size_t n) {
    void *p = malloc(n);
    if (p) atomic_fetch_add(&outstanding, 1);
    return p;
}

HCN_EXPORT void CoTaskMemFree(void *p) {
    if (!p) return;
    atomic_fetch_sub(&outstanding, 1);
    free(p);
}

HCN_EXPORT int64_t HcnDoubleOutstandingAllocations(void) { return (int64_t)atomic_load(&outstanding); }

static void out_free(void *p) { CoTaskMemFree(p); }
#endif

/* ---- arguments and out-parameters of one call ---- */

typedef struct {
    uint8_t tag;
    const char16_t *wstr;
    const void *guid;
    uint64_t handle;
} arg_t;

static arg_t arg_wstr(const char16_t *s) { arg_t a = { s ? TAG_WSTR : TAG_NULL, s, NULL, 0 }; return a; }
static arg_t arg_guid(const GUID *g) { arg_t a = { g ? TAG_GUID : TAG_NULL, NULL, g, 0 }; return a; }
static arg_t arg_handle(void *h) { arg_t a = { TAG_HANDLE, NULL, NULL, (uint64_t)(uintptr_t)h }; return a; }

/* Exactly one of str/handle describes the kind of the out-parameter; the pointer itself may be NULL. */
typedef struct {
    int is_handle;
    char16_t **str;
    void **handle;
} out_t;

static out_t out_str(char16_t **p) { out_t o = { 0, p, NULL }; return o; }
static out_t out_handle(void **p) { out_t o = { 1, NULL, p }; return o; }

static void outs_clear(out_t *outs, int outc, int release) {
    for (int i = 0; i < outc; i++) {
        if (outs[i].is_handle) {
            if (outs[i].handle) *outs[i].handle = NULL;
        } else if (outs[i].str) {
            if (release && *outs[i].str) out_free(*outs[i].str);
            *outs[i].str = NULL;
        }
    }
}

/* ---- growable byte buffer for the request ---- */

typedef struct {
    uint8_t *p;
    size_t len, cap;
    int failed;
} buf_t;

static void buf_put(buf_t *b, const void *src, size_t n) {
    if (b->failed) return;
    if (n > SIZE_MAX - b->len) { b->failed = 1; return; }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n) {
            if (cap > SIZE_MAX / 2) { b->failed = 1; return; }
            cap *= 2;
        }
        uint8_t *p = realloc(b->p, cap);
        if (!p) { b->failed = 1; return; }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, src, n);
    b->len += n;
}

static void buf_u8(buf_t *b, uint8_t v) { buf_put(b, &v, 1); }

static void buf_u32(buf_t *b, uint32_t v) {
    uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    buf_put(b, x, 4);
}

static void buf_u64(buf_t *b, uint64_t v) {
    uint8_t x[8];
    for (int i = 0; i < 8; i++) x[i] = (uint8_t)(v >> (8 * i));
    buf_put(b, x, 8);
}

static uint32_t get_u32(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t get_u64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static int build_request(buf_t *b, const char *name, const arg_t *args, int argc) {
    size_t name_len = strlen(name);
    if (name_len > 255 || argc > 255) return 0;
    buf_u32(b, 0); /* frame length, patched below */
    buf_u8(b, KIND_HCN_CALL);
    buf_u8(b, (uint8_t)name_len);
    buf_put(b, name, name_len);
    buf_u8(b, (uint8_t)argc);
    for (int i = 0; i < argc; i++) {
        buf_u8(b, args[i].tag);
        if (args[i].tag == TAG_WSTR) {
            size_t units = 0;
            while (args[i].wstr[units]) units++;
            if (units > UINT32_MAX / 2) return 0;
            buf_u32(b, (uint32_t)(units * 2));
            for (size_t k = 0; k < units; k++) {
                uint16_t u = (uint16_t)args[i].wstr[k];
                uint8_t x[2] = { (uint8_t)u, (uint8_t)(u >> 8) };
                buf_put(b, x, 2);
            }
        } else if (args[i].tag == TAG_GUID) {
            buf_put(b, args[i].guid, 16);
        } else if (args[i].tag == TAG_HANDLE) {
            buf_u64(b, args[i].handle);
        }
    }
    if (b->failed || b->len - 4 > UINT32_MAX) return 0;
    uint32_t n = (uint32_t)(b->len - 4);
    uint8_t x[4] = { (uint8_t)n, (uint8_t)(n >> 8), (uint8_t)(n >> 16), (uint8_t)(n >> 24) };
    memcpy(b->p, x, 4);
    return 1;
}

/* ---- error records made by the double itself ---- */

/* Lenient UTF-8 -> UTF-16: invalid bytes become U+FFFD. Never writes more units than input bytes. */
static size_t utf8_to_utf16(const unsigned char *s, size_t n, char16_t *out) {
    size_t i = 0, o = 0;
    while (i < n) {
        uint32_t c = s[i], need, min;
        if (c < 0x80) { out[o++] = (char16_t)c; i++; continue; }
        if ((c & 0xE0) == 0xC0) { need = 1; min = 0x80; c &= 0x1F; }
        else if ((c & 0xF0) == 0xE0) { need = 2; min = 0x800; c &= 0x0F; }
        else if ((c & 0xF8) == 0xF0) { need = 3; min = 0x10000; c &= 0x07; }
        else { out[o++] = 0xFFFD; i++; continue; }
        uint32_t k = 1;
        if (n - i - 1 >= need) {
            for (; k <= need && (s[i + k] & 0xC0) == 0x80; k++) c = (c << 6) | (s[i + k] & 0x3F);
        }
        if (k <= need || c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
            out[o++] = 0xFFFD;
            i++;
            continue;
        }
        i += need + 1;
        if (c >= 0x10000) {
            c -= 0x10000;
            out[o++] = (char16_t)(0xD800 | (c >> 10));
            out[o++] = (char16_t)(0xDC00 | (c & 0x3FF));
        } else {
            out[o++] = (char16_t)c;
        }
    }
    return o;
}

static void json_escape_into(char *dst, size_t *len, const char *s) {
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { dst[(*len)++] = '\\'; dst[(*len)++] = (char)c; }
        else if (c < 0x20) { *len += (size_t)sprintf(dst + *len, "\\u%04x", c); }
        else dst[(*len)++] = (char)c;
    }
}

/* {"Success":false,"Error":"<a><b><c>","ErrorCode":<hr as uint32>} as a CoTaskMem string, or NULL. */
static char16_t *make_record(HRESULT hr, const char *a, const char *b, const char *c) {
    size_t cap = 96 + 6 * (strlen(a) + strlen(b) + strlen(c));
    char *json = malloc(cap);
    if (!json) return NULL;
    size_t len = 0;
    memcpy(json, "{\"Success\":false,\"Error\":\"", 26);
    len = 26;
    json_escape_into(json, &len, a);
    json_escape_into(json, &len, b);
    json_escape_into(json, &len, c);
    len += (size_t)sprintf(json + len, "\",\"ErrorCode\":%lu}", (unsigned long)(uint32_t)hr);
    char16_t *w = out_alloc((len + 1) * sizeof(char16_t));
    if (w) w[utf8_to_utf16((const unsigned char *)json, len, w)] = 0;
    free(json);
    return w;
}

static HRESULT fail(out_t *record, HRESULT hr, const char *a, const char *b, const char *c) {
    if (record && record->str) *record->str = make_record(hr, a, b, c);
    return hr;
}

/* ---- transport ---- */

static int read_env(char *addr, size_t cap) {
#if defined(_WIN32)
    DWORD n = GetEnvironmentVariableA(ENV_NAME, addr, (DWORD)cap);
    return n > 0 && n < cap;
#else
    const char *v = getenv(ENV_NAME);
    if (!v || !*v || strlen(v) >= cap) return 0;
    strcpy(addr, v);
    return 1;
#endif
}

/* "HOST:PORT" with a numeric port and no path separator in HOST is TCP. */
static int split_tcp(const char *addr, char *host, size_t host_cap, char *port, size_t port_cap) {
    const char *colon = strrchr(addr, ':');
    if (!colon || colon == addr) return 0;
    size_t host_len = (size_t)(colon - addr), port_len = strlen(colon + 1);
    if (port_len == 0 || port_len >= port_cap || host_len >= host_cap) return 0;
    for (const char *p = colon + 1; *p; p++) if (*p < '0' || *p > '9') return 0;
    for (const char *p = addr; p < colon; p++) if (*p == '/' || *p == '\\') return 0;
    memcpy(host, addr, host_len);
    host[host_len] = 0;
    memcpy(port, colon + 1, port_len + 1);
    return 1;
}

static void set_timeouts(sock_t s) {
#if defined(_WIN32)
    DWORD ms = IO_TIMEOUT_SECONDS * 1000;
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&ms, sizeof ms);
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (const char *)&ms, sizeof ms);
#else
    struct timeval tv = { IO_TIMEOUT_SECONDS, 0 };
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
#endif
}

static sock_t connect_tcp(const char *host, const char *port) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    if (getaddrinfo(host, port, &hints, &res) != 0) return BAD_SOCK;
    sock_t s = BAD_SOCK;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (s == BAD_SOCK) continue;
        if (connect(s, ai->ai_addr, (int)ai->ai_addrlen) == 0) break;
        close_sock(s);
        s = BAD_SOCK;
    }
    freeaddrinfo(res);
    return s;
}

static sock_t connect_sim(const char *addr) {
    char host[MAX_ADDR], port[8];
    sock_t s = BAD_SOCK;
    if (split_tcp(addr, host, sizeof host, port, sizeof port)) {
        s = connect_tcp(host, port);
    } else {
#if !defined(_WIN32)
        struct sockaddr_un sa;
        memset(&sa, 0, sizeof sa);
        sa.sun_family = AF_UNIX;
        if (strlen(addr) >= sizeof sa.sun_path) return BAD_SOCK;
        strcpy(sa.sun_path, addr);
        s = socket(AF_UNIX, SOCK_STREAM, 0);
        if (s == BAD_SOCK) return BAD_SOCK;
        if (connect(s, (const struct sockaddr *)&sa, sizeof sa) != 0) {
            close_sock(s);
            return BAD_SOCK;
        }
#endif
    }
    if (s != BAD_SOCK) set_timeouts(s);
    return s;
}

static int send_all(sock_t s, const uint8_t *p, size_t n) {
    while (n > 0) {
        int chunk = n > (size_t)INT_MAX ? INT_MAX : (int)n;
#if defined(_WIN32)
        int k = send(s, (const char *)p, chunk, 0);
#else
        ssize_t k = send(s, p, (size_t)chunk, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
#endif
        if (k <= 0) return 0;
        p += k;
        n -= (size_t)k;
    }
    return 1;
}

static int recv_all(sock_t s, uint8_t *p, size_t n) {
    while (n > 0) {
        int chunk = n > (size_t)INT_MAX ? INT_MAX : (int)n;
#if defined(_WIN32)
        int k = recv(s, (char *)p, chunk, 0);
#else
        ssize_t k = recv(s, p, (size_t)chunk, 0);
        if (k < 0 && errno == EINTR) continue;
#endif
        if (k <= 0) return 0;
        p += k;
        n -= (size_t)k;
    }
    return 1;
}

/* ---- response decoding ---- */

/* Writes the out-parameters from the response body; returns 0 on any malformed byte (nothing left allocated). */
static int decode_response(const uint8_t *p, size_t n, out_t *outs, int outc, HRESULT *hr) {
    if (n < 5) return 0;
    *hr = (HRESULT)(int32_t)get_u32(p);
    if (p[4] != outc) return 0;
    size_t pos = 5;
    for (int i = 0; i < outc; i++) {
        if (pos >= n) goto bad;
        uint8_t tag = p[pos++];
        if (tag == TAG_NULL) continue; /* already NULL */
        if (tag == TAG_WSTR && !outs[i].is_handle) {
            if (n - pos < 4) goto bad;
            uint32_t bytes = get_u32(p + pos);
            pos += 4;
            if ((bytes & 1) || n - pos < bytes) goto bad;
            if (outs[i].str) {
                size_t units = bytes / 2;
                char16_t *w = out_alloc((units + 1) * sizeof(char16_t));
                if (!w) goto bad;
                for (size_t k = 0; k < units; k++)
                    w[k] = (char16_t)(p[pos + 2 * k] | (p[pos + 2 * k + 1] << 8));
                w[units] = 0;
                *outs[i].str = w;
            }
            pos += bytes;
        } else if (tag == TAG_HANDLE && outs[i].is_handle) {
            if (n - pos < 8) goto bad;
            if (outs[i].handle) *outs[i].handle = (void *)(uintptr_t)get_u64(p + pos);
            pos += 8;
        } else {
            goto bad;
        }
    }
    if (pos == n) return 1;
bad:
    outs_clear(outs, outc, 1);
    return 0;
}

/* ---- one call: connect, send, receive, close ---- */

static HRESULT hcn_call(const char *name, const arg_t *args, int argc, out_t *outs, int outc, int record_index) {
    out_t *record = record_index >= 0 ? &outs[record_index] : NULL;
    char addr[MAX_ADDR];
    outs_clear(outs, outc, 0);
    if (!read_env(addr, sizeof addr))
        return fail(record, HR_RPC_SERVER_UNAVAILABLE, "hcn double: ", ENV_NAME " is not set", "");

    buf_t req = { NULL, 0, 0, 0 };
    if (!build_request(&req, name, args, argc)) {
        free(req.p);
        return fail(record, HR_OUTOFMEMORY, "hcn double: cannot build the request for ", name, "");
    }

#if defined(_WIN32)
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) {
        free(req.p);
        return fail(record, HR_RPC_SERVER_UNAVAILABLE, "hcn double: Winsock unavailable for ", addr, " (" ENV_NAME ")");
    }
    char host[MAX_ADDR], port[8];
    if (!split_tcp(addr, host, sizeof host, port, sizeof port)) {
        free(req.p);
        WSACleanup();
        return fail(record, HR_RPC_SERVER_UNAVAILABLE, "hcn double: HNS simulator not reachable at ", addr,
                    " (" ENV_NAME "; the Windows build speaks TCP only: use 127.0.0.1:PORT)");
    }
#endif

    HRESULT hr;
    uint8_t *resp = NULL;
    sock_t s = connect_sim(addr);
    if (s == BAD_SOCK) {
        hr = fail(record, HR_RPC_SERVER_UNAVAILABLE, "hcn double: HNS simulator not reachable at ", addr, " (" ENV_NAME ")");
        goto done;
    }
    uint8_t head[4];
    if (!send_all(s, req.p, req.len) || !recv_all(s, head, 4)) {
        hr = fail(record, HR_RPC_CALL_FAILED, "hcn double: lost the connection to the HNS simulator at ", addr, "");
        goto done;
    }
    uint32_t n = get_u32(head);
    if (n > MAX_RESPONSE || !(resp = malloc(n ? n : 1))) {
        hr = fail(record, HR_INVALID_DATA, "hcn double: oversized response from the HNS simulator at ", addr, "");
        goto done;
    }
    if (!recv_all(s, resp, n)) {
        hr = fail(record, HR_RPC_CALL_FAILED, "hcn double: lost the connection to the HNS simulator at ", addr, "");
        goto done;
    }
    if (!decode_response(resp, n, outs, outc, &hr)) {
        hr = fail(record, HR_INVALID_DATA, "hcn double: malformed response from the HNS simulator at ", addr, "");
        goto done;
    }

done:
    if (s != BAD_SOCK) close_sock(s);
    free(resp);
    free(req.p);
#if defined(_WIN32)
    WSACleanup();
#endif
    return hr;
}

/* ---- exported entry points ---- */

HCN_EXPORT HRESULT HCN_CALL HcnEnumerateEndpoints(const char16_t *query, char16_t **endpoints, char16_t **errorRecord) {
    arg_t a[] = { arg_wstr(query) };
    out_t o[] = { out_str(endpoints), out_str(errorRecord) };
    return hcn_call("HcnEnumerateEndpoints", a, 1, o, 2, 1);
}

HCN_EXPORT HRESULT HCN_CALL HcnOpenEndpoint(const GUID *id, HCN_ENDPOINT *endpoint, char16_t **errorRecord) {
    arg_t a[] = { arg_guid(id) };
    out_t o[] = { out_handle(endpoint), out_str(errorRecord) };
    return hcn_call("HcnOpenEndpoint", a, 1, o, 2, 1);
}

HCN_EXPORT HRESULT HCN_CALL HcnQueryEndpointProperties(HCN_ENDPOINT endpoint, const char16_t *query,
                                                       char16_t **properties, char16_t **errorRecord) {
    arg_t a[] = { arg_handle(endpoint), arg_wstr(query) };
    out_t o[] = { out_str(properties), out_str(errorRecord) };
    return hcn_call("HcnQueryEndpointProperties", a, 2, o, 2, 1);
}

HCN_EXPORT HRESULT HCN_CALL HcnModifyEndpoint(HCN_ENDPOINT endpoint, const char16_t *settings, char16_t **errorRecord) {
    arg_t a[] = { arg_handle(endpoint), arg_wstr(settings) };
    out_t o[] = { out_str(errorRecord) };
    return hcn_call("HcnModifyEndpoint", a, 2, o, 1, 0);
}

HCN_EXPORT HRESULT HCN_CALL HcnCloseEndpoint(HCN_ENDPOINT endpoint) {
    arg_t a[] = { arg_handle(endpoint) };
    return hcn_call("HcnCloseEndpoint", a, 1, NULL, 0, -1);
}

HCN_EXPORT HRESULT HCN_CALL HcnEnumerateNamespaces(const char16_t *query, char16_t **namespaces, char16_t **errorRecord) {
    arg_t a[] = { arg_wstr(query) };
    out_t o[] = { out_str(namespaces), out_str(errorRecord) };
    return hcn_call("HcnEnumerateNamespaces", a, 1, o, 2, 1);
}

HCN_EXPORT HRESULT HCN_CALL HcnOpenNamespace(const GUID *id, HCN_NAMESPACE *ns, char16_t **errorRecord) {
    arg_t a[] = { arg_guid(id) };
    out_t o[] = { out_handle(ns), out_str(errorRecord) };
    return hcn_call("HcnOpenNamespace", a, 1, o, 2, 1);
}

HCN_EXPORT HRESULT HCN_CALL HcnQueryNamespaceProperties(HCN_NAMESPACE ns, const char16_t *query,
                                                        char16_t **properties, char16_t **errorRecord) {
    arg_t a[] = { arg_handle(ns), arg_wstr(query) };
    out_t o[] = { out_str(properties), out_str(errorRecord) };
    return hcn_call("HcnQueryNamespaceProperties", a, 2, o, 2, 1);
}

HCN_EXPORT HRESULT HCN_CALL HcnCloseNamespace(HCN_NAMESPACE ns) {
    arg_t a[] = { arg_handle(ns) };
    return hcn_call("HcnCloseNamespace", a, 1, NULL, 0, -1);
}

/* The real one lives in vmcompute.dll; exported here too so one library serves both in tests. */
HCN_EXPORT HRESULT HCN_CALL HNSCall(const char16_t *method, const char16_t *path, const char16_t *request,
                                    char16_t **response) {
    arg_t a[] = { arg_wstr(method), arg_wstr(path), arg_wstr(request) };
    out_t o[] = { out_str(response) };
    return hcn_call("HNSCall", a, 3, o, 1, -1);
}
