/*
 * The physical floor for mailtxt's lock benchmarks: the same system calls as the Java code, made directly from C.
 * Built and run by bench/locking-bench.sh. Usage: locking-floor DIR ITERATIONS
 *   flock SH+UN, flock EX+UN          on one open descriptor
 *   parse-lock SH/EX cycle            c-client's lockfd/unlockfd sequence (spec/c-client-locking.md §2.2, §2.4)
 *   dot-lock cycle                    hitching post + link + link count check, then unlink
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void parse_cycle(const char *name, int op) {
    struct stat sb, fsb;
    int fd;
    for (;;) {
        if (lstat(name, &sb) == 0) {
            if (S_ISLNK(sb.st_mode) || sb.st_nlink > 1) { perror("unsafe lock"); exit(1); }
            fd = open(name, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
        } else {
            fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        }
        if (fd < 0) continue;
        flock(fd, op);
        fstat(fd, &fsb);
        if (lstat(name, &sb) == 0 && sb.st_ino == fsb.st_ino && sb.st_dev == fsb.st_dev && fsb.st_nlink == 1) break;
        close(fd);
    }
    fchmod(fd, 0666);
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
        fstat(fd, &fsb);
        if (lstat(name, &sb) == 0 && sb.st_ino == fsb.st_ino) unlink(name);
    }
    flock(fd, LOCK_UN);
    close(fd);
}

static void dot_cycle(const char *lock, const char *host) {
    char post[8192];
    struct stat sb;
    snprintf(post, sizeof post, "%s.%ld.%d.%s", lock, (long) time(NULL), (int) getpid(), host);
    int fd = open(post, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0) { perror("hitching post"); exit(1); }
    fchmod(fd, 0666);
    char content[300];
    int n = snprintf(content, sizeof content, "%d\n%s\n", (int) getpid(), host);
    if (pwrite(fd, content, n, 0) != n) { perror("write"); exit(1); }
    close(fd);
    link(post, lock);
    if (lstat(post, &sb) != 0 || sb.st_nlink != 2) { fprintf(stderr, "dot-lock not acquired\n"); exit(1); }
    unlink(post);
    lstat(lock, &sb);  /* release: check it is still ours, as the Java code does */
    unlink(lock);
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s DIR ITERATIONS\n", argv[0]); return 2; }
    long n = atol(argv[2]);
    char box[4096], lock[4096], dot[4096], host[256];
    snprintf(box, sizeof box, "%s/box", argv[1]);
    snprintf(dot, sizeof dot, "%s/box.lock", argv[1]);
    gethostname(host, sizeof host);
    int fd = open(box, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    struct stat st;
    fstat(fd, &st);
    snprintf(lock, sizeof lock, "%s/.%lx.%lx", argv[1], (unsigned long) st.st_dev, (unsigned long) st.st_ino);
    for (int round = 0; round < 2; round++) {  /* round 0 warms up */
        double t = now_ns();
        for (long i = 0; i < n; i++) { flock(fd, LOCK_SH); flock(fd, LOCK_UN); }
        double sh = (now_ns() - t) / n;
        t = now_ns();
        for (long i = 0; i < n; i++) { flock(fd, LOCK_EX); flock(fd, LOCK_UN); }
        double ex = (now_ns() - t) / n;
        t = now_ns();
        for (long i = 0; i < n; i++) parse_cycle(lock, LOCK_SH);
        double psh = (now_ns() - t) / n;
        t = now_ns();
        for (long i = 0; i < n; i++) parse_cycle(lock, LOCK_EX);
        double pex = (now_ns() - t) / n;
        t = now_ns();
        for (long i = 0; i < n / 10; i++) dot_cycle(dot, host);
        double dl = (now_ns() - t) / (n / 10);
        if (round == 1) {
            printf("flockSharedThenUnlock %.0f\nflockExclusiveThenUnlock %.0f\nparseLockSharedCycle %.0f\n"
                   "parseLockExclusiveCycle %.0f\ndotLockCycle %.0f\n", sh, ex, psh, pex, dl);
        }
    }
    close(fd);
    unlink(box);
    return 0;
}
