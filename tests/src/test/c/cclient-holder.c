/*
 * A long-lived c-client process for mailtxt's interop tests: it takes c-client's own locks with c-client's own code
 * (libc-client from Debian's libc-client2007e-dev) and holds them while the Java side acts. Built by the tests with
 * gcc at run time; never committed as a binary.
 *
 * Commands, one per line on stdin; every answer is one line on stdout ("ok ..." or "err ..."), c-client's log
 * messages come as "log: ..." lines before it:
 *   lockfd PATH SH|EX   open PATH and take c-client's parse/append lock for it (lockfd); answers "ok LOCKNAME"
 *   unlockfd            release it (unlockfd) and close PATH
 *   open NAME           mail_open read-write; answers "ok NMSGS"
 *   ping                mail_ping; answers "ok NMSGS"
 *   setflag SEQ FLAGS   mail_setflag, e.g. "setflag 1 \Deleted"
 *   expunge             mail_expunge; answers "ok NMSGS"
 *   close               mail_close
 *   quit
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include "c-client.h"

static MAILSTREAM *stream = NIL;
static int lockedfd = -1;
static char lockname_buf[MAILTMPLEN];

static void answer(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

int main(void) {
    char line[4096];
#include "linkage.c"
    setvbuf(stdout, NULL, _IOLBF, 0);
    answer("ready %d", (int) getpid());
    while (fgets(line, sizeof line, stdin)) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = '\0';
        if (!strncmp(line, "lockfd ", 7)) {
            char *path = line + 7, *mode = strrchr(path, ' ');
            if (!mode) { answer("err usage"); continue; }
            *mode++ = '\0';
            lockedfd = open(path, O_RDWR);
            if (lockedfd < 0) { answer("err open %s", path); continue; }
            if (lockfd(lockedfd, lockname_buf, strcmp(mode, "EX") ? LOCK_SH : LOCK_EX) < 0) {
                answer("err lockfd");
                close(lockedfd);
                lockedfd = -1;
            } else {
                answer("ok %s", lockname_buf);
            }
        } else if (!strcmp(line, "unlockfd")) {
            unlockfd(lockedfd, lockname_buf);
            close(lockedfd);
            lockedfd = -1;
            answer("ok");
        } else if (!strncmp(line, "open ", 5)) {
            stream = mail_open(stream, line + 5, NIL);
            if (stream) answer("ok %lu", stream->nmsgs); else answer("err open");
        } else if (!strcmp(line, "ping")) {
            if (stream && mail_ping(stream)) answer("ok %lu", stream->nmsgs); else answer("err ping");
        } else if (!strncmp(line, "setflag ", 8)) {
            char *seq = line + 8, *flags = strchr(seq, ' ');
            if (!stream || !flags) { answer("err setflag"); continue; }
            *flags++ = '\0';
            mail_setflag(stream, seq, flags);
            answer("ok");
        } else if (!strcmp(line, "expunge")) {
            if (!stream) { answer("err expunge"); continue; }
            mail_expunge(stream);
            answer("ok %lu", stream->nmsgs);
        } else if (!strcmp(line, "close")) {
            if (stream) stream = mail_close(stream);
            answer("ok");
        } else if (!strcmp(line, "quit")) {
            break;
        } else {
            answer("err unknown command");
        }
    }
    if (stream) mail_close(stream);
    return 0;
}

/* c-client's callbacks: log what matters, ignore the rest. */
void mm_searched(MAILSTREAM *s, unsigned long n) {}
void mm_exists(MAILSTREAM *s, unsigned long n) {}
void mm_expunged(MAILSTREAM *s, unsigned long n) {}
void mm_flags(MAILSTREAM *s, unsigned long n) {}
void mm_notify(MAILSTREAM *s, char *string, long errflg) { printf("log: %s\n", string); }
void mm_list(MAILSTREAM *s, int d, char *m, long a) {}
void mm_lsub(MAILSTREAM *s, int d, char *m, long a) {}
void mm_status(MAILSTREAM *s, char *m, MAILSTATUS *st) {}
void mm_log(char *string, long errflg) { printf("log: %s\n", string); fflush(stdout); }
void mm_dlog(char *string) {}
void mm_login(NETMBX *mb, char *user, char *pwd, long trial) {}
void mm_critical(MAILSTREAM *s) {}
void mm_nocritical(MAILSTREAM *s) {}
long mm_diskerror(MAILSTREAM *s, long errcode, long serious) { return NIL; }
void mm_fatal(char *string) { printf("log: FATAL %s\n", string); fflush(stdout); }
