/*
 * check_run.h - main()'s ending for every Check program in tests/unit/: run the suite, report
 * each failure, exit non-zero when one failed (what CTest reads).
 */
#ifndef PSE386_CHECK_RUN_H
#define PSE386_CHECK_RUN_H

#include <check.h>

static inline int check_run(Suite *s)
{
	SRunner *r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	int failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? 1 : 0;
}

#endif
