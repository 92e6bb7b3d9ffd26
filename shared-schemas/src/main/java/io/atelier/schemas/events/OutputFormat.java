package io.atelier.schemas.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Encoding of a styled output image. */
public enum OutputFormat {
    @JsonProperty("png") PNG("image/png", "png"),
    @JsonProperty("jpeg") JPEG("image/jpeg", "jpg");

    private final String contentType;
    private final String extension;

    OutputFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }
}
