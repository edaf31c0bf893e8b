/* Open connections: a cap for all clients together and one per client address, so that one
 * client cannot hold every connection. Counting only (a mutex, no I/O); server.c feeds it from
 * libmicrohttpd's accept policy and connection notifications. Per server by nature. */
#ifndef TSUNAGU_HTTP_CONNLIMIT_H
#define TSUNAGU_HTTP_CONNLIMIT_H

#include <stdbool.h>
#include <sys/socket.h>

typedef struct conn_limit conn_limit;

/* A client address as counted: IPv4, or the /64 of an IPv6 address (what one client holds). */
typedef struct conn_addr {
    unsigned char bytes[16];
} conn_addr;

/* False for families other than IPv4 and IPv6. */
bool conn_addr_from(const struct sockaddr *sa, conn_addr *out);

/* total: connections open at once, all clients; per_address: from one address (0: no cap). */
conn_limit *conn_limit_create(int total, int per_address);
void conn_limit_destroy(conn_limit *cl);
/* Whether a new connection from addr may open now. An exempt address (the trusted proxy) is
 * held to the total only. */
bool conn_limit_admits(conn_limit *cl, const conn_addr *addr, bool exempt);
/* Counts a connection that opened / closed. */
void conn_limit_opened(conn_limit *cl, const conn_addr *addr);
void conn_limit_closed(conn_limit *cl, const conn_addr *addr);
/* Connections open: from addr, or from everyone when addr is NULL. */
int conn_limit_open(conn_limit *cl, const conn_addr *addr);

#endif
