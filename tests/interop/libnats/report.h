/* What both libnats interop programs print: one "ok - ..." or "not ok - ..." line per check,
 * then "N passed, M failed" (libnats.test.js and tls.test.js read these lines). */
#ifndef NATSWS_LIBNATS_REPORT_H
#define NATSWS_LIBNATS_REPORT_H

#include <stdio.h>

static int passes = 0;
static int failures = 0;

static void report(int ok, const char *what, const char *detail)
{
    printf("%s - %s%s%s\n", ok ? "ok" : "not ok", what, detail ? ": " : "", detail ? detail : "");
    if (ok)
        ++passes;
    else
        ++failures;
}

/* Prints the total; returns the exit code: 0 only when every check passed. */
static int finishReport(void)
{
    printf("%d passed, %d failed\n", passes, failures);
    return failures == 0 ? 0 : 1;
}

#endif
