package org.mailtxt.locking;

/** Shared (readers, c-client's SH) or exclusive (writers, c-client's EX). */
public enum LockMode {
    SHARED,
    EXCLUSIVE;

    int flockOperation() {
        return this == SHARED ? LibC.LOCK_SH : LibC.LOCK_EX;
    }

    short fcntlType() {
        return this == SHARED ? LibC.F_RDLCK : LibC.F_WRLCK;
    }
}
