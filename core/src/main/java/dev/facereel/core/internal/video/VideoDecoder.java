package dev.facereel.core.internal.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_DISCARD;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a video file with FFmpeg (through JavaCV), single-threaded, into BGR {@link Image}s.
 *
 * <p><b>Numbering.</b> Frames are numbered by decode order from 0, and frame {@code i} is at {@code i / fps}
 * seconds. The container's own frame numbers and lengths are not used: a clip whose first timestamp is not zero
 * reports shifted frame numbers and a length that counts frames which never come out of the decoder.
 *
 * <p><b>Frame count.</b> {@link #open} reads every packet of the video stream once without decoding it (a
 * demux pass, about I/O speed: milliseconds for a short clip) and counts those FFmpeg neither marks for
 * discard (frames before an edit list's start) nor as corrupt (a packet cut short by the end of the file).
 * For the codecs met in practice one packet is one frame. The container's figure (the stream's frame count, or
 * its duration times the frame rate) is kept only to tell a truncated file.
 *
 * <p><b>Sampling and resume.</b> {@link #frames(double, int)} yields the frames {@link FrameSampling} keeps,
 * starting at a given index. Starting anywhere but at the decoder's current position seeks with
 * {@code setVideoFrameNumber}, which gives the same pixels as decoding from the start; frames skipped between
 * samples are decoded (a decoder must) but not converted to BGR.
 *
 * <p><b>Truncation.</b> When decoding ends more than {@code max(1 s, 2%)} of frames short of the container's
 * figure, the iterator, after yielding every frame that decoded, throws {@link InvalidInputException}.
 *
 * <p>FFmpeg's own logging is switched off process-wide ({@code av_log_set_level(AV_LOG_QUIET)}); problems are
 * reported as exceptions naming the file. Not thread-safe: use one decoder from one thread at a time.
 */
public final class VideoDecoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoDecoder.class);
    private static final double TRUNCATION_SLACK = 0.02;

    private final Path video;
    private final FFmpegFrameGrabber grabber;
    private final VideoInfo info;
    private final int containerFrames;
    private int nextIndex;
    private long framesDecoded;
    private int reads;
    private boolean closed;

    private VideoDecoder(Path video, FFmpegFrameGrabber grabber, VideoInfo info, int containerFrames) {
        this.video = video;
        this.grabber = grabber;
        this.info = info;
        this.containerFrames = containerFrames;
    }

    /**
     * Opens a video file and counts its frames.
     *
     * @throws InvalidInputException when the file is missing, empty, not on the default file system (FFmpeg
     *     reads real files only), not a video, has no video stream or no frame that can be read
     */
    public static VideoDecoder open(Path video) {
        requireReadableFile(video);
        av_log_set_level(AV_LOG_QUIET);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toAbsolutePath().toString());
        grabber.setVideoOption("threads", "1");
        try {
            grabber.start();
            if (grabber.getVideoStream() < 0 || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
                throw new InvalidInputException(video + " has no video stream; expected a video file");
            }
            double fps = grabber.getVideoFrameRate();
            if (!(fps > 0) || Double.isInfinite(fps)) {
                throw new InvalidInputException(video + " has no usable frame rate (" + fps + ")");
            }
            PacketCount counted = countFrames(grabber);
            if (counted.frames() == 0) {
                throw new InvalidInputException(video + " holds no readable video frame; expected a video file"
                        + " (it may be truncated or damaged)");
            }
            grabber.restart();
            int containerFrames = containerFrames(grabber, fps, counted.discarded());
            VideoInfo info = new VideoInfo(grabber.getImageWidth(), grabber.getImageHeight(), fps, counted.frames());
            LOG.debug("Opened {}: {} (container says about {} frames)", video, info, containerFrames);
            return new VideoDecoder(video, grabber, info, containerFrames);
        } catch (FrameGrabber.Exception e) {
            releaseQuietly(grabber);
            throw new InvalidInputException("could not read " + video + " as a video: " + firstLine(e)
                    + ". Expected a video file such as MP4 or MKV; the file may be damaged, not a video, or"
                    + " truncated (an MP4 whose index comes last cannot be read without its end)", e);
        } catch (RuntimeException e) {
            releaseQuietly(grabber);
            throw e;
        }
    }

    private static void requireReadableFile(Path video) {
        if (video.getFileSystem() != FileSystems.getDefault()) {
            throw new InvalidInputException(video + " is on " + video.getFileSystem()
                    + ", but FFmpeg reads only files on the default file system; copy the video to a local file");
        }
        if (!Files.isRegularFile(video)) {
            throw new InvalidInputException("video file " + video + " does not exist or is not a regular file");
        }
        try {
            if (Files.size(video) == 0) {
                throw new InvalidInputException("video file " + video + " is empty (0 bytes); expected a video"
                        + " such as an MP4");
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read video file " + video + ": " + e.getMessage(), e);
        }
    }

    /** Video packets that make frames, and those FFmpeg marks for discard. */
    private record PacketCount(int frames, int discarded) {
    }

    /** Counts the video packets by one demux pass, without decoding. */
    private static PacketCount countFrames(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
        int stream = grabber.getVideoStream();
        int frames = 0;
        int discarded = 0;
        for (AVPacket packet; (packet = grabber.grabPacket()) != null; ) {
            if (packet.stream_index() == stream) {
                if ((packet.flags() & AV_PKT_FLAG_DISCARD) != 0) {
                    discarded++;
                } else if ((packet.flags() & AV_PKT_FLAG_CORRUPT) == 0) {
                    frames++;
                }
            }
            av_packet_unref(packet);
        }
        return new PacketCount(frames, discarded);
    }

    /** The container's idea of the frame count, less discarded frames; 0 when it has none. */
    private static int containerFrames(FFmpegFrameGrabber grabber, double fps, int discarded) {
        AVStream stream = grabber.getFormatContext().streams(grabber.getVideoStream());
        long declared = stream.nb_frames();
        if (declared <= 0 && stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0) {
            declared = Math.round(stream.duration() * (double) stream.time_base().num()
                    / stream.time_base().den() * fps);
        }
        if (declared <= 0 && grabber.getFormatContext().duration() > 0) {
            declared = Math.round(grabber.getFormatContext().duration() / 1e6 * fps);
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, declared - discarded));
    }

    public Path video() {
        return video;
    }

    public VideoInfo info() {
        return info;
    }

    /** Frames decoded by this decoder's reads so far, sampled or not; not counting what a seek decodes inside FFmpeg. */
    public long framesDecoded() {
        return framesDecoded;
    }

    /**
     * The frames kept by sampling at {@code sampleFps}, from the first kept frame at or after {@code startFrame}
     * to the end. Seeks when that frame is not where the decoder stands, so a resumed job decodes nothing before
     * it (FFmpeg itself decodes from the keyframe before it, which {@link #framesDecoded()} does not count).
     * Calling this again invalidates earlier iterators.
     *
     * @throws IllegalArgumentException when {@code sampleFps} is not positive or {@code startFrame} is negative
     * @throws IllegalStateException when the decoder is closed
     * @throws InvalidInputException from the iterator, after the last readable frame, when the video is truncated
     * @throws FaceReelException when FFmpeg fails to seek or decode
     */
    public Iterator<VideoFrame> frames(double sampleFps, int startFrame) {
        requireOpen();
        FrameSampling sampling = new FrameSampling(info.fps(), sampleFps);
        if (startFrame < 0) {
            throw new IllegalArgumentException("start frame must not be negative, got " + startFrame);
        }
        int first = sampling.firstAtOrAfter(startFrame);
        if (first != nextIndex && first < info.frameCount()) {
            try {
                grabber.setVideoFrameNumber(first);
            } catch (FrameGrabber.Exception e) {
                throw new FaceReelException("could not seek " + video + " to frame " + first + ": " + firstLine(e), e);
            }
            nextIndex = first;
        }
        int read = ++reads;
        return new Iterator<>() {
            private VideoFrame pending;
            private boolean ended = first >= info.frameCount();
            private boolean checked;

            @Override
            public boolean hasNext() {
                if (read != reads) {
                    throw new ConcurrentModificationException("a newer frames() call on this decoder replaced this one");
                }
                while (pending == null && !ended) {
                    pending = decodeNext(sampling);
                    ended = pending == null;
                }
                if (ended && pending == null && !checked) {
                    checked = true;
                    checkComplete(first >= info.frameCount() ? info.frameCount() : nextIndex);
                }
                return pending != null;
            }

            @Override
            public VideoFrame next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                VideoFrame frame = pending;
                pending = null;
                return frame;
            }
        };
    }

    /** The next kept frame, decoding (without conversion) the frames before it; null at the end of the stream. */
    private VideoFrame decodeNext(FrameSampling sampling) {
        requireOpen();
        try {
            while (true) {
                int index = nextIndex;
                boolean keep = sampling.isSampled(index);
                Frame frame = grabber.grabFrame(false, true, keep, false, false);
                if (frame == null) {
                    return null;
                }
                framesDecoded++;
                nextIndex++;
                if (keep) {
                    return new VideoFrame(index, index / info.fps(), toImage(frame));
                }
            }
        } catch (FrameGrabber.Exception e) {
            throw new FaceReelException("could not decode frame " + nextIndex + " of " + video + ": " + firstLine(e), e);
        }
    }

    private static Image toImage(Frame frame) {
        ByteBuffer pixels = ((ByteBuffer) frame.image[0]).duplicate();
        pixels.position(0);
        byte[] bgr = new byte[frame.imageStride * frame.imageHeight];
        pixels.get(bgr, 0, Math.min(bgr.length, pixels.remaining()));
        return new Image(frame.imageWidth, frame.imageHeight, frame.imageStride, bgr);
    }

    /** At the end of the stream: fails when far fewer frames came out than the container promised. */
    private void checkComplete(int reached) {
        int slack = (int) Math.ceil(Math.max(info.fps(), containerFrames * TRUNCATION_SLACK));
        if (containerFrames > 0 && reached < containerFrames - slack) {
            throw new InvalidInputException(video + " is truncated or damaged: decoded " + reached
                    + " frames, expected about " + containerFrames + " from its container");
        }
        if (reached != info.frameCount()) {
            LOG.warn("{}: decoding ended after {} frames, but {} were counted when it was opened",
                    video, reached, info.frameCount());
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the decoder for " + video + " is closed");
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int cut = message.indexOf(" (For more details");
        return cut > 0 ? message.substring(0, cut) : message;
    }

    private static void releaseQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debug("Ignoring a failure to release a grabber that failed to open: {}", e.toString());
        }
    }

    /** Releases FFmpeg's resources. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                grabber.release();
            } catch (FrameGrabber.Exception e) {
                LOG.warn("Could not release the decoder for {}: {}", video, e.toString());
            }
        }
    }
}
