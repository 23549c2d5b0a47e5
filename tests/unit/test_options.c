/* test_options.c - the command line: every malformed option is refused with a message, and
 * valid ones land in the machine's configuration (docs/cli.md). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "check_run.h"

static int parse(struct options *o, char *err, size_t errlen, int argc, char **argv)
{
	return options_parse(o, argc, argv, err, errlen);
}

START_TEST(test_sizes)
{
	uint64_t v;
	ck_assert_int_eq(parse_size("4096", &v), 0);
	ck_assert_uint_eq(v, 4096);
	ck_assert_int_eq(parse_size("64K", &v), 0);
	ck_assert_uint_eq(v, 64u << 10);
	ck_assert_int_eq(parse_size("256M", &v), 0);
	ck_assert_uint_eq(v, 256u << 20);
	ck_assert_int_eq(parse_size("1G", &v), 0);
	ck_assert_uint_eq(v, 1u << 30);
	ck_assert_int_eq(parse_size("", &v), -1);
	ck_assert_int_eq(parse_size("-5M", &v), -1);
	ck_assert_int_eq(parse_size("12Q", &v), -1);
	ck_assert_int_eq(parse_size("0", &v), -1);
	ck_assert_int_eq(parse_size("99999999999999999999G", &v), -1);
}
END_TEST

START_TEST(test_defaults_and_program_args)
{
	struct options o;
	char err[256];
	char *argv[] = {"pse386", "prog", "--cpu", "x", NULL};
	ck_assert_int_eq(parse(&o, err, sizeof err, 4, argv), 0);
	/* Options after the program name are the guest's. */
	ck_assert_int_eq(o.prog_index, 1);
	ck_assert_str_eq(o.machine.preset, "p6");
	ck_assert_uint_eq(o.machine.mem_bytes, 256u << 20);
	/* Default personality 2.5.53 (linux-2.5-syscalls.md, decision 1). */
	ck_assert_str_eq(o.machine.kern.version, "2.5.53");
	ck_assert_int_eq(o.machine.kern.uid, 0);
	ck_assert_int_eq(o.stats, 0);
}
END_TEST

START_TEST(test_valid_options)
{
	struct options o;
	char err[256];
	char *argv[] = {"pse386",       "--cpu",  "i486",     "--mem",       "64M",
	                "--stats=json", "--user", "1000:100", "--hugepages", "8",
	                "--pae",        "prog",   NULL};
	ck_assert_int_eq(parse(&o, err, sizeof err, 12, argv), 0);
	ck_assert_str_eq(o.machine.preset, "i486");
	ck_assert_uint_eq(o.machine.mem_bytes, 64u << 20);
	ck_assert_int_eq(o.stats, 1);
	ck_assert_int_eq(o.stats_format, STATS_JSON);
	ck_assert_uint_eq(o.machine.kern.uid, 1000);
	ck_assert_uint_eq(o.machine.kern.gid, 100);
	ck_assert_uint_eq(o.machine.kern.hugepages, 8);
	ck_assert_int_eq(o.machine.kern.pae, 1);
	ck_assert_int_eq(o.prog_index, 11);
}
END_TEST

START_TEST(test_bad_options)
{
	static char *bad[][4] = {
	    {"pse386", "--bogus", "prog", NULL},
	    {"pse386", "--cpu", "z80", "prog"},
	    {"pse386", "--mem", "lots", "prog"},
	    {"pse386", "--mem", "1M", "prog"},
	    {"pse386", "--stats=xml", "prog", NULL},
	    {"pse386", "--user", "bob", "prog"},
	    {"pse386", "--hugepages", "-1", "prog"},
	    {"pse386", "--timeslice", "0", "prog"},
	    {"pse386", NULL, NULL, NULL},
	    {"pse386", "--mem", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct options o;
		char err[256] = "";
		int argc = 0;
		while (argc < 4 && bad[i][argc])
			argc++;
		ck_assert_msg(parse(&o, err, sizeof err, argc, bad[i]) == -1, "case %zu accepted",
		              i);
		/* One line: a message, no newline inside it. */
		ck_assert_msg(err[0] != '\0' && !strchr(err, '\n'), "case %zu: '%s'", i, err);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("parse");
	tcase_add_test(tc, test_sizes);
	tcase_add_test(tc, test_defaults_and_program_args);
	tcase_add_test(tc, test_valid_options);
	tcase_add_test(tc, test_bad_options);
	suite_add_tcase(s, tc);
	return check_run(s);
}
