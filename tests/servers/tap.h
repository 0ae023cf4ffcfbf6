/* Minimal TAP output for the host tests (automake's tap-driver reads it). */
#ifndef TESTS_SERVERS_TAP_H
#define TESTS_SERVERS_TAP_H

#include <stdio.h>

static int tap_n;
static int tap_failed;

#define TAP_PLAN(n) printf("1..%d\n", (n))
#define TAP_OK(cond, ...) do {						\
		int tap_c_ = (cond) ? 1 : 0;				\
		printf("%sok %d - ", tap_c_ ? "" : "not ", ++tap_n);	\
		printf(__VA_ARGS__);					\
		printf("\n");						\
		if (!tap_c_) {						\
			tap_failed++;					\
			printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		}							\
	} while (0)
#define TAP_DONE() (fflush(stdout), tap_failed ? 1 : 0)

#endif /* TESTS_SERVERS_TAP_H */
