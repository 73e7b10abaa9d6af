package dev.facereel.core;

import java.util.Locale;

/** What {@link FacePipeline#status} says of one stage of an episode. */
public enum StageStatus {
    SUCCEEDED, RUNNING, DEAD, STALLED, FAILED, CANCELED, MISSING;

    /** The lower-case name used in JSON and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
