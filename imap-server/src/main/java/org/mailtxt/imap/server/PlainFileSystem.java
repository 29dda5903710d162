package org.mailtxt.imap.server;

import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.net.URI;
import org.apache.james.filesystem.api.FileSystem;

/** James's file-system abstraction reduced to plain files and {@code file:} URLs (for the TLS keystore). */
final class PlainFileSystem implements FileSystem {
    @Override
    public InputStream getResource(String url) throws java.io.IOException {
        return new FileInputStream(getFile(url));
    }

    @Override
    public File getFile(String fileURL) throws FileNotFoundException {
        File f = fileURL.startsWith("file:") ? new File(URI.create(fileURL)) : new File(fileURL);
        if (!f.exists()) {
            throw new FileNotFoundException(fileURL);
        }
        return f;
    }

    @Override
    public File getBasedir() {
        return new File(".").getAbsoluteFile();
    }
}
