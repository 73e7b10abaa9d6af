/**
 * Internal, not API: video decoding for the face stages. {@link dev.facereel.core.internal.video.VideoDecoder}
 * numbers frames by presentation timestamp ({@link dev.facereel.core.internal.video.FrameTimes}), decodes only what
 * the frames sampled at a chosen rate need, scales a copy for the detector and seeks to resume. Host applications must
 * not use these types; they may change in any release.
 */
package dev.facereel.core.internal.video;
