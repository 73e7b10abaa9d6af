package dev.facereel.core.internal.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_CORRUPT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_DISCARD;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_180;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;

import dev.facereel.spi.FaceReelException;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a video file with FFmpeg (its C API, through JavaCPP) into upright BGR {@link Image}s, decoding only
 * what the sampled frames need.
 *
 * <p><b>Numbering and time.</b> {@link #open} reads every packet of the video stream once without decoding it (a
 * demux pass, about I/O speed) and keeps the presentation timestamp of each, leaving out those FFmpeg marks for
 * discard (frames before an edit list's start) or as corrupt (a packet cut short by the end of the file). Frame
 * {@code i} is the frame with the {@code i}-th smallest timestamp, and its time is that timestamp minus the
 * first one ({@link FrameTimes}), so a variable-frame-rate video gets its true times. The container's frame numbers
 * and lengths are not used: a clip whose first timestamp is not zero reports shifted frame numbers and a length
 * that counts frames which never come out of the decoder. A stream whose packets lack timestamps (or repeat one)
 * is numbered in the order frames come out of the decoder, at {@code i / fps}, and is decoded in full.
 *
 * <p><b>Decoding only what is needed.</b> {@link #frames(double, int, int)} yields the frames {@link FrameTimes}
 * keeps at a sample rate. Each packet's frame is known from its timestamp before it is decoded: a packet whose frame
 * is kept is decoded normally, any other with {@code skip_frame=nonref}, so the decoder drops it when no other frame
 * refers to it (B-frames in MPEG-2 and MPEG-4 Part 2, non-reference B- and P-frames in H.264 and HEVC) and decodes
 * it when it is a reference. A kept frame's references are therefore always decoded, and its pixels are those of a
 * full decode. Only kept frames are converted to BGR (swscale).
 *
 * <p><b>Threads.</b> FFmpeg decodes with one thread up to 1280x720 (more threads burned CPU for no gain at
 * 640x360) and with two above it, fewer when the machine has fewer processors.
 *
 * <p><b>Scaling.</b> Given a longest side for analysis, each kept frame larger than it also comes scaled down by
 * swscale straight from the decoded picture ({@code SWS_AREA}), beside the full-resolution one.
 *
 * <p><b>Rotation.</b> A display matrix in the stream (a phone video held upright) is applied in multiples of 90
 * degrees: frames come out as they are meant to be shown, and {@link #info()}'s size is the shown size.
 *
 * <p><b>Interlaced video</b> is decoded as it is stored, the two fields woven into one frame; it is not
 * deinterlaced.
 *
 * <p><b>Resume.</b> Starting anywhere but where the decoder stands seeks to the keyframe at or before the start
 * frame and decodes from there, which gives the same pixels as decoding from the start: packets before the first
 * keyframe after the seek are dropped, and when the start frame is shown before that keyframe (a leading frame of
 * an open GOP, or a seek that landed too late) the seek is retried further back, up to the start of the file.
 *
 * <p><b>Truncation.</b> When the video stream ends more than {@code max(1 s, 2%)} of frames short of the container's
 * figure, the iterator, after yielding every frame that decoded, throws {@link InvalidInputException}.
 *
 * <p>FFmpeg's own logging is switched off process-wide ({@code av_log_set_level(AV_LOG_QUIET)}); problems are
 * reported as exceptions naming the file. Not thread-safe: use one decoder from one thread at a time.
 */
public final class VideoDecoder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VideoDecoder.class);
    private static final double TRUNCATION_SLACK = 0.02;
    /** Largest frame (in pixels) decoded on one thread. */
    private static final long ONE_THREAD_PIXELS = 1280L * 720;
    /** {@code AVERROR(EAGAIN)}: -11 on Linux and Windows, -35 on macOS. */
    private static final int AVERROR_EAGAIN =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac") ? -35 : -11;

    private final Path video;
    private final VideoInfo info;
    private final FrameTimes times;
    private final int containerFrames;
    private final int rotation;
    private final int threads;
    private AVFormatContext format;
    private AVCodecContext codec;
    private int stream;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame picture = av_frame_alloc();
    private SwsContext fullScaler;
    private SwsContext smallScaler;

    /** Nothing sent to the decoder since it was opened. */
    private boolean atStart = true;
    private boolean draining;
    /** Frames out of the decoder since the last (re)start, for numbering a stream without timestamps. */
    private int sequence;
    /** The rule and start of the current {@link #frames} call. */
    private BitSet kept = new BitSet();
    private int start;
    private int firstWanted = -1;
    private double sampleFps = -1;
    /** The frame after the last one yielded, where a following call may continue without seeking. */
    private int continueAt = -1;
    private boolean verifySeek;
    /** After a seek: packets are dropped until a keyframe, from which decoding can start. */
    private boolean awaitingKey;
    private int seekRetries;
    private long framesDecoded;
    private int reads;
    private boolean closed;

    private VideoDecoder(Path video, VideoInfo info, FrameTimes times, int containerFrames, int rotation,
                         int threads) {
        this.video = video;
        this.info = info;
        this.times = times;
        this.containerFrames = containerFrames;
        this.rotation = rotation;
        long pixels = (long) info.width() * info.height();
        this.threads = threads > 0 ? threads
                : pixels <= ONE_THREAD_PIXELS ? 1 : Math.min(2, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Opens a video file and counts its frames.
     *
     * @throws InvalidInputException when the file is missing, empty, not on the default file system (FFmpeg
     *     reads real files only), not a video, has no video stream, a codec FFmpeg cannot decode, or no frame that
     *     can be read
     */
    public static VideoDecoder open(Path video) {
        return open(video, 0);
    }

    /**
     * {@link #open(Path)} with a given number of FFmpeg decoding threads; 0 chooses by frame size.
     *
     * @throws IllegalArgumentException when {@code threads} is negative
     */
    public static VideoDecoder open(Path video, int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("decoding threads must not be negative, got " + threads);
        }
        requireReadableFile(video);
        av_log_set_level(AV_LOG_QUIET);
        String path = video.toAbsolutePath().toString();
        AVFormatContext format = openFormat(video, path);
        VideoDecoder decoder = null;
        try {
            int stream = videoStream(video, format);
            AVStream st = format.streams(stream);
            AVCodecParameters par = st.codecpar();
            if (par.width() <= 0 || par.height() <= 0) {
                throw new InvalidInputException(video + " has no video stream with a frame size; expected a video file");
            }
            if (avcodec_find_decoder(par.codec_id()) == null) {
                throw new InvalidInputException(video + "'s video is coded as " + codecName(par.codec_id())
                        + ", which this FFmpeg build cannot decode; re-encode it, for example as H.264");
            }
            double rate = rate(st);
            int rotation = rotation(par);
            Counted counted = countFrames(format, stream);
            if (counted.timestamps().length == 0) {
                throw new InvalidInputException(video + " holds no readable video frame; expected a video file"
                        + " (it may be truncated or damaged)");
            }
            FrameTimes times = frameTimes(counted, st.time_base(), rate);
            double fps = rate > 0 ? rate : times.meanFps();
            if (!(fps > 0) || Double.isInfinite(fps)) {
                throw new InvalidInputException(video + " has no usable frame rate (" + fps + ")");
            }
            int containerFrames = containerFrames(format, st, fps, counted.discarded());
            boolean sideways = rotation == 90 || rotation == 270;
            VideoInfo info = new VideoInfo(sideways ? par.height() : par.width(), sideways ? par.width() : par.height(),
                    fps, times.frameCount());
            avformat_close_input(format);
            format = null;
            decoder = new VideoDecoder(video, info, times, containerFrames, rotation, threads);
            decoder.restart();
            LOG.debug("Opened {}: {} (container says about {} frames; times from {}; rotation {}; {} decoder thread(s))",
                    video, info, containerFrames, times.fromTimestamps() ? "timestamps" : "the frame rate", rotation,
                    decoder.threads);
            return decoder;
        } catch (RuntimeException e) {
            if (format != null) {
                avformat_close_input(format);
            }
            if (decoder != null) {
                decoder.close();
            }
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

    private static AVFormatContext openFormat(Path video, String path) {
        AVFormatContext format = avformat_alloc_context();
        int r = avformat_open_input(format, path, null, (AVDictionary) null);
        if (r < 0) {
            // avformat_open_input frees the context on failure
            throw unreadable(video, error(r));
        }
        r = avformat_find_stream_info(format, (PointerPointer<?>) null);
        if (r < 0) {
            avformat_close_input(format);
            throw unreadable(video, error(r));
        }
        return format;
    }

    private static InvalidInputException unreadable(Path video, String why) {
        return new InvalidInputException("could not read " + video + " as a video: " + why
                + ". Expected a video file such as MP4 or MKV; the file may be damaged, not a video, or"
                + " truncated (an MP4 whose index comes last cannot be read without its end)");
    }

    /** The best video stream (FFmpeg's choice: not necessarily the first stream); all others are discarded. */
    private static int videoStream(Path video, AVFormatContext format) {
        int stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
        if (stream < 0) {
            throw new InvalidInputException(video + " has no video stream; expected a video file");
        }
        for (int i = 0; i < format.nb_streams(); i++) {
            if (i != stream) {
                format.streams(i).discard(AVDISCARD_ALL);
            }
        }
        return stream;
    }

    /** The stream's average frame rate, or its base rate; 0 when it declares neither. */
    private static double rate(AVStream st) {
        AVRational avg = st.avg_frame_rate();
        if (avg.num() > 0 && avg.den() > 0) {
            return (double) avg.num() / avg.den();
        }
        AVRational base = st.r_frame_rate();
        return base.num() > 0 && base.den() > 0 ? (double) base.num() / base.den() : 0;
    }

    /** The clockwise rotation the display matrix asks for, rounded to a multiple of 90; 0 without one. */
    private static int rotation(AVCodecParameters par) {
        AVPacketSideData side = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                AV_PKT_DATA_DISPLAYMATRIX);
        if (side == null || side.isNull() || side.size() < 9 * 4) {
            return 0;
        }
        double counterClockwise = av_display_rotation_get(new IntPointer(side.data()));
        if (Double.isNaN(counterClockwise)) {
            return 0;
        }
        long clockwise = Math.round(-counterClockwise / 90.0) * 90;
        return (int) Math.floorMod(clockwise, 360L);
    }

    /** The timestamps of the video packets that make frames (-1 for none), and how many were marked discard. */
    private record Counted(long[] timestamps, boolean allTimed, int discarded) {
    }

    /** One demux pass over the video stream, without decoding. */
    private static Counted countFrames(AVFormatContext format, int stream) {
        AVPacket packet = av_packet_alloc();
        long[] pts = new long[1024];
        int frames = 0;
        int discarded = 0;
        boolean allTimed = true;
        try {
            while (av_read_frame(format, packet) >= 0) {
                if (packet.stream_index() == stream) {
                    if ((packet.flags() & AV_PKT_FLAG_DISCARD) != 0) {
                        discarded++;
                    } else if ((packet.flags() & AV_PKT_FLAG_CORRUPT) == 0) {
                        if (frames == pts.length) {
                            pts = Arrays.copyOf(pts, frames * 2);
                        }
                        long t = packet.pts();
                        allTimed &= t != AV_NOPTS_VALUE;
                        pts[frames++] = t;
                    }
                }
                av_packet_unref(packet);
            }
        } finally {
            av_packet_free(packet);
        }
        return new Counted(Arrays.copyOf(pts, frames), allTimed, discarded);
    }

    /** Times from the timestamps when every frame has its own; otherwise from the frame rate. */
    private static FrameTimes frameTimes(Counted counted, AVRational timeBase, double rate) {
        if (counted.allTimed() && timeBase.num() > 0 && timeBase.den() > 0) {
            try {
                return FrameTimes.ofTimestamps(counted.timestamps(), timeBase.num(), timeBase.den());
            } catch (IllegalArgumentException | ArithmeticException repeated) {
                LOG.debug("Numbering frames in decoder order: {}", repeated.getMessage());
            }
        }
        return rate > 0 ? FrameTimes.constant(counted.timestamps().length, rate) : FrameTimes.constant(0, 1);
    }

    /** The container's idea of the frame count, less discarded frames; 0 when it has none. */
    private static int containerFrames(AVFormatContext format, AVStream stream, double fps, int discarded) {
        long declared = stream.nb_frames();
        if (declared <= 0 && stream.duration() != AV_NOPTS_VALUE && stream.duration() > 0) {
            declared = Math.round(stream.duration() * (double) stream.time_base().num()
                    / stream.time_base().den() * fps);
        }
        if (declared <= 0 && format.duration() > 0) {
            declared = Math.round(format.duration() / 1e6 * fps);
        }
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, declared - discarded));
    }

    /** Opens the file and the decoder afresh, positioned before the first frame. */
    private void restart() {
        closeStreams();
        format = openFormat(video, video.toAbsolutePath().toString());
        stream = videoStream(video, format);
        AVCodecParameters par = format.streams(stream).codecpar();
        AVCodec decoder = avcodec_find_decoder(par.codec_id());
        codec = avcodec_alloc_context3(decoder);
        int r = avcodec_parameters_to_context(codec, par);
        if (r >= 0) {
            codec.thread_count(threads);
            r = avcodec_open2(codec, decoder, (AVDictionary) null);
        }
        if (r < 0) {
            throw new InvalidInputException("could not open the " + codecName(par.codec_id()) + " decoder for "
                    + video + ": " + error(r));
        }
        atStart = true;
        draining = false;
        sequence = 0;
    }

    public Path video() {
        return video;
    }

    public VideoInfo info() {
        return info;
    }

    /** Each frame's time and the sampling rule. */
    public FrameTimes times() {
        return times;
    }

    /** The clockwise rotation applied to every frame: 0, 90, 180 or 270. */
    public int rotation() {
        return rotation;
    }

    /** FFmpeg decoding threads. */
    public int threads() {
        return threads;
    }

    /**
     * Pictures the decoder produced at or after the start frame of each {@link #frames} call, kept or not; frames
     * FFmpeg was told to skip, and those a seek decodes before the start frame, are not counted.
     */
    public long framesDecoded() {
        return framesDecoded;
    }

    /** {@link #frames(double, int, int)} at full resolution only. */
    public Iterator<VideoFrame> frames(double sampleFps, int startFrame) {
        return frames(sampleFps, startFrame, 0);
    }

    /**
     * The frames kept by sampling at {@code sampleFps}, from the first kept frame at or after {@code startFrame} to
     * the end. Seeks when that frame is not where the decoder stands, so a resumed job decodes from the keyframe
     * before it. With {@code analysisSide > 0}, a frame whose longest side exceeds it also comes scaled down to it
     * ({@link VideoFrame#analysisImage()}). Calling this again invalidates earlier iterators.
     *
     * @throws IllegalArgumentException when {@code sampleFps} is not positive, {@code startFrame} or {@code
     *     analysisSide} is negative
     * @throws IllegalStateException when the decoder is closed
     * @throws InvalidInputException from the iterator, after the last readable frame, when the video is truncated
     * @throws FaceReelException when FFmpeg fails to seek or decode
     */
    public Iterator<VideoFrame> frames(double sampleFps, int startFrame, int analysisSide) {
        requireOpen();
        BitSet keep = times.sampled(sampleFps);
        if (startFrame < 0) {
            throw new IllegalArgumentException("start frame must not be negative, got " + startFrame);
        }
        if (analysisSide < 0) {
            throw new IllegalArgumentException("analysis side must not be negative, got " + analysisSide);
        }
        int first = keep.nextSetBit(startFrame);
        boolean ended = first < 0;
        if (!ended) {
            // Continue without seeking when the decoder stands before the first frame wanted and every packet it has
            // taken was judged by the same rule; from the very start, a stream without timestamps drops what comes
            // before the first frame wanted (it has no timestamps to seek by).
            boolean continues = continueAt >= 0 && sampleFps == this.sampleFps && first == keep.nextSetBit(continueAt);
            boolean fromStart = atStart && (first == keep.nextSetBit(0) || !times.fromTimestamps());
            if (!continues && !fromStart) {
                seek(first);
            }
        }
        this.kept = keep;
        this.sampleFps = sampleFps;
        this.start = startFrame;
        this.firstWanted = first;
        int read = ++reads;
        return new Iterator<>() {
            private VideoFrame pending;
            private boolean done = ended;
            private boolean checked;

            @Override
            public boolean hasNext() {
                if (read != reads) {
                    throw new ConcurrentModificationException("a newer frames() call on this decoder replaced this one");
                }
                while (pending == null && !done) {
                    pending = decodeNext(analysisSide);
                    done = pending == null;
                }
                if (done && pending == null && !checked) {
                    checked = true;
                    checkComplete();
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

    /** Positions the decoder so that frame {@code index} is the next kept one to come out. */
    private void seek(int index) {
        continueAt = -1;
        if (!times.fromTimestamps()) {
            restart(); // no timestamps to seek by: decode from the start, dropping frames before it
            return;
        }
        seekRetries = 0;
        seekTo(times.timestamp(index));
    }

    private void seekTo(long timestamp) {
        int r = av_seek_frame(format, stream, timestamp, AVSEEK_FLAG_BACKWARD);
        if (r < 0) {
            LOG.debug("{}: seek to timestamp {} failed ({}), decoding from the start", video, timestamp, error(r));
            restart();
            return;
        }
        avcodec_flush_buffers(codec);
        draining = false;
        atStart = false;
        verifySeek = true;
        awaitingKey = true;
    }

    /** After a seek that landed past the wanted frame: seeks further back, up to the very start. */
    private void seekFurtherBack() {
        seekRetries++;
        AVRational tb = format.streams(stream).time_base();
        long back = Math.round((1L << Math.min(seekRetries, 20)) * (double) tb.den() / tb.num());
        long target = times.timestamp(firstWanted) - back;
        if (target <= times.timestamp(0) || seekRetries > 20) {
            LOG.debug("{}: decoding from the start to reach frame {}", video, firstWanted);
            restart();
            verifySeek = false;
            awaitingKey = false;
        } else {
            seekTo(target);
        }
    }

    /** The next kept frame at or after the start; null at the end of the stream. */
    private VideoFrame decodeNext(int analysisSide) {
        requireOpen();
        while (true) {
            int r = avcodec_receive_frame(codec, picture);
            if (r == 0) {
                int index = indexOf(picture);
                if (index < 0) {
                    av_frame_unref(picture);
                    continue;
                }
                if (verifySeek && index >= firstWanted) {
                    verifySeek = false;
                    if (index > firstWanted) {
                        av_frame_unref(picture);
                        seekFurtherBack();
                        continue;
                    }
                }
                if (index < start) {
                    av_frame_unref(picture);
                    continue;
                }
                framesDecoded++;
                if (!kept.get(index)) {
                    av_frame_unref(picture);
                    continue;
                }
                try {
                    VideoFrame frame = convert(index, analysisSide);
                    continueAt = index + 1;
                    return frame;
                } finally {
                    av_frame_unref(picture);
                }
            }
            if (r == AVERROR_EOF) {
                return null;
            }
            if (r != AVERROR_EAGAIN) {
                throw new FaceReelException("could not decode " + video + " after frame " + (continueAt - 1) + ": "
                        + error(r));
            }
            if (draining) {
                return null;
            }
            feed();
        }
    }

    /** Sends the next video packet to the decoder, telling it to skip the packet's frame if nothing needs it. */
    private void feed() {
        while (true) {
            int r = av_read_frame(format, packet);
            if (r < 0) {
                avcodec_send_packet(codec, null);
                draining = true;
                return;
            }
            try {
                if (packet.stream_index() != stream) {
                    continue;
                }
                atStart = false;
                if (awaitingKey) {
                    if ((packet.flags() & AV_PKT_FLAG_KEY) == 0) {
                        continue; // before the first keyframe after a seek: cannot be decoded right
                    }
                    awaitingKey = false;
                    if (packet.pts() != AV_NOPTS_VALUE && times.timestamp(firstWanted) < packet.pts()) {
                        // the wanted frame is shown before this keyframe (a leading frame of an open GOP, or a seek
                        // that landed too late): it may refer to frames before it
                        seekFurtherBack();
                        continue;
                    }
                }
                codec.skip_frame(needed(packet) ? AVDISCARD_DEFAULT : AVDISCARD_NONREF);
                int sent = avcodec_send_packet(codec, packet);
                if (sent < 0 && sent != AVERROR_EAGAIN) {
                    LOG.debug("{}: the decoder refused a packet at timestamp {}: {}", video, packet.pts(), error(sent));
                }
                return;
            } finally {
                av_packet_unref(packet);
            }
        }
    }

    /** Whether the packet's frame is kept; always, for a stream numbered without timestamps. */
    private boolean needed(AVPacket p) {
        if (!times.fromTimestamps()) {
            return true;
        }
        int index = times.indexOfTimestamp(p.pts());
        return index >= start && kept.get(index);
    }

    /** The frame's index: by its timestamp, or by decoder order for a stream without timestamps; -1 if unknown. */
    private int indexOf(AVFrame frame) {
        if (!times.fromTimestamps()) {
            int index = sequence++;
            return index < times.frameCount() ? index : -1;
        }
        long pts = frame.pts() != AV_NOPTS_VALUE ? frame.pts() : frame.best_effort_timestamp();
        return times.indexOfTimestamp(pts);
    }

    /** The decoded picture as upright BGR, and scaled down for analysis when it is larger than {@code side}. */
    private VideoFrame convert(int index, int side) {
        int w = picture.width();
        int h = picture.height();
        fullScaler = sws_getCachedContext(fullScaler, w, h, picture.format(), w, h, AV_PIX_FMT_BGR24, SWS_BILINEAR,
                null, null, (DoublePointer) null);
        Image full = toImage(fullScaler, w, h);
        Image analysis = full;
        int longest = Math.max(w, h);
        if (side > 0 && longest > side) {
            double f = (double) side / longest;
            int sw = Math.max(1, (int) Math.round(w * f));
            int sh = Math.max(1, (int) Math.round(h * f));
            smallScaler = sws_getCachedContext(smallScaler, w, h, picture.format(), sw, sh, AV_PIX_FMT_BGR24,
                    SWS_AREA, null, null, (DoublePointer) null);
            analysis = toImage(smallScaler, sw, sh);
        }
        return new VideoFrame(index, times.seconds(index), full, analysis);
    }

    private Image toImage(SwsContext scaler, int w, int h) {
        if (scaler == null) {
            throw new FaceReelException("swscale cannot convert " + video + "'s pixel format " + picture.format()
                    + " to BGR");
        }
        try (Mat bgr = new Mat(h, w, CV_8UC3);
             PointerPointer<?> dst = new PointerPointer<>(1).put(0, bgr.data());
             IntPointer dstStride = new IntPointer(1).put(0, w * 3)) {
            sws_scale(scaler, picture.data(), picture.linesize(), 0, picture.height(), dst, dstStride);
            Mat upright = bgr;
            Mat rotated = null;
            try {
                if (rotation != 0) {
                    rotated = new Mat();
                    rotate(bgr, rotated, rotation == 90 ? ROTATE_90_CLOCKWISE : rotation == 180 ? ROTATE_180
                            : ROTATE_90_COUNTERCLOCKWISE);
                    upright = rotated;
                }
                byte[] pixels = new byte[upright.cols() * upright.rows() * 3];
                upright.data().get(pixels);
                return Image.ofBgr(upright.cols(), upright.rows(), pixels);
            } finally {
                if (rotated != null) {
                    rotated.close();
                }
            }
        }
    }

    /** At the end of the stream: fails when far fewer frames were found than the container promised. */
    private void checkComplete() {
        int reached = info.frameCount();
        int slack = (int) Math.ceil(Math.max(info.fps(), containerFrames * TRUNCATION_SLACK));
        if (containerFrames > 0 && reached < containerFrames - slack) {
            throw new InvalidInputException(video + " is truncated or damaged: decoded " + reached
                    + " frames, expected about " + containerFrames + " from its container");
        }
        if (!times.fromTimestamps() && sequence < info.frameCount() && start == 0) {
            LOG.warn("{}: decoding ended after {} frames, but {} were counted when it was opened",
                    video, sequence, info.frameCount());
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the decoder for " + video + " is closed");
        }
    }

    private static String codecName(int id) {
        BytePointer name = avcodec_get_name(id);
        return name == null ? "codec " + id : name.getString();
    }

    private static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (FFmpeg error " + code + ")";
    }

    private void closeStreams() {
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (format != null) {
            avformat_close_input(format);
            format = null;
        }
    }

    /** Releases FFmpeg's resources. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeStreams();
            av_packet_free(packet);
            av_frame_free(picture);
            if (fullScaler != null) {
                sws_freeContext(fullScaler);
            }
            if (smallScaler != null) {
                sws_freeContext(smallScaler);
            }
        }
    }
}
