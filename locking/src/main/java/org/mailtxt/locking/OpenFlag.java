package org.mailtxt.locking;

/**
 * How {@link NativeFd#open} opens a file. Every open also gets {@code O_CLOEXEC} so that a child process started
 * by the JVM (a c-client tool in the tests, an MDA) never inherits a descriptor and with it a flock.
 */
public enum OpenFlag {
    /** {@code O_RDONLY}. */
    READ_ONLY(LibC.O_RDONLY),
    /** {@code O_RDWR}. */
    READ_WRITE(LibC.O_RDWR),
    /** {@code O_WRONLY|O_APPEND}, as c-client opens an append destination. */
    APPEND(LibC.O_WRONLY | LibC.O_APPEND),
    /** Adds {@code O_NOFOLLOW}: opening a symbolic link fails with ELOOP. */
    NO_FOLLOW(LibC.O_NOFOLLOW),
    /** Adds {@code O_CREAT|O_EXCL}: create, and fail if the name exists. */
    CREATE_NEW(LibC.O_CREAT | LibC.O_EXCL),
    /**
     * {@code O_TMPFILE} on a directory: an unnamed file that can be given its mode and then a name with
     * {@link NativeFd#linkInto}, so that it never exists under a name with the wrong mode.
     */
    UNNAMED_IN_DIRECTORY(com.sun.jna.Platform.isARM() ? 020040000 : 020200000);

    final int bits;

    OpenFlag(int bits) {
        this.bits = bits;
    }
}
