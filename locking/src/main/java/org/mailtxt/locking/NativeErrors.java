package org.mailtxt.locking;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Turns an errno from libc into the matching {@link IOException}, naming the call and the file. */
final class NativeErrors {
    private NativeErrors() {
    }

    static IOException io(String call, Path path, LastErrorException e) {
        String what = call + " " + path + ": " + describe(e);
        return switch (e.getErrorCode()) {
            case LibC.ENOENT -> withCause(new NoSuchFileException(path.toString(), null, what), e);
            case LibC.EEXIST -> withCause(new FileAlreadyExistsException(path.toString(), null, what), e);
            case LibC.EACCES, LibC.EPERM -> withCause(new AccessDeniedException(path.toString(), null, what), e);
            default -> withCause(new FileSystemException(path.toString(), null, what), e);
        };
    }

    /** "errno 11 (Resource temporarily unavailable)". */
    static String describe(LastErrorException e) {
        String msg = e.getMessage();
        int bracket = msg == null ? -1 : msg.indexOf(']');
        String text = bracket >= 0 ? msg.substring(bracket + 1).trim() : String.valueOf(msg);
        return "errno " + e.getErrorCode() + " (" + text + ")";
    }

    private static IOException withCause(IOException io, Throwable cause) {
        io.initCause(cause);
        return io;
    }
}
