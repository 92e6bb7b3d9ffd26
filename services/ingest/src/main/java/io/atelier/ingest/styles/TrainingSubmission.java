package io.atelier.ingest.styles;

import io.atelier.schemas.events.TrainingParameters;
import io.atelier.schemas.training.TrainingProfile;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.util.List;

/**
 * What {@code POST /api/v1/styles} carried: the name and images as sent (checked by
 * {@link StyleService}), the training options already checked by the form.
 *
 * @param name       the new style's name
 * @param images     the style images' file parts
 * @param profile    the training profile
 * @param parameters explicit parameters that override the profile's, or null
 */
public record TrainingSubmission(String name, List<FileUpload> images, TrainingProfile profile,
                                 TrainingParameters parameters) {
}
