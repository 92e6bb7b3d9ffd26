package io.atelier.schemas.events;

/**
 * What the requester wants back.
 *
 * @param format  output encoding; PNG when absent
 * @param maxSide longest side of the output in pixels; the input's size (bounded by the worker's own
 *                limit) when absent
 */
public record OutputOptions(OutputFormat format, Integer maxSide) {

    public static final OutputOptions DEFAULT = new OutputOptions(OutputFormat.PNG, null);

    public OutputFormat formatOrDefault() {
        return format == null ? OutputFormat.PNG : format;
    }
}
