package dev.facereel.core.testing;

import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.facereel.core.internal.opencv.ImageMats;
import dev.facereel.core.internal.opencv.OpenCvHaarProvider;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Test videos composed at test time from the shared photos (640x360, 25 fps, MPEG-4 Part 2, every frame a key
 * frame), each with a truth file in the format of {@code episode_synth.truth.json}:
 * <ul>
 *   <li>{@link #shotCuts}: one shot of each kind the shot detector must keep whole (a pan with a white flash frame,
 *       an object moving fast) and each transition it must cut (hard cuts, a fade through black, a 1-s
 *       cross-dissolve);
 *   <li>{@link #stress}: two cast members (obama, biden) among what must not become cast: a 24-px face in a
 *       corner of four shots, a face on screen in two shots for 0.2 s each, a crowd-like collage of small faces
 *       (some blurred, once panning), a shot that blurs out and a blurred copy on its own, and a pan.
 * </ul>
 * Nothing here is committed: the clips are written under the caller's folder.
 */
public final class QualityClips {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;
    public static final int FPS = 25;

    /** How one frame of a shot is drawn: {@code i} of {@code n}, into a fresh 640x360 BGR canvas. */
    private interface Draw {
        void frame(int i, int n, Mat canvas);
    }

    /** One shot of a clip: its length in frames and the cast faces the truth lists for it. */
    private record Shot(int frames, List<String> faces, String source, Draw draw) {
    }

    /** Where a transition between two shots lies, in frames: a cut is expected in {@code [first, last]}. */
    public record Transition(String kind, int first, int last) {
    }

    private final Map<String, Mat> photos = new HashMap<>();
    private final Map<String, Rect> faceBoxes = new HashMap<>();

    /**
     * The shot-cut clip and its truth file ({@code <name>.truth.json} beside it). Shots: a still photo; a pan
     * across a photo at 300 px/s with one white frame in it; a photo moving fast (400 px/s) over another; a fade
     * out to black, black and a fade in; a 1-s cross-dissolve to the last shot.
     *
     * @return the transitions, in order, each with the frames in which its cut is expected
     */
    public static List<Transition> shotCuts(Path video) throws IOException {
        QualityClips c = new QualityClips();
        List<Shot> shots = new ArrayList<>();
        shots.add(c.still("obama.jpg", 25, List.of("obama")));
        shots.add(c.pan("two_people.jpg", 50, 300, 25, List.of("obama", "biden")));
        Mat moving = c.faceCrop("biden2.jpg", 160);
        Mat backdrop = c.fitted("kit_with_rose.jpg", 1.0, 0.5, 0.5);
        shots.add(new Shot(30 + 15, List.of(), "moving biden over kit_with_rose, then a fade to black", (i, n, canvas) -> {
            backdrop.copyTo(canvas);
            int x = Math.min(WIDTH - 160, 16 * i);
            if (i < 30) {
                moving.copyTo(canvas.apply(new Rect(x, 100, 160, 160)));
            } else {
                moving.copyTo(canvas.apply(new Rect(WIDTH - 160, 100, 160, 160)));
                canvas.convertTo(canvas, -1, 1.0 - (i - 29) / 15.0, 0);
            }
        }));
        shots.add(new Shot(10, List.of(), "black", (i, n, canvas) -> canvas.put(new Scalar(0, 0, 0, 0))));
        Mat rose = c.fitted("rose_leslie_img1.jpg", 1.0, 0.5, 0.5);
        Mat biden = c.fitted("biden.jpg", 1.6, 0.5, 0.3);
        shots.add(new Shot(15 + 25 + 25, List.of("rose_leslie"), "rose fading in, then dissolving to biden",
                (i, n, canvas) -> {
                    if (i < 15) {
                        rose.convertTo(canvas, -1, (i + 1) / 16.0, 0);
                    } else if (i < 40) {
                        rose.copyTo(canvas);
                    } else {
                        double a = (i - 39) / 26.0;
                        addWeighted(rose, 1 - a, biden, a, 0, canvas);
                    }
                }));
        shots.add(new Shot(30, List.of("biden"), "biden.jpg", (i, n, canvas) -> biden.copyTo(canvas)));
        c.write(shots, video);
        return List.of(new Transition("hard cut", 25, 25), new Transition("hard cut", 75, 75),
                new Transition("fade through black", 105, 145), new Transition("cross-dissolve", 170, 195));
    }

    /** The stress clip and its truth file; see the class comment. */
    public static void stress(Path video) throws IOException {
        QualityClips c = new QualityClips();
        Mat smallRose = c.faceCrop("rose_leslie_img2.jpg", 24);
        List<Shot> shots = new ArrayList<>();
        shots.add(c.withCorner(c.still("obama.jpg", 75, List.of("obama")), smallRose, 600, 320));
        shots.add(c.withCorner(c.still("biden2.jpg", 75, List.of("biden")), smallRose, 12, 12));
        shots.add(c.still("johnsnow_test1.jpg", 5, List.of()));
        shots.add(c.withCorner(c.pan("two_people.jpg", 75, 120, -1, List.of("obama", "biden")), smallRose, 600, 12));
        shots.add(c.blurring("obama2.jpg", 75, 15, List.of("obama")));
        shots.add(c.collage(75, 0));
        shots.add(c.mirrored("johnsnow_test1.jpg", 5));
        shots.add(c.blurred("biden2.jpg", 75, 4));
        shots.add(c.withCorner(c.still("biden.jpg", 75, List.of("biden")), smallRose, 12, 320));
        shots.add(c.collage(75, 4));
        shots.add(c.still("obama_and_biden.jpg", 75, List.of("biden", "obama")));
        c.write(shots, video);
    }

    private Shot still(String photo, int frames, List<String> faces) {
        Mat fitted = fitted(photo, 1.0, 0.5, 0.4);
        return new Shot(frames, faces, photo, (i, n, canvas) -> fitted.copyTo(canvas));
    }

    private Shot mirrored(String photo, int frames) {
        Mat fitted = fitted(photo, 1.0, 0.5, 0.4);
        Mat flipped = new Mat();
        flip(fitted, flipped, 1);
        return new Shot(frames, List.of(), photo + " (mirrored)", (i, n, canvas) -> flipped.copyTo(canvas));
    }

    /** A horizontal pan at {@code pxPerSecond} over the photo scaled to 1.6 times the frame's height. */
    private Shot pan(String photo, int frames, int pxPerSecond, int flashFrame, List<String> faces) {
        Mat p = photo(photo);
        int h = (int) (HEIGHT * 1.6);
        int w = (int) Math.round(p.cols() * (h / (double) p.rows()));
        Mat big = new Mat();
        resize(p, big, new Size(w, h), 0, 0, INTER_AREA);
        int travel = Math.max(0, w - WIDTH);
        return new Shot(frames, faces, photo + " (pan)", (i, n, canvas) -> {
            if (i == flashFrame) {
                canvas.put(new Scalar(255, 255, 255, 0));
                return;
            }
            int x = Math.min(travel, Math.max(0, travel / 2 - pxPerSecond * n / FPS / 2 + pxPerSecond * i / FPS));
            big.apply(new Rect(x, (h - HEIGHT) / 3, WIDTH, HEIGHT)).copyTo(canvas);
        });
    }

    /** Sharp for {@code sharpFrames}, then ever more blurred (a focus pull) up to a Gaussian sigma of 8. */
    private Shot blurring(String photo, int frames, int sharpFrames, List<String> faces) {
        Mat fitted = fitted(photo, 1.0, 0.5, 0.4);
        return new Shot(frames, faces, photo + " (blurring out)", (i, n, canvas) -> {
            if (i < sharpFrames) {
                fitted.copyTo(canvas);
            } else {
                double sigma = Math.min(8, 2 + (i - sharpFrames) * 0.5);
                GaussianBlur(fitted, canvas, new Size(0, 0), sigma);
            }
        });
    }

    private Shot blurred(String photo, int frames, double sigma) {
        Mat fitted = fitted(photo, 1.0, 0.5, 0.4);
        Mat blurred = new Mat();
        GaussianBlur(fitted, blurred, new Size(0, 0), sigma);
        return new Shot(frames, List.of(), photo + " (blurred)", (i, n, canvas) -> blurred.copyTo(canvas));
    }

    /** A crowd of small faces of people outside the cast, some blurred, moving {@code pxPerFrame} to the left. */
    private Shot collage(int frames, int pxPerFrame) {
        String[] who = {"rose_leslie_img1.jpg", "johnsnow_test1.jpg", "rose_leslie_img2.jpg", "kit_with_rose.jpg"};
        List<Mat> tiles = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            Mat tile = faceCrop(who[k % who.length], 40 + 4 * (k % 4));
            if (k % 3 == 2) {
                Mat b = new Mat();
                GaussianBlur(tile, b, new Size(0, 0), 3);
                tile = b;
            }
            tiles.add(tile);
        }
        return new Shot(frames, List.of(), "collage", (i, n, canvas) -> {
            canvas.put(new Scalar(70, 90, 80, 0));
            for (int k = 0; k < tiles.size(); k++) {
                Mat tile = tiles.get(k);
                int x = 20 + (k % 5) * 120 + ((k / 5) * 50) - (pxPerFrame * i) % 60;
                int y = 60 + (k / 5) * 150 + (k % 2) * 30;
                if (x >= 0 && x + tile.cols() <= WIDTH) {
                    tile.copyTo(canvas.apply(new Rect(x, y, tile.cols(), tile.rows())));
                }
            }
        });
    }

    private Shot withCorner(Shot shot, Mat small, int x, int y) {
        int cx = Math.min(x, WIDTH - small.cols());
        int cy = Math.min(y, HEIGHT - small.rows());
        return new Shot(shot.frames(), shot.faces(), shot.source() + " + a 24-px face", (i, n, canvas) -> {
            shot.draw().frame(i, n, canvas);
            small.copyTo(canvas.apply(new Rect(cx, cy, small.cols(), small.rows())));
        });
    }

    /**
     * The whole photo fitted into the frame on a dark grey ground, zoomed in {@code zoom} times around
     * ({@code cx}, {@code cy}) (fractions of the photo's width and height), cropped where it overflows.
     */
    private Mat fitted(String name, double zoom, double cx, double cy) {
        Mat p = photo(name);
        double scale = Math.min(WIDTH / (double) p.cols(), HEIGHT / (double) p.rows()) * zoom;
        int w = (int) Math.round(p.cols() * scale);
        int h = (int) Math.round(p.rows() * scale);
        Mat big = new Mat();
        resize(p, big, new Size(w, h), 0, 0, INTER_AREA);
        Mat out = new Mat(HEIGHT, WIDTH, org.bytedeco.opencv.global.opencv_core.CV_8UC3, new Scalar(40, 40, 40, 0));
        int sx = (int) Math.max(0, Math.min(w - WIDTH, cx * w - WIDTH / 2.0));
        int sy = (int) Math.max(0, Math.min(h - HEIGHT, cy * h - HEIGHT / 2.0));
        int cw = Math.min(w, WIDTH);
        int ch = Math.min(h, HEIGHT);
        big.apply(new Rect(sx, sy, cw, ch)).copyTo(out.apply(new Rect((WIDTH - cw) / 2, (HEIGHT - ch) / 2, cw, ch)));
        return out;
    }

    /** The photo's largest face, with a margin, as a {@code side}-pixel square. */
    private Mat faceCrop(String name, int side) {
        Mat p = photo(name);
        Rect box = faceBoxes.computeIfAbsent(name, n -> {
            try (Detector haar = new OpenCvHaarProvider().create(ProviderConfig.empty())) {
                Face best = null;
                for (Face f : haar.detect(ImageMats.toImage(p))) {
                    if (best == null || f.box().area() > best.box().area()) {
                        best = f;
                    }
                }
                if (best == null) {
                    throw new IllegalStateException("no face found in " + n);
                }
                BoundingBox b = best.box();
                int s = (int) (Math.max(b.width(), b.height()) * 1.25);
                int x = (int) Math.max(0, Math.min(p.cols() - s, b.centerX() - s / 2.0));
                int y = (int) Math.max(0, Math.min(p.rows() - s, b.centerY() - s / 2.0));
                return new Rect(x, y, Math.min(s, p.cols()), Math.min(s, p.rows()));
            }
        });
        Mat out = new Mat();
        resize(p.apply(box), out, new Size(side, side), 0, 0, INTER_AREA);
        return out;
    }

    private Mat photo(String name) {
        return photos.computeIfAbsent(name, n -> {
            Mat m = imread(SharedAssets.face(n).toAbsolutePath().toString(), IMREAD_COLOR);
            if (m.empty()) {
                throw new IllegalArgumentException("OpenCV could not read " + n);
            }
            return m;
        });
    }

    private void write(List<Shot> shots, Path video) throws IOException {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        ObjectNode truth = new ObjectMapper().createObjectNode();
        truth.put("video", video.getFileName().toString());
        truth.put("fps", FPS);
        truth.put("width", WIDTH);
        truth.put("height", HEIGHT);
        ArrayNode shotsNode = truth.putArray("shots");
        int frame = 0;
        try (FFmpegFrameRecorder out = new FFmpegFrameRecorder(video.toAbsolutePath().toString(), WIDTH, HEIGHT, 0);
             OpenCVFrameConverter.ToMat convert = new OpenCVFrameConverter.ToMat()) {
            out.setFormat("mp4");
            out.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            out.setFrameRate(FPS);
            out.setGopSize(1);
            out.setVideoQuality(2);
            out.start();
            for (Shot shot : shots) {
                ObjectNode s = shotsNode.addObject();
                s.put("first_frame", frame);
                s.put("last_frame", frame + shot.frames() - 1);
                s.put("source_image", shot.source());
                ArrayNode faces = s.putArray("faces_left_to_right");
                shot.faces().forEach(faces::add);
                for (int i = 0; i < shot.frames(); i++) {
                    try (Mat canvas = new Mat(HEIGHT, WIDTH, org.bytedeco.opencv.global.opencv_core.CV_8UC3,
                            new Scalar(0, 0, 0, 0))) {
                        shot.draw().frame(i, shot.frames(), canvas);
                        out.record(convert.convert(canvas));
                    }
                }
                frame += shot.frames();
            }
            out.stop();
        }
        truth.put("frame_count", frame);
        Path truthFile = video.resolveSibling(video.getFileName().toString().replaceFirst("\\.mp4$", "") + ".truth.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(truthFile.toFile(), truth);
    }

    /** The truth file written beside {@code video}. */
    public static Path truthOf(Path video) {
        return video.resolveSibling(video.getFileName().toString().replaceFirst("\\.mp4$", "") + ".truth.json");
    }
}
