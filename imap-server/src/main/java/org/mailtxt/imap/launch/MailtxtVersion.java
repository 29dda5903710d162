package org.mailtxt.imap.launch;

import picocli.CommandLine;

/**
 * The version every command's {@code --version} and {@code mailtxt version} print: the Implementation-Version of the
 * imap-server jar's manifest, or "(development build)" when run from classes. Stateless; thread-safe.
 */
public final class MailtxtVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = MailtxtVersion.class.getPackage().getImplementationVersion();
        return new String[] {"mailtxt " + (v == null ? "(development build)" : v)};
    }
}
