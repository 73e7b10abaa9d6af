package dev.facereel.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Cuts short test clips out of a longer video with JavaCV, re-encoded as MPEG-4 Part 2 in an MP4 file. */
public final class Clips {
    private Clips() {
    }

    /**
     * Writes frames {@code [first, first + count)} of {@code video} to {@code target}, scaled to {@code width} x
     * {@code height}, at the source's frame rate, every frame a key frame (so any frame can be sought to cheaply).
     */
    public static Path cut(Path video, int first, int count, int width, int height, Path target) throws IOException {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameGrabber in = new FFmpegFrameGrabber(video.toAbsolutePath().toString())) {
            in.setImageWidth(width);
            in.setImageHeight(height);
            in.start();
            try (FFmpegFrameRecorder out = new FFmpegFrameRecorder(target.toAbsolutePath().toString(), width, height, 0)) {
                out.setFormat("mp4");
                out.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                out.setFrameRate(in.getFrameRate());
                out.setGopSize(1);
                out.setVideoQuality(2);
                out.start();
                int index = 0;
                Frame frame;
                while (index < first + count && (frame = in.grabImage()) != null) {
                    if (index >= first) {
                        out.record(frame);
                    }
                    index++;
                }
                out.stop();
            }
            in.stop();
        }
        return target;
    }
}
