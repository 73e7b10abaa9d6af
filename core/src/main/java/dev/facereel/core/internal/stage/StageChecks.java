package dev.facereel.core.internal.stage;

/** Argument checks shared by the stage values. */
public final class StageChecks {
    private StageChecks() {
    }

    public static void requireFrameAndTime(int frame, double t) {
        if (frame < 0) {
            throw new IllegalArgumentException("frame number must not be negative, got " + frame);
        }
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("frame time must be finite and not negative, got " + t);
        }
    }

    public static void requireShot(int shot) {
        if (shot < 0) {
            throw new IllegalArgumentException("shot index must not be negative, got " + shot);
        }
    }

    public static String requireId(String what, String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException(what + " id must not be blank, got " + (id == null ? "null" : "'" + id + "'"));
        }
        return id;
    }
}
