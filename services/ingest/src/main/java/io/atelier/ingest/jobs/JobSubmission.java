package io.atelier.ingest.jobs;

import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * What {@code POST /api/v1/jobs} carried, as sent: every field is checked by {@link JobService}, so a
 * missing or bad one gets its own problem.
 *
 * @param image   the photo's file part
 * @param style   the style's name
 * @param maxSide longest side of the output, or null for the input's
 * @param format  {@code png} (default) or {@code jpeg}
 */
public record JobSubmission(FileUpload image, String style, Integer maxSide, String format) {
}
