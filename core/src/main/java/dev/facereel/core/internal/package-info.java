/**
 * Internal: implementation details of FaceReel. Not API; host applications must not use these types, which
 * change without notice.
 */
package dev.facereel.core.internal;
