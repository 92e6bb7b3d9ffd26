package io.atelier.ingest.jobs;

import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * What {@code POST /api/v1/jobs} carried: {@code maxSide} and {@code format} checked by their
 * constraints on the endpoint, the image and style as sent, checked by {@link JobService}.
 *
 * @param image   the photo's file part
 * @param style   the style's name
 * @param maxSide longest side of the output, or null for the input's
 * @param format  {@code png} (default) or {@code jpeg}
 */
public record JobSubmission(FileUpload image, String style, Integer maxSide, String format) {

    /** The output formats the form may name, as a case-insensitive pattern; none means PNG. */
    public static final String FORMATS = "(?i)(png|jpeg|jpg)?";
}
