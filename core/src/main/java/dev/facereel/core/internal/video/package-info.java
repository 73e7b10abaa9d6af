/**
 * Internal, not API: video decoding for the face stages. {@link dev.facereel.core.internal.video.VideoDecoder}
 * numbers frames by decode order, samples them at a chosen rate and seeks to resume. Host applications must
 * not use these types; they may change in any release.
 */
package dev.facereel.core.internal.video;
