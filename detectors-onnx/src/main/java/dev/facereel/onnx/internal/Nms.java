package dev.facereel.onnx.internal;

import dev.facereel.spi.Face;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression. */
final class Nms {
    private Nms() {
    }

    /** The candidates, best score first, without any that overlap a better one by more than {@code iou}. */
    static List<Face> suppress(List<Face> candidates, float iou) {
        List<Face> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Face::score).reversed());
        List<Face> kept = new ArrayList<>();
        for (Face face : sorted) {
            if (kept.stream().noneMatch(k -> k.box().iou(face.box()) > iou)) {
                kept.add(face);
            }
        }
        return List.copyOf(kept);
    }
}
