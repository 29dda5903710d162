package org.mailtxt.locking;

/**
 * One line of {@code /proc/locks}: a process holding (or waiting for) a lock on a file.
 *
 * @param pid the holder's pid in this pid namespace; -1 for OFD locks (the kernel does not say), 0 if not visible
 * @param processName the holder's {@code /proc/PID/comm}, or "?" when it cannot be read
 * @param kind FLOCK, POSIX, OFDLCK, ...
 * @param mode shared (READ) or exclusive (WRITE)
 * @param waiting true for a "->" line: the process is blocked waiting for this lock, it does not hold it
 * @param deviceMajor major number of the file's device
 * @param deviceMinor minor number of the file's device
 * @param inode the file's inode
 * @param start first byte of the locked range
 * @param end last byte of the locked range, or -1 for "to end of file"
 */
public record LockHolder(long pid, String processName, LockKind kind, LockMode mode, boolean waiting,
                         long deviceMajor, long deviceMinor, long inode, long start, long end) {

    /** Human-readable, e.g. {@code pid 4711 (mailutil) FLOCK SH}. */
    public String describe() {
        String who = pid > 0 ? "pid " + pid + " (" + processName + ")"
                : pid < 0 ? "an open file description (OFD locks carry no pid)" : "a process outside this pid namespace";
        return who + " " + kind + " " + (mode == LockMode.SHARED ? "SH" : "EX") + (waiting ? " waiting" : "");
    }

    /** True if this line is about the given file. */
    public boolean isOn(FileStat file) {
        return inode == file.inode() && deviceMajor == file.deviceMajor() && deviceMinor == file.deviceMinor();
    }
}
