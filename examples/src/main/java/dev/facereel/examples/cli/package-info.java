/**
 * The {@code facereel} command line: {@link dev.facereel.examples.cli.FaceReelCli} is its root command, which
 * {@link dev.facereel.examples.Main} runs.
 */
package dev.facereel.examples.cli;
