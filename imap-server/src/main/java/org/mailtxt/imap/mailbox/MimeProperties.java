package org.mailtxt.imap.mailbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.james.mailbox.store.mail.model.impl.Properties;
import org.apache.james.mailbox.store.mail.model.impl.PropertyBuilder;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

/**
 * The MIME properties James needs for BODYSTRUCTURE and SEARCH (media type, parameters, transfer encoding, ids,
 * disposition, language, location, MD5, and the line count of a text body), read from a message's top-level header
 * with mime4j. Stateless.
 */
final class MimeProperties {
    private MimeProperties() {
    }

    static Properties of(byte[] message) {
        PropertyBuilder p = new PropertyBuilder();
        MimeTokenStream parser = new MimeTokenStream(MimeConfig.PERMISSIVE, new DefaultBodyDescriptorBuilder());
        parser.setRecursionMode(RecursionMode.M_NO_RECURSE);
        parser.parse(new ByteArrayInputStream(message));
        try {
            EntityState state = parser.getState();
            while (state != EntityState.T_BODY && state != EntityState.T_START_MULTIPART
                    && state != EntityState.T_END_OF_STREAM) {
                state = parser.next();
            }
            MaximalBodyDescriptor d = (MaximalBodyDescriptor) parser.getBodyDescriptor();
            p.setMediaType(d.getMediaType());
            p.setSubType(d.getSubType());
            p.setContentID(d.getContentId());
            p.setContentDescription(d.getContentDescription());
            p.setContentLocation(d.getContentLocation());
            p.setContentMD5(d.getContentMD5Raw());
            p.setContentTransferEncoding(d.getTransferEncoding());
            p.setContentLanguage(d.getContentLanguage());
            p.setContentDispositionType(d.getContentDispositionType());
            p.setContentDispositionParameters(d.getContentDispositionParameters());
            java.util.Map<String, String> typeParameters = new java.util.LinkedHashMap<>(d.getContentTypeParameters());
            if ("text".equalsIgnoreCase(d.getMediaType()) && !typeParameters.containsKey("charset")
                    && d.getCharset() != null) {
                // RFC 2045 5.2: a text body without a charset is us-ascii; BODYSTRUCTURE says so, as UW imapd does
                typeParameters.put("charset", d.getCharset());
            }
            p.setContentTypeParameters(typeParameters);
            if ("text".equalsIgnoreCase(d.getMediaType()) && state == EntityState.T_BODY) {
                p.setTextualLineCount(countLines(parser.getInputStream()));
            }
        } catch (IOException | MimeException | RuntimeException e) {
            // A message mime4j cannot read is still served: as text/plain, which is what RFC 2045 prescribes.
            p = new PropertyBuilder();
            p.setMediaType("text");
            p.setSubType("plain");
        }
        return p.build();
    }

    /** Lines are counted by their ends (as UW imapd and James do): a last line without CR LF does not count. */
    private static long countLines(InputStream body) throws IOException {
        long lines = 0;
        int b;
        while ((b = body.read()) >= 0) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
