/**
 * Internal: the stage contract ({@link dev.facereel.core.internal.stage.PipelineStage}), what every stage runs
 * against ({@link dev.facereel.core.internal.stage.StageContext}), the settings file each stage writes, and the
 * helpers the stages share. Each stage lives in a sub-package of its own ({@code detect}, {@code track},
 * {@code stills}, {@code cluster}) with the one codec that writes and reads its files. Not API; host applications
 * must not use these types, which change without notice.
 */
package dev.facereel.core.internal.stage;
