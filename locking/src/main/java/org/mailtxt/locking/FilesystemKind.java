package org.mailtxt.locking;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What kind of filesystem a path lies on, from {@code statfs(2)}'s {@code f_type} (the test c-client's
 * {@code safe_flock} makes for NFS, spec/c-client-locking.md §7). Network and user-space filesystems cannot be trusted
 * with flock between hosts, which decides the {@link LockMethod}.
 */
public enum FilesystemKind {
    /** A local disk or memory filesystem (ext4, xfs, btrfs, tmpfs, overlayfs, ...): flock is exact. */
    LOCAL,
    /** NFS v2/v3/v4 ({@code NFS_SUPER_MAGIC 0x6969}): c-client takes no mailbox flock here at all. */
    NFS,
    /** SMB/CIFS. */
    CIFS,
    /** FUSE (sshfs, s3fs, ...): locking depends on the daemon. */
    FUSE,
    /** A cluster or other network filesystem (Ceph, GlusterFS via FUSE excepted, Lustre, GFS2, OCFS2, AFS, 9p). */
    OTHER_NETWORK;

    private static final long NFS_MAGIC = 0x6969L;
    private static final long SMB_MAGIC = 0x517BL;
    private static final long CIFS_MAGIC = 0xFF534D42L;
    private static final long SMB2_MAGIC = 0xFE534D42L;
    private static final long FUSE_MAGIC = 0x65735546L;
    private static final long[] OTHER_NETWORK_MAGICS = {
        0x00C36400L, // ceph
        0x0BD00BD0L, // lustre
        0x01161970L, // gfs2
        0x7461636FL, // ocfs2
        0x5346414FL, // afs
        0x6B414653L, // kafs
        0x01021997L, // v9fs
        0x47504653L, // gpfs
    };

    /** True for {@link #LOCAL}. */
    public boolean isLocal() {
        return this == LOCAL;
    }

    /** The kind of the filesystem holding {@code path} (which must exist). */
    public static FilesystemKind of(Path path) throws IOException {
        return ofMagic(magic(LibC.system(), path));
    }

    /** The kind of the filesystem holding the open file. */
    public static FilesystemKind of(NativeFd fd) throws IOException {
        try (Memory buf = new Memory(256)) {
            buf.clear();
            fd.libc().fstatfs(fd.number(), buf);
            return ofMagic(buf.getLong(0));
        } catch (LastErrorException e) {
            throw NativeErrors.io("fstatfs", fd.path(), e);
        }
    }

    static long magic(LibC libc, Path path) throws IOException {
        try (Memory buf = new Memory(256)) {
            buf.clear();
            libc.statfs(path.toString(), buf);
            // f_type is the first member (__fsword_t, 8 bytes) on x86_64 and aarch64.
            return buf.getLong(0);
        } catch (LastErrorException e) {
            throw NativeErrors.io("statfs", path, e);
        }
    }

    static FilesystemKind ofMagic(long magic) {
        long m = magic & 0xFFFFFFFFL;
        if (m == NFS_MAGIC) {
            return NFS;
        }
        if (m == SMB_MAGIC || m == CIFS_MAGIC || m == SMB2_MAGIC) {
            return CIFS;
        }
        if (m == FUSE_MAGIC) {
            return FUSE;
        }
        for (long other : OTHER_NETWORK_MAGICS) {
            if (m == other) {
                return OTHER_NETWORK;
            }
        }
        return LOCAL;
    }
}
