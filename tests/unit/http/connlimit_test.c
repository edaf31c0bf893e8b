/* Open connections per client address and in all. */
#include "http/connlimit.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static conn_addr v4(const char *text)
{
    struct sockaddr_in sa = {.sin_family = AF_INET};
    assert_int_equal(inet_pton(AF_INET, text, &sa.sin_addr), 1);
    conn_addr a;
    assert_true(conn_addr_from((struct sockaddr *)&sa, &a));
    return a;
}

static conn_addr v6(const char *text)
{
    struct sockaddr_in6 sa = {.sin6_family = AF_INET6};
    assert_int_equal(inet_pton(AF_INET6, text, &sa.sin6_addr), 1);
    conn_addr a;
    assert_true(conn_addr_from((struct sockaddr *)&sa, &a));
    return a;
}

static void per_address_cap(void **state)
{
    (void)state;
    conn_limit *cl = conn_limit_create(10, 3);
    conn_addr a = v4("127.0.0.2"), b = v4("127.0.0.1");
    for (int i = 0; i < 3; i++) {
        assert_true(conn_limit_admits(cl, &a, false));
        conn_limit_opened(cl, &a);
    }
    assert_false(conn_limit_admits(cl, &a, false));
    assert_true(conn_limit_admits(cl, &b, false)); /* another client is not affected */
    assert_true(conn_limit_admits(cl, &a, true));  /* the trusted proxy has no per-address cap */
    assert_int_equal(conn_limit_open(cl, &a), 3);
    conn_limit_closed(cl, &a);
    assert_true(conn_limit_admits(cl, &a, false));
    assert_int_equal(conn_limit_open(cl, NULL), 2);
    conn_limit_destroy(cl);
}

static void total_cap_holds_for_everyone(void **state)
{
    (void)state;
    conn_limit *cl = conn_limit_create(4, 3);
    conn_addr proxy = v4("10.0.0.1"), other = v4("10.0.0.2");
    for (int i = 0; i < 4; i++) {
        assert_true(conn_limit_admits(cl, &proxy, true));
        conn_limit_opened(cl, &proxy);
    }
    assert_false(conn_limit_admits(cl, &proxy, true));
    assert_false(conn_limit_admits(cl, &other, false));
    conn_limit_closed(cl, &proxy);
    assert_true(conn_limit_admits(cl, &other, false));
    conn_limit_destroy(cl);
}

static void ipv6_counts_by_64(void **state)
{
    (void)state;
    conn_limit *cl = conn_limit_create(10, 2);
    conn_addr a1 = v6("2001:db8:1:2::1"), a2 = v6("2001:db8:1:2:ffff::9"),
              b = v6("2001:db8:1:3::1");
    conn_limit_opened(cl, &a1);
    conn_limit_opened(cl, &a2);
    assert_false(conn_limit_admits(cl, &a1, false)); /* same /64 */
    assert_true(conn_limit_admits(cl, &b, false));
    /* An IPv6 /64 never shares a count with an IPv4 address. */
    conn_addr mapped = v4("32.1.13.184"); /* 2001:0db8 as IPv4 bytes */
    assert_true(conn_limit_admits(cl, &mapped, false));
    conn_limit_destroy(cl);
}

static void closing_an_unknown_address_changes_nothing(void **state)
{
    (void)state;
    conn_limit *cl = conn_limit_create(10, 2);
    conn_addr a = v4("192.0.2.1"), b = v4("192.0.2.2");
    conn_limit_opened(cl, &a);
    conn_limit_closed(cl, &b);
    assert_int_equal(conn_limit_open(cl, NULL), 1);
    assert_int_equal(conn_limit_open(cl, &a), 1);
    conn_limit_destroy(cl);
}

/* Many addresses opening and closing in random order keep exactly the counts of a plain model
 * (the table moves entries when one empties: no address may get lost). */
static void matches_a_model_under_churn(void **state)
{
    (void)state;
    enum { ADDRS = 3000, STEPS = 200000 };
    conn_limit *cl = conn_limit_create(3000, 0);
    int model[ADDRS] = {0};
    conn_addr addrs[ADDRS];
    for (int i = 0; i < ADDRS; i++) {
        struct sockaddr_in sa = {.sin_family = AF_INET};
        sa.sin_addr.s_addr = htonl(0x0a000000u + (unsigned)i * 7919u);
        assert_true(conn_addr_from((struct sockaddr *)&sa, &addrs[i]));
    }
    srand(8);
    int open = 0;
    for (int step = 0; step < STEPS; step++) {
        int i = rand() % ADDRS;
        if (model[i] && (open >= 2900 || rand() % 2)) {
            conn_limit_closed(cl, &addrs[i]);
            model[i]--;
            open--;
        } else if (open < 2900) {
            conn_limit_opened(cl, &addrs[i]);
            model[i]++;
            open++;
        }
        if (step % 997 == 0)
            for (int k = 0; k < ADDRS; k++)
                assert_int_equal(conn_limit_open(cl, &addrs[k]), model[k]);
    }
    assert_int_equal(conn_limit_open(cl, NULL), open);
    conn_limit_destroy(cl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(per_address_cap),
        cmocka_unit_test(total_cap_holds_for_everyone),
        cmocka_unit_test(ipv6_counts_by_64),
        cmocka_unit_test(closing_an_unknown_address_changes_nothing),
        cmocka_unit_test(matches_a_model_under_churn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
